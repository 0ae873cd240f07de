package dataprotection

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackcontact"
	"github.com/localoffer/localoffer/ent/feedbackresponse"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
)

// RecordType is a kind of record linked to a data subject.
type RecordType string

const (
	// RecordFeedback is an item of feedback: its contact details, the
	// sender's own words, the summary or the answers to it.
	RecordFeedback RecordType = "FEEDBACK"
	// RecordNotification is an email sent or waiting in the outbox.
	RecordNotification RecordType = "NOTIFICATION"
	// RecordUser is a staff or provider account.
	RecordUser RecordType = "USER"
	// RecordAnnualReport is an annual report whose frozen content
	// contains the address or number.
	RecordAnnualReport RecordType = "ANNUAL_REPORT"
)

// Where a data subject's address or number was found, as the GraphQL API
// names the fields.
const (
	FieldContactEmail            = "contact.email"
	FieldContactPhone            = "contact.phone"
	FieldBody                    = "body"
	FieldSummary                 = "summary"
	FieldExclusionNote           = "exclusionNote"
	FieldReferral                = "referral"
	FieldResponseAction          = "response.action"
	FieldResponseOutcome         = "response.outcome"
	FieldResponseCouncilResponse = "response.councilResponse"
	FieldRecipient               = "recipient"
	FieldEmail                   = "email"
	FieldFigures                 = "figures"
)

// Match is one record linked to a data subject.
type Match struct {
	Type RecordType
	ID   uuid.UUID
	// Fields names the fields in which the address or number was found,
	// such as "contact.email" or "body".
	Fields []string
	// At is when the record was made: when feedback was received, or when
	// an email, account or report was created.
	At time.Time
}

// findings are the records linked to a data subject.
type findings struct {
	feedback      []*feedbackFinding
	notifications []*ent.Notification
	users         []*ent.User
	reports       []*ent.AnnualReport
}

// feedbackFinding is an item of feedback, loaded with its contact details
// and answer, and where the subject was found in it.
type feedbackFinding struct {
	item   *ent.Feedback
	fields []string
	// contact reports whether the item's contact details are the
	// subject's own, as opposed to the subject being named in its text.
	contact bool
}

// counts summarises f for logs and audit events, with no personal data.
func (f *findings) counts() string {
	return fmt.Sprintf("feedback=%d emails=%d user_accounts=%d annual_reports=%d",
		len(f.feedback), len(f.notifications), len(f.users), len(f.reports))
}

// matches lists f: feedback by the time it was received, then emails,
// accounts and reports.
func (f *findings) matches() []Match {
	matches := make([]Match, 0, len(f.feedback)+len(f.notifications)+len(f.users)+len(f.reports))
	for _, ff := range f.feedback {
		matches = append(matches, Match{Type: RecordFeedback, ID: ff.item.ID, Fields: ff.fields, At: ff.item.ReceivedAt})
	}
	for _, n := range f.notifications {
		matches = append(matches, Match{Type: RecordNotification, ID: n.ID, Fields: []string{FieldRecipient}, At: n.CreatedAt})
	}
	for _, u := range f.users {
		matches = append(matches, Match{Type: RecordUser, ID: u.ID, Fields: []string{FieldEmail}, At: u.CreatedAt})
	}
	for _, r := range f.reports {
		matches = append(matches, Match{Type: RecordAnnualReport, ID: r.ID, Fields: []string{FieldFigures}, At: r.CreatedAt})
	}
	return matches
}

// Search returns every record linked to the email address or phone number
// given, for LO admins. It finds feedback whose contact details are that
// address or number, or whose text contains it, emails sent to the
// address, an account with it, and annual reports whose frozen content
// contains it. The audit event personal_data.searched records the counts.
func (m *Manager) Search(ctx context.Context, in SubjectInput) ([]Match, error) {
	if err := m.authorize(ctx, authz.ActionRead, "search for"); err != nil {
		return nil, err
	}
	subject, err := NewSubject(in, "")
	if err != nil {
		return nil, err
	}
	f, err := find(ctx, m.reader(ctx), subject)
	if err != nil {
		return nil, err
	}
	m.record(ctx, audit.Event{Action: "personal_data.searched", ObjectType: authz.TypePersonalData, Detail: searchedBy(subject) + "; found " + f.counts()})
	return f.matches(), nil
}

// searchedBy names which identifiers a request gave, never their values.
func searchedBy(s Subject) string {
	switch {
	case s.Email != "" && s.Phone != "":
		return "by email address and phone number"
	case s.Email != "":
		return "by email address"
	}
	return "by phone number"
}

