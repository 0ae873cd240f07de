package dataprotection

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/feedback"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxReasonBytes is the longest reason for a redaction, in bytes of
// UTF-8, so that the reason and the counts fit the audit event's detail,
// which ent limits to 500 bytes.
const maxReasonBytes = 200

// cancelledError is the last error of an email cancelled by a redaction
// before it was sent.
const cancelledError = "cancelled before sending: its body was removed on a data subject's request"

// Redaction counts what a redaction changed.
type Redaction struct {
	// ContactsDeleted is how many items' contact details were the
	// subject's and were deleted.
	ContactsDeleted int
	// FeedbackRedacted is how many items had the address or number
	// replaced in their body, summary or exclusion note.
	FeedbackRedacted int
	// ResponsesRedacted is how many answers had it replaced in their
	// action, outcome or council response.
	ResponsesRedacted int
	// Occurrences is how many occurrences were replaced in all.
	Occurrences int
	// EmailsPurged is how many sent or failed emails to the address had
	// their bodies emptied.
	EmailsPurged int
	// EmailsCancelled is how many emails to the address were still
	// waiting to be sent: their bodies were emptied and they were marked
	// FAILED, so that they are never sent.
	EmailsCancelled int
	// AnnualReportsRedacted is how many annual reports had it replaced in
	// their frozen content.
	AnnualReportsRedacted int
	// UserAccounts is how many accounts have the address. A redaction
	// leaves them: an LO admin disables an account or changes its email.
	UserAccounts int
	// ReferralsKept is how many safeguarding referral records name the
	// subject. A redaction leaves them, under the council's
	// safeguarding retention.
	ReferralsKept int
}

// String summarises r for logs and audit events, with no personal data.
func (r Redaction) String() string {
	return fmt.Sprintf("contacts_deleted=%d feedback_redacted=%d responses_redacted=%d occurrences=%d "+
		"emails_purged=%d emails_cancelled=%d annual_reports_redacted=%d user_accounts=%d referrals_kept=%d",
		r.ContactsDeleted, r.FeedbackRedacted, r.ResponsesRedacted, r.Occurrences,
		r.EmailsPurged, r.EmailsCancelled, r.AnnualReportsRedacted, r.UserAccounts, r.ReferralsKept)
}

// Redact removes a data subject's email address and phone number from
// everything linked to them, in one transaction, for LO admins. It deletes
// the contact details that are theirs and sets the item's
// contact_purged_at. It replaces each occurrence with "[redacted]" in the
// feedback's body, summary and exclusion note, in the answer's action and
// outcome, in the council response, and in the frozen content of annual
// reports. It empties the bodies of the emails to the address. Every item
// of feedback stays, with its source, topic and status, so the annual
// report's figures do not change.
//
// The reason is recorded in the audit event personal_data.redacted with
// the counts, so it must hold no personal data: one in which
// feedback.FindPersonalData finds some is BAD_USER_INPUT.
func (m *Manager) Redact(ctx context.Context, in RedactInput) (*Redaction, error) {
	if err := m.authorize(ctx, authz.ActionRedact, "redact"); err != nil {
		return nil, err
	}
	subject, err := NewSubject(SubjectInput{Email: in.Email, Phone: in.Phone}, "input.")
	if err != nil {
		return nil, err
	}
	reason, err := checkReason(in.Reason, subject)
	if err != nil {
		return nil, err
	}

	var result Redaction
	err = audit.InTransaction(ctx, m.opts.Root, m.opts.Logger, func(tx *ent.Client, pending *audit.Pending) error {
		f, err := find(ctx, tx, subject)
		if err != nil {
			return err
		}
		result, err = m.redact(viewer.SystemContext(ctx), tx, subject, f)
		if err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "personal_data.redacted", ObjectType: authz.TypePersonalData,
			Detail: fmt.Sprintf("reason: %s; %s; %s", reason, searchedBy(subject), result),
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	audit.AfterCommit(ctx, func() {
		m.opts.Logger.InfoContext(ctx, "personal data redacted", "request_id", viewer.FromContext(ctx).RequestID,
			"contacts_deleted", result.ContactsDeleted, "feedback_redacted", result.FeedbackRedacted,
			"responses_redacted", result.ResponsesRedacted, "emails_purged", result.EmailsPurged,
			"emails_cancelled", result.EmailsCancelled, "annual_reports_redacted", result.AnnualReportsRedacted)
	})
	return &result, nil
}

// checkReason returns the reason trimmed, or BAD_USER_INPUT when it is
// empty, too long or contains personal data.
func checkReason(reason string, s Subject) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return "", apperr.Input("input.reason", "is empty: give the reason, such as the reference of the data subject's request")
	}
	if len(reason) > maxReasonBytes {
		return "", apperr.Input("input.reason", "is too long: use at most %d bytes, which is %d letters of plain English and fewer with accents or symbols", maxReasonBytes, maxReasonBytes)
	}
	if len(s.Occurrences(reason)) > 0 || len(feedback.FindPersonalData(reason)) > 0 {
		return "", apperr.Input("input.reason", "contains what looks like personal data, which the audit log must not hold: give the request's reference instead")
	}
	return reason, nil
}

