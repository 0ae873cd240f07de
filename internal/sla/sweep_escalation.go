package sla

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/internal/notify"
)

// escalate takes each cycle review with no review through the escalation
// after its cycle's updates deadline passed: the lead is reminded, the
// commissioner, if any, is told EscalationDelay after the reminder, and the
// content is listed for the SEND partnership board EscalationDelay after
// that (see boardDue). Each step sets its time on the row in the transaction that
// writes its email, and only rows without that time take the step, so each
// step happens once.
func (s *Sweeper) escalate(ctx context.Context, now time.Time) error {
	rows, err := s.client.CycleReview.Query().
		Where(cyclereview.ReviewedAtIsNil(), cyclereview.BoardListedAtIsNil()).
		WithReviewCycle().
		WithService(func(q *ent.ServiceQuery) { q.WithLead().WithCommissioner() }).
		WithInformationPage(func(q *ent.InformationPageQuery) { q.WithLead().WithCommissioner() }).
		WithLead().WithCommissioner().
		Order(ent.Asc(cyclereview.FieldNotifiedAt), ent.Asc(cyclereview.FieldID)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("list cycle reviews not reviewed: %w", err)
	}

	remind := newEscalationGroups()
	tell := newEscalationGroups()
	var board []*ent.CycleReview
	for _, row := range rows {
		if now.Before(Deadline(row.Edges.ReviewCycle.UpdatesDueOn)) {
			continue
		}
		commissioner := currentCommissioner(row)
		switch {
		case row.RemindedAt == nil:
			remind.add(row, currentLead(row))
		case row.CommissionerNotifiedAt == nil && commissioner != nil:
			if !now.Before(row.RemindedAt.Add(s.cfg.EscalationDelay)) {
				tell.add(row, commissioner)
			}
		case !now.Before(s.boardDue(row)):
			board = append(board, row)
		}
	}

	var errs []error
	for _, g := range remind.list {
		errs = append(errs, s.escalationStep(ctx, g, now, cyclereview.FieldRemindedAt, TemplateEscalationReminder))
	}
	for _, g := range tell.list {
		errs = append(errs, s.escalationStep(ctx, g, now, cyclereview.FieldCommissionerNotifiedAt, TemplateCommissionerEscalation))
	}
	errs = append(errs, s.listForBoard(ctx, board, now))
	return errors.Join(errs...)
}

// boardDue returns when row goes on the partnership board's list:
// EscalationDelay after the commissioner was told, or twice EscalationDelay
// after the reminder when the content has no commissioner.
func (s *Sweeper) boardDue(row *ent.CycleReview) time.Time {
	if row.CommissionerNotifiedAt != nil {
		return row.CommissionerNotifiedAt.Add(s.cfg.EscalationDelay)
	}
	return row.RemindedAt.Add(2 * s.cfg.EscalationDelay)
}

// escalationGroup is the rows of one cycle that one step sends to one
// person. person is nil when the content has no lead to remind.
type escalationGroup struct {
	cycle  *ent.ReviewCycle
	person *ent.User
	rows   []*ent.CycleReview
}

type escalationGroups struct {
	byKey map[[2]uuid.UUID]*escalationGroup
	list  []*escalationGroup
}

func newEscalationGroups() *escalationGroups {
	return &escalationGroups{byKey: map[[2]uuid.UUID]*escalationGroup{}}
}

func (g *escalationGroups) add(row *ent.CycleReview, person *ent.User) {
	key := [2]uuid.UUID{row.ReviewCycleID}
	if person != nil {
		key[1] = person.ID
	}
	group, ok := g.byKey[key]
	if !ok {
		group = &escalationGroup{cycle: row.Edges.ReviewCycle, person: person}
		g.byKey[key] = group
		g.list = append(g.list, group)
	}
	group.rows = append(group.rows, row)
}

// currentLead returns the content's lead now, or the lead when the owners
// were asked if the content has none, so that a reminder reaches whoever
// took the content over.
func currentLead(row *ent.CycleReview) *ent.User {
	switch {
	case row.Edges.Service != nil && row.Edges.Service.Edges.Lead != nil:
		return row.Edges.Service.Edges.Lead
	case row.Edges.InformationPage != nil && row.Edges.InformationPage.Edges.Lead != nil:
		return row.Edges.InformationPage.Edges.Lead
	}
	return row.Edges.Lead
}

// currentCommissioner returns the content's commissioner now, or the one
// when the owners were asked if the content has none.
func currentCommissioner(row *ent.CycleReview) *ent.User {
	switch {
	case row.Edges.Service != nil && row.Edges.Service.Edges.Commissioner != nil:
		return row.Edges.Service.Edges.Commissioner
	case row.Edges.InformationPage != nil && row.Edges.InformationPage.Edges.Commissioner != nil:
		return row.Edges.InformationPage.Edges.Commissioner
	}
	return row.Edges.Commissioner
}

