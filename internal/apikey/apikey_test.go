package apikey_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/apikey"
	"github.com/localoffer/localoffer/ent/user"
	keys "github.com/localoffer/localoffer/internal/apikey"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// setup is a test database with one user per role and a Service on it.
type setup struct {
	client   *ent.Client
	service  *keys.Service
	clock    *clock
	admin    *ent.User
	officer  *ent.User
	provider *ent.User
}

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func newSetup(t *testing.T) setup {
	t.Helper()
	a := apptest.New(t)
	ctx := a.SystemContext()
	newUser := func(email string, role user.Role) *ent.User {
		return a.Client.User.Create().SetEmail(email).SetName(email).SetRole(role).SetStatus(user.StatusActive).SaveX(ctx)
	}
	c := &clock{now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	return setup{
		client:   a.Client,
		service:  keys.New(keys.Options{Client: a.Client, Dialect: storetest.Dialect(), Now: c.Now}),
		clock:    c,
		admin:    newUser("admin@council.test", user.RoleLOAdmin),
		officer:  newUser("officer@council.test", user.RoleLOOfficer),
		provider: newUser("provider@charity.test", user.RoleProvider),
	}
}

func as(u *ent.User, role authz.Role) context.Context {
	return viewer.NewContext(context.Background(), viewer.Viewer{Role: role, UserID: u.ID, Email: u.Email, RequestID: "test-request"})
}

func (s setup) asAdmin() context.Context { return as(s.admin, authz.RoleLOAdmin) }

func anonymous() context.Context { return viewer.NewContext(context.Background(), viewer.Viewer{}) }

func partner() context.Context {
	return viewer.NewContext(context.Background(), viewer.Viewer{Role: authz.RolePartner, APIKeyID: uuid.New(), APIKeyName: "Other partner"})
}

func intPtr(n int) *int { return &n }

func (s setup) create(t *testing.T, name string, origins ...string) *keys.Created {
	t.Helper()
	created, err := s.service.Create(s.asAdmin(), keys.CreateInput{Name: name, AllowedOrigins: origins})
	if err != nil {
		t.Fatalf("create key %q: %v", name, err)
	}
	return created
}

func TestCreateStoresOnlyHash(t *testing.T) {
	s := newSetup(t)
	created, err := s.service.Create(s.asAdmin(), keys.CreateInput{
		Name:               "  Riverside Families Hub ",
		AllowedOrigins:     []string{"HTTPS://Hub.Example.org:443", "https://hub.example.org", "http://localhost:3000"},
		RateLimitPerMinute: intPtr(120),
	})
	if err != nil {
		t.Fatal(err)
	}
	key := created.Key
	if key.Name != "Riverside Families Hub" {
		t.Errorf("name = %q, want it trimmed", key.Name)
	}
	if got, want := strings.Join(key.AllowedOrigins, " "), "https://hub.example.org http://localhost:3000"; got != want {
		t.Errorf("allowed origins = %q, want %q", got, want)
	}
	if key.RateLimitPerMinute != 120 {
		t.Errorf("rate limit = %d, want 120", key.RateLimitPerMinute)
	}
	if key.CreatedByID == nil || *key.CreatedByID != s.admin.ID {
		t.Errorf("created by = %v, want the admin %s", key.CreatedByID, s.admin.ID)
	}
	if !strings.HasPrefix(created.Secret, "lo_"+key.Prefix+"_") {
		t.Errorf("secret %q does not start with lo_<prefix>_", created.Secret)
	}

	stored := s.client.APIKey.Query().Where(apikey.ID(key.ID)).OnlyX(viewer.SystemContext(context.Background()))
	secretPart := strings.TrimPrefix(created.Secret, "lo_"+key.Prefix+"_")
	if strings.Contains(stored.SecretHash, secretPart) || stored.SecretHash == secretPart {
		t.Error("stored secret hash contains the secret")
	}
	if len(stored.SecretHash) != 64 {
		t.Errorf("stored hash has %d characters, want 64 (hex SHA-256)", len(stored.SecretHash))
	}
}

func TestCreateDefaultRateLimit(t *testing.T) {
	s := newSetup(t)
	created := s.create(t, "Defaults")
	if created.Key.RateLimitPerMinute != keys.DefaultRateLimitPerMinute {
		t.Errorf("rate limit = %d, want %d", created.Key.RateLimitPerMinute, keys.DefaultRateLimitPerMinute)
	}
	if len(created.Key.AllowedOrigins) != 0 {
		t.Errorf("allowed origins = %v, want none", created.Key.AllowedOrigins)
	}
}

func TestCreateRejectsBadInput(t *testing.T) {
	s := newSetup(t)
	tests := []struct {
		name      string
		input     keys.CreateInput
		wantField string
	}{
		{"empty name", keys.CreateInput{Name: "  "}, "input.name"},
		{"long name", keys.CreateInput{Name: strings.Repeat("é", 101)}, "input.name"},
		{"line break in name", keys.CreateInput{Name: "Hub\nInjected"}, "input.name"},
		{"zero rate limit", keys.CreateInput{Name: "Hub", RateLimitPerMinute: intPtr(0)}, "input.rateLimitPerMinute"},
		{"negative rate limit", keys.CreateInput{Name: "Hub", RateLimitPerMinute: intPtr(-5)}, "input.rateLimitPerMinute"},
		{"rate limit too high", keys.CreateInput{Name: "Hub", RateLimitPerMinute: intPtr(100_001)}, "input.rateLimitPerMinute"},
		{"origin with path", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"https://ok.example", "https://a.example/search"}}, "input.allowedOrigins[1]"},
		{"origin with trailing slash", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"https://a.example/"}}, "input.allowedOrigins[0]"},
		{"origin without scheme", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"a.example"}}, "input.allowedOrigins[0]"},
		{"origin with ftp scheme", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"ftp://a.example"}}, "input.allowedOrigins[0]"},
		{"origin with query", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"https://a.example?x=1"}}, "input.allowedOrigins[0]"},
		{"origin with user", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"https://me@a.example"}}, "input.allowedOrigins[0]"},
		{"origin with bad port", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"https://a.example:99999"}}, "input.allowedOrigins[0]"},
		{"origin with empty port", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"https://a.example:"}}, "input.allowedOrigins[0]"},
		{"wildcard origin", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"https://*.example"}}, "input.allowedOrigins[0]"},
		{"star origin", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"*"}}, "input.allowedOrigins[0]"},
		{"empty origin", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{""}}, "input.allowedOrigins[0]"},
		{"origin with spaces", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{" https://a.example"}}, "input.allowedOrigins[0]"},
		{"unicode host", keys.CreateInput{Name: "Hub", AllowedOrigins: []string{"https://bücher.example"}}, "input.allowedOrigins[0]"},
		{"too many origins", keys.CreateInput{Name: "Hub", AllowedOrigins: make([]string, keys.MaxAllowedOrigins+1)}, "input.allowedOrigins"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.service.Create(s.asAdmin(), tc.input)
			var inputErr *apperr.InputError
			if !errors.As(err, &inputErr) {
				t.Fatalf("err = %v, want an input error", err)
			}
			if inputErr.Field != tc.wantField {
				t.Errorf("field = %q, want %q (message %q)", inputErr.Field, tc.wantField, inputErr.Message)
			}
		})
	}
	if n := s.client.APIKey.Query().CountX(viewer.SystemContext(context.Background())); n != 0 {
		t.Errorf("%d keys stored after invalid input, want 0", n)
	}
}