// redact writes the redaction of f, as the system.
func (m *Manager) redact(ctx context.Context, tx *ent.Client, s Subject, f *findings) (Redaction, error) {
	now := m.clock()
	var r Redaction
	// The names the subject gave with their own feedback are redacted too,
	// from those items' text and from the annual reports: an anonymised
	// summary or an answer may still name them.
	s.Names = contactNames(f)
	s.OtherEmails, s.OtherPhones = contactIdentifiers(f, s)
	for _, ff := range f.feedback {
		if err := redactFeedback(ctx, tx, s, ff, now, &r); err != nil {
			return r, err
		}
	}
	for _, n := range f.notifications {
		if err := purgeEmail(ctx, tx, n, now, &r); err != nil {
			return r, err
		}
	}
	reports := f.reports
	if len(s.Names) > 0 {
		// A report may name the subject without their address or number,
		// so every report with frozen figures is read.
		all, err := tx.AnnualReport.Query().Where(annualreport.FiguresNotNil()).All(ctx)
		if err != nil {
			return r, fmt.Errorf("load annual reports to redact: %w", err)
		}
		reports = all
	}
	for _, report := range reports {
		figures, count, err := redactJSONStrings(report.Figures, s)
		if err != nil {
			return r, fmt.Errorf("redact annual report %s: %w", report.ID, err)
		}
		if count == 0 {
			continue
		}
		if err := tx.AnnualReport.UpdateOneID(report.ID).SetFigures(figures).Exec(ctx); err != nil {
			return r, fmt.Errorf("redact annual report %s: %w", report.ID, err)
		}
		r.AnnualReportsRedacted++
		r.Occurrences += count
	}
	r.UserAccounts = len(f.users)
	return r, nil
}

// redactFeedback deletes the item's contact details when they are the
// subject's, and replaces the subject's address and number in its text and
// its answer's.
func redactFeedback(ctx context.Context, tx *ent.Client, s Subject, ff *feedbackFinding, now time.Time, r *Redaction) error {
	item := ff.item
	update := tx.Feedback.UpdateOneID(item.ID)
	changed := false

	if ff.contact && item.Edges.Contact != nil {
		if err := tx.FeedbackContact.DeleteOneID(item.Edges.Contact.ID).Exec(ctx); err != nil {
			return fmt.Errorf("delete contact details of feedback %s: %w", item.ID, err)
		}
		update.SetContactPurgedAt(now)
		r.ContactsDeleted++
		changed = true
	}

	body, inBody := s.Redact(item.Body)
	summary, inSummary := s.Redact(item.Summary)
	note, inNote := s.Redact(item.ExclusionNote)
	if inBody+inSummary+inNote > 0 {
		update.SetBody(body).SetSummary(summary).SetExclusionNote(note).AddVersion(1)
		r.FeedbackRedacted++
		r.Occurrences += inBody + inSummary + inNote
		changed = true
	}
	if len(s.Occurrences(item.Referral)) > 0 {
		r.ReferralsKept++
	}
	if changed {
		if err := update.Exec(ctx); err != nil {
			return fmt.Errorf("redact feedback %s: %w", item.ID, err)
		}
	}

	response := item.Edges.Response
	if response == nil {
		return nil
	}
	action, inAction := s.Redact(response.Action)
	outcome, inOutcome := s.Redact(response.Outcome)
	council, inCouncil := s.Redact(response.CouncilResponse)
	if inAction+inOutcome+inCouncil == 0 {
		return nil
	}
	err := tx.FeedbackResponse.UpdateOneID(response.ID).
		SetAction(action).SetOutcome(outcome).SetCouncilResponse(council).AddVersion(1).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("redact the answer to feedback %s: %w", item.ID, err)
	}
	r.ResponsesRedacted++
	r.Occurrences += inAction + inOutcome + inCouncil
	return nil
}

