package graph_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/session"
	"github.com/localoffer/localoffer/ent/signinfailure"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/config"
)

const loginMutation = `mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { token expiresAt user { id email role status } }
}`

const meQuery = `{ me { id email role status } }`

type loginData struct {
	Login struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expiresAt"`
		User      struct {
			ID     string `json:"id"`
			Email  string `json:"email"`
			Role   string `json:"role"`
			Status string `json:"status"`
		} `json:"user"`
	} `json:"login"`
}

type meData struct {
	Me *struct {
		ID     string `json:"id"`
		Email  string `json:"email"`
		Role   string `json:"role"`
		Status string `json:"status"`
	} `json:"me"`
}

// behindProxy trusts the test client's own address as a reverse proxy, so
// that X-Forwarded-For sets the client address of each request.
func behindProxy(cfg *config.Serve) {
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
}

// loginFrom posts the login mutation as if from address (through the
// trusted proxy); an empty address sends no X-Forwarded-For.
func loginFrom(t *testing.T, a *apptest.App, address, email, password string) apptest.Response {
	t.Helper()
	header := http.Header{}
	if address != "" {
		header.Set("X-Forwarded-For", address)
	}
	_, res := a.Post(t, loginMutation, map[string]any{"email": email, "password": password}, header)
	return res
}

func mustLogin(t *testing.T, a *apptest.App, email, password string) loginData {
	t.Helper()
	var data loginData
	a.MustQuery(t, loginMutation, map[string]any{"email": email, "password": password}, &data)
	return data
}

func onlyError(t *testing.T, res apptest.Response) apptest.Error {
	t.Helper()
	if len(res.Errors) != 1 {
		t.Fatalf("got %d errors, want 1: %+v (data %s)", len(res.Errors), res.Errors, res.Data)
	}
	return res.Errors[0]
}

func wantCode(t *testing.T, res apptest.Response, code string) apptest.Error {
	t.Helper()
	e := onlyError(t, res)
	if e.Code() != code {
		t.Fatalf("error code %q (%s), want %s", e.Code(), e.Message, code)
	}
	return e
}

func auditActions(t *testing.T, a *apptest.App, action string) []*ent.AuditEvent {
	t.Helper()
	events, err := a.Client.AuditEvent.Query().Where(auditevent.Action(action)).All(a.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func TestLoginThenMe(t *testing.T) {
	a := apptest.New(t)
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)

	data := mustLogin(t, a, strings.ToUpper(u.Email), apptest.Password)
	if data.Login.Token == "" || data.Login.User.Email != u.Email {
		t.Fatalf("login returned %+v", data.Login)
	}
	if d := time.Until(data.Login.ExpiresAt); d < 11*time.Hour || d > 12*time.Hour+time.Minute {
		t.Errorf("session expires in %s, want the default maximum age of 12h", d)
	}

	var me meData
	a.MustQueryAs(t, data.Login.Token, meQuery, nil, &me)
	if me.Me == nil || me.Me.Email != u.Email || me.Me.Role != "PROVIDER" || me.Me.Status != "ACTIVE" {
		t.Errorf("me = %+v, want the provider", me.Me)
	}

	stored := a.Client.Session.Query().Where(session.UserID(u.ID)).OnlyX(a.SystemContext())
	if stored.TokenHash != auth.HashToken(data.Login.Token) {
		t.Error("session does not store the token's hash")
	}
	if len(auditActions(t, a, "user.sign_in")) != 1 {
		t.Error("no user.sign_in audit event")
	}
	if got := a.Client.User.GetX(a.SystemContext(), u.ID).LastSignInAt; got == nil {
		t.Error("last_sign_in_at not set")
	}
}

func TestMeAnonymousIsNull(t *testing.T) {
	a := apptest.New(t)
	var me meData
	a.MustQuery(t, meQuery, nil, &me)
	if me.Me != nil {
		t.Errorf("me = %+v, want null", me.Me)
	}
}

func TestPendingApplicantSignsIn(t *testing.T) {
	a := apptest.New(t)
	u := a.CreateUser(t, user.RoleProvider, user.StatusPendingApproval)
	token := mustLogin(t, a, u.Email, apptest.Password).Login.Token

	var me meData
	a.MustQueryAs(t, token, meQuery, nil, &me)
	if me.Me == nil || me.Me.Status != "PENDING_APPROVAL" {
		t.Fatalf("me = %+v, want the pending applicant", me.Me)
	}
	wantCode(t, a.QueryAs(t, token, `{ outbox { totalCount } }`, nil), "FORBIDDEN")
}

func TestLogoutRevokesToken(t *testing.T) {
	a := apptest.New(t)
	u := a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	token := a.SignIn(t, u)

	var out struct {
		Logout struct{ OK bool } `json:"logout"`
	}
	a.MustQueryAs(t, token, `mutation { logout { ok } }`, nil, &out)
	if !out.Logout.OK {
		t.Error("logout returned ok false")
	}

	status, res := a.Post(t, meQuery, nil, apptest.Bearer(token))
	if status != http.StatusUnauthorized {
		t.Errorf("status %d after logout, want 401", status)
	}
	wantCode(t, res, "UNAUTHENTICATED")
	if len(auditActions(t, a, "user.sign_out")) != 1 {
		t.Error("no user.sign_out audit event")
	}

	wantCode(t, a.Query(t, `mutation { logout { ok } }`, nil), "UNAUTHENTICATED")
}

func TestBadTokenIs401(t *testing.T) {
	a := apptest.New(t)
	for name, header := range map[string]string{
		"unknown token":  "Bearer " + strings.Repeat("A", 43),
		"empty token":    "Bearer ",
		"other scheme":   "Basic dXNlcjpwYXNz",
		"no scheme":      "abcdef",
		"lower-case ok?": "bearer nonsense",
	} {
		t.Run(name, func(t *testing.T) {
			status, res := a.Post(t, `{ services { totalCount } }`, nil, http.Header{"Authorization": {header}})
			if status != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", status)
			}
			wantCode(t, res, "UNAUTHENTICATED")
		})
	}
}

