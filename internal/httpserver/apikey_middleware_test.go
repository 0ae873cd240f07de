package httpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/apikey"
	"github.com/localoffer/localoffer/internal/app"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/httpserver"
	"github.com/localoffer/localoffer/internal/ratelimit"
	"github.com/localoffer/localoffer/internal/store"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// logBuffer collects JSON log lines from concurrent handlers.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the decoded log lines with the given message.
func (b *logBuffer) lines(t *testing.T, message string) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		var record map[string]any
		if err := json.Unmarshal([]byte(line), &record); err != nil {
			t.Fatalf("decode log line %q: %v", line, err)
		}
		if record["msg"] == message {
			out = append(out, record)
		}
	}
	return out
}

// partnerApp is the real handler on a test database, sharing its key
// service with the test so that keys can be made and revoked directly.
type partnerApp struct {
	store  *store.Store
	keys   *apikey.Service
	server *httptest.Server
	logs   *logBuffer
}

func newPartnerApp(t *testing.T) *partnerApp {
	t.Helper()
	ctx := context.Background()
	logs := &logBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	s := storetest.New(t)
	if err := app.Prepare(ctx, s, false, logger); err != nil {
		t.Fatalf("prepare test database: %v", err)
	}
	authorizer, err := authz.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	keys := apikey.New(apikey.Options{Client: s.Client, Dialect: s.Dialect, Logger: logger})
	handler := httpserver.NewHandler(httpserver.Options{
		Client: s.Client, Dialect: s.Dialect, PublicURL: "https://localoffer.test", Logger: logger,
		Ready: func(context.Context) error { return nil }, MaxComplexity: 5000, Authz: authorizer,
		APIKeys: keys, RateLimiter: ratelimit.NewMemory(0),
	})
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)

	system := viewer.SystemContext(ctx)
	org := s.Client.Organization.Create().SetName("Riverside Trust").SetSlug("riverside-trust").SaveX(system)
	s.Client.Service.Create().SetName("Riverside Play Scheme").SetSlug("riverside-play-scheme").
		SetStatus(service.StatusPublished).SetOrganization(org).SaveX(system)
	s.Client.Service.Create().SetName("Riverside Draft").SetSlug("riverside-draft").
		SetStatus(service.StatusPending).SetOrganization(org).SaveX(system)
	return &partnerApp{store: s, keys: keys, server: server, logs: logs}
}

func (p *partnerApp) createKey(t *testing.T, name string, rateLimit int, origins ...string) *apikey.Created {
	t.Helper()
	created, err := p.keys.Create(viewer.SystemContext(context.Background()), apikey.CreateInput{
		Name: name, AllowedOrigins: origins, RateLimitPerMinute: &rateLimit,
	})
	if err != nil {
		t.Fatalf("create key: %v", err)
	}
	return created
}

type graphQLResponse struct {
	status int
	header http.Header
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (r graphQLResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	code, _ := r.Errors[0].Extensions["code"].(string)
	return code
}

// post sends query with the given headers, such as X-Api-Key and Origin.
func (p *partnerApp) post(t *testing.T, query string, headers map[string]string) graphQLResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, err := http.NewRequest(http.MethodPost, p.server.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for name, value := range headers {
		req.Header.Set(name, value)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post /graphql: %v", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := graphQLResponse{status: res.StatusCode, header: res.Header}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decode response (status %d): %v\n%s", res.StatusCode, err, raw)
	}
	return out
}

const countServices = `{ services { totalCount edges { node { name } } } }`

func TestAPIKeyReadsPublishedContent(t *testing.T) {
	p := newPartnerApp(t)
	created := p.createKey(t, "Hub", 100)

	res := p.post(t, countServices, map[string]string{"X-Api-Key": created.Secret})
	if res.status != http.StatusOK || len(res.Errors) > 0 {
		t.Fatalf("status %d, errors %+v", res.status, res.Errors)
	}
	var data struct {
		Services struct {
			TotalCount int `json:"totalCount"`
		} `json:"services"`
	}
	if err := json.Unmarshal(res.Data, &data); err != nil {
		t.Fatal(err)
	}
	if data.Services.TotalCount != 1 {
		t.Errorf("services totalCount = %d, want 1 (the published one)", data.Services.TotalCount)
	}
}

