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
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// SetServiceLead names the lead of a service, or hands it back to the LO team
// when userID is nil. It returns the service as the caller now sees it.
func (m *Manager) SetServiceLead(ctx context.Context, serviceID uuid.UUID, userID *uuid.UUID) (*ent.Service, error) {
	r, err := m.setLead(ctx, authz.TypeService, serviceID, userID)
	return r.Service, err
}

// SetInformationPageLead is SetServiceLead for an information page.
func (m *Manager) SetInformationPageLead(ctx context.Context, pageID uuid.UUID, userID *uuid.UUID) (*ent.InformationPage, error) {
	r, err := m.setLead(ctx, authz.TypeInformationPage, pageID, userID)
	return r.InformationPage, err
}

// SetServiceCommissioner names the commissioner of a service, or removes it
// when userID is nil.
func (m *Manager) SetServiceCommissioner(ctx context.Context, serviceID uuid.UUID, userID *uuid.UUID) (*ent.Service, error) {
	r, err := m.setCommissioner(ctx, authz.TypeService, serviceID, userID)
	return r.Service, err
}

// SetInformationPageCommissioner is SetServiceCommissioner for an information
// page.
func (m *Manager) SetInformationPageCommissioner(ctx context.Context, pageID uuid.UUID, userID *uuid.UUID) (*ent.InformationPage, error) {
	r, err := m.setCommissioner(ctx, authz.TypeInformationPage, pageID, userID)
	return r.InformationPage, err
}

func (m *Manager) setLead(ctx context.Context, typ string, id uuid.UUID, userID *uuid.UUID) (record, error) {
	if _, err := signedIn(ctx); err != nil {
		return record{}, err
	}
	var r record
	err := m.run(ctx, func(tx *ent.Client, c *change) error {
		var err error
		r, err = loadRecord(ctx, tx, typ, id)
		if err != nil {
			return err
		}
		if err := m.authorize(ctx, tx, r, authz.ActionTransfer, "name the lead of"); err != nil {
			return err
		}
		if err := m.changeLead(ctx, tx, c, r, userID, "input.userId"); err != nil {
			return err
		}
		r, err = r.reload(ctx, tx)
		return err
	})
	return r, err
}

// changeLead makes userID the record's lead, or the LO team when it is nil,
// after the caller's right to do so was checked. field names the input that
// gave userID, for errors.
func (m *Manager) changeLead(ctx context.Context, tx *ent.Client, c *change, r record, userID *uuid.UUID, field string) error {
	var lead *ent.User
	if userID != nil {
		var err error
		lead, err = loadEligibleLead(ctx, tx, *userID, field)
		if err != nil {
			return err
		}
	}
	previous := r.leadID()
	if sameUser(previous, userID) {
		return nil
	}

	if err := setLeadID(ctx, tx, r, userID); err != nil {
		return fmt.Errorf("set lead of %s %s: %w", r.noun(), r.id(), err)
	}
	if lead != nil {
		if err := m.emailNewLead(ctx, tx, lead, []record{r}); err != nil {
			return err
		}
	}
	c.audit(audit.Event{
		Action:        r.typ() + ".lead_changed",
		ObjectType:    r.typ(),
		ObjectID:      r.id(),
		ChangedFields: []string{"lead"},
		Detail:        "from " + userRef(previous) + " to " + userRef(userID),
	})
	return nil
}

func (m *Manager) setCommissioner(ctx context.Context, typ string, id uuid.UUID, userID *uuid.UUID) (record, error) {
	if _, err := signedIn(ctx); err != nil {
		return record{}, err
	}
	var r record
	err := m.run(ctx, func(tx *ent.Client, c *change) error {
		var err error
		r, err = loadRecord(ctx, tx, typ, id)
		if err != nil {
			return err
		}
		if err := m.authorize(ctx, tx, r, authz.ActionTransfer, "name the commissioner of"); err != nil {
			return err
		}
		if userID != nil {
			if _, err := loadActiveUser(ctx, tx, *userID, "input.userId", "commission content"); err != nil {
				return err
			}
		}
		previous := r.commissionerID()
		if sameUser(previous, userID) {
			return nil
		}

		if err := setCommissionerID(ctx, tx, r, userID); err != nil {
			return fmt.Errorf("set commissioner of %s %s: %w", r.noun(), r.id(), err)
		}
		c.audit(audit.Event{
			Action:        r.typ() + ".commissioner_changed",
			ObjectType:    r.typ(),
			ObjectID:      r.id(),
			ChangedFields: []string{"commissioner"},
			Detail:        "from " + commissionerRef(previous) + " to " + commissionerRef(userID),
		})
		r, err = r.reload(ctx, tx)
		return err
	})
	return r, err
}

func commissionerRef(id *uuid.UUID) string {
	if id == nil {
		return "none"
	}
	return "user " + id.String()
}