func TestDisabledUserTokenRefused(t *testing.T) {
	a := apptest.New(t)
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	token := a.SignIn(t, u)
	a.Client.User.UpdateOne(u).SetStatus(user.StatusDisabled).ExecX(a.SystemContext())

	status, _ := a.Post(t, meQuery, nil, apptest.Bearer(token))
	if status != http.StatusUnauthorized {
		t.Errorf("status %d for a disabled user's token, want 401", status)
	}
	wantCode(t, a.Query(t, loginMutation, map[string]any{"email": u.Email, "password": apptest.Password}), "UNAUTHENTICATED")
}

func TestSessionIdleTimeout(t *testing.T) {
	a := apptest.New(t)
	token := a.SignIn(t, a.CreateUser(t, user.RoleProvider, user.StatusActive))

	a.Clock.Advance(2*time.Hour - time.Minute)
	a.MustQueryAs(t, token, meQuery, nil, nil)

	a.Clock.Advance(2*time.Hour + time.Second)
	if status, _ := a.Post(t, meQuery, nil, apptest.Bearer(token)); status != http.StatusUnauthorized {
		t.Errorf("status %d after 2h idle, want 401", status)
	}
}

func TestSessionMaxAge(t *testing.T) {
	a := apptest.New(t)
	token := a.SignIn(t, a.CreateUser(t, user.RoleProvider, user.StatusActive))

	// Used every hour, the session stays alive until its maximum age.
	for hour := 1; hour < 12; hour++ {
		a.Clock.Advance(time.Hour)
		a.MustQueryAs(t, token, meQuery, nil, nil)
	}
	a.Clock.Advance(time.Hour)
	if status, _ := a.Post(t, meQuery, nil, apptest.Bearer(token)); status != http.StatusUnauthorized {
		t.Errorf("status %d after 12h, want 401", status)
	}
}

func TestSessionTimeoutsConfigurable(t *testing.T) {
	a := apptest.New(t, func(cfg *config.Serve) {
		cfg.Auth.SessionIdleTimeout = 10 * time.Minute
		cfg.Auth.SessionMaxAge = 30 * time.Minute
	})
	token := a.SignIn(t, a.CreateUser(t, user.RoleProvider, user.StatusActive))
	a.Clock.Advance(11 * time.Minute)
	if status, _ := a.Post(t, meQuery, nil, apptest.Bearer(token)); status != http.StatusUnauthorized {
		t.Errorf("status %d after 11 minutes idle, want 401", status)
	}
}