// find loads every record linked to s through client, as the caller: the
// privacy rules still apply, so a caller who may not read a record does
// not find it.
func find(ctx context.Context, client *ent.Client, s Subject) (*findings, error) {
	byID := map[uuid.UUID]*feedbackFinding{}
	note := func(id uuid.UUID, field string, contact bool) {
		ff, ok := byID[id]
		if !ok {
			ff = &feedbackFinding{}
			byID[id] = ff
		}
		ff.fields = append(ff.fields, field)
		ff.contact = ff.contact || contact
	}

	if err := findContacts(ctx, client, s, note); err != nil {
		return nil, err
	}
	if err := findFeedbackText(ctx, client, s, note); err != nil {
		return nil, err
	}
	if err := findResponseText(ctx, client, s, note); err != nil {
		return nil, err
	}

	f := &findings{}
	if len(byID) > 0 {
		ids := make([]uuid.UUID, 0, len(byID))
		for id := range byID {
			ids = append(ids, id)
		}
		items, err := client.Feedback.Query().Where(feedback.IDIn(ids...)).
			WithContact().WithResponse().
			Order(feedback.ByReceivedAt(), feedback.ByID()).
			All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load feedback linked to a data subject: %w", err)
		}
		for _, item := range items {
			ff := byID[item.ID]
			ff.item = item
			f.feedback = append(f.feedback, ff)
		}
	}

	if s.Email != "" {
		var err error
		f.notifications, err = client.Notification.Query().
			Where(notification.RecipientEqualFold(s.Email)).
			Order(notification.ByCreatedAt(), notification.ByID()).
			All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load emails to a data subject: %w", err)
		}
		f.users, err = client.User.Query().Where(user.EmailEqualFold(s.Email)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load accounts of a data subject: %w", err)
		}
	}

	// An academic year has one report, so there are few to read in full.
	reports, err := client.AnnualReport.Query().Order(annualreport.ByAcademicYear()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load annual reports: %w", err)
	}
	for _, r := range reports {
		if len(s.Occurrences(string(r.Figures))) > 0 {
			f.reports = append(f.reports, r)
		}
	}
	return f, nil
}

// findContacts notes the feedback whose contact details are the subject's.
func findContacts(ctx context.Context, client *ent.Client, s Subject, note func(uuid.UUID, string, bool)) error {
	variants := make([]any, 0, 2)
	for _, v := range s.phoneDigitsVariants() {
		variants = append(variants, v)
	}
	contacts, err := client.FeedbackContact.Query().
		Where(func(sel *sql.Selector) {
			var either []*sql.Predicate
			if s.Email != "" {
				either = append(either, sql.EqualFold(sel.C(feedbackcontact.FieldEmail), s.Email))
			}
			if len(variants) > 0 {
				either = append(either, sql.In(sel.C(feedbackcontact.FieldPhoneDigits), variants...))
			}
			sel.Where(sql.Or(either...))
		}).
		All(ctx)
	if err != nil {
		return fmt.Errorf("find contact details of a data subject: %w", err)
	}
	for _, c := range contacts {
		if s.Email != "" && NormaliseEmail(c.Email) == s.Email {
			note(c.FeedbackID, FieldContactEmail, true)
		}
		if s.Phone != "" && (phoneDigits(c.PhoneDigits) == s.Phone || phoneDigits(c.Phone) == s.Phone) {
			note(c.FeedbackID, FieldContactPhone, true)
		}
	}
	return nil
}

// findFeedbackText notes the feedback whose own text contains the
// subject's address or number.
func findFeedbackText(ctx context.Context, client *ent.Client, s Subject, note func(uuid.UUID, string, bool)) error {
	items, err := client.Feedback.Query().
		Where(mayContain(s, feedback.FieldBody, feedback.FieldSummary, feedback.FieldExclusionNote, feedback.FieldReferral)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("find feedback that names a data subject: %w", err)
	}
	for _, item := range items {
		for _, text := range []struct{ field, value string }{
			{FieldBody, item.Body}, {FieldSummary, item.Summary},
			{FieldExclusionNote, item.ExclusionNote}, {FieldReferral, item.Referral},
		} {
			if len(s.Occurrences(text.value)) > 0 {
				note(item.ID, text.field, false)
			}
		}
	}
	return nil
}

// findResponseText notes the feedback whose answer or council response
// contains the subject's address or number.
func findResponseText(ctx context.Context, client *ent.Client, s Subject, note func(uuid.UUID, string, bool)) error {
	responses, err := client.FeedbackResponse.Query().
		Where(mayContain(s, feedbackresponse.FieldAction, feedbackresponse.FieldOutcome, feedbackresponse.FieldCouncilResponse)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("find answers that name a data subject: %w", err)
	}
	for _, r := range responses {
		for _, text := range []struct{ field, value string }{
			{FieldResponseAction, r.Action}, {FieldResponseOutcome, r.Outcome},
			{FieldResponseCouncilResponse, r.CouncilResponse},
		} {
			if len(s.Occurrences(text.value)) > 0 {
				note(r.FeedbackID, text.field, false)
			}
		}
	}
	return nil
}

// mayContain selects the rows in which one of the text columns may
// contain the subject's address or number: a superset, which Occurrences
// narrows in Go, because SQL cannot match a number however it is spaced.
func mayContain(s Subject, columns ...string) func(*sql.Selector) {
	return func(sel *sql.Selector) {
		var either []*sql.Predicate
		for _, column := range columns {
			if s.Email != "" {
				either = append(either, sql.ContainsFold(sel.C(column), s.Email))
			}
			if s.Phone != "" {
				either = append(either, sql.Like(sel.C(column), s.phoneLikePattern()))
			}
		}
		sel.Where(sql.Or(either...))
	}
}
