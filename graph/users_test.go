package graph_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
)

const updateUserMutation = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { id name role status } } }`

func TestUpdateUserRoleByAdmin(t *testing.T) {
	a := apptest.New(t)
	admin := a.CreateUser(t, user.RoleLOAdmin, user.StatusActive)
	officer := a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	token := a.SignIn(t, admin)

	var data struct {
		UpdateUser struct {
			User struct{ Role string } `json:"user"`
		} `json:"updateUser"`
	}
	a.MustQueryAs(t, token, updateUserMutation, map[string]any{"input": map[string]any{"id": officer.ID, "role": "LO_ADMIN"}}, &data)
	if data.UpdateUser.User.Role != "LO_ADMIN" {
		t.Errorf("role = %q, want LO_ADMIN", data.UpdateUser.User.Role)
	}

	events := a.Client.AuditEvent.Query().Where(auditevent.Action("user.role_changed"), auditevent.ObjectID(officer.ID)).AllX(a.SystemContext())
	if len(events) != 1 {
		t.Fatalf("role change audit events = %d, want 1", len(events))
	}
	if events[0].Detail != "lo_officer to lo_admin" {
		t.Errorf("audit detail = %q", events[0].Detail)
	}
	if events[0].ActorID == nil || *events[0].ActorID != admin.ID {
		t.Errorf("audit actor = %v, want the admin", events[0].ActorID)
	}
}

func TestUpdateUserRefusals(t *testing.T) {
	a := apptest.New(t)
	admin := a.CreateUser(t, user.RoleLOAdmin, user.StatusActive)
	officer := a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	provider := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	adminToken := a.SignIn(t, admin)
	officerToken := a.SignIn(t, officer)
	providerToken := a.SignIn(t, provider)

	tests := []struct {
		name     string
		token    string
		input    map[string]any
		wantCode string
	}{
		{"anonymous", "", map[string]any{"id": provider.ID, "name": "X"}, "UNAUTHENTICATED"},
		{"officer changes a role", officerToken, map[string]any{"id": provider.ID, "role": "LO_OFFICER"}, "FORBIDDEN"},
		{"officer disables", officerToken, map[string]any{"id": provider.ID, "status": "DISABLED"}, "FORBIDDEN"},
		{"provider promotes self", providerToken, map[string]any{"id": provider.ID, "role": "LO_ADMIN"}, "FORBIDDEN"},
		{"provider renames an unrelated user", providerToken, map[string]any{"id": officer.ID, "name": "X"}, "NOT_FOUND"},
		{"last admin demotes self", adminToken, map[string]any{"id": admin.ID, "role": "LO_OFFICER"}, "CONFLICT"},
		{"last admin disabled", adminToken, map[string]any{"id": admin.ID, "status": "DISABLED"}, "CONFLICT"},
		{"status outside active and disabled", adminToken, map[string]any{"id": provider.ID, "status": "DECLINED"}, "BAD_USER_INPUT"},
		{"empty name", providerToken, map[string]any{"id": provider.ID, "name": "  "}, "BAD_USER_INPUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := a.QueryAs(t, tt.token, updateUserMutation, map[string]any{"input": tt.input})
			if len(res.Errors) != 1 || res.Errors[0].Code() != tt.wantCode {
				t.Errorf("errors = %+v, want one %s", res.Errors, tt.wantCode)
			}
		})
	}

	unchanged := a.Client.User.GetX(a.SystemContext(), admin.ID)
	if unchanged.Role != user.RoleLOAdmin || unchanged.Status != user.StatusActive {
		t.Errorf("refused changes altered the admin: role %s, status %s", unchanged.Role, unchanged.Status)
	}
}

func TestProviderRenamesSelf(t *testing.T) {
	a := apptest.New(t)
	provider := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	var data struct {
		UpdateUser struct {
			User struct{ Name string } `json:"user"`
		} `json:"updateUser"`
	}
	a.MustQueryAs(t, a.SignIn(t, provider), updateUserMutation,
		map[string]any{"input": map[string]any{"id": provider.ID, "name": "Robin Okafor"}}, &data)
	if data.UpdateUser.User.Name != "Robin Okafor" {
		t.Errorf("name = %q", data.UpdateUser.User.Name)
	}
}

func TestDisabledUserLosesSessions(t *testing.T) {
	a := apptest.New(t)
	admin := a.CreateUser(t, user.RoleLOAdmin, user.StatusActive)
	provider := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	providerToken := a.SignIn(t, provider)

	a.MustQueryAs(t, a.SignIn(t, admin), updateUserMutation,
		map[string]any{"input": map[string]any{"id": provider.ID, "status": "DISABLED"}}, nil)

	status, res := a.Post(t, `{ me { id } }`, nil, apptest.Bearer(providerToken))
	if status != http.StatusUnauthorized {
		t.Errorf("disabled user's token: status %d, want 401", status)
	}
	if len(res.Errors) != 1 || res.Errors[0].Code() != "UNAUTHENTICATED" {
		t.Errorf("disabled user's token: errors = %+v, want UNAUTHENTICATED", res.Errors)
	}
	if n := a.Client.AuditEvent.Query().Where(auditevent.Action("user.disabled")).CountX(a.SystemContext()); n != 1 {
		t.Errorf("user.disabled audit events = %d, want 1", n)
	}

	// An admin can enable the account again; the user then signs in anew.
	a.MustQueryAs(t, a.SignIn(t, admin), updateUserMutation,
		map[string]any{"input": map[string]any{"id": provider.ID, "status": "ACTIVE"}}, nil)
	if got := a.Client.User.GetX(a.SystemContext(), provider.ID).Status; got != user.StatusActive {
		t.Errorf("status after enabling = %s", got)
	}
}

func TestUsersListFollowsScope(t *testing.T) {
	a := apptest.New(t)
	officer := a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	provider := a.CreateUser(t, user.RoleProvider, user.StatusActive)
	other := a.CreateUser(t, user.RoleProvider, user.StatusActive)

	list := func(token string, where map[string]any) (int, []string) {
		var data struct {
			Users struct {
				TotalCount int `json:"totalCount"`
				Edges      []struct {
					Node struct{ Email string } `json:"node"`
				} `json:"edges"`
			} `json:"users"`
		}
		res := a.QueryAs(t, token, `query($where: UserWhereInput) { users(where: $where) { totalCount edges { node { email } } } }`,
			map[string]any{"where": where})
		if len(res.Errors) > 0 {
			t.Fatalf("users: %+v", res.Errors)
		}
		if err := json.Unmarshal(res.Data, &data); err != nil {
			t.Fatal(err)
		}
		var emails []string
		for _, e := range data.Users.Edges {
			emails = append(emails, e.Node.Email)
		}
		return data.Users.TotalCount, emails
	}

	if n, _ := list(a.SignIn(t, officer), nil); n != 3 {
		t.Errorf("officer sees %d users, want 3", n)
	}
	if n, emails := list(a.SignIn(t, provider), nil); n != 1 || emails[0] != provider.Email {
		t.Errorf("provider sees %d users %v, want only themselves", n, emails)
	}
	if n, _ := list(a.SignIn(t, officer), map[string]any{"role": "PROVIDER"}); n != 2 {
		t.Errorf("officer filtering providers sees %d, want 2", n)
	}
	if n, emails := list(a.SignIn(t, officer), map[string]any{"search": strings.ToUpper(other.Email)}); n != 1 || emails[0] != other.Email {
		t.Errorf("search by part of the email: %d %v", n, emails)
	}

	res := a.Query(t, `{ users { totalCount } }`, nil)
	if len(res.Errors) != 1 || res.Errors[0].Code() != "UNAUTHENTICATED" {
		t.Errorf("anonymous users list: errors = %+v, want UNAUTHENTICATED", res.Errors)
	}
}