func TestLastUsedAtWrittenAtMostOnceAMinute(t *testing.T) {
	a := apptest.New(t)
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	token := a.SignIn(t, u)
	lastUsed := func() time.Time {
		return a.Client.Session.Query().Where(session.UserID(u.ID)).OnlyX(a.SystemContext()).LastUsedAt
	}
	start := lastUsed()

	a.Clock.Advance(30 * time.Second)
	a.MustQueryAs(t, token, meQuery, nil, nil)
	if !lastUsed().Equal(start) {
		t.Error("last_used_at written after 30 seconds")
	}

	a.Clock.Advance(31 * time.Second)
	a.MustQueryAs(t, token, meQuery, nil, nil)
	if !lastUsed().After(start) {
		t.Error("last_used_at not written after a minute")
	}
}

func TestWrongPasswordLooksLikeUnknownEmail(t *testing.T) {
	a := apptest.New(t)
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	invited := a.CreateUser(t, user.RoleProvider, user.StatusInvited)
	a.Client.User.UpdateOne(invited).ClearPasswordHash().ExecX(a.SystemContext())

	wrong := onlyError(t, a.Query(t, loginMutation, map[string]any{"email": u.Email, "password": "not the password"}))
	for name, email := range map[string]string{
		"unknown email":        "nobody@example.org",
		"invited, no password": invited.Email,
	} {
		t.Run(name, func(t *testing.T) {
			other := onlyError(t, a.Query(t, loginMutation, map[string]any{"email": email, "password": "not the password"}))
			wrongJSON, _ := json.Marshal(wrong)
			otherJSON, _ := json.Marshal(other)
			if string(wrongJSON) != string(otherJSON) {
				t.Errorf("errors differ:\nwrong password: %s\n%s: %s", wrongJSON, name, otherJSON)
			}
		})
	}
	if wrong.Code() != "UNAUTHENTICATED" {
		t.Errorf("code %q, want UNAUTHENTICATED", wrong.Code())
	}

	failures := auditActions(t, a, "user.sign_in_failed")
	if len(failures) != 3 {
		t.Fatalf("%d sign-in failure events, want 3", len(failures))
	}
	for _, e := range failures {
		if e.ActorEmail == "nobody@example.org" {
			t.Error("audit event stores an email that has no account")
		}
		if strings.Contains(e.Detail, "not the password") {
			t.Error("audit event stores the password")
		}
	}
}

func TestTenthFailureForAccountRateLimited(t *testing.T) {
	a := apptest.New(t, behindProxy)
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)

	// Each attempt comes from its own address, so only the account's count
	// can reach the limit.
	for i := 1; i <= 9; i++ {
		wantCode(t, loginFrom(t, a, fmt.Sprintf("198.51.100.%d", i), u.Email, "wrong password!"), "UNAUTHENTICATED")
	}
	limited := wantCode(t, loginFrom(t, a, "198.51.100.10", u.Email, "wrong password!"), "RATE_LIMITED")
	if seconds, _ := limited.Extensions["retryAfterSeconds"].(float64); seconds < 1 || seconds > 15*60 {
		t.Errorf("retryAfterSeconds = %v, want within the 15-minute window", limited.Extensions["retryAfterSeconds"])
	}
	wantCode(t, loginFrom(t, a, "198.51.100.11", u.Email, apptest.Password), "RATE_LIMITED")

	a.Clock.Advance(15*time.Minute + time.Second)
	if res := loginFrom(t, a, "198.51.100.12", u.Email, apptest.Password); len(res.Errors) > 0 {
		t.Fatalf("sign-in after the window: %+v", res.Errors)
	}
}

func TestTenthFailureForAddressRateLimited(t *testing.T) {
	a := apptest.New(t, behindProxy)
	victim := a.CreateUser(t, user.RoleProvider, user.StatusActive)

	// Ten different accounts, known and unknown, from one address.
	for i := 1; i <= 9; i++ {
		email := fmt.Sprintf("guess-%d@example.org", i)
		if i%2 == 0 {
			email = a.CreateUser(t, user.RoleProvider, user.StatusActive).Email
		}
		wantCode(t, loginFrom(t, a, "203.0.113.9", email, "wrong password!"), "UNAUTHENTICATED")
	}
	wantCode(t, loginFrom(t, a, "203.0.113.9", "guess-10@example.org", "wrong password!"), "RATE_LIMITED")
	wantCode(t, loginFrom(t, a, "203.0.113.9", victim.Email, apptest.Password), "RATE_LIMITED")

	if res := loginFrom(t, a, "203.0.113.10", victim.Email, apptest.Password); len(res.Errors) > 0 {
		t.Errorf("sign-in from another address: %+v", res.Errors)
	}
}

