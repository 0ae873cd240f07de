package sla

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	"github.com/localoffer/localoffer/ent/reviewrecord"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Review is one provider's review of a service or information page:
// exactly one of ServiceID and InformationPageID is set.
type Review struct {
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	Kind              reviewrecord.Kind
	// ReviewerID is the lead or content manager who reviewed the content.
	ReviewerID *uuid.UUID
	// RecordedByID is the LO officer who records a review made by another
	// route on the reviewer's behalf, with Route saying which.
	RecordedByID *uuid.UUID
	Route        string
	At           time.Time
}

// RecordReview records a review in tx, the transaction of the change that
// makes it, and marks it on the content's cycle reviews that asked for one
// and have none yet. The review counts for a cycle when it comes after the
// owners were asked, or on or after the day the cycle began (its feedback
// circulation date, London): an LO officer may record a review made by
// telephone the day before the request went out, and the cycle must not
// then chase it.
func RecordReview(ctx context.Context, tx *ent.Client, r Review) error {
	_, err := recordReview(ctx, tx, r)
	return err
}

// recordReview is RecordReview, returning the review record.
func recordReview(ctx context.Context, tx *ent.Client, r Review) (*ent.ReviewRecord, error) {
	ctx = viewer.SystemContext(ctx)
	at := r.At.UTC().Truncate(time.Second)
	create := tx.ReviewRecord.Create().
		SetReviewedAt(at).
		SetKind(r.Kind).
		SetNillableReviewerID(r.ReviewerID).
		SetNillableRecordedByID(r.RecordedByID).
		SetRoute(r.Route)
	asked := tx.CycleReview.Update().
		Where(
			cyclereview.ReviewedAtIsNil(),
			cyclereview.Or(
				cyclereview.NotifiedAtLTE(at),
				cyclereview.HasReviewCycleWith(reviewcycle.FeedbackCirculatedOnLTE(Today(at))),
			),
		).
		SetReviewedAt(at)
	switch {
	case r.ServiceID != nil:
		create.SetContentType(reviewrecord.ContentTypeService).SetServiceID(*r.ServiceID)
		asked.Where(cyclereview.ServiceID(*r.ServiceID))
	case r.InformationPageID != nil:
		create.SetContentType(reviewrecord.ContentTypeInformationPage).SetInformationPageID(*r.InformationPageID)
		asked.Where(cyclereview.InformationPageID(*r.InformationPageID))
	default:
		return nil, fmt.Errorf("record review: no service or information page given")
	}
	record, err := create.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record review: %w", err)
	}
	if _, err := asked.Save(ctx); err != nil {
		return nil, fmt.Errorf("mark cycle reviews reviewed: %w", err)
	}
	return record, nil
}
