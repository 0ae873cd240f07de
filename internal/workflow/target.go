package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/authz/entrule"
)

// target is the service or information page a change is about, with what
// the workflow needs of it.
type target struct {
	typ     changerequest.ContentType
	id      uuid.UUID
	title   string
	slug    string
	status  string // "DRAFT", "PENDING", "PUBLISHED" or "ARCHIVED"
	version int
	// organizationID is the service's organisation; nil for a page.
	organizationID *uuid.UUID
	leadID         *uuid.UUID
	publishedAt    *time.Time
	updatedAt      time.Time
}

// policyType is the target's type as the policy names it.
func (t *target) policyType() string {
	if t.typ == changerequest.ContentTypeService {
		return authz.TypeService
	}
	return authz.TypeInformationPage
}

// noun is the target's kind in messages.
func (t *target) noun() string {
	if t.typ == changerequest.ContentTypeService {
		return "service"
	}
	return "information page"
}

// field is the input field that names the target.
func (t *target) field() string {
	if t.typ == changerequest.ContentTypeService {
		return "input.serviceId"
	}
	return "input.informationPageId"
}

func (t *target) published() bool { return t.status == "PUBLISHED" }
func (t *target) archived() bool  { return t.status == "ARCHIVED" }

// loadTarget reads a service or page through the privacy rules: one the
// caller may not read is NOT_FOUND.
func loadTarget(ctx context.Context, tx *ent.Client, typ changerequest.ContentType, id uuid.UUID) (*target, error) {
	if typ == changerequest.ContentTypeService {
		s, err := tx.Service.Get(ctx, id)
		if ent.IsNotFound(err) {
			return nil, apperr.NotFound("no service with id %s", id)
		}
		if err != nil {
			return nil, fmt.Errorf("load service %s: %w", id, err)
		}
		return &target{
			typ: typ, id: id, title: s.Name, slug: s.Slug, status: string(s.Status), version: s.Version,
			organizationID: &s.OrganizationID, leadID: s.LeadID, publishedAt: s.PublishedAt, updatedAt: s.UpdatedAt,
		}, nil
	}
	p, err := tx.InformationPage.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no information page with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load information page %s: %w", id, err)
	}
	return &target{
		typ: typ, id: id, title: p.Title, slug: p.Slug, status: string(p.Status), version: p.Version,
		leadID: p.LeadID, publishedAt: p.PublishedAt, updatedAt: p.UpdatedAt,
	}, nil
}

// targetOf returns the content a change request is about.
func targetOf(cr *ent.ChangeRequest) (changerequest.ContentType, uuid.UUID) {
	if cr.ServiceID != nil {
		return changerequest.ContentTypeService, *cr.ServiceID
	}
	if cr.InformationPageID != nil {
		return changerequest.ContentTypeInformationPage, *cr.InformationPageID
	}
	return cr.ContentType, uuid.Nil
}

// may reports whether the policy lets the caller perform action on t.
func may(ctx context.Context, tx *ent.Client, t *target, action string) (bool, error) {
	var allowed bool
	if t.typ == changerequest.ContentTypeService {
		filter, err := entrule.ServiceFilter(ctx, action)
		if err != nil {
			return false, fmt.Errorf("load policy: %w", err)
		}
		allowed, err = tx.Service.Query().Where(service.ID(t.id), filter).Exist(system(ctx))
		if err != nil {
			return false, fmt.Errorf("check rights on service %s: %w", t.id, err)
		}
		return allowed, nil
	}
	filter, err := entrule.InformationPageFilter(ctx, action)
	if err != nil {
		return false, fmt.Errorf("load policy: %w", err)
	}
	allowed, err = tx.InformationPage.Query().Where(informationpage.ID(t.id), filter).Exist(system(ctx))
	if err != nil {
		return false, fmt.Errorf("check rights on information page %s: %w", t.id, err)
	}
	return allowed, nil
}

// authorize returns ErrForbidden, naming the attempt, unless the caller may
// perform action on t. The caller has read t, so this is FORBIDDEN, not
// NOT_FOUND.
func authorize(ctx context.Context, tx *ent.Client, t *target, action, attempt string) error {
	allowed, err := may(ctx, tx, t, action)
	if err != nil {
		return err
	}
	if !allowed {
		return fmt.Errorf("you may not %s: %w", attempt, apperr.ErrForbidden)
	}
	return nil
}

// isOwner reports whether the caller is the target's lead or one of its
// content managers: whose submission counts as the provider's review.
func isOwner(ctx context.Context, tx *ent.Client, t *target) (bool, error) {
	id := callerID(ctx)
	if id == nil {
		return false, nil
	}
	if t.leadID != nil && *t.leadID == *id {
		return true, nil
	}
	var managed bool
	var err error
	if t.typ == changerequest.ContentTypeService {
		managed, err = tx.Service.Query().
			Where(service.ID(t.id), service.HasContentManagersWith(user.ID(*id))).Exist(system(ctx))
	} else {
		managed, err = tx.InformationPage.Query().
			Where(informationpage.ID(t.id), informationpage.HasContentManagersWith(user.ID(*id))).Exist(system(ctx))
	}
	if err != nil {
		return false, fmt.Errorf("check content managers of %s %s: %w", t.noun(), t.id, err)
	}
	return managed, nil
}

// trusted reports whether the target belongs to a trusted organisation,
// whose providers' changes publish without waiting for approval.
func trusted(ctx context.Context, tx *ent.Client, t *target) (bool, error) {
	if t.organizationID == nil {
		return false, nil
	}
	ok, err := tx.Organization.Query().
		Where(organization.ID(*t.organizationID), organization.Trusted(true)).Exist(system(ctx))
	if err != nil {
		return false, fmt.Errorf("check whether organisation %s is trusted: %w", *t.organizationID, err)
	}
	return ok, nil
}

// loadContent reads the target's content as it is in the database.
func loadContent(ctx context.Context, tx *ent.Client, t *target) (Snapshot, error) {
	if t.typ == changerequest.ContentTypeService {
		c, err := LoadServiceContent(ctx, tx, t.id)
		return Snapshot{Service: c}, err
	}
	c, err := LoadInformationPageContent(ctx, tx, t.id)
	return Snapshot{InformationPage: c}, err
}

// part returns the part of s for t's type, as an untyped value for
// comparing and merging.
func (s Snapshot) part() any {
	if s.Service != nil {
		return s.Service
	}
	if s.InformationPage != nil {
		return s.InformationPage
	}
	return nil
}
