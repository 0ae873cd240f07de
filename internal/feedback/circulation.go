package feedback

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Templates of the circulation emails, as stored on the notifications.
const (
	TemplateCirculated = "feedback_circulated"
	TemplateSentNow    = "feedback_sent_now"
)

// FeedbackURL returns the link to an item of feedback in the providers'
// area, for emails. publicURL has no trailing slash.
func FeedbackURL(publicURL string, id uuid.UUID) string {
	return publicURL + "/provider/feedback/" + id.String()
}

// circulationBlocker returns why f cannot be circulated, or "" when it
// can: it must be triaged, with a responsible party, not circulated yet,
// not excluded, and neither flagged for safeguarding nor suggested by the
// safeguarding keywords without an LO officer clearing the suggestion.
func circulationBlocker(f *ent.Feedback) string {
	switch {
	case safeguardingHeld(f):
		return "it may disclose a risk to a child (flagged or suggested for safeguarding), so it stays with the LO team"
	case f.ExcludedAt != nil || f.ExclusionReason != nil || f.Status == feedback.StatusExcluded:
		return "it was excluded"
	case f.CirculatedAt != nil:
		return fmt.Sprintf("it was circulated already, at %s", f.CirculatedAt.UTC().Format(time.RFC3339))
	case f.Status != feedback.StatusTriaged:
		return fmt.Sprintf("it is %s, not TRIAGED: set its responsible party and summary first", f.Status)
	case f.ResponsibleParty == nil:
		return "it has no responsible party: triage it first"
	}
	return ""
}

// safeguardingHeld reports whether f stays with the LO team for
// safeguarding: flagged, or suggested by keywords on arrival and not
// cleared since.
func safeguardingHeld(f *ent.Feedback) bool {
	if f.Safeguarding {
		return true
	}
	if f.SafeguardingFlaggedAt != nil && (f.SafeguardingClearedAt == nil || f.SafeguardingClearedAt.Before(*f.SafeguardingFlaggedAt)) {
		return true
	}
	return len(f.SafeguardingKeywords) > 0 && f.SafeguardingClearedAt == nil
}

// withResponsiblePeople loads what responsiblePeople and the emails need:
// the content with its lead and content managers, and the commissioner.
func withResponsiblePeople(q *ent.FeedbackQuery) *ent.FeedbackQuery {
	return q.
		WithService(func(s *ent.ServiceQuery) { s.WithLead().WithContentManagers() }).
		WithInformationPage(func(p *ent.InformationPageQuery) { p.WithLead().WithContentManagers() }).
		WithCommissioner()
}

// activeOfficers returns the active LO officers, who answer LO_TEAM items.
func activeOfficers(ctx context.Context, client *ent.Client) ([]*ent.User, error) {
	officers, err := client.User.Query().
		Where(user.RoleEQ(user.RoleLOOfficer), user.StatusEQ(user.StatusActive)).
		Order(ent.Asc(user.FieldName), ent.Asc(user.FieldID)).
		All(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("list active LO officers: %w", err)
	}
	return officers, nil
}

// responsiblePeople returns the active users who answer f, each once: the
// lead and content managers of its service or information page
// (CONTENT_OWNERS), the commissioner named (COMMISSIONER), or the active
// LO officers given (LO_TEAM). f must be loaded withResponsiblePeople.
func responsiblePeople(f *ent.Feedback, officers []*ent.User) []*ent.User {
	if f.ResponsibleParty == nil {
		return nil
	}
	var candidates []*ent.User
	switch *f.ResponsibleParty {
	case feedback.ResponsiblePartyContentOwners:
		if sv := f.Edges.Service; sv != nil {
			candidates = append(candidates, sv.Edges.Lead)
			candidates = append(candidates, sv.Edges.ContentManagers...)
		}
		if p := f.Edges.InformationPage; p != nil {
			candidates = append(candidates, p.Edges.Lead)
			candidates = append(candidates, p.Edges.ContentManagers...)
		}
	case feedback.ResponsiblePartyCommissioner:
		candidates = append(candidates, f.Edges.Commissioner)
	case feedback.ResponsiblePartyLOTeam:
		candidates = officers
	}

	var people []*ent.User
	seen := map[uuid.UUID]bool{}
	for _, u := range candidates {
		if u == nil || seen[u.ID] || u.Status != user.StatusActive {
			continue
		}
		seen[u.ID] = true
		people = append(people, u)
	}
	return people
}

// circulationItem is one item of feedback in a circulation email: what it
// is about and its link, never its text or summary.
type circulationItem struct {
	Label string
	URL   string
}

// topicNames are the feedback topics as the emails name them.
var topicNames = map[feedback.Topic]string{
	feedback.TopicContent:              "content",
	feedback.TopicAccessibility:        "accessibility",
	feedback.TopicDevelopmentAndReview: "development and review of the Local Offer",
	feedback.TopicQualityOfProvision:   "quality of provision",
	feedback.TopicGapInProvision:       "gap in provision",
	feedback.TopicOther:                "other",
}

// itemOf describes f for an email: its service or information page and its
// topic. f must be loaded withResponsiblePeople.
func itemOf(publicURL string, f *ent.Feedback) circulationItem {
	label := "The Local Offer"
	switch {
	case f.Edges.Service != nil:
		label = "Service: " + f.Edges.Service.Name
	case f.Edges.InformationPage != nil:
		label = "Information page: " + f.Edges.InformationPage.Title
	}
	return circulationItem{
		Label: fmt.Sprintf("%s (%s)", label, topicNames[f.Topic]),
		URL:   FeedbackURL(publicURL, f.ID),
	}
}

// formatDeadlineDate formats a deadline date as in "Monday 1 December
// 2031".
func formatDeadlineDate(d schematype.Date) string {
	return d.In(time.UTC).Format("Monday 2 January 2006")
}