func TestUnknownEmailRateLimitedAlike(t *testing.T) {
	a := apptest.New(t, behindProxy)
	for i := 1; i <= 9; i++ {
		wantCode(t, loginFrom(t, a, fmt.Sprintf("198.51.100.%d", i), "nobody@example.org", "wrong password!"), "UNAUTHENTICATED")
	}
	wantCode(t, loginFrom(t, a, "198.51.100.10", "nobody@example.org", "wrong password!"), "RATE_LIMITED")
}

func TestSignInFailureLimitConfigurable(t *testing.T) {
	a := apptest.New(t, func(cfg *config.Serve) { cfg.Auth.SignInMaxFailures = 3 })
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	wantCode(t, a.Query(t, loginMutation, map[string]any{"email": u.Email, "password": "wrong password!"}), "UNAUTHENTICATED")
	wantCode(t, a.Query(t, loginMutation, map[string]any{"email": u.Email, "password": "wrong password!"}), "UNAUTHENTICATED")
	wantCode(t, a.Query(t, loginMutation, map[string]any{"email": u.Email, "password": "wrong password!"}), "RATE_LIMITED")
}

// A failed login returns an error, on which a per-mutation transaction would
// roll back, so the failures must be written outside it.
func TestSignInFailuresSurviveErrorResponse(t *testing.T) {
	a := apptest.New(t)
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	wantCode(t, a.Query(t, loginMutation, map[string]any{"email": u.Email, "password": "wrong password!"}), "UNAUTHENTICATED")

	n := a.Client.SignInFailure.Query().CountX(a.SystemContext())
	if n != 2 {
		t.Errorf("%d sign-in failure rows, want 2 (account and address)", n)
	}
	if len(auditActions(t, a, "user.sign_in_failed")) != 1 {
		t.Error("sign-in failure audit event lost")
	}

	// A correct password clears the account's failures, not the address's.
	mustLogin(t, a, u.Email, apptest.Password)
	left := a.Client.SignInFailure.Query().AllX(a.SystemContext())
	if len(left) != 1 || !strings.HasPrefix(left[0].Key, "address:") {
		t.Errorf("after sign-in, failures left: %+v", left)
	}
}

func TestLoginMixedWithOtherMutationRefused(t *testing.T) {
	a := apptest.New(t)
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	res := a.Query(t, `mutation($email: String!) {
	  login(input: {email: $email, password: "correct horse battery staple"}) { token }
	  createApiKey(input: {name: "x"}) { secret }
	}`, map[string]any{"email": u.Email})
	if len(res.Errors) == 0 {
		t.Fatal("mixed mutation succeeded")
	}
	if res.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(res.Errors[0].Message, "mutation of its own") {
		t.Errorf("first error %+v, want BAD_USER_INPUT asking for a mutation of its own", res.Errors[0])
	}
}

func TestOldSignInFailuresPurged(t *testing.T) {
	a := apptest.New(t)
	wantCode(t, a.Query(t, loginMutation, map[string]any{"email": "a@example.org", "password": "wrong password!"}), "UNAUTHENTICATED")
	a.Clock.Advance(16 * time.Minute)
	wantCode(t, a.Query(t, loginMutation, map[string]any{"email": "b@example.org", "password": "wrong password!"}), "UNAUTHENTICATED")

	old := a.Client.SignInFailure.Query().
		Where(signinfailure.FailedAtLT(a.Clock.Now().Add(-15 * time.Minute))).
		CountX(a.SystemContext())
	if old != 0 {
		t.Errorf("%d failures older than the window left", old)
	}
}

