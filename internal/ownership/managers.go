package ownership

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/authz"
)

// maxNameBytes is the longest name a user may have, as the user schema
// allows.
const maxNameBytes = 200

// NewContentManager is a request to add a content manager to a service or an
// information page, named by exactly one of the two ids.
type NewContentManager struct {
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	Email             string
	// Name is used when the email has no account yet and is invited.
	Name *string
}

// ContentManagerRemoval is a request to remove a content manager.
type ContentManagerRemoval struct {
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	UserID            uuid.UUID
}

// ContentManagerChange is the record a content manager was added to or
// removed from, and the user added.
type ContentManagerChange struct {
	Service         *ent.Service
	InformationPage *ent.InformationPage
	User            *ent.User
}

// AddContentManager adds a content manager to a service or information page.
// An email without an account is invited as a provider, whose rights then
// reach only the content they are given. An active or invited provider is
// added and emailed. Adding a current content manager again changes nothing.
func (m *Manager) AddContentManager(ctx context.Context, in NewContentManager) (*ContentManagerChange, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	out := &ContentManagerChange{}
	err = m.run(ctx, func(tx *ent.Client, c *change) error {
		r, err := loadEitherRecord(ctx, tx, in.ServiceID, in.InformationPageID)
		if err != nil {
			return err
		}
		if err := m.authorize(ctx, tx, r, authz.ActionManageContentManagers, "manage the content managers of"); err != nil {
			return err
		}
		email, err := auth.NormalizeEmail("input.email", in.Email)
		if err != nil {
			return err
		}
		name := ""
		if in.Name != nil {
			name = strings.TrimSpace(*in.Name)
		}
		if len(name) > maxNameBytes {
			return apperr.Input("input.name", "is too long (%d bytes); shorten it to at most %d", len(name), maxNameBytes)
		}

		u, invited, err := m.findOrInviteManager(ctx, tx, r, email, name, v.UserID)
		if err != nil {
			return err
		}
		if invited {
			c.audit(audit.Event{
				Action:     "user.invited",
				ObjectType: authz.TypeUser,
				ObjectID:   u.ID,
				Detail:     "role provider, as a content manager of " + r.typ() + " " + r.id().String(),
			})
		}
		out.User = u
		manages, err := isContentManager(ctx, tx, r, u.ID)
		if err != nil {
			return err
		}
		if !manages {
			if err := addContentManagerEdge(ctx, tx, r, u.ID); err != nil {
				return err
			}
			if !invited {
				if err := m.emailContentManagerAdded(ctx, tx, u, r); err != nil {
					return err
				}
			}
			c.audit(audit.Event{
				Action:        r.typ() + ".content_manager_added",
				ObjectType:    r.typ(),
				ObjectID:      r.id(),
				ChangedFields: []string{"content_managers"},
				Detail:        "added " + userRef(&u.ID),
			})
		}
		r, err = r.reload(ctx, tx)
		out.Service, out.InformationPage = r.Service, r.InformationPage
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// findOrInviteManager returns the account that is to manage the record: the
// existing one with that email, when it may, or a newly invited provider.
func (m *Manager) findOrInviteManager(ctx context.Context, tx *ent.Client, r record, email, name string, inviterID uuid.UUID) (u *ent.User, invited bool, err error) {
	u, err = tx.User.Query().Where(user.Email(email)).Only(system(ctx))
	if ent.IsNotFound(err) {
		u, err = auth.Invite(ctx, tx, m.publicURL, auth.Invitation{
			Email:     email,
			Name:      name,
			Role:      user.RoleProvider,
			InvitedBy: m.inviterName(ctx, tx, inviterID),
		})
		return u, true, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("look up user by email: %w", err)
	}

	switch {
	case u.Role != user.RoleProvider:
		return nil, false, apperr.Input("input.email", "%s belongs to an LO officer, who can already edit all content", email)
	case u.Status != user.StatusActive && u.Status != user.StatusInvited:
		return nil, false, apperr.Input("input.email", "the account of %s is %s, so it cannot be given content",
			email, strings.ToLower(strings.ReplaceAll(string(u.Status), "_", " ")))
	case sameUser(r.leadID(), &u.ID):
		return nil, false, apperr.Input("input.email", "%s already leads this %s", email, r.noun())
	}
	return u, false, nil
}

// inviterName returns how an invitation names the person who sent it.
func (m *Manager) inviterName(ctx context.Context, tx *ent.Client, id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	u, err := tx.User.Get(system(ctx), id)
	if err != nil {
		m.logger.WarnContext(ctx, "load inviter for invitation email", "user_id", id, "error", err)
		return ""
	}
	return u.Name
}

// RemoveContentManager removes a content manager from a service or
// information page. The account stays, with whatever other content it has.
func (m *Manager) RemoveContentManager(ctx context.Context, in ContentManagerRemoval) (*ContentManagerChange, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	out := &ContentManagerChange{}
	err := m.run(ctx, func(tx *ent.Client, c *change) error {
		r, err := loadEitherRecord(ctx, tx, in.ServiceID, in.InformationPageID)
		if err != nil {
			return err
		}
		if err := m.authorize(ctx, tx, r, authz.ActionManageContentManagers, "manage the content managers of"); err != nil {
			return err
		}
		manages, err := isContentManager(ctx, tx, r, in.UserID)
		if err != nil {
			return err
		}
		if !manages {
			return apperr.Input("input.userId", "user %s is not a content manager of this %s", in.UserID, r.noun())
		}

		if err := removeContentManagerEdge(ctx, tx, r, in.UserID); err != nil {
			return err
		}
		c.audit(audit.Event{
			Action:        r.typ() + ".content_manager_removed",
			ObjectType:    r.typ(),
			ObjectID:      r.id(),
			ChangedFields: []string{"content_managers"},
			Detail:        "removed " + userRef(&in.UserID),
		})
		r, err = r.reload(ctx, tx)
		out.Service, out.InformationPage = r.Service, r.InformationPage
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func addContentManagerEdge(ctx context.Context, tx *ent.Client, r record, userID uuid.UUID) error {
	ctx = system(ctx)
	var err error
	if r.Service != nil {
		err = tx.Service.UpdateOneID(r.Service.ID).AddContentManagerIDs(userID).Exec(ctx)
	} else {
		err = tx.InformationPage.UpdateOneID(r.InformationPage.ID).AddContentManagerIDs(userID).Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("add content manager to %s %s: %w", r.noun(), r.id(), err)
	}
	return nil
}

func removeContentManagerEdge(ctx context.Context, tx *ent.Client, r record, userID uuid.UUID) error {
	ctx = system(ctx)
	var err error
	if r.Service != nil {
		err = tx.Service.UpdateOneID(r.Service.ID).RemoveContentManagerIDs(userID).Exec(ctx)
	} else {
		err = tx.InformationPage.UpdateOneID(r.InformationPage.ID).RemoveContentManagerIDs(userID).Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("remove content manager from %s %s: %w", r.noun(), r.id(), err)
	}
	return nil
}
