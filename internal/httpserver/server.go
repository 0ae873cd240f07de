// Package httpserver serves the GraphQL API, the GraphiQL explorer and the
// health endpoints.
package httpserver

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/graph"
	"github.com/localoffer/localoffer/graph/generated"
	"github.com/localoffer/localoffer/internal/apikey"
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/events"
	"github.com/localoffer/localoffer/internal/ratelimit"
)

// maxBodyBytes caps a GraphQL request body, in bytes.
const maxBodyBytes = 1 << 20

// Options configures the HTTP handler.
type Options struct {
	Client    *ent.Client
	Dialect   string
	PublicURL string
	Logger    *slog.Logger
	// Ready reports nil once the product can serve traffic: the database
	// answers and start-up seeding has finished.
	Ready func(context.Context) error
	// GraphiQL serves the explorer at /.
	GraphiQL bool
	// MaxComplexity caps the complexity of one operation.
	MaxComplexity int
	// Authz decides permissions; the privacy rules find it in each request's
	// context.
	Authz *authz.Authorizer
	// APIKeys authenticates partner keys and serves the key mutations; nil
	// builds one on Client.
	APIKeys *apikey.Service
	// RateLimiter enforces the partner keys' rate limits; nil means an
	// in-process limiter.
	RateLimiter ratelimit.Limiter
	// Auth checks bearer tokens and serves the account mutations; nil builds
	// one on Client with the default settings.
	Auth *auth.Service
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// gives the client address.
	TrustedProxies []netip.Prefix
	// Events receives the content events of the workflow; nil drops them.
	Events *events.Bus
	// Feedback holds the settings of feedback and the annual report.
	Feedback config.Feedback
}

// NewHandler builds the HTTP handler with its routes and middleware.
func NewHandler(opts Options) http.Handler {
	if opts.APIKeys == nil {
		opts.APIKeys = apikey.New(apikey.Options{Client: opts.Client, Dialect: opts.Dialect, Logger: opts.Logger})
	}
	if opts.Auth == nil {
		opts.Auth = auth.New(opts.Client, auth.Config{PublicURL: opts.PublicURL, Logger: opts.Logger})
	}
	if opts.RateLimiter == nil {
		opts.RateLimiter = ratelimit.NewMemory(0)
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", withPublicCORS(withGraphQLRequestCheck(http.MaxBytesHandler(newGraphQLServer(opts), maxBodyBytes))))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := opts.Ready(r.Context()); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready", "reason": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	if opts.GraphiQL {
		mux.Handle("GET /{$}", playground.Handler("Local Offer GraphQL", "/graphql"))
	}
	return withRequestID(withRecover(opts.Logger, withAccessLog(opts.Logger, withViewer(opts.Authz, opts.TrustedProxies, withBearer(opts.Auth, opts.Logger, withAPIKey(opts.APIKeys, opts.RateLimiter, opts.Logger, mux))))))
}

func newGraphQLServer(opts Options) *handler.Server {
	resolver := &graph.Resolver{
		Client: opts.Client, Dialect: opts.Dialect, PublicURL: opts.PublicURL, Authz: opts.Authz, Logger: opts.Logger,
		APIKeyService: opts.APIKeys, Auth: opts.Auth, Events: opts.Events,
		FeedbackSettings: opts.Feedback, RateLimiter: opts.RateLimiter,
	}
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: resolver, Complexity: graph.Complexity()})
	srv := handler.New(schema)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(extension.FixedComplexityLimit(opts.MaxComplexity))
	srv.Use(transactioner{entgql.Transactioner{TxOpener: opts.Client, SkipTxFunc: graph.SkipTransaction}})
	srv.AroundOperations(graph.DirectoryScope)
	srv.AroundOperations(graph.AmendmentFlagScope)
	srv.SetErrorPresenter(errorPresenter(opts.Logger))
	srv.SetRecoverFunc(recoverFunc(opts.Logger))
	return srv
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// NewServer wraps the handler in an http.Server with timeouts that stop slow
// clients from holding connections open.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}