func TestAPIKeyReadsNothingElse(t *testing.T) {
	p := newPartnerApp(t)
	created := p.createKey(t, "Hub", 100)
	headers := map[string]string{"X-Api-Key": created.Secret}

	for name, query := range map[string]string{
		"apiKeys":      `{ apiKeys { totalCount } }`,
		"auditEvents":  `{ auditEvents { totalCount } }`,
		"createApiKey": `mutation { createApiKey(input: {name: "Mine now"}) { secret } }`,
	} {
		res := p.post(t, query, headers)
		if res.code() != httpserver.CodeForbidden {
			t.Errorf("%s: code %q, want FORBIDDEN (errors %+v)", name, res.code(), res.Errors)
		}
	}
	res := p.post(t, `mutation { revokeApiKey(input: {id: "`+created.Key.ID.String()+`"}) { apiKey { id } } }`, headers)
	if res.code() != httpserver.CodeNotFound {
		t.Errorf("revokeApiKey: code %q, want NOT_FOUND (errors %+v)", res.code(), res.Errors)
	}
}

func TestAPIKeyRejected(t *testing.T) {
	p := newPartnerApp(t)
	created := p.createKey(t, "Hub", 100)
	revoked := p.createKey(t, "Old hub", 100)
	if _, err := p.keys.Revoke(viewer.SystemContext(context.Background()), revoked.Key.ID); err != nil {
		t.Fatal(err)
	}

	for name, key := range map[string]string{
		"unknown":      "lo_0123456789ab_" + strings.Repeat("A", 43),
		"wrong secret": "lo_" + created.Key.Prefix + "_" + strings.Repeat("A", 43),
		"malformed":    "not-a-key",
		"revoked":      revoked.Secret,
	} {
		res := p.post(t, countServices, map[string]string{"X-Api-Key": key})
		if res.status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, res.status)
		}
		if res.code() != httpserver.CodeUnauthenticated {
			t.Errorf("%s: code %q, want UNAUTHENTICATED", name, res.code())
		}
	}
}

func TestAPIKeyRevokedAtOnce(t *testing.T) {
	p := newPartnerApp(t)
	created := p.createKey(t, "Hub", 100)
	headers := map[string]string{"X-Api-Key": created.Secret}
	if res := p.post(t, countServices, headers); res.status != http.StatusOK {
		t.Fatalf("before revoking: status %d", res.status)
	}
	if _, err := p.keys.Revoke(viewer.SystemContext(context.Background()), created.Key.ID); err != nil {
		t.Fatal(err)
	}
	if res := p.post(t, countServices, headers); res.status != http.StatusUnauthorized {
		t.Errorf("after revoking: status %d, want 401", res.status)
	}
}

func TestAPIKeyOrigins(t *testing.T) {
	p := newPartnerApp(t)
	restricted := p.createKey(t, "Hub", 100, "https://hub.example.org", "http://localhost:3000")
	open := p.createKey(t, "Open", 100)

	tests := []struct {
		name       string
		key        string
		origin     string
		wantStatus int
		wantCORS   string
	}{
		{"allowed origin", restricted.Secret, "https://hub.example.org", http.StatusOK, "https://hub.example.org"},
		{"allowed origin with port", restricted.Secret, "http://localhost:3000", http.StatusOK, "http://localhost:3000"},
		{"other origin", restricted.Secret, "https://evil.example", http.StatusForbidden, ""},
		{"other port", restricted.Secret, "http://localhost:3001", http.StatusForbidden, ""},
		{"other scheme", restricted.Secret, "http://hub.example.org", http.StatusForbidden, ""},
		{"null origin", restricted.Secret, "null", http.StatusForbidden, ""},
		{"no origin", restricted.Secret, "", http.StatusOK, ""},
		{"key without origins", open.Secret, "https://anywhere.example", http.StatusOK, "https://anywhere.example"},
		{"no key", "", "https://anywhere.example", http.StatusOK, "*"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			headers := map[string]string{}
			if tc.key != "" {
				headers["X-Api-Key"] = tc.key
			}
			if tc.origin != "" {
				headers["Origin"] = tc.origin
			}
			res := p.post(t, countServices, headers)
			if res.status != tc.wantStatus {
				t.Fatalf("status %d, want %d (errors %+v)", res.status, tc.wantStatus, res.Errors)
			}
			if tc.wantStatus == http.StatusForbidden && res.code() != httpserver.CodeForbidden {
				t.Errorf("code %q, want FORBIDDEN", res.code())
			}
			if got := res.header.Get("Access-Control-Allow-Origin"); got != tc.wantCORS {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tc.wantCORS)
			}
		})
	}
}

