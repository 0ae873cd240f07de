package sla

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/notify"
)

// notifyCycles asks the owners of published content to review it, for each
// cycle whose notification date has come (London date) and whose updates
// deadline has not passed. The first sweep in that window asks about all
// the content that qualifies; each later one asks about content that
// qualifies and the cycle has not asked about yet, such as content that
// was given a lead since. Each batch's rows and emails are written in one
// transaction, so a sweep cut short leaves nothing, and the next sweep
// writes the same batch.
func (s *Sweeper) notifyCycles(ctx context.Context, now time.Time) error {
	today := Today(now)
	cycles, err := s.client.ReviewCycle.Query().
		Where(reviewcycle.UpdateNotificationsOnLTE(today)).
		Order(ent.Asc(reviewcycle.FieldUpdateNotificationsOn)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("list review cycles due for notification: %w", err)
	}

	var errs []error
	for _, cycle := range cycles {
		if !now.Before(Deadline(cycle.UpdatesDueOn)) {
			continue
		}
		if err := withTx(ctx, s.client, func(tx *ent.Client) error { return s.notifyCycle(ctx, tx, cycle, now) }); err != nil {
			s.logger.ErrorContext(ctx, "review cycle notification failed", "cycle_id", cycle.ID, "cycle", cycle.Name, "error", err)
			errs = append(errs, fmt.Errorf("notify owners for review cycle %s: %w", cycle.ID, err))
		}
	}
	return errors.Join(errs...)
}

// askedAbout returns the ids of the services and information pages cycle
// has asked about.
func askedAbout(ctx context.Context, tx *ent.Client, cycle *ent.ReviewCycle) (services, pages []uuid.UUID, err error) {
	asked, err := tx.CycleReview.Query().Where(cyclereview.ReviewCycleID(cycle.ID)).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("list cycle reviews of review cycle %s: %w", cycle.ID, err)
	}
	for _, r := range asked {
		switch {
		case r.ServiceID != nil:
			services = append(services, *r.ServiceID)
		case r.InformationPageID != nil:
			pages = append(pages, *r.InformationPageID)
		}
	}
	return services, pages, nil
}

// notifyCycle creates the cycle reviews of the content cycle has not asked
// about yet and writes one email per lead or content manager, in tx.
func (s *Sweeper) notifyCycle(ctx context.Context, tx *ent.Client, cycle *ent.ReviewCycle, now time.Time) error {
	// Content reviewed on or after cutoff is recent enough to be left out.
	cutoff := cycle.UpdateNotificationsOn.In(content.London).Add(-s.cfg.RecentReview).UTC()
	askedServices, askedPages, err := askedAbout(ctx, tx, cycle)
	if err != nil {
		return err
	}

	services, err := tx.Service.Query().
		Where(
			service.StatusEQ(service.StatusPublished),
			service.LeadIDNotNil(),
			service.Or(service.LastReviewedAtIsNil(), service.LastReviewedAtLT(cutoff)),
			service.IDNotIn(askedServices...),
		).
		WithLead().WithContentManagers().
		Order(ent.Asc(service.FieldName), ent.Asc(service.FieldID)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("list services to review: %w", err)
	}
	pages, err := tx.InformationPage.Query().
		Where(
			informationpage.StatusEQ(informationpage.StatusPublished),
			informationpage.LeadIDNotNil(),
			informationpage.Or(informationpage.LastReviewedAtIsNil(), informationpage.LastReviewedAtLT(cutoff)),
			informationpage.IDNotIn(askedPages...),
		).
		WithLead().WithContentManagers().
		Order(ent.Asc(informationpage.FieldTitle), ent.Asc(informationpage.FieldID)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("list information pages to review: %w", err)
	}

	rows := make([]*ent.CycleReviewCreate, 0, len(services)+len(pages))
	people := newRecipients()
	// batch names a later batch in its emails' event keys: the smallest id
	// of its content, the same however often a failed sweep is retried.
	var batch *uuid.UUID
	first := len(askedServices)+len(askedPages) == 0
	noteBatch := func(id uuid.UUID) {
		if !first && (batch == nil || id.String() < batch.String()) {
			batch = &id
		}
	}
	for _, sv := range services {
		rows = append(rows, tx.CycleReview.Create().
			SetReviewCycleID(cycle.ID).
			SetContentType(cyclereview.ContentTypeService).
			SetServiceID(sv.ID).
			SetNillableLeadID(sv.LeadID).
			SetNillableCommissionerID(sv.CommissionerID).
			SetNotifiedAt(now))
		people.add(serviceItem(s.cfg.PublicURL, sv), owners(sv.Edges.Lead, sv.Edges.ContentManagers)...)
		noteBatch(sv.ID)
	}
	for _, p := range pages {
		rows = append(rows, tx.CycleReview.Create().
			SetReviewCycleID(cycle.ID).
			SetContentType(cyclereview.ContentTypeInformationPage).
			SetInformationPageID(p.ID).
			SetNillableLeadID(p.LeadID).
			SetNillableCommissionerID(p.CommissionerID).
			SetNotifiedAt(now))
		people.add(pageItem(s.cfg.PublicURL, p), owners(p.Edges.Lead, p.Edges.ContentManagers)...)
		noteBatch(p.ID)
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.CycleReview.CreateBulk(rows...).Exec(ctx); err != nil {
		return fmt.Errorf("create %d cycle review(s): %w", len(rows), err)
	}

	emails := 0
	for _, p := range people.All() {
		m, err := reviewRequest(cycle, p, batch)
		if err != nil {
			return err
		}
		if _, err := s.enqueue(ctx, tx, m); err != nil {
			return err
		}
		emails++
	}
	s.logger.InfoContext(ctx, "review cycle notification written", "cycle_id", cycle.ID, "cycle", cycle.Name,
		"services", len(services), "information_pages", len(pages), "emails", emails, "first_batch", first)
	return nil
}

// reviewRequest returns the email that asks p to review their content in cycle.
// batch is nil for the cycle's first request, and names a later one.
func reviewRequest(cycle *ent.ReviewCycle, p *recipient, batch *uuid.UUID) (notify.Message, error) {
	due := longDate(cycle.UpdatesDueOn)
	e := slaEmail{
		Name: p.User.Name,
		Before: []string{
			fmt.Sprintf("It is time to review your content on the Local Offer for the %s review cycle. Please check each page below and update it, or confirm it is still accurate, by the end of %s.", cycle.Name, due),
		},
		Items: p.Items,
		After: []string{actionsParagraphStillAccurate, actionsParagraphOwnershipReport},
	}
	key := eventKey(TemplateReviewRequest, cycle.ID, p.User.ID)
	if batch != nil {
		key = eventKey(key, *batch)
	}
	return e.message(key, TemplateReviewRequest, p.User.Email,
		fmt.Sprintf("Please review your Local Offer content by %s", due))
}
