package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// RequestFilter narrows a list of change requests. Every field is optional;
// lists match any of their values.
type RequestFilter struct {
	Kinds             []changerequest.Kind
	States            []changerequest.State
	ContentType       *changerequest.ContentType
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	// OrganizationID matches requests about the organisation's services.
	OrganizationID *uuid.UUID
	// TaxonomyTermID matches requests about services with the term.
	TaxonomyTermID *uuid.UUID
	AuthorID       *uuid.UUID
	// SubmittedBefore and SubmittedAfter bound the age of a request.
	SubmittedBefore *time.Time
	SubmittedAfter  *time.Time
	// PublishedWithoutReview, when true, lists changes that were published
	// at once because their organisation is trusted and that no LO officer
	// has checked yet.
	PublishedWithoutReview *bool
}

// Predicates returns the filter as ent predicates. The privacy rules add
// the caller's scope on top.
func (f *RequestFilter) Predicates() []predicate.ChangeRequest {
	if f == nil {
		return nil
	}
	var ps []predicate.ChangeRequest
	if len(f.Kinds) > 0 {
		ps = append(ps, changerequest.KindIn(f.Kinds...))
	}
	if len(f.States) > 0 {
		ps = append(ps, changerequest.StateIn(f.States...))
	}
	if f.ContentType != nil {
		ps = append(ps, changerequest.ContentTypeEQ(*f.ContentType))
	}
	if f.ServiceID != nil {
		ps = append(ps, changerequest.ServiceID(*f.ServiceID))
	}
	if f.InformationPageID != nil {
		ps = append(ps, changerequest.InformationPageID(*f.InformationPageID))
	}
	if f.OrganizationID != nil {
		ps = append(ps, changerequest.HasServiceWith(service.HasOrganizationWith(organization.ID(*f.OrganizationID))))
	}
	if f.TaxonomyTermID != nil {
		ps = append(ps, changerequest.HasServiceWith(service.HasTaxonomyTermsWith(taxonomyterm.ID(*f.TaxonomyTermID))))
	}
	if f.AuthorID != nil {
		ps = append(ps, changerequest.AuthorID(*f.AuthorID))
	}
	if f.SubmittedBefore != nil {
		ps = append(ps, changerequest.SubmittedAtLT(*f.SubmittedBefore))
	}
	if f.SubmittedAfter != nil {
		ps = append(ps, changerequest.SubmittedAtGTE(*f.SubmittedAfter))
	}
	if f.PublishedWithoutReview != nil {
		if *f.PublishedWithoutReview {
			ps = append(ps, changerequest.PublishedWithoutReview(true), changerequest.CheckedAtIsNil())
		} else {
			ps = append(ps, changerequest.PublishedWithoutReview(false))
		}
	}
	return ps
}

// MarkChecked records that an LO officer has looked at a change that was
// published without review, which takes it off that list.
func (w *Workflow) MarkChecked(ctx context.Context, id uuid.UUID) (*ent.ChangeRequest, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var out *ent.ChangeRequest
	err := w.run(ctx, func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error {
		cr, err := loadChangeRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := w.authorizeDecision(ctx, tx, cr); err != nil {
			return err
		}
		if !cr.PublishedWithoutReview {
			return apperr.Input("input.changeRequestId", "change request %s was not published without review: only those are checked afterwards", id)
		}
		if cr.CheckedAt != nil {
			out = cr
			return nil
		}
		out, err = tx.ChangeRequest.UpdateOne(cr).
			SetCheckedAt(w.clock()).
			SetNillableReviewerID(callerID(ctx)).
			Save(system(ctx))
		if err != nil {
			return fmt.Errorf("mark change request %s checked: %w", id, err)
		}
		pending.Add(requestEvent(out, "change_request.checked", nil))
		return nil
	})
	return out, err
}

// Trust is the requested trusted flag of an organisation.
type Trust struct {
	OrganizationID uuid.UUID
	Trusted        bool
}

// SetOrganizationTrusted marks an organisation trusted, so that its
// providers' changes publish without waiting for approval, or no longer.
// LO officers may.
func (w *Workflow) SetOrganizationTrusted(ctx context.Context, in Trust) (*ent.Organization, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var out *ent.Organization
	err := w.run(ctx, func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error {
		org, err := tx.Organization.Get(ctx, in.OrganizationID)
		if ent.IsNotFound(err) {
			return apperr.NotFound("no organisation with id %s", in.OrganizationID)
		}
		if err != nil {
			return fmt.Errorf("load organisation %s: %w", in.OrganizationID, err)
		}
		if err := authorizeOrganization(ctx, org.ID); err != nil {
			return err
		}
		if org.Trusted == in.Trusted {
			out = org
			return nil
		}
		out, err = tx.Organization.UpdateOne(org).SetTrusted(in.Trusted).Save(system(ctx))
		if err != nil {
			return fmt.Errorf("set organisation %s trusted: %w", org.ID, err)
		}
		action := "organization.trusted"
		if !in.Trusted {
			action = "organization.untrusted"
		}
		pending.Add(audit.Event{Action: action, ObjectType: authz.TypeOrganization, ObjectID: org.ID, ChangedFields: []string{"trusted"}})
		return nil
	})
	return out, err
}

func authorizeOrganization(ctx context.Context, id uuid.UUID) error {
	allowed, err := granted(ctx, authz.TypeOrganization, authz.ActionUpdate)
	if err != nil {
		return err
	}
	if !allowed {
		return fmt.Errorf("you may not change whether organisation %s is trusted: %w", id, apperr.ErrForbidden)
	}
	return nil
}
