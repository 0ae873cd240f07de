package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/session"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/authz/entrule"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// UserFilter narrows the users list.
type UserFilter struct {
	Role   *user.Role
	Status *user.Status
	// Search matches part of the name or the email, ignoring case.
	Search *string
}

// Users returns a page of the accounts the caller may read: every account
// for LO officers, their own and their colleagues' for providers.
func (s *Service) Users(ctx context.Context, filter UserFilter, page directory.Page) (*ent.UserConnection, error) {
	if v := viewer.FromContext(ctx); !v.SignedIn() && v.APIKeyID == uuid.Nil {
		return nil, apperr.ErrUnauthenticated
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	query := s.client.User.Query()
	if filter.Role != nil {
		query.Where(user.RoleEQ(*filter.Role))
	}
	if filter.Status != nil {
		query.Where(user.StatusEQ(*filter.Status))
	}
	if filter.Search != nil {
		if term := strings.TrimSpace(*filter.Search); term != "" {
			query.Where(user.Or(user.NameContainsFold(term), user.EmailContainsFold(term)))
		}
	}
	// The default order is by id, which for UUID v7 keys is creation order.
	conn, err := query.Paginate(ctx, page.After, page.First, page.Before, page.Last)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return conn, nil
}

// UserUpdate changes an account. Nil fields stay as they are.
type UserUpdate struct {
	ID   uuid.UUID
	Name *string
	Role *user.Role
	// Status may be ACTIVE or DISABLED.
	Status *user.Status
}

// UpdateUser changes an account's name, role or status. Everyone may rename
// themselves; changing a role or disabling and enabling an account takes an
// LO admin. The last active LO admin cannot be demoted or disabled, and a
// disabled account's sessions end at once.
func (s *Service) UpdateUser(ctx context.Context, update UserUpdate) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if !v.SignedIn() && v.APIKeyID == uuid.Nil {
		return nil, apperr.ErrUnauthenticated
	}
	a, err := entrule.Authorizer(ctx)
	if err != nil {
		return nil, err
	}
	target, err := s.client.User.Get(ctx, update.ID)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no user with id %s", update.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("load user %s: %w", update.ID, err)
	}
	relation := authz.RelationNone
	if target.ID == v.UserID {
		relation = authz.RelationSelf
	}

	var (
		newName   *string
		newRole   *user.Role
		newStatus *user.Status
		changed   []string
		events    []string
	)
	if update.Name != nil {
		name, err := checkName("input.name", *update.Name)
		if err != nil {
			return nil, err
		}
		if err := a.Check(v.PolicyRole(), authz.TypeUser, authz.ActionUpdate, relation); err != nil {
			return nil, fmt.Errorf("only the user or an LO admin may rename this account: %w", apperr.ErrForbidden)
		}
		if name != target.Name {
			newName = &name
			changed = append(changed, user.FieldName)
			events = append(events, "user.renamed")
		}
	}
	if update.Role != nil && *update.Role != target.Role {
		if err := user.RoleValidator(*update.Role); err != nil {
			return nil, apperr.Input("input.role", "unknown role %q", *update.Role)
		}
		if !a.Allowed(v.PolicyRole(), authz.TypeUser, authz.ActionChangeRole, relation) {
			return nil, fmt.Errorf("only an LO admin may change roles: %w", apperr.ErrForbidden)
		}
		newRole = update.Role
		changed = append(changed, user.FieldRole)
		events = append(events, "user.role_changed")
	}
	if update.Status != nil && *update.Status != target.Status {
		if *update.Status != user.StatusActive && *update.Status != user.StatusDisabled {
			return nil, apperr.Input("input.status", "set ACTIVE or DISABLED; the other states follow from invitations and sign-ups")
		}
		if !a.Allowed(v.PolicyRole(), authz.TypeUser, authz.ActionChangeRole, relation) {
			return nil, fmt.Errorf("only an LO admin may disable or enable accounts: %w", apperr.ErrForbidden)
		}
		if *update.Status == user.StatusActive && target.PasswordHash == "" {
			return nil, apperr.Input("input.status", "%s has never set a password: send a new invitation instead", target.Email)
		}
		newStatus = update.Status
		changed = append(changed, user.FieldStatus)
		events = append(events, map[user.Status]string{user.StatusActive: "user.enabled", user.StatusDisabled: "user.disabled"}[*update.Status])
	}
	if len(changed) == 0 {
		return target, nil
	}

	var updated *ent.User
	err = s.withTx(ctx, func(tx *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		if err := keepAnAdmin(sys, tx, target, newRole, newStatus); err != nil {
			return err
		}
		updated, err = tx.User.UpdateOneID(target.ID).
			SetNillableName(newName).
			SetNillableRole(newRole).
			SetNillableStatus(newStatus).
			Save(sys)
		if err != nil {
			return fmt.Errorf("update user %s: %w", target.ID, err)
		}
		if updated.Status != user.StatusDisabled {
			return nil
		}
		err = tx.Session.Update().
			Where(session.UserID(target.ID), session.RevokedAtIsNil()).
			SetRevokedAt(s.now()).
			Exec(sys)
		if err != nil {
			return fmt.Errorf("end sessions of user %s: %w", target.ID, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, action := range events {
		event := userAudit(action, updated, "")
		event.ChangedFields = changed
		if action == "user.role_changed" {
			event.Detail = roleName(target.Role) + " to " + roleName(updated.Role)
		}
		s.recordAudit(ctx, event)
	}
	return updated, nil
}

// keepAnAdmin refuses a change that would leave no active LO admin, since
// then nobody could manage accounts, roles or API keys.
func keepAnAdmin(ctx context.Context, tx *ent.Client, target *ent.User, newRole *user.Role, newStatus *user.Status) error {
	if target.Role != user.RoleLOAdmin || target.Status != user.StatusActive {
		return nil
	}
	demoted := newRole != nil && *newRole != user.RoleLOAdmin
	disabled := newStatus != nil && *newStatus != user.StatusActive
	if !demoted && !disabled {
		return nil
	}
	others, err := tx.User.Query().
		Where(user.RoleEQ(user.RoleLOAdmin), user.StatusEQ(user.StatusActive), user.IDNEQ(target.ID)).
		Count(ctx)
	if err != nil {
		return fmt.Errorf("count LO admins: %w", err)
	}
	if others == 0 {
		return fmt.Errorf("%s is the last active LO admin: make another user an LO admin first: %w", target.Email, apperr.ErrConflict)
	}
	return nil
}
