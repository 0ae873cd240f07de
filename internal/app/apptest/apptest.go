// Package apptest runs the product's real HTTP handler on a fresh test
// database, for tests that send real GraphQL documents.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/app"
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/events"
	"github.com/localoffer/localoffer/internal/store"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// PublicURL is the public site base the test server is configured with.
const PublicURL = "https://localoffer.test"

// App is the product under test.
type App struct {
	Store  *store.Store
	Client *ent.Client
	Server *httptest.Server
	// Auth is the sign-in service the server uses.
	Auth *auth.Service
	// Events is the server's content event bus.
	Events *events.Bus
	// Clock is the time the sign-in service sees; tests move it on to
	// expire sessions, links and failed sign-ins.
	Clock *Clock
	// logs holds everything the server logged, for tests that check what
	// never reaches a log.
	logs *syncBuffer
	// statements counts the SQL statements ent sends, for N+1 tests.
	statements atomic.Int64
	// users numbers the accounts CreateUser makes.
	users atomic.Int64
}

// Option adjusts the server's settings before it starts.
type Option func(*config.Serve)

// New starts the product on a fresh migrated database with the reference
// data, and stops it when the test ends. Failed sign-ins are rejected
// without delay.
func New(t testing.TB, options ...Option) *App {
	t.Helper()
	a := &App{Clock: &Clock{}, logs: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(a.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := storetest.New(t, ent.Debug(), ent.Log(func(...any) { a.statements.Add(1) }))
	if err := app.Prepare(context.Background(), s, false, logger); err != nil {
		t.Fatalf("prepare test database: %v", err)
	}
	cfg := config.Serve{PublicURL: PublicURL, GraphiQL: true, MaxComplexity: 5000, Feedback: config.DefaultFeedback()}
	for _, option := range options {
		option(&cfg)
	}
	authorizer, err := app.LoadAuthorizer(cfg.PolicyDir)
	if err != nil {
		t.Fatalf("load policy: %v", err)
	}
	srv := app.NewServer(s, cfg, authorizer, logger, func(c *auth.Config) {
		c.Now = a.Clock.Now
		c.FailureDelay = func(int) time.Duration { return 0 }
	})
	srv.MarkStarted()
	a.Store = s
	a.Client = s.Client
	a.Auth = srv.Auth
	a.Events = srv.Events
	a.Server = httptest.NewServer(srv.Handler)
	t.Cleanup(a.Server.Close)
	return a
}

// Logs returns everything the server has logged so far, in slog's text
// format, debug level included.
func (a *App) Logs() string {
	return a.logs.String()
}

// SystemContext returns a context in which fixtures can be written past the
// privacy rules.
func (a *App) SystemContext() context.Context {
	return viewer.SystemContext(context.Background())
}

// Response is a decoded GraphQL response.
type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns the error's extensions.code.
func (e Error) Code() string {
	code, _ := e.Extensions["code"].(string)
	return code
}

// Query posts a GraphQL document as the public and decodes the response. It
// fails the test only on transport errors; GraphQL errors are in the
// response.
func (a *App) Query(t testing.TB, query string, variables map[string]any) Response {
	t.Helper()
	_, res := a.Post(t, query, variables, nil)
	return res
}

// Post posts a GraphQL document with extra request headers and returns the
// HTTP status with the decoded response.
func (a *App) Post(t testing.TB, query string, variables map[string]any, header http.Header) (int, Response) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, a.Server.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for name, values := range header {
		req.Header[name] = values
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post /graphql: %v", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	var out Response
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decode response (status %d): %v\n%s", res.StatusCode, err, raw)
	}
	return res.StatusCode, out
}

// MustQuery is Query that fails the test when the response has errors, and
// decodes data into dst.
func (a *App) MustQuery(t testing.TB, query string, variables map[string]any, dst any) {
	t.Helper()
	res := a.Query(t, query, variables)
	if len(res.Errors) > 0 {
		t.Fatalf("query returned errors: %+v", res.Errors)
	}
	if dst != nil {
		if err := json.Unmarshal(res.Data, dst); err != nil {
			t.Fatalf("decode data: %v\n%s", err, res.Data)
		}
	}
}

// CountStatements runs fn and returns how many SQL statements ent sent
// meanwhile.
func (a *App) CountStatements(fn func()) int {
	before := a.statements.Load()
	fn()
	return int(a.statements.Load() - before)
}