// escalationStep sets field to now on the group's rows that have no time
// there yet and, when any had none, emails the group's person, in one
// transaction.
func (s *Sweeper) escalationStep(ctx context.Context, g *escalationGroup, now time.Time, field, tmpl string) error {
	ids := make([]uuid.UUID, len(g.rows))
	items := make([]reviewItem, 0, len(g.rows))
	for i, row := range g.rows {
		ids[i] = row.ID
		items = append(items, s.rowItem(row))
	}

	err := withTx(ctx, s.client, func(tx *ent.Client) error {
		update := tx.CycleReview.Update().Where(cyclereview.IDIn(ids...))
		switch field {
		case cyclereview.FieldRemindedAt:
			update.Where(cyclereview.RemindedAtIsNil()).SetRemindedAt(now)
		default:
			update.Where(cyclereview.CommissionerNotifiedAtIsNil()).SetCommissionerNotifiedAt(now)
		}
		changed, err := update.Save(ctx)
		if err != nil {
			return fmt.Errorf("record escalation step %s: %w", field, err)
		}
		if changed == 0 || g.person == nil || !reachable(g.person) {
			return nil
		}
		m, err := escalationEmail(g, items, tmpl)
		if err != nil {
			return err
		}
		_, err = s.enqueue(ctx, tx, m)
		return err
	})
	if err != nil {
		s.logger.ErrorContext(ctx, "escalation step failed", "cycle_id", g.cycle.ID, "step", field, "rows", len(ids), "error", err)
		return fmt.Errorf("escalate %d cycle review(s) of cycle %s: %w", len(ids), g.cycle.ID, err)
	}
	if g.person == nil {
		s.logger.WarnContext(ctx, "escalation step recorded with no one to email", "cycle_id", g.cycle.ID, "step", field, "rows", len(ids))
	} else {
		s.logger.InfoContext(ctx, "escalation step recorded", "cycle_id", g.cycle.ID, "step", field, "rows", len(ids), "user_id", g.person.ID)
	}
	return nil
}

// listForBoard puts rows on the SEND partnership board's list.
//
// NOTE: no email goes to the LO team for this step: the list is read from
// the cycle reviews' board_listed_at.
func (s *Sweeper) listForBoard(ctx context.Context, rows []*ent.CycleReview, now time.Time) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(rows))
	for i, row := range rows {
		ids[i] = row.ID
	}
	listed, err := s.client.CycleReview.Update().
		Where(cyclereview.IDIn(ids...), cyclereview.BoardListedAtIsNil()).
		SetBoardListedAt(now).
		Save(ctx)
	if err != nil {
		s.logger.ErrorContext(ctx, "listing for the partnership board failed", "rows", len(ids), "error", err)
		return fmt.Errorf("list %d cycle review(s) for the partnership board: %w", len(ids), err)
	}
	s.logger.InfoContext(ctx, "content listed for the SEND partnership board", "rows", listed)
	return nil
}

func (s *Sweeper) rowItem(row *ent.CycleReview) reviewItem {
	if row.Edges.Service != nil {
		return serviceItem(s.cfg.PublicURL, row.Edges.Service)
	}
	if row.Edges.InformationPage != nil {
		return pageItem(s.cfg.PublicURL, row.Edges.InformationPage)
	}
	return reviewItem{Kind: "Content", Title: "(deleted)"}
}

func escalationEmail(g *escalationGroup, items []reviewItem, tmpl string) (notify.Message, error) {
	due := longDate(g.cycle.UpdatesDueOn)
	e := slaEmail{Name: g.person.Name, Items: items}
	var subject string
	if tmpl == TemplateEscalationReminder {
		subject = "Reminder: your Local Offer content was due for review"
		e.Before = []string{fmt.Sprintf("The content below was due to be reviewed by the end of %s, for the %s review cycle, and has not been reviewed yet. Please review it now: update it, or confirm it is still accurate.", due, g.cycle.Name)}
		e.After = []string{actionsParagraphStillAccurate, actionsParagraphOwnershipReport}
	} else {
		subject = "Local Offer content you commission has not been reviewed"
		e.Before = []string{fmt.Sprintf("You are the commissioner of the content below. It was due to be reviewed by the end of %s, for the %s review cycle, and its lead has not reviewed it after a reminder. If it is still not reviewed, it will be listed for the SEND partnership board.", due, g.cycle.Name)}
	}
	return e.message(eventKey(tmpl, g.cycle.ID, g.person.ID), tmpl, g.person.Email, subject)
}
