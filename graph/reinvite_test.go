package graph_test

import (
	"testing"

	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
)

// Inviting someone again replaces the earlier invitation: the account takes
// the new name and role, and only the newest link works.
func TestReinvitationReplacesEarlierLink(t *testing.T) {
	a := apptest.New(t)
	admin := a.SignIn(t, a.CreateUser(t, user.RoleLOAdmin, user.StatusActive))

	a.MustQueryAs(t, admin, inviteMutation, map[string]any{"email": "ivy@example.org", "name": "Ivy", "role": "LO_OFFICER"}, nil)
	first := linkToken(t, a, admin, "ivy@example.org", "invitation")

	var again struct {
		InviteUser struct {
			User struct{ Role string }
		} `json:"inviteUser"`
	}
	a.MustQueryAs(t, admin, inviteMutation, map[string]any{"email": "ivy@example.org", "name": "Ivy Again", "role": "PROVIDER"}, &again)
	if again.InviteUser.User.Role != "PROVIDER" {
		t.Errorf("role after the second invitation = %q, want PROVIDER", again.InviteUser.User.Role)
	}
	second := linkToken(t, a, admin, "ivy@example.org", "invitation")
	if second == first {
		t.Fatal("the second invitation reused the first link")
	}

	stale := a.Query(t, acceptMutation, map[string]any{"token": first, "password": "a brand new passphrase"})
	wantCode(t, stale, "BAD_USER_INPUT")

	var accepted struct {
		AcceptInvitation struct {
			User struct{ Email, Status string }
		} `json:"acceptInvitation"`
	}
	a.MustQuery(t, acceptMutation, map[string]any{"token": second, "password": "a brand new passphrase"}, &accepted)
	if accepted.AcceptInvitation.User.Status != "ACTIVE" {
		t.Errorf("status after accepting the newest link = %q", accepted.AcceptInvitation.User.Status)
	}
	invitee := a.Client.User.Query().Where(user.Email("ivy@example.org")).OnlyX(a.SystemContext())
	if invitee.Name != "Ivy Again" || invitee.Role != user.RoleProvider {
		t.Errorf("account after accepting: name %q, role %s", invitee.Name, invitee.Role)
	}
}
