package sla

import (
	"context"
	"errors"
	"fmt"
	"time"

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
// deadline has not passed. A cycle counts as processed once it has cycle
// reviews. Its rows and emails are written in one transaction, so a sweep
// cut short leaves the cycle unprocessed and the next sweep does it all.
//
// NOTE: a cycle for which no content qualified stays unprocessed, so content
// published before its updates deadline is still asked about by a later
// sweep.
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
		processed, err := s.client.CycleReview.Query().Where(cyclereview.ReviewCycleID(cycle.ID)).Exist(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("check review cycle %s: %w", cycle.ID, err))
			continue
		}
		if processed {
			continue
		}
		if err := withTx(ctx, s.client, func(tx *ent.Client) error { return s.notifyCycle(ctx, tx, cycle, now) }); err != nil {
			s.logger.ErrorContext(ctx, "review cycle notification failed", "cycle_id", cycle.ID, "cycle", cycle.Name, "error", err)
			errs = append(errs, fmt.Errorf("notify owners for review cycle %s: %w", cycle.ID, err))
		}
	}
	return errors.Join(errs...)
}

// notifyCycle creates the cycle reviews of cycle and writes one email per
// lead or content manager, in tx.
func (s *Sweeper) notifyCycle(ctx context.Context, tx *ent.Client, cycle *ent.ReviewCycle, now time.Time) error {
	// Content reviewed on or after cutoff is recent enough to be left out.
	cutoff := cycle.UpdateNotificationsOn.In(content.London).Add(-s.cfg.RecentReview).UTC()

	services, err := tx.Service.Query().
		Where(
			service.StatusEQ(service.StatusPublished),
			service.LeadIDNotNil(),
			service.Or(service.LastReviewedAtIsNil(), service.LastReviewedAtLT(cutoff)),
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
		).
		WithLead().WithContentManagers().
		Order(ent.Asc(informationpage.FieldTitle), ent.Asc(informationpage.FieldID)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("list information pages to review: %w", err)
	}

	rows := make([]*ent.CycleReviewCreate, 0, len(services)+len(pages))
	people := newRecipients()
	for _, sv := range services {
		rows = append(rows, tx.CycleReview.Create().
			SetReviewCycleID(cycle.ID).
			SetContentType(cyclereview.ContentTypeService).
			SetServiceID(sv.ID).
			SetNillableLeadID(sv.LeadID).
			SetNillableCommissionerID(sv.CommissionerID).
			SetNotifiedAt(now))
		people.add(serviceItem(s.cfg.PublicURL, sv), owners(sv.Edges.Lead, sv.Edges.ContentManagers)...)
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
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.CycleReview.CreateBulk(rows...).Exec(ctx); err != nil {
		return fmt.Errorf("create %d cycle review(s): %w", len(rows), err)
	}

	emails := 0
	err = people.each(func(p *recipient) error {
		m, err := reviewRequest(cycle, p)
		if err != nil {
			return err
		}
		if _, err := s.enqueue(ctx, tx, m); err != nil {
			return err
		}
		emails++
		return nil
	})
	if err != nil {
		return err
	}
	s.logger.InfoContext(ctx, "review cycle notification written", "cycle_id", cycle.ID, "cycle", cycle.Name,
		"services", len(services), "information_pages", len(pages), "emails", emails)
	return nil
}

func reviewRequest(cycle *ent.ReviewCycle, p *recipient) (notify.Message, error) {
	due := longDate(cycle.UpdatesDueOn)
	e := slaEmail{
		Name: p.user.Name,
		Before: []string{
			fmt.Sprintf("It is time to review your content on the Local Offer for the %s review cycle. Please check each page below and update it, or confirm it is still accurate, by the end of %s.", cycle.Name, due),
		},
		Items: p.items,
		After: []string{actionsParagraphStillAccurate, actionsParagraphOwnershipReport},
	}
	return e.message(eventKey(TemplateReviewRequest, cycle.ID, p.user.ID), TemplateReviewRequest, p.user.Email,
		fmt.Sprintf("Please review your Local Offer content by %s", due))
}