func TestAPIKeyRateLimit(t *testing.T) {
	p := newPartnerApp(t)
	created := p.createKey(t, "Hub", 3)
	other := p.createKey(t, "Other", 3)
	headers := map[string]string{"X-Api-Key": created.Secret}

	for i := range 3 {
		if res := p.post(t, countServices, headers); res.status != http.StatusOK {
			t.Fatalf("request %d: status %d, want 200", i+1, res.status)
		}
	}
	res := p.post(t, countServices, headers)
	if res.status != http.StatusTooManyRequests {
		t.Fatalf("fourth request: status %d, want 429", res.status)
	}
	if res.code() != httpserver.CodeRateLimited {
		t.Errorf("code %q, want RATE_LIMITED", res.code())
	}
	retryAfter, err := strconv.Atoi(res.header.Get("Retry-After"))
	if err != nil || retryAfter < 1 || retryAfter > 120 {
		t.Errorf("Retry-After = %q, want whole seconds from 1 to 120", res.header.Get("Retry-After"))
	}
	if got, _ := res.Errors[0].Extensions["retryAfterSeconds"].(float64); int(got) != retryAfter {
		t.Errorf("retryAfterSeconds = %v, want %d as in Retry-After", res.Errors[0].Extensions["retryAfterSeconds"], retryAfter)
	}

	if res := p.post(t, countServices, map[string]string{"X-Api-Key": other.Secret}); res.status != http.StatusOK {
		t.Errorf("another key: status %d, want 200", res.status)
	}
	if res := p.post(t, countServices, nil); res.status != http.StatusOK {
		t.Errorf("no key: status %d, want 200", res.status)
	}
}

func TestAPIKeyAttribution(t *testing.T) {
	p := newPartnerApp(t)
	created := p.createKey(t, "Hub", 100)
	p.post(t, countServices, map[string]string{"X-Api-Key": created.Secret, "X-Request-Id": "partner-1"})
	p.post(t, countServices, map[string]string{"X-Request-Id": "public-1"})

	var partnerLine, publicLine map[string]any
	for _, line := range p.logs.lines(t, "http request") {
		switch line["request_id"] {
		case "partner-1":
			partnerLine = line
		case "public-1":
			publicLine = line
		}
	}
	if partnerLine == nil || publicLine == nil {
		t.Fatalf("access log lines missing: partner %v, public %v", partnerLine, publicLine)
	}
	if partnerLine["api_key"] != created.Key.Prefix {
		t.Errorf("partner line api_key = %v, want %s", partnerLine["api_key"], created.Key.Prefix)
	}
	if _, ok := publicLine["api_key"]; ok {
		t.Errorf("public line has api_key %v", publicLine["api_key"])
	}
	if strings.Contains(p.logs.buf.String(), strings.TrimPrefix(created.Secret, "lo_"+created.Key.Prefix+"_")) {
		t.Error("log contains the key's secret")
	}

	stored := p.store.Client.APIKey.GetX(viewer.SystemContext(context.Background()), created.Key.ID)
	if stored.LastUsedAt == nil {
		t.Error("last_used_at not set after a request")
	}
}