func TestClientAddressFromTrustedProxyOnly(t *testing.T) {
	tests := []struct {
		name    string
		trusted []string
		xff     string
		want    string
	}{
		{"no trusted proxies ignores the header", nil, "203.0.113.7", "127.0.0.1"},
		{"trusted proxy gives the rightmost address", []string{"127.0.0.1/32"}, "198.51.100.1, 203.0.113.7", "203.0.113.7"},
		{"trusted hops are skipped", []string{"127.0.0.1/32", "203.0.113.0/24"}, "198.51.100.1, 203.0.113.7", "198.51.100.1"},
		{"garbage stops at the last trusted hop", []string{"127.0.0.1/32"}, "198.51.100.1, not-an-ip", "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := apptest.New(t, func(cfg *config.Serve) {
				for _, p := range tt.trusted {
					cfg.TrustedProxies = append(cfg.TrustedProxies, netip.MustParsePrefix(p))
				}
			})
			loginFrom(t, a, tt.xff, "nobody@example.org", "wrong password!")
			events := auditActions(t, a, "user.sign_in_failed")
			if len(events) != 1 {
				t.Fatalf("%d failure events, want 1", len(events))
			}
			if events[0].ClientAddress != tt.want {
				t.Errorf("client address %q, want %q", events[0].ClientAddress, tt.want)
			}
		})
	}
}

// tokenInLink matches the token of a one-time link in an email.
var tokenInLink = regexp.MustCompile(`\?token=([A-Za-z0-9_-]+)`)

type outboxData struct {
	Outbox struct {
		TotalCount int `json:"totalCount"`
		Edges      []struct {
			Node struct {
				Recipient string    `json:"recipient"`
				Subject   string    `json:"subject"`
				Body      string    `json:"body"`
				Template  string    `json:"template"`
				State     string    `json:"state"`
				CreatedAt time.Time `json:"createdAt"`
				MessageID string    `json:"messageID"`
			} `json:"node"`
		} `json:"edges"`
	} `json:"outbox"`
}

const outboxQuery = `query($recipient: String, $template: String) {
  outbox(recipient: $recipient, template: $template) {
    totalCount
    edges { node { recipient subject body template state createdAt messageID } }
  }
}`

// linkToken reads the newest email of template to recipient from the outbox,
// as an LO admin, and returns the token of its link.
func linkToken(t *testing.T, a *apptest.App, adminToken, recipient, template string) string {
	t.Helper()
	var data outboxData
	a.MustQueryAs(t, adminToken, outboxQuery, map[string]any{"recipient": recipient, "template": template}, &data)
	if len(data.Outbox.Edges) == 0 {
		t.Fatalf("no %s email to %s in the outbox", template, recipient)
	}
	match := tokenInLink.FindStringSubmatch(data.Outbox.Edges[0].Node.Body)
	if match == nil {
		t.Fatalf("no link in the email:\n%s", data.Outbox.Edges[0].Node.Body)
	}
	return match[1]
}

const inviteMutation = `mutation($email: String!, $name: String!, $role: UserRole!) {
  inviteUser(input: {email: $email, name: $name, role: $role}) { user { id email status role } }
}`

const acceptMutation = `mutation($token: String!, $password: String!) {
  acceptInvitation(input: {token: $token, password: $password}) { token expiresAt user { email status } }
}`

func TestInvitationEndToEnd(t *testing.T) {
	a := apptest.New(t)
	officer := a.SignIn(t, a.CreateUser(t, user.RoleLOOfficer, user.StatusActive))
	admin := a.SignIn(t, a.CreateUser(t, user.RoleLOAdmin, user.StatusActive))

	var invited struct {
		InviteUser struct {
			User struct{ Email, Status, Role string }
		} `json:"inviteUser"`
	}
	a.MustQueryAs(t, officer, inviteMutation, map[string]any{"email": " New.Provider@Example.org ", "name": "Nia Provider", "role": "PROVIDER"}, &invited)
	if invited.InviteUser.User.Email != "new.provider@example.org" || invited.InviteUser.User.Status != "INVITED" {
		t.Fatalf("invited user %+v", invited.InviteUser.User)
	}
	token := linkToken(t, a, admin, "new.provider@example.org", "invitation")
	if !strings.Contains(a.Client.Notification.Query().FirstX(a.SystemContext()).Body, apptest.PublicURL+"/account/accept-invitation?token=") {
		t.Error("invitation link does not start with the public URL")
	}

	short := a.Query(t, acceptMutation, map[string]any{"token": token, "password": "too short"})
	if e := wantCode(t, short, "BAD_USER_INPUT"); e.Extensions["field"] != "input.password" || !strings.Contains(e.Message, "12") {
		t.Errorf("short password error %+v", e)
	}

	var accepted struct {
		AcceptInvitation struct {
			Token string
			User  struct{ Email, Status string }
		} `json:"acceptInvitation"`
	}
	a.MustQuery(t, acceptMutation, map[string]any{"token": token, "password": "a brand new passphrase"}, &accepted)
	if accepted.AcceptInvitation.User.Status != "ACTIVE" {
		t.Errorf("status after accepting %q, want ACTIVE", accepted.AcceptInvitation.User.Status)
	}
	var me meData
	a.MustQueryAs(t, accepted.AcceptInvitation.Token, meQuery, nil, &me)
	if me.Me == nil || me.Me.Email != "new.provider@example.org" {
		t.Errorf("me after accepting = %+v", me.Me)
	}
	mustLogin(t, a, "new.provider@example.org", "a brand new passphrase")

	again := a.Query(t, acceptMutation, map[string]any{"token": token, "password": "another new passphrase"})
	wantCode(t, again, "BAD_USER_INPUT")

	for _, action := range []string{"user.invited", "user.invitation_accepted"} {
		if len(auditActions(t, a, action)) != 1 {
			t.Errorf("no %s audit event", action)
		}
	}
}