// circulationEmailBody renders the text of a circulation email. Its HTML
// body is rendered from it by notify.Enqueue.
func circulationEmailBody(name, intro string, items []circulationItem) string {
	var body strings.Builder
	fmt.Fprintf(&body, "Hello %s,\n\n", name)
	fmt.Fprintf(&body, "%s\n\n", intro)
	for _, item := range items {
		fmt.Fprintf(&body, "- %s\n  %s\n", item.Label, item.URL)
	}
	body.WriteString("\nEach link opens the item when you are signed in. For each one, say what you have done or will do about it, and the outcome.\n\n")
	body.WriteString("If an item is not for you, tell the Local Offer team, and they will pass it on.\n\n")
	body.WriteString("The Local Offer team\n")
	return body.String()
}

// cycleEmail is the one email to r listing their items of cycle.
func cycleEmail(cycle *ent.ReviewCycle, r *notify.Recipient[circulationItem]) notify.Message {
	due := formatDeadlineDate(cycle.ResponsesDueOn)
	intro := fmt.Sprintf("Families, young people and professionals have sent feedback on the Local Offer that is yours to answer in the %s review cycle. "+
		"Please read each item below and answer it by the end of %s.", cycle.Name, due)
	return notify.Message{
		EventKey:  fmt.Sprintf("%s:%s:%s", TemplateCirculated, cycle.ID, r.User.ID),
		Template:  TemplateCirculated,
		Recipient: r.User.Email,
		Subject:   "Local Offer feedback to answer by " + due,
		Body:      circulationEmailBody(r.User.Name, intro, r.Items),
	}
}

// urgentEmail is the email to u about f, sent at once outside the cycle.
func urgentEmail(f *ent.Feedback, u *ent.User, item circulationItem, due schematype.Date) notify.Message {
	date := formatDeadlineDate(due)
	intro := fmt.Sprintf("The Local Offer team has sent you feedback that needs an answer sooner than the next review cycle. "+
		"Please read it and answer it by the end of %s.", date)
	return notify.Message{
		EventKey:  fmt.Sprintf("%s:%s:%s", TemplateSentNow, f.ID, u.ID),
		Template:  TemplateSentNow,
		Recipient: u.Email,
		Subject:   "Urgent: Local Offer feedback to answer by " + date,
		Body:      circulationEmailBody(u.Name, intro, []circulationItem{item}),
	}
}

// SentNow is the result of SendNow.
type SentNow struct {
	Feedback *ent.Feedback
	// Recipients is how many people were emailed: none when the
	// responsible party has no active account.
	Recipients int
}

// SendNow circulates one triaged item at once, outside the review cycle,
// for LO officers. The item is marked urgent and is due at the end of the
// configured number of working days from today (London date). Its
// responsible people are emailed in the same transaction.
func (m *Manager) SendNow(ctx context.Context, id uuid.UUID) (*SentNow, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var sent *SentNow
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		f, err := tx.Feedback.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFound("no feedback with id %s", id)
		}
		if err != nil {
			return fmt.Errorf("load feedback %s: %w", id, err)
		}
		if !m.allowed(ctx, authz.TypeFeedback, authz.ActionCirculate, authz.RelationNone) {
			return fmt.Errorf("you may not send feedback to its responsible party: only the LO team does: %w", apperr.ErrForbidden)
		}
		if reason := circulationBlocker(f); reason != "" {
			return apperr.Input("input.feedbackId", "feedback %s cannot be sent: %s", id, reason)
		}

		now := m.clock()
		today := sla.Today(now)
		calendar, err := sla.LoadCalendar(ctx, tx, today.Year(), today.Year()+1)
		if err != nil {
			return err
		}
		due := calendar.AddWorkingDays(today, m.opts.Settings.UrgentResponseDays)

		sent, err = m.sendNow(ctx, tx, f, now, due)
		if err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "feedback.circulated", ObjectType: authz.TypeFeedback, ObjectID: id,
			ChangedFields: []string{"status", "urgent", "circulated_at", "response_due_at"},
			Detail:        "urgent",
		})
		return nil
	})
	return sent, err
}

// sendNow marks f circulated and urgent, due at the end of due, and writes
// the emails to its responsible people, in tx.
func (m *Manager) sendNow(ctx context.Context, tx *ent.Client, f *ent.Feedback, now time.Time, due schematype.Date) (*SentNow, error) {
	updated, err := tx.Feedback.UpdateOne(f).
		SetStatus(feedback.StatusCirculated).
		SetUrgent(true).
		SetCirculatedAt(now).
		SetResponseDueAt(sla.Deadline(due)).
		ClearReviewCycleID().
		AddVersion(1).
		Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("circulate feedback %s: %w", f.ID, err)
	}

	loaded, err := withResponsiblePeople(tx.Feedback.Query().Where(feedback.ID(f.ID))).Only(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("load the responsible party of feedback %s: %w", f.ID, err)
	}
	var officers []*ent.User
	if *loaded.ResponsibleParty == feedback.ResponsiblePartyLOTeam {
		if officers, err = activeOfficers(ctx, tx); err != nil {
			return nil, err
		}
	}
	people := responsiblePeople(loaded, officers)
	publicURL := strings.TrimRight(m.opts.PublicURL, "/")
	for _, u := range people {
		if _, err := notify.Enqueue(ctx, tx, urgentEmail(loaded, u, itemOf(publicURL, loaded), due)); err != nil {
			return nil, err
		}
	}
	if len(people) == 0 {
		m.opts.Logger.WarnContext(ctx, "urgent feedback has no active responsible person to email", "feedback_id", f.ID)
	}
	return &SentNow{Feedback: updated, Recipients: len(people)}, nil
}
