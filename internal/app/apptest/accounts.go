package apptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/slaversion"
	"github.com/localoffer/localoffer/ent/user"
)

// Password is the password of every account CreateUser makes.
const Password = "correct horse battery staple"

// passwordHash is Password hashed once per test binary: argon2id at the
// production cost takes tens of milliseconds, too slow to repeat for every
// fixture.
var (
	passwordHashOnce sync.Once
	passwordHash     string
)

// CreateUser creates an account with Password, the given role and status,
// and a unique email such as provider-3@example.org. A provider has accepted
// the current service level agreement, as leads must before they can
// submit changes; CreateUserWithoutSLA makes one who has not.
func (a *App) CreateUser(t testing.TB, role user.Role, status user.Status) *ent.User {
	t.Helper()
	u := a.CreateUserWithoutSLA(t, role, status)
	if role == user.RoleProvider {
		a.AcceptSLA(t, u)
	}
	return u
}

// CreateUserWithoutSLA is CreateUser for a provider who has not accepted
// the service level agreement.
func (a *App) CreateUserWithoutSLA(t testing.TB, role user.Role, status user.Status) *ent.User {
	t.Helper()
	passwordHashOnce.Do(func() { passwordHash = a.Auth.Hasher().Hash(Password) })
	n := a.users.Add(1)
	kind := strings.ReplaceAll(strings.ToLower(string(role)), "_", "-")
	u, err := a.Client.User.Create().
		SetEmail(fmt.Sprintf("%s-%d@example.org", kind, n)).
		SetName(fmt.Sprintf("Test %s %d", kind, n)).
		SetRole(role).
		SetStatus(status).
		SetPasswordHash(passwordHash).
		Save(a.SystemContext())
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u
}

// AcceptSLA records u's acceptance of the current version of the service
// level agreement, without the mutation or its audit event.
func (a *App) AcceptSLA(t testing.TB, u *ent.User) {
	t.Helper()
	ctx := a.SystemContext()
	current, err := a.Client.SLAVersion.Query().Order(ent.Desc(slaversion.FieldVersion)).First(ctx)
	if err != nil {
		t.Fatalf("load the current service level agreement: %v", err)
	}
	err = a.Client.SLAAcceptance.Create().SetUserID(u.ID).SetAgreement(current).SetAcceptedAt(time.Now().UTC()).Exec(ctx)
	if err != nil {
		t.Fatalf("record acceptance of the service level agreement by %s: %v", u.Email, err)
	}
}

// SignIn starts a session for u without going through the login mutation,
// and returns its bearer token. u must be active or pending approval.
func (a *App) SignIn(t testing.TB, u *ent.User) string {
	t.Helper()
	signIn, err := a.Auth.StartSession(a.SystemContext(), u)
	if err != nil {
		t.Fatalf("sign in %s: %v", u.Email, err)
	}
	return signIn.Token
}

// Bearer returns the header that sends token.
func Bearer(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

// QueryAs posts a GraphQL document with a bearer token; an empty token
// posts as the public. A token the server refuses fails the test: use Post
// to see the 401.
func (a *App) QueryAs(t testing.TB, token, query string, variables map[string]any) Response {
	t.Helper()
	var header http.Header
	if token != "" {
		header = Bearer(token)
	}
	status, res := a.Post(t, query, variables, header)
	if status == http.StatusUnauthorized {
		t.Fatalf("token refused with 401: %+v", res.Errors)
	}
	return res
}

// MustQueryAs is QueryAs that fails the test when the response has errors,
// and decodes data into dst.
func (a *App) MustQueryAs(t testing.TB, token, query string, variables map[string]any, dst any) {
	t.Helper()
	res := a.QueryAs(t, token, query, variables)
	if len(res.Errors) > 0 {
		t.Fatalf("query returned errors: %+v", res.Errors)
	}
	if dst != nil {
		if err := json.Unmarshal(res.Data, dst); err != nil {
			t.Fatalf("decode data: %v\n%s", err, res.Data)
		}
	}
}

// Clock is a clock that starts at the real time and that tests move on.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now returns the real time plus every Advance so far.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// Set moves the clock to t; it runs on from there.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = time.Until(t)
}

// syncBuffer is a bytes.Buffer that the server's goroutines can write to
// while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