func TestInvitationExpires(t *testing.T) {
	a := apptest.New(t)
	admin := a.SignIn(t, a.CreateUser(t, user.RoleLOAdmin, user.StatusActive))
	a.MustQueryAs(t, admin, inviteMutation, map[string]any{"email": "late@example.org", "name": "Lee Late", "role": "LO_OFFICER"}, nil)
	token := linkToken(t, a, admin, "late@example.org", "invitation")

	a.Clock.Advance(auth.InvitationLifetime + time.Minute)
	wantCode(t, a.Query(t, acceptMutation, map[string]any{"token": token, "password": "a brand new passphrase"}), "BAD_USER_INPUT")
}

func TestInvitePermissions(t *testing.T) {
	a := apptest.New(t)
	provider := a.SignIn(t, a.CreateUser(t, user.RoleProvider, user.StatusActive))
	officer := a.SignIn(t, a.CreateUser(t, user.RoleLOOfficer, user.StatusActive))
	admin := a.SignIn(t, a.CreateUser(t, user.RoleLOAdmin, user.StatusActive))
	active := a.CreateUser(t, user.RoleProvider, user.StatusActive)

	tests := []struct {
		name, token, email, role, code string
	}{
		{"anonymous", "", "a@example.org", "PROVIDER", "UNAUTHENTICATED"},
		{"provider", provider, "b@example.org", "PROVIDER", "FORBIDDEN"},
		{"officer invites admin", officer, "c@example.org", "LO_ADMIN", "FORBIDDEN"},
		{"officer invites officer", officer, "d@example.org", "LO_OFFICER", ""},
		{"officer invites provider", officer, "e@example.org", "PROVIDER", ""},
		{"admin invites admin", admin, "f@example.org", "LO_ADMIN", ""},
		{"active email", admin, active.Email, "PROVIDER", "CONFLICT"},
		{"invalid email", admin, "not an email", "PROVIDER", "BAD_USER_INPUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := a.QueryAs(t, tt.token, inviteMutation, map[string]any{"email": tt.email, "name": "Someone", "role": tt.role})
			if tt.code == "" {
				if len(res.Errors) > 0 {
					t.Fatalf("errors: %+v", res.Errors)
				}
				return
			}
			wantCode(t, res, tt.code)
		})
	}
}

const requestResetMutation = `mutation($email: String!) { requestPasswordReset(input: {email: $email}) { ok } }`
const resetMutation = `mutation($token: String!, $password: String!) { resetPassword(input: {token: $token, password: $password}) { ok } }`

