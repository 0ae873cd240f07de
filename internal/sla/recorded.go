package sla

import (
	"context"
	"fmt"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/reviewrecord"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxRouteLength is the longest route of a recorded review, in characters,
// as the review record's schema limits it.
const maxRouteLength = 200

// RecordedReview is a review that a lead or content manager made by another
// route, such as an email or a call, which an LO officer records on their
// behalf. Exactly one of ServiceID and InformationPageID is set.
type RecordedReview struct {
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	// ReviewerID is the content's lead or one of its content managers.
	ReviewerID uuid.UUID
	// Route is how the review reached the LO team, such as "email".
	Route string
	// ReviewedAt is when the reviewer reviewed the content; nil means now.
	ReviewedAt *time.Time
}

// RecordReviewOnBehalf records a review that the content's lead or one of
// its content managers made by another route, with the caller, an LO
// officer, as the one who recorded it. Like a confirmation that the content
// is still accurate, it counts as the provider's review: it sets
// last_reviewed_at and review_due_at, unless a later review set them
// already, and marks the content's cycle reviews that asked for one. The
// content, its version and updated_at do not change.
func (m *Manager) RecordReviewOnBehalf(ctx context.Context, in RecordedReview) (*ent.ReviewRecord, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	route, err := cleanText("input.route", in.Route, maxRouteLength)
	if err != nil {
		return nil, err
	}

	var record *ent.ReviewRecord
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		t, err := loadContent(ctx, tx, Content{ServiceID: in.ServiceID, InformationPageID: in.InformationPageID})
		if err != nil {
			return err
		}
		if err := t.authorize(ctx, tx, authz.ActionRecordReview, "record reviews on a provider's behalf: only the LO team does"); err != nil {
			return err
		}
		reviewedAt, err := m.checkRecordedReview(t, in)
		if err != nil {
			return err
		}

		review := Review{
			ServiceID: in.ServiceID, InformationPageID: in.InformationPageID,
			Kind: reviewrecord.KindConfirmation, ReviewerID: &in.ReviewerID,
			RecordedByID: callerID(ctx), Route: route, At: reviewedAt,
		}
		record, err = recordReview(ctx, tx, review)
		if err != nil {
			return err
		}
		if err := setReviewDates(ctx, tx, t, reviewedAt); err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action:        t.auditType() + ".review_recorded",
			ObjectType:    t.auditType(),
			ObjectID:      t.id,
			ChangedFields: []string{"last_reviewed_at", "review_due_at"},
			Detail:        "review record " + record.ID.String(),
		})
		return nil
	})
	return record, err
}

// checkRecordedReview checks the input against the content and returns the
// time of the review: published or pending content, reviewed by its lead
// or a content manager, not in the future.
func (m *Manager) checkRecordedReview(t *contentRecord, in RecordedReview) (time.Time, error) {
	if !t.published && !t.pending {
		return time.Time{}, apperr.Input(t.idField(), "%s %s is neither published nor pending: only published or pending content can be reviewed",
			t.noun(), t.id)
	}
	isOwner := false
	for _, owner := range t.owners() {
		isOwner = isOwner || owner.ID == in.ReviewerID
	}
	if !isOwner {
		return time.Time{}, apperr.Input("input.reviewerId", "user %s is neither the lead nor a content manager of %s: name one of them, or name the new lead first",
			in.ReviewerID, t.title)
	}

	now := m.clock()
	if in.ReviewedAt == nil {
		return now, nil
	}
	reviewedAt := in.ReviewedAt.UTC().Truncate(time.Second)
	if reviewedAt.After(now) {
		return time.Time{}, apperr.Input("input.reviewedAt", "%s is in the future: give the time the review was made, or leave it out for now",
			in.ReviewedAt.Format(time.RFC3339))
	}
	return reviewedAt, nil
}

// setReviewDates sets the content's review dates from a review at
// reviewedAt, unless it was reviewed later already. Setting updated_at to
// its current value stops ent's update default from moving it, which would
// put the content in "What's new".
func setReviewDates(ctx context.Context, tx *ent.Client, t *contentRecord, reviewedAt time.Time) error {
	if t.lastReviewedAt != nil && !t.lastReviewedAt.Before(reviewedAt) {
		return nil
	}
	due := content.ReviewDueAfter(reviewedAt)
	var err error
	if t.isService() {
		err = tx.Service.UpdateOneID(t.id).SetLastReviewedAt(reviewedAt).SetReviewDueAt(due).SetUpdatedAt(t.updatedAt).Exec(system(ctx))
	} else {
		err = tx.InformationPage.UpdateOneID(t.id).SetLastReviewedAt(reviewedAt).SetReviewDueAt(due).SetUpdatedAt(t.updatedAt).Exec(system(ctx))
	}
	if err != nil {
		return fmt.Errorf("set review dates of %s %s: %w", t.noun(), t.id, err)
	}
	return nil
}

// auditType returns the record's type as the policy and audit events name
// it.
func (c *contentRecord) auditType() string {
	if c.isService() {
		return authz.TypeService
	}
	return authz.TypeInformationPage
}

// ReviewRecords returns a page of the reviews of one service or information
// page, newest first, for callers who may read them: the LO team, and the
// content's lead, content managers and commissioner.
func (m *Manager) ReviewRecords(ctx context.Context, page directory.Page, c Content) (*ent.ReviewRecordConnection, error) {
	if err := m.authorizeList(ctx, authz.TypeReviewRecord, "review records"); err != nil {
		return nil, err
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}

	query := m.reader(ctx).ReviewRecord.Query()
	switch {
	case c.ServiceID != nil && c.InformationPageID != nil:
		return nil, apperr.Input("serviceId", "give serviceId or informationPageId, not both")
	case c.ServiceID != nil:
		query.Where(reviewrecord.ServiceID(*c.ServiceID))
	case c.InformationPageID != nil:
		query.Where(reviewrecord.InformationPageID(*c.InformationPageID))
	default:
		return nil, apperr.Input("serviceId", "give serviceId or informationPageId")
	}
	newestFirst := &ent.ReviewRecordOrder{Direction: entgql.OrderDirectionDesc, Field: ent.ReviewRecordOrderFieldReviewedAt}
	conn, err := query.Paginate(ctx, page.After, page.First, page.Before, page.Last, ent.WithReviewRecordOrder(newestFirst))
	if err != nil {
		return nil, fmt.Errorf("list review records: %w", err)
	}
	return conn, nil
}