func TestManagementRights(t *testing.T) {
	s := newSetup(t)
	key := s.create(t, "Hub").Key
	tests := []struct {
		name       string
		ctx        context.Context
		wantCreate error
		wantList   error
		wantRevoke error
	}{
		{"anonymous", anonymous(), apperr.ErrUnauthenticated, apperr.ErrUnauthenticated, apperr.ErrUnauthenticated},
		{"partner key", partner(), apperr.ErrForbidden, apperr.ErrForbidden, apperr.ErrNotFound},
		{"provider", as(s.provider, authz.RoleProvider), apperr.ErrForbidden, apperr.ErrForbidden, apperr.ErrNotFound},
		{"LO officer", as(s.officer, authz.RoleLOOfficer), apperr.ErrForbidden, apperr.ErrForbidden, apperr.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.service.Create(tc.ctx, keys.CreateInput{Name: "Sneaky"}); !errors.Is(err, tc.wantCreate) {
				t.Errorf("create: err = %v, want %v", err, tc.wantCreate)
			}
			if _, err := s.service.List(tc.ctx, directory.Page{}, true); !errors.Is(err, tc.wantList) {
				t.Errorf("list: err = %v, want %v", err, tc.wantList)
			}
			if _, err := s.service.Revoke(tc.ctx, key.ID); !errors.Is(err, tc.wantRevoke) {
				t.Errorf("revoke: err = %v, want %v", err, tc.wantRevoke)
			}
		})
	}
	stored := s.client.APIKey.GetX(viewer.SystemContext(context.Background()), key.ID)
	if stored.RevokedAt != nil {
		t.Error("key revoked by a caller without the right")
	}
}