func TestPasswordResetEndToEnd(t *testing.T) {
	a := apptest.New(t)
	admin := a.SignIn(t, a.CreateUser(t, user.RoleLOAdmin, user.StatusActive))
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	oldSession := a.SignIn(t, u)

	known := a.Query(t, requestResetMutation, map[string]any{"email": u.Email})
	unknown := a.Query(t, requestResetMutation, map[string]any{"email": "nobody@example.org"})
	if string(known.Data) != string(unknown.Data) || len(known.Errors)+len(unknown.Errors) > 0 {
		t.Fatalf("answers differ: known %s %+v, unknown %s %+v", known.Data, known.Errors, unknown.Data, unknown.Errors)
	}
	var none outboxData
	a.MustQueryAs(t, admin, outboxQuery, map[string]any{"recipient": "nobody@example.org"}, &none)
	if none.Outbox.TotalCount != 0 {
		t.Error("reset email sent to an unknown address")
	}
	token := linkToken(t, a, admin, u.Email, "password_reset")

	wantCode(t, a.Query(t, resetMutation, map[string]any{"token": token, "password": "short"}), "BAD_USER_INPUT")
	a.MustQuery(t, resetMutation, map[string]any{"token": token, "password": "my new long passphrase"}, nil)

	if status, _ := a.Post(t, meQuery, nil, apptest.Bearer(oldSession)); status != http.StatusUnauthorized {
		t.Errorf("status %d for a session from before the reset, want 401", status)
	}
	wantCode(t, a.Query(t, loginMutation, map[string]any{"email": u.Email, "password": apptest.Password}), "UNAUTHENTICATED")
	mustLogin(t, a, u.Email, "my new long passphrase")

	wantCode(t, a.Query(t, resetMutation, map[string]any{"token": token, "password": "yet another passphrase"}), "BAD_USER_INPUT")
	if len(auditActions(t, a, "user.password_reset")) != 1 {
		t.Error("no user.password_reset audit event")
	}
}

func TestPasswordResetLinkExpiresAfterAnHour(t *testing.T) {
	a := apptest.New(t)
	admin := a.SignIn(t, a.CreateUser(t, user.RoleLOAdmin, user.StatusActive))
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	a.MustQuery(t, requestResetMutation, map[string]any{"email": u.Email}, nil)
	token := linkToken(t, a, admin, u.Email, "password_reset")

	a.Clock.Advance(time.Hour + time.Minute)
	wantCode(t, a.Query(t, resetMutation, map[string]any{"token": token, "password": "my new long passphrase"}), "BAD_USER_INPUT")
}

func TestPasswordResetOnlyForActiveAccounts(t *testing.T) {
	a := apptest.New(t)
	for _, status := range []user.Status{user.StatusInvited, user.StatusDisabled, user.StatusPendingApproval} {
		u := a.CreateUser(t, user.RoleProvider, status)
		a.MustQuery(t, requestResetMutation, map[string]any{"email": u.Email}, nil)
	}
	if n := a.Client.Notification.Query().CountX(a.SystemContext()); n != 0 {
		t.Errorf("%d reset emails for accounts that are not active, want 0", n)
	}
}

func TestPasswordResetRequestsCapped(t *testing.T) {
	a := apptest.New(t)
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	for range 5 {
		a.MustQuery(t, requestResetMutation, map[string]any{"email": u.Email}, nil)
	}
	if n := a.Client.Notification.Query().CountX(a.SystemContext()); n != 3 {
		t.Errorf("%d reset emails after 5 requests, want 3", n)
	}
}

func TestNoSecretsInLogsOrAuditEvents(t *testing.T) {
	a := apptest.New(t)
	admin := a.SignIn(t, a.CreateUser(t, user.RoleLOAdmin, user.StatusActive))
	u := a.CreateUser(t, user.RoleProvider, user.StatusActive)

	secrets := []string{apptest.Password, "wrong password!", "invited passphrase", "reset passphrase!"}
	token := mustLogin(t, a, u.Email, apptest.Password).Login.Token
	secrets = append(secrets, token, auth.HashToken(token))
	a.Query(t, loginMutation, map[string]any{"email": u.Email, "password": "wrong password!"})
	a.Post(t, meQuery, nil, apptest.Bearer("not-a-real-token-at-all"))

	a.MustQueryAs(t, admin, inviteMutation, map[string]any{"email": "x@example.org", "name": "X", "role": "PROVIDER"}, nil)
	invitation := linkToken(t, a, admin, "x@example.org", "invitation")
	a.MustQuery(t, acceptMutation, map[string]any{"token": invitation, "password": "invited passphrase"}, nil)
	a.MustQuery(t, requestResetMutation, map[string]any{"email": u.Email}, nil)
	reset := linkToken(t, a, admin, u.Email, "password_reset")
	a.MustQueryAs(t, token, `mutation { logout { ok } }`, nil, nil)
	a.MustQuery(t, resetMutation, map[string]any{"token": reset, "password": "reset passphrase!"}, nil)
	secrets = append(secrets, invitation, reset, "not-a-real-token-at-all")

	logs := a.Logs()
	if !strings.Contains(logs, "http request") {
		t.Fatal("no access log captured")
	}
	events := a.Client.AuditEvent.Query().AllX(a.SystemContext())
	eventsJSON, _ := json.Marshal(events)
	for _, secret := range secrets {
		if strings.Contains(logs, secret) {
			t.Errorf("log contains secret %q", secret)
		}
		if strings.Contains(string(eventsJSON), secret) {
			t.Errorf("audit events contain secret %q", secret)
		}
	}
}

