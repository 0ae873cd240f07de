package ownership

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// record is a service or an information page: the two kinds of content that
// have a lead, content managers and a commissioner. Exactly one of Service
// and InformationPage is set.
type record struct {
	Service         *ent.Service
	InformationPage *ent.InformationPage
}

// typ returns the record's type in the policy.
func (r record) typ() string {
	if r.Service != nil {
		return authz.TypeService
	}
	return authz.TypeInformationPage
}

// noun returns the record's type in messages.
func (r record) noun() string {
	if r.Service != nil {
		return "service"
	}
	return "information page"
}

func (r record) id() uuid.UUID {
	if r.Service != nil {
		return r.Service.ID
	}
	return r.InformationPage.ID
}

// title returns the record's name as emails show it.
func (r record) title() string {
	if r.Service != nil {
		return r.Service.Name
	}
	return r.InformationPage.Title
}

func (r record) leadID() *uuid.UUID {
	if r.Service != nil {
		return r.Service.LeadID
	}
	return r.InformationPage.LeadID
}

func (r record) commissionerID() *uuid.UUID {
	if r.Service != nil {
		return r.Service.CommissionerID
	}
	return r.InformationPage.CommissionerID
}

func (r record) published() bool {
	if r.Service != nil {
		return r.Service.Status == service.StatusPublished
	}
	return r.InformationPage.Status == informationpage.StatusPublished
}

// loadRecord loads a service or information page through the privacy rules:
// one the caller may not read is ErrNotFound.
func loadRecord(ctx context.Context, client *ent.Client, typ string, id uuid.UUID) (record, error) {
	if typ == authz.TypeService {
		s, err := client.Service.Get(ctx, id)
		if ent.IsNotFound(err) {
			return record{}, apperr.NotFound("no service with id %s", id)
		}
		if err != nil {
			return record{}, fmt.Errorf("load service %s: %w", id, err)
		}
		return record{Service: s}, nil
	}
	p, err := client.InformationPage.Get(ctx, id)
	if ent.IsNotFound(err) {
		return record{}, apperr.NotFound("no information page with id %s", id)
	}
	if err != nil {
		return record{}, fmt.Errorf("load information page %s: %w", id, err)
	}
	return record{InformationPage: p}, nil
}

// loadEitherRecord loads the service or the information page an input names:
// exactly one of the two ids must be given.
func loadEitherRecord(ctx context.Context, client *ent.Client, serviceID, pageID *uuid.UUID) (record, error) {
	switch {
	case serviceID != nil && pageID != nil:
		return record{}, apperr.Input("input.serviceId", "give serviceId or informationPageId, not both")
	case serviceID != nil:
		return loadRecord(ctx, client, authz.TypeService, *serviceID)
	case pageID != nil:
		return loadRecord(ctx, client, authz.TypeInformationPage, *pageID)
	default:
		return record{}, apperr.Input("input.serviceId", "give serviceId or informationPageId")
	}
}

// reload reads the record again through the privacy rules, after a change.
func (r record) reload(ctx context.Context, client *ent.Client) (record, error) {
	return loadRecord(ctx, client, r.typ(), r.id())
}

// relations returns the caller's relations to the record, as the policy names them.
func relations(ctx context.Context, client *ent.Client, v viewer.Viewer, r record) ([]authz.Relation, error) {
	var rels []authz.Relation
	if r.published() {
		rels = append(rels, authz.RelationPublic)
	}
	if v.SignedIn() {
		if lead := r.leadID(); lead != nil && *lead == v.UserID {
			rels = append(rels, authz.RelationLead)
		}
		if commissioner := r.commissionerID(); commissioner != nil && *commissioner == v.UserID {
			rels = append(rels, authz.RelationCommissioner)
		}
		manages, err := isContentManager(ctx, client, r, v.UserID)
		if err != nil {
			return nil, err
		}
		if manages {
			rels = append(rels, authz.RelationContentManager)
		}
	}
	if len(rels) == 0 {
		rels = append(rels, authz.RelationNone)
	}
	return rels, nil
}

// isContentManager reports whether userID is a content manager of the record.
func isContentManager(ctx context.Context, client *ent.Client, r record, userID uuid.UUID) (bool, error) {
	ctx = system(ctx)
	var (
		manages bool
		err     error
	)
	if r.Service != nil {
		manages, err = client.Service.Query().
			Where(service.ID(r.Service.ID), service.HasContentManagersWith(user.ID(userID))).
			Exist(ctx)
	} else {
		manages, err = client.InformationPage.Query().
			Where(informationpage.ID(r.InformationPage.ID), informationpage.HasContentManagersWith(user.ID(userID))).
			Exist(ctx)
	}
	if err != nil {
		return false, fmt.Errorf("check content managers of %s %s: %w", r.noun(), r.id(), err)
	}
	return manages, nil
}

// authorize returns ErrForbidden, naming the attempt, unless the caller may
// perform action on the record. The caller has already read the record,
// so a refusal is FORBIDDEN, not NOT_FOUND.
func (m *Manager) authorize(ctx context.Context, client *ent.Client, r record, action, attempt string) error {
	v := viewer.FromContext(ctx)
	rels, err := relations(ctx, client, v, r)
	if err != nil {
		return err
	}
	if m.allowed(v, r.typ(), action, rels...) {
		return nil
	}
	return fmt.Errorf("you may not %s this %s: %w", attempt, r.noun(), apperr.ErrForbidden)
}

// setLeadID writes the record's lead, or clears it when id is nil.
func setLeadID(ctx context.Context, client *ent.Client, r record, id *uuid.UUID) error {
	ctx = system(ctx)
	if r.Service != nil {
		update := client.Service.UpdateOneID(r.Service.ID)
		if id == nil {
			update.ClearLead()
		} else {
			update.SetLeadID(*id)
		}
		return update.Exec(ctx)
	}
	update := client.InformationPage.UpdateOneID(r.InformationPage.ID)
	if id == nil {
		update.ClearLead()
	} else {
		update.SetLeadID(*id)
	}
	return update.Exec(ctx)
}

// setCommissionerID writes the record's commissioner, or clears it when id is
// nil.
func setCommissionerID(ctx context.Context, client *ent.Client, r record, id *uuid.UUID) error {
	ctx = system(ctx)
	if r.Service != nil {
		update := client.Service.UpdateOneID(r.Service.ID)
		if id == nil {
			update.ClearCommissioner()
		} else {
			update.SetCommissionerID(*id)
		}
		return update.Exec(ctx)
	}
	update := client.InformationPage.UpdateOneID(r.InformationPage.ID)
	if id == nil {
		update.ClearCommissioner()
	} else {
		update.SetCommissionerID(*id)
	}
	return update.Exec(ctx)
}