func sameUser(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// loadEligibleLead loads the user who is to lead content: an active provider
// or LO officer. Any other user is an input error on field.
func loadEligibleLead(ctx context.Context, client *ent.Client, id uuid.UUID, field string) (*ent.User, error) {
	return loadActiveUser(ctx, client, id, field, "lead content")
}

// loadActiveUser loads a user who must be active to take on a
// responsibility, which error messages name.
func loadActiveUser(ctx context.Context, client *ent.Client, id uuid.UUID, field, responsibility string) (*ent.User, error) {
	u, err := client.User.Get(system(ctx), id)
	if ent.IsNotFound(err) {
		return nil, apperr.Input(field, "no user has id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load user %s: %w", id, err)
	}
	if u.Status != user.StatusActive {
		return nil, apperr.Input(field, "user %s cannot %s: their account is %s, not active",
			id, responsibility, strings.ToLower(strings.ReplaceAll(string(u.Status), "_", " ")))
	}
	return u, nil
}

// Transfer is a request to move the lead of content from one user to
// another. When ServiceIDs and InformationPageIDs are both nil, everything
// FromUserID leads moves; otherwise only the records listed.
type Transfer struct {
	FromUserID         uuid.UUID
	ToUserID           uuid.UUID
	ServiceIDs         []uuid.UUID
	InformationPageIDs []uuid.UUID
}

// Transferred lists the records whose lead changed, as the caller now sees
// them.
type Transferred struct {
	Services         []*ent.Service
	InformationPages []*ent.InformationPage
}

// Transfer moves the lead of content from one user to another: for example
// when someone leaves, or when their account is disabled.
func (m *Manager) Transfer(ctx context.Context, in Transfer) (*Transferred, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if in.FromUserID == in.ToUserID {
		return nil, apperr.Input("input.toUserId", "is the same user as fromUserId")
	}
	out := &Transferred{Services: []*ent.Service{}, InformationPages: []*ent.InformationPage{}}
	err = m.run(ctx, func(tx *ent.Client, c *change) error {
		records, err := m.recordsToTransfer(ctx, tx, v, in)
		if err != nil {
			return err
		}
		to, err := loadEligibleLead(ctx, tx, in.ToUserID, "input.toUserId")
		if err != nil {
			return err
		}
		for _, r := range records {
			if err := setLeadID(ctx, tx, r, &to.ID); err != nil {
				return fmt.Errorf("set lead of %s %s: %w", r.noun(), r.id(), err)
			}
			c.audit(audit.Event{
				Action:        r.typ() + ".lead_changed",
				ObjectType:    r.typ(),
				ObjectID:      r.id(),
				ChangedFields: []string{"lead"},
				Detail:        "from " + userRef(&in.FromUserID) + " to " + userRef(&to.ID) + " by transfer",
			})
			r, err = r.reload(ctx, tx)
			if err != nil {
				return err
			}
			if r.Service != nil {
				out.Services = append(out.Services, r.Service)
			} else {
				out.InformationPages = append(out.InformationPages, r.InformationPage)
			}
		}
		if len(records) == 0 {
			return nil
		}
		return m.emailNewLead(ctx, tx, to, records)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// recordsToTransfer returns the records a transfer moves, after checking that
// the caller may transfer each one and that FromUserID leads it.
func (m *Manager) recordsToTransfer(ctx context.Context, tx *ent.Client, v viewer.Viewer, in Transfer) ([]record, error) {
	if _, err := tx.User.Get(system(ctx), in.FromUserID); ent.IsNotFound(err) {
		return nil, apperr.Input("input.fromUserId", "no user has id %s", in.FromUserID)
	} else if err != nil {
		return nil, fmt.Errorf("load user %s: %w", in.FromUserID, err)
	}

	if in.ServiceIDs == nil && in.InformationPageIDs == nil {
		return m.everythingLedBy(ctx, tx, v, in.FromUserID)
	}

	var records []record
	listed := []struct {
		typ, field string
		ids        []uuid.UUID
	}{
		{authz.TypeService, "input.serviceIds", in.ServiceIDs},
		{authz.TypeInformationPage, "input.informationPageIds", in.InformationPageIDs},
	}
	for _, list := range listed {
		seen := map[uuid.UUID]bool{}
		for _, id := range list.ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			r, err := loadRecord(ctx, tx, list.typ, id)
			if err != nil {
				return nil, err
			}
			if err := m.authorize(ctx, tx, r, authz.ActionTransfer, "transfer"); err != nil {
				return nil, err
			}
			if lead := r.leadID(); lead == nil || *lead != in.FromUserID {
				return nil, apperr.Input(list.field, "%s %s is not led by user %s", r.noun(), id, in.FromUserID)
			}
			records = append(records, r)
		}
	}
	return records, nil
}

// everythingLedBy returns every service and information page that userID
// leads, when the caller may transfer any record of both types.
func (m *Manager) everythingLedBy(ctx context.Context, tx *ent.Client, v viewer.Viewer, userID uuid.UUID) ([]record, error) {
	for _, typ := range []string{authz.TypeService, authz.TypeInformationPage} {
		if !m.allowed(v, typ, authz.ActionTransfer, authz.RelationNone) {
			return nil, fmt.Errorf("only LO officers may transfer everything a user leads: %w", apperr.ErrForbidden)
		}
	}
	u, err := tx.User.Get(system(ctx), userID)
	if err != nil {
		return nil, fmt.Errorf("load user %s: %w", userID, err)
	}
	services, err := u.QueryLedServices().Order(ent.Asc("id")).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list services led by user %s: %w", userID, err)
	}
	pages, err := u.QueryLedPages().Order(ent.Asc("id")).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list information pages led by user %s: %w", userID, err)
	}
	records := make([]record, 0, len(services)+len(pages))
	for _, s := range services {
		records = append(records, record{Service: s})
	}
	for _, p := range pages {
		records = append(records, record{InformationPage: p})
	}
	return records, nil
}