// purgeEmail empties the bodies of an email to the subject. One still
// waiting is marked FAILED, so that delivery never sends it empty.
func purgeEmail(ctx context.Context, tx *ent.Client, n *ent.Notification, now time.Time, r *Redaction) error {
	if n.State != notification.StatePending && n.Body == "" && n.HTMLBody == "" && n.BodyPurgedAt != nil {
		return nil
	}
	update := tx.Notification.UpdateOneID(n.ID).SetBody("").SetHTMLBody("")
	if n.BodyPurgedAt == nil {
		update.SetBodyPurgedAt(now)
	}
	if n.State == notification.StatePending {
		update.SetState(notification.StateFailed).SetLastError(cancelledError)
		r.EmailsCancelled++
	} else {
		r.EmailsPurged++
	}
	if err := update.Exec(ctx); err != nil {
		return fmt.Errorf("purge the body of email %s: %w", n.ID, err)
	}
	return nil
}

// contactNames returns the names on the contact details that are the
// subject's own, once each.
func contactNames(f *findings) []string {
	var names []string
	for _, ff := range f.feedback {
		if !ff.contact || ff.item.Edges.Contact == nil {
			continue
		}
		name := strings.Join(strings.Fields(ff.item.Edges.Contact.Name), " ")
		if name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// redactJSONStrings redacts the subject in the string values of a JSON
// document, never in its keys, so that a name such as "Value" cannot break
// the document's shape. Numbers keep their exact text.
func redactJSONStrings(document []byte, s Subject) ([]byte, int, error) {
	decoder := json.NewDecoder(bytes.NewReader(document))
	decoder.UseNumber()
	var value any
	if err := decoder.Decode(&value); err != nil {
		return nil, 0, fmt.Errorf("read the frozen figures: %w", err)
	}
	count := 0
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case string:
			redacted, n := s.Redact(v)
			count += n
			return redacted
		case []any:
			for i := range v {
				v[i] = walk(v[i])
			}
		case map[string]any:
			for key, item := range v {
				v[key] = walk(item)
			}
		}
		return v
	}
	value = walk(value)
	if count == 0 {
		return document, 0, nil
	}
	redacted, err := json.Marshal(value)
	if err != nil {
		return nil, 0, fmt.Errorf("write the redacted figures: %w", err)
	}
	return redacted, count, nil
}

// contactIdentifiers returns the addresses and numbers on the contact
// details that are the subject's own, other than those s was found by.
func contactIdentifiers(f *findings, s Subject) (emails, phones []string) {
	for _, ff := range f.feedback {
		if !ff.contact || ff.item.Edges.Contact == nil {
			continue
		}
		c := ff.item.Edges.Contact
		if email := NormaliseEmail(c.Email); email != "" && email != s.Email && !slices.Contains(emails, email) {
			emails = append(emails, email)
		}
		if phone := c.PhoneDigits; len(phone) >= minPhoneDigits && phone != s.Phone && !slices.Contains(phones, phone) {
			phones = append(phones, phone)
		}
	}
	return emails, phones
}