func TestListHidesRevokedByDefault(t *testing.T) {
	s := newSetup(t)
	first := s.create(t, "First").Key
	s.clock.now = s.clock.now.Add(time.Second)
	second := s.create(t, "Second").Key
	if _, err := s.service.Revoke(s.asAdmin(), first.ID); err != nil {
		t.Fatal(err)
	}

	active, err := s.service.List(s.asAdmin(), directory.Page{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if active.TotalCount != 1 || active.Edges[0].Node.ID != second.ID {
		t.Errorf("active keys: totalCount %d, want only %s", active.TotalCount, second.Name)
	}

	all, err := s.service.List(s.asAdmin(), directory.Page{}, true)
	if err != nil {
		t.Fatal(err)
	}
	if all.TotalCount != 2 {
		t.Errorf("all keys: totalCount %d, want 2", all.TotalCount)
	}
}

func TestListRejectsLargePage(t *testing.T) {
	s := newSetup(t)
	_, err := s.service.List(s.asAdmin(), directory.Page{First: intPtr(101)}, false)
	var inputErr *apperr.InputError
	if !errors.As(err, &inputErr) || inputErr.Field != "first" {
		t.Errorf("err = %v, want an input error on first", err)
	}
}

func TestRevokeTwiceIsIdempotent(t *testing.T) {
	s := newSetup(t)
	key := s.create(t, "Hub").Key
	first, err := s.service.Revoke(s.asAdmin(), key.ID)
	if err != nil {
		t.Fatal(err)
	}
	s.clock.now = s.clock.now.Add(time.Hour)
	second, err := s.service.Revoke(s.asAdmin(), key.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !second.RevokedAt.Equal(*first.RevokedAt) {
		t.Errorf("second revoke moved revokedAt from %s to %s", first.RevokedAt, second.RevokedAt)
	}
	n := s.client.AuditEvent.Query().CountX(viewer.SystemContext(context.Background()))
	if n != 2 {
		t.Errorf("%d audit events, want 2 (created, revoked once)", n)
	}
}

func TestRevokeUnknownIsNotFound(t *testing.T) {
	s := newSetup(t)
	if _, err := s.service.Revoke(s.asAdmin(), uuid.New()); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

func TestAuthenticate(t *testing.T) {
	s := newSetup(t)
	created := s.create(t, "Hub", "https://hub.example.org")
	ctx := context.Background()

	p, err := s.service.Authenticate(ctx, created.Secret)
	if err != nil {
		t.Fatalf("valid key: %v", err)
	}
	if p.ID != created.Key.ID || p.Name != "Hub" || p.Prefix != created.Key.Prefix {
		t.Errorf("partner = %+v, want the created key", p)
	}

	wrongSecret := created.Secret[:len(created.Secret)-1] + "x"
	if strings.HasSuffix(created.Secret, "x") {
		wrongSecret = created.Secret[:len(created.Secret)-1] + "y"
	}
	for name, presented := range map[string]string{
		"wrong secret":   wrongSecret,
		"unknown prefix": "lo_000000000000_" + strings.Repeat("a", 43),
		"no prefix":      strings.TrimPrefix(created.Secret, "lo_"),
		"garbage":        "hello",
		"upper-case":     strings.ToUpper(created.Secret),
		"empty secret":   "lo_" + created.Key.Prefix + "_",
	} {
		if _, err := s.service.Authenticate(ctx, presented); !errors.Is(err, keys.ErrInvalidKey) {
			t.Errorf("%s: err = %v, want ErrInvalidKey", name, err)
		}
	}
}

func TestRevokeTakesEffectAtOnce(t *testing.T) {
	s := newSetup(t)
	created := s.create(t, "Hub")
	ctx := context.Background()
	if _, err := s.service.Authenticate(ctx, created.Secret); err != nil {
		t.Fatal(err)
	}
	if _, err := s.service.Revoke(s.asAdmin(), created.Key.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.service.Authenticate(ctx, created.Secret); !errors.Is(err, keys.ErrInvalidKey) {
		t.Errorf("after revoke in this process: err = %v, want ErrInvalidKey", err)
	}
}

func TestRevokeElsewhereWaitsForCache(t *testing.T) {
	s := newSetup(t)
	created := s.create(t, "Hub")
	other := keys.New(keys.Options{Client: s.client, Dialect: storetest.Dialect(), Now: s.clock.Now})
	ctx := context.Background()
	if _, err := s.service.Authenticate(ctx, created.Secret); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Revoke(s.asAdmin(), created.Key.ID); err != nil {
		t.Fatal(err)
	}

	if _, err := s.service.Authenticate(ctx, created.Secret); err != nil {
		t.Errorf("within the cache lifetime: err = %v, want the cached key", err)
	}
	s.clock.now = s.clock.now.Add(keys.DefaultCacheTTL)
	if _, err := s.service.Authenticate(ctx, created.Secret); !errors.Is(err, keys.ErrInvalidKey) {
		t.Errorf("after the cache lifetime: err = %v, want ErrInvalidKey", err)
	}
}

func TestMarkUsedOncePerMinute(t *testing.T) {
	s := newSetup(t)
	created := s.create(t, "Hub")
	ctx := context.Background()
	system := viewer.SystemContext(ctx)
	p, err := s.service.Authenticate(ctx, created.Secret)
	if err != nil {
		t.Fatal(err)
	}
	lastUsed := func() *time.Time { return s.client.APIKey.GetX(system, p.ID).LastUsedAt }
	updatedAt := s.client.APIKey.GetX(system, p.ID).UpdatedAt

	if err := s.service.MarkUsed(ctx, p); err != nil {
		t.Fatal(err)
	}
	first := lastUsed()
	if first == nil || !first.Equal(s.clock.now) {
		t.Fatalf("last used = %v, want %s", first, s.clock.now)
	}

	s.clock.now = s.clock.now.Add(30 * time.Second)
	if err := s.service.MarkUsed(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got := lastUsed(); !got.Equal(*first) {
		t.Errorf("last used = %s after 30s, want unchanged %s", got, first)
	}

	s.clock.now = s.clock.now.Add(31 * time.Second)
	if err := s.service.MarkUsed(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got := lastUsed(); !got.Equal(s.clock.now) {
		t.Errorf("last used = %s after 61s, want %s", got, s.clock.now)
	}
	if got := s.client.APIKey.GetX(system, p.ID).UpdatedAt; !got.Equal(updatedAt) {
		t.Errorf("updated_at changed from %s to %s by recording use", updatedAt, got)
	}
}

func TestAuditEvents(t *testing.T) {
	s := newSetup(t)
	created := s.create(t, "Hub")
	if _, err := s.service.Revoke(s.asAdmin(), created.Key.ID); err != nil {
		t.Fatal(err)
	}
	other := s.create(t, "Other")

	all, err := audit.List(s.asAdmin(), s.client, audit.Filter{}, directory.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if all.TotalCount != 3 {
		t.Fatalf("totalCount = %d, want 3", all.TotalCount)
	}
	for _, edge := range all.Edges {
		e := edge.Node
		if e.ActorID == nil || *e.ActorID != s.admin.ID || e.ActorEmail != s.admin.Email {
			t.Errorf("%s: actor = %v %q, want the admin", e.Action, e.ActorID, e.ActorEmail)
		}
		if e.ObjectType != authz.TypeAPIKey || e.RequestID != "test-request" {
			t.Errorf("%s: object type %q, request id %q", e.Action, e.ObjectType, e.RequestID)
		}
		secretPart := created.Secret[len("lo_")+12+1:]
		if strings.Contains(e.Detail, secretPart) || strings.Contains(e.Detail, other.Secret) {
			t.Errorf("%s: detail %q contains a secret", e.Action, e.Detail)
		}
	}

	revoked := keys.ActionRevoked
	byAction, err := audit.List(s.asAdmin(), s.client, audit.Filter{Action: &revoked}, directory.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if byAction.TotalCount != 1 || *byAction.Edges[0].Node.ObjectID != created.Key.ID {
		t.Errorf("revoked events: totalCount %d, want 1 for the first key", byAction.TotalCount)
	}

	byObject, err := audit.List(s.asAdmin(), s.client, audit.Filter{ObjectID: &created.Key.ID}, directory.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if byObject.TotalCount != 2 {
		t.Errorf("events of the first key: totalCount %d, want 2", byObject.TotalCount)
	}

	for name, ctx := range map[string]context.Context{
		"LO officer": as(s.officer, authz.RoleLOOfficer),
		"provider":   as(s.provider, authz.RoleProvider),
		"partner":    partner(),
	} {
		if _, err := audit.List(ctx, s.client, audit.Filter{}, directory.Page{}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("%s: err = %v, want ErrForbidden", name, err)
		}
	}
	if _, err := audit.List(anonymous(), s.client, audit.Filter{}, directory.Page{}); !errors.Is(err, apperr.ErrUnauthenticated) {
		t.Errorf("anonymous: err = %v, want ErrUnauthenticated", err)
	}
	// The privacy rule filters rows even for code that skips the check.
	if n := s.client.AuditEvent.Query().CountX(as(s.officer, authz.RoleLOOfficer)); n != 0 {
		t.Errorf("LO officer's direct query counted %d events, want 0", n)
	}
}