func TestOutboxForLOAdminsOnly(t *testing.T) {
	a := apptest.New(t)
	admin := a.SignIn(t, a.CreateUser(t, user.RoleLOAdmin, user.StatusActive))
	officer := a.SignIn(t, a.CreateUser(t, user.RoleLOOfficer, user.StatusActive))
	provider := a.SignIn(t, a.CreateUser(t, user.RoleProvider, user.StatusActive))
	a.MustQueryAs(t, admin, inviteMutation, map[string]any{"email": "first@example.org", "name": "First", "role": "PROVIDER"}, nil)
	a.MustQueryAs(t, admin, inviteMutation, map[string]any{"email": "second@example.org", "name": "Second", "role": "PROVIDER"}, nil)

	wantCode(t, a.Query(t, outboxQuery, nil), "UNAUTHENTICATED")
	wantCode(t, a.QueryAs(t, provider, outboxQuery, nil), "FORBIDDEN")
	wantCode(t, a.QueryAs(t, officer, outboxQuery, nil), "FORBIDDEN")

	var data outboxData
	a.MustQueryAs(t, admin, outboxQuery, nil, &data)
	if data.Outbox.TotalCount != 2 || len(data.Outbox.Edges) != 2 {
		t.Fatalf("outbox has %d emails, want 2", data.Outbox.TotalCount)
	}
	newest := data.Outbox.Edges[0].Node
	if newest.Recipient != "second@example.org" {
		t.Errorf("first email is to %s, want the newest (second@example.org)", newest.Recipient)
	}
	if newest.Template != "invitation" || newest.State != "PENDING" || newest.Subject == "" || !strings.HasPrefix(newest.MessageID, "<") {
		t.Errorf("email fields %+v", newest)
	}

	wantCode(t, a.QueryAs(t, admin, `{ outbox(first: 101) { totalCount } }`, nil), "BAD_USER_INPUT")
}

func TestMeListsCommissionedContent(t *testing.T) {
	a := apptest.New(t)
	commissioner := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	org := a.Client.Organization.Create().SetName("Northshire NHS Trust").SetSlug("northshire-nhs").SaveX(a.SystemContext())
	a.Client.Service.Create().SetName("Speech therapy").SetSlug("speech-therapy").SetStatus(service.StatusDraft).
		SetOrganization(org).SetCommissioner(commissioner).ExecX(a.SystemContext())
	a.Client.Service.Create().SetName("Someone else's").SetSlug("someone-elses").SetStatus(service.StatusDraft).
		SetOrganization(org).ExecX(a.SystemContext())

	var data struct {
		Me struct {
			CommissionedServices struct {
				TotalCount int `json:"totalCount"`
				Edges      []struct {
					Node struct{ Name string } `json:"node"`
				} `json:"edges"`
			} `json:"commissionedServices"`
			CommissionedInformationPages struct {
				TotalCount int `json:"totalCount"`
			} `json:"commissionedInformationPages"`
		} `json:"me"`
	}
	a.MustQueryAs(t, a.SignIn(t, commissioner), `{ me {
	  commissionedServices { totalCount edges { node { name } } }
	  commissionedInformationPages { totalCount }
	} }`, nil, &data)
	if data.Me.CommissionedServices.TotalCount != 1 || data.Me.CommissionedServices.Edges[0].Node.Name != "Speech therapy" {
		t.Errorf("commissioned services %+v, want the draft they commission", data.Me.CommissionedServices)
	}
	if data.Me.CommissionedInformationPages.TotalCount != 0 {
		t.Errorf("commissioned pages %d, want 0", data.Me.CommissionedInformationPages.TotalCount)
	}
}
