package review

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/reviewrecord"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/authz/entrule"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Confirmation names the service or the information page whose content the
// caller confirms is still accurate: exactly one of the two ids.
type Confirmation struct {
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
}

// Confirmed is the record after a confirmation. Exactly one of Service and
// InformationPage is set.
type Confirmed struct {
	Service         *ent.Service
	InformationPage *ent.InformationPage
}

// reviewedFields are the fields a confirmation writes, as audit events name
// them.
var reviewedFields = []string{"last_reviewed_at", "review_due_at"}

// ConfirmStillAccurate records that the caller checked a service or an
// information page and found it still accurate: last_reviewed_at becomes
// now and review_due_at six months later, clamped to the end of the month
// (content.ReviewDueAfter). This counts as the provider's six-monthly
// review.
//
// The policy's update action decides who may confirm, so for providers it
// is the record's lead and content managers. Published and pending records
// can be confirmed, draft and archived ones cannot.
//
// Neither the content, its version nor updated_at changes. updated_at is
// what the public "What's new" list (directory.RecentlyUpdated) orders by,
// and a confirmation is no news to families.
func (rv *Reviewer) ConfirmStillAccurate(ctx context.Context, in Confirmation) (*Confirmed, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	out := &Confirmed{}
	err := rv.run(ctx, func(tx *ent.Client) ([]audit.Event, error) {
		reviewedAt := rv.now().UTC().Truncate(time.Second)
		switch {
		case in.ServiceID != nil && in.InformationPageID != nil:
			return nil, apperr.Input("input.serviceId", "give serviceId or informationPageId, not both")
		case in.ServiceID != nil:
			s, err := confirmService(ctx, tx, *in.ServiceID, reviewedAt)
			out.Service = s
			return confirmedEvent(authz.TypeService, *in.ServiceID), err
		case in.InformationPageID != nil:
			p, err := confirmInformationPage(ctx, tx, *in.InformationPageID, reviewedAt)
			out.InformationPage = p
			return confirmedEvent(authz.TypeInformationPage, *in.InformationPageID), err
		default:
			return nil, apperr.Input("input.serviceId", "give serviceId or informationPageId")
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func confirmedEvent(typ string, id uuid.UUID) []audit.Event {
	return []audit.Event{{
		Action:        typ + ".confirmed_accurate",
		ObjectType:    typ,
		ObjectID:      id,
		ChangedFields: reviewedFields,
	}}
}

// confirmService sets a service's review dates and returns it as the caller
// may read it.
func confirmService(ctx context.Context, tx *ent.Client, id uuid.UUID, reviewedAt time.Time) (*ent.Service, error) {
	s, err := loadService(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := authorizeService(ctx, tx, id, "confirm that this service is still accurate"); err != nil {
		return nil, err
	}
	if s.Status != service.StatusPublished && s.Status != service.StatusPending {
		return nil, apperr.Input("input.serviceId", "service %s is %s: only published or pending content can be confirmed as still accurate",
			id, strings.ToLower(string(s.Status)))
	}

	review := sla.Review{ServiceID: &id, Kind: reviewrecord.KindConfirmation, ReviewerID: reviewer(ctx), At: reviewedAt}
	if err := sla.RecordReview(ctx, tx, review); err != nil {
		return nil, err
	}

	// Setting updated_at to its current value stops ent's update default
	// from moving it, which would put the service in "What's new".
	err = tx.Service.UpdateOneID(id).
		SetLastReviewedAt(reviewedAt).
		SetReviewDueAt(content.ReviewDueAfter(reviewedAt)).
		SetUpdatedAt(s.UpdatedAt).
		Exec(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("confirm service %s: %w", id, err)
	}
	return loadService(ctx, tx, id)
}

// confirmInformationPage is confirmService for an information page.
func confirmInformationPage(ctx context.Context, tx *ent.Client, id uuid.UUID, reviewedAt time.Time) (*ent.InformationPage, error) {
	p, err := loadInformationPage(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := authorizeInformationPage(ctx, tx, id, "confirm that this information page is still accurate"); err != nil {
		return nil, err
	}
	if p.Status != informationpage.StatusPublished && p.Status != informationpage.StatusPending {
		return nil, apperr.Input("input.informationPageId", "information page %s is %s: only published or pending content can be confirmed as still accurate",
			id, strings.ToLower(string(p.Status)))
	}

	review := sla.Review{InformationPageID: &id, Kind: reviewrecord.KindConfirmation, ReviewerID: reviewer(ctx), At: reviewedAt}
	if err := sla.RecordReview(ctx, tx, review); err != nil {
		return nil, err
	}

	err = tx.InformationPage.UpdateOneID(id).
		SetLastReviewedAt(reviewedAt).
		SetReviewDueAt(content.ReviewDueAfter(reviewedAt)).
		SetUpdatedAt(p.UpdatedAt).
		Exec(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("confirm information page %s: %w", id, err)
	}
	return loadInformationPage(ctx, tx, id)
}

// loadService loads a service through the privacy rules: one the caller may
// not read is ErrNotFound.
func loadService(ctx context.Context, tx *ent.Client, id uuid.UUID) (*ent.Service, error) {
	s, err := tx.Service.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no service with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load service %s: %w", id, err)
	}
	return s, nil
}

func loadInformationPage(ctx context.Context, tx *ent.Client, id uuid.UUID) (*ent.InformationPage, error) {
	p, err := tx.InformationPage.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no information page with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load information page %s: %w", id, err)
	}
	return p, nil
}

// authorizeService returns ErrForbidden, naming the attempt, unless the
// policy lets the caller update the service. The caller has already read
// the service, so a rejection is FORBIDDEN, not NOT_FOUND.
func authorizeService(ctx context.Context, tx *ent.Client, id uuid.UUID, attempt string) error {
	updatable, err := entrule.ServiceFilter(ctx, authz.ActionUpdate)
	if err != nil {
		return fmt.Errorf("load policy: %w", err)
	}
	allowed, err := tx.Service.Query().Where(service.ID(id), updatable).Exist(ctx)
	if err != nil {
		return fmt.Errorf("check rights on service %s: %w", id, err)
	}
	if !allowed {
		return fmt.Errorf("you may not %s: %w", attempt, apperr.ErrForbidden)
	}
	return nil
}

func authorizeInformationPage(ctx context.Context, tx *ent.Client, id uuid.UUID, attempt string) error {
	updatable, err := entrule.InformationPageFilter(ctx, authz.ActionUpdate)
	if err != nil {
		return fmt.Errorf("load policy: %w", err)
	}
	allowed, err := tx.InformationPage.Query().Where(informationpage.ID(id), updatable).Exist(ctx)
	if err != nil {
		return fmt.Errorf("check rights on information page %s: %w", id, err)
	}
	if !allowed {
		return fmt.Errorf("you may not %s: %w", attempt, apperr.ErrForbidden)
	}
	return nil
}

// reviewer returns the signed-in user who confirms, or nil for the system.
func reviewer(ctx context.Context) *uuid.UUID {
	v := viewer.FromContext(ctx)
	if !v.SignedIn() {
		return nil
	}
	id := v.UserID
	return &id
}
