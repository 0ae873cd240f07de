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
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/service"
)

// remindOverdue emails each lead and content manager of published content
// past its review due date one list of that content, at most once every
// ReminderEvery. Content that an open cycle has requested a review of and that is not
// reviewed yet is left out until the cycle's updates deadline, because the
// cycle's request and then its escalation chase it.
//
// The event key of a reminder carries the time it was written, so that the
// newest reminder to a person is found by key and the rhythm follows the
// sweep's clock.
func (s *Sweeper) remindOverdue(ctx context.Context, now time.Time) error {
	requested, err := s.requestedInOpenCycle(ctx, now)
	if err != nil {
		return err
	}

	services, err := s.client.Service.Query().
		Where(service.StatusEQ(service.StatusPublished), service.ReviewDueAtLT(now)).
		WithLead().WithContentManagers().
		Order(ent.Asc(service.FieldName), ent.Asc(service.FieldID)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("list services past their review due date: %w", err)
	}
	pages, err := s.client.InformationPage.Query().
		Where(informationpage.StatusEQ(informationpage.StatusPublished), informationpage.ReviewDueAtLT(now)).
		WithLead().WithContentManagers().
		Order(ent.Asc(informationpage.FieldTitle), ent.Asc(informationpage.FieldID)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("list information pages past their review due date: %w", err)
	}

	people := newRecipients()
	for _, sv := range services {
		if !requested[sv.ID] {
			people.add(serviceItem(s.cfg.PublicURL, sv), owners(sv.Edges.Lead, sv.Edges.ContentManagers)...)
		}
	}
	for _, p := range pages {
		if !requested[p.ID] {
			people.add(pageItem(s.cfg.PublicURL, p), owners(p.Edges.Lead, p.Edges.ContentManagers)...)
		}
	}

	var errs []error
	for _, p := range people.All() {
		if err := withTx(ctx, s.client, func(tx *ent.Client) error { return s.remindPerson(ctx, tx, p, now) }); err != nil {
			s.logger.ErrorContext(ctx, "overdue content reminder failed", "user_id", p.User.ID, "error", err)
			errs = append(errs, fmt.Errorf("remind user %s of overdue content: %w", p.User.ID, err))
		}
	}
	return errors.Join(errs...)
}

// requestedInOpenCycle returns the ids of the services and information pages
// whose review a cycle has requested and not yet had, whose updates deadline
// has not passed.
func (s *Sweeper) requestedInOpenCycle(ctx context.Context, now time.Time) (map[uuid.UUID]bool, error) {
	rows, err := s.client.CycleReview.Query().
		Where(cyclereview.ReviewedAtIsNil()).
		WithReviewCycle().
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list cycle reviews not reviewed: %w", err)
	}
	requested := map[uuid.UUID]bool{}
	for _, row := range rows {
		if !now.Before(Deadline(row.Edges.ReviewCycle.UpdatesDueOn)) {
			continue
		}
		if row.ServiceID != nil {
			requested[*row.ServiceID] = true
		}
		if row.InformationPageID != nil {
			requested[*row.InformationPageID] = true
		}
	}
	return requested, nil
}

// remindPerson writes p's reminder unless one was written less than
// ReminderEvery before now.
func (s *Sweeper) remindPerson(ctx context.Context, tx *ent.Client, p *recipient, now time.Time) error {
	prefix := eventKey(TemplateOverdueReminder, p.User.ID) + ":"
	recent, err := tx.Notification.Query().
		Where(notification.EventKeyHasPrefix(prefix), notification.EventKeyGT(prefix+keyStamp(now.Add(-s.cfg.ReminderEvery)))).
		Exist(ctx)
	if err != nil {
		return fmt.Errorf("look up the last reminder: %w", err)
	}
	if recent {
		return nil
	}

	e := slaEmail{
		Name: p.User.Name,
		Before: []string{
			"The content below is past its review due date on the Local Offer, so families may be reading out-of-date information. Please review it: update it, or confirm it is still accurate.",
		},
		Items: p.Items,
		After: []string{actionsParagraphStillAccurate, actionsParagraphOwnershipReport},
	}
	m, err := e.message(prefix+keyStamp(now), TemplateOverdueReminder, p.User.Email, "Your Local Offer content is due for review")
	if err != nil {
		return err
	}
	if _, err := s.enqueue(ctx, tx, m); err != nil {
		return err
	}
	s.logger.InfoContext(ctx, "overdue content reminder written", "user_id", p.User.ID, "items", len(p.Items))
	return nil
}
