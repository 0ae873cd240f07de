package auth

import (
	"context"
	"fmt"
	"github.com/google/uuid"
	"strings"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/authz/entrule"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxNameLength is the longest name a user may have, in characters, as the
// ent schema allows.
const maxNameLength = 200

// NewUser is an account to create with a password, from the command line.
type NewUser struct {
	Email    string
	Name     string
	Role     user.Role
	Password string
}

// CreateUser creates an active account with a password. An email that
// already has an account is a conflict.
func (s *Service) CreateUser(ctx context.Context, nu NewUser) (*ent.User, error) {
	email, err := NormalizeEmail("email", nu.Email)
	if err != nil {
		return nil, err
	}
	name, err := checkName("name", nu.Name)
	if err != nil {
		return nil, err
	}
	if err := user.RoleValidator(nu.Role); err != nil {
		return nil, apperr.Input("role", "unknown role %q: use lo_admin, lo_officer or provider", strings.ToLower(string(nu.Role)))
	}
	if err := CheckPassword("password", nu.Password); err != nil {
		return nil, err
	}
	sys := viewer.SystemContext(ctx)
	if err := s.checkEmailFree(sys, email); err != nil {
		return nil, err
	}

	u, err := s.client.User.Create().
		SetEmail(email).
		SetName(name).
		SetRole(nu.Role).
		SetStatus(user.StatusActive).
		SetPasswordHash(s.hasher.Hash(nu.Password)).
		Save(sys)
	if ent.IsConstraintError(err) {
		return nil, fmt.Errorf("a user with email %s already exists: %w", email, apperr.ErrConflict)
	}
	if err != nil {
		return nil, fmt.Errorf("create user %s: %w", email, err)
	}
	s.recordAudit(ctx, userAudit("user.created", u, "role "+roleName(u.Role)))
	return u, nil
}

func (s *Service) checkEmailFree(ctx context.Context, email string) error {
	existing, err := s.client.User.Query().Where(user.Email(email)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("look up user %s: %w", email, err)
	}
	return fmt.Errorf("a user with email %s already exists (status %s): %w", email, strings.ToLower(string(existing.Status)), apperr.ErrConflict)
}

// InviteUser invites someone to an account with a role, for LO officers and
// admins. Only a role that may change other users' roles (LO admin) may
// invite an LO admin. The invitation email goes to the outbox with a
// one-time link.
func (s *Service) InviteUser(ctx context.Context, inv Invitation) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if !v.SignedIn() && v.APIKeyID == uuid.Nil {
		return nil, apperr.ErrUnauthenticated
	}
	a, err := entrule.Authorizer(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.Check(v.PolicyRole(), authz.TypeUser, authz.ActionInvite); err != nil {
		return nil, err
	}
	if inv.Role == user.RoleLOAdmin && !a.Allowed(v.PolicyRole(), authz.TypeUser, authz.ActionChangeRole) {
		return nil, fmt.Errorf("only an LO admin may invite an LO admin: %w", apperr.ErrForbidden)
	}
	if err := user.RoleValidator(inv.Role); err != nil {
		return nil, apperr.Input("input.role", "unknown role %q", inv.Role)
	}
	if inv.Name, err = checkName("input.name", inv.Name); err != nil {
		return nil, err
	}
	if inv.InvitedBy == "" {
		inv.InvitedBy = s.inviterName(ctx, v)
	}

	var invited *ent.User
	err = s.withTx(ctx, func(tx *ent.Client) error {
		invited, err = Invite(ctx, tx, s.cfg.PublicURL, inv)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.recordAudit(ctx, userAudit("user.invited", invited, "role "+roleName(invited.Role)))
	return invited, nil
}

// inviterName returns how the invitation email names the inviter, such as
// "Sam Patel of the Local Offer team".
func (s *Service) inviterName(ctx context.Context, v viewer.Viewer) string {
	inviter, err := s.client.User.Get(viewer.SystemContext(ctx), v.UserID)
	if err != nil {
		return ""
	}
	return inviter.Name + " of the Local Offer team"
}

func checkName(field, name string) (string, error) {
	name = strings.TrimSpace(name)
	switch n := len([]rune(name)); {
	case n == 0:
		return "", apperr.Input(field, "name is empty: give the person's full name")
	case n > maxNameLength:
		return "", apperr.Input(field, "name is too long: use at most %d characters", maxNameLength)
	}
	return name, nil
}

// roleName returns an enum value as the policy and the command line spell
// it, such as lo_admin.
func roleName(r user.Role) string {
	return strings.ToLower(string(r))
}
