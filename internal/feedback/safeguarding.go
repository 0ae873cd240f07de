package feedback

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/sla"
)

// safeguardingPhrases are the words and phrases that may disclose a risk to
// a child. A match only suggests a flag: an LO officer reads the item and
// flags it, clears it or records a referral. Words in a phrase match across
// any run of spaces or hyphens, so "self-harm" also finds "self harm".
var safeguardingPhrases = []string{
	"abuse", "abused", "abuses", "abusing", "abusive",
	"harm", "harmed", "harming", "self-harm", "self-harming",
	"hit", "hits", "hitting", "beat me", "beats me", "beaten", "punched", "kicked me", "slapped",
	"hurt me", "hurts me", "hurting me", "being hurt", "hurt at home", "hurts him", "hurts her", "hurts them",
	"bruise", "bruises", "bruised", "burns on",
	"unsafe at home", "not safe at home", "don't feel safe", "scared to go home", "afraid to go home", "frightened to go home",
	"suicide", "suicidal", "kill myself", "end my life", "want to die",
	"neglect", "neglected", "neglecting",
	"touched me", "touches me", "touching me", "groomed", "grooming",
	"exploited", "exploitation", "locked in my room", "no food at home",
	"ran away from home", "run away from home",
}

// safeguardingPatterns are the compiled safeguardingPhrases, in order.
var safeguardingPatterns = compileSafeguardingPhrases(safeguardingPhrases)

func compileSafeguardingPhrases(phrases []string) []*regexp.Regexp {
	patterns := make([]*regexp.Regexp, 0, len(phrases))
	for _, phrase := range phrases {
		words := strings.FieldsFunc(phrase, func(r rune) bool { return r == ' ' || r == '-' })
		for i, word := range words {
			words[i] = regexp.QuoteMeta(word)
		}
		patterns = append(patterns, regexp.MustCompile(`(?i)\b`+strings.Join(words, `[\s-]+`)+`\b`))
	}
	return patterns
}

// SafeguardingKeywords returns the phrases of the safeguarding list that
// text contains as whole words, in any case, in the list's order. Curly
// apostrophes count as straight ones.
func SafeguardingKeywords(text string) []string {
	text = strings.ReplaceAll(text, "’", "'")
	var found []string
	for i, pattern := range safeguardingPatterns {
		if pattern.MatchString(text) {
			found = append(found, safeguardingPhrases[i])
		}
	}
	return found
}

// The reasons an LO officer gives for clearing a safeguarding flag or
// suggestion. The reason is recorded in the audit log, which holds no
// free text.
const (
	// ClearKeywordOutOfContext: the words matched, but in another sense,
	// such as "the new page is a hit".
	ClearKeywordOutOfContext = "KEYWORD_OUT_OF_CONTEXT"
	// ClearNoRiskDisclosed: the officer read the item and judged that it
	// discloses no risk to a child.
	ClearNoRiskDisclosed = "NO_RISK_DISCLOSED"
	// ClearFlaggedInError: an officer flagged the wrong item.
	ClearFlaggedInError = "FLAGGED_IN_ERROR"
)

// ClearReasons lists every reason for clearing a safeguarding flag.
var ClearReasons = []string{ClearKeywordOutOfContext, ClearNoRiskDisclosed, ClearFlaggedInError}

// maxReferralLength is the maximum length of a referral's description, in
// characters.
const maxReferralLength = 2000

// triageDue returns the target for triaging a safeguarding item that
// arrives or is flagged now: the end of the next working day, London time.
func (m *Manager) triageDue(ctx context.Context, tx *ent.Client) (time.Time, error) {
	today := sla.Today(m.clock())
	// The next working day can fall in the next year, after Christmas.
	calendar, err := sla.LoadCalendar(ctx, tx, today.Year(), today.Year()+1)
	if err != nil {
		return time.Time{}, fmt.Errorf("load bank holidays: %w", err)
	}
	return sla.Deadline(calendar.AddWorkingDays(today, 1)), nil
}

// OpenSafeguarding reports whether f is in the safeguarding queue: flagged
// or suggested, and with no referral recorded. Clearing an item makes it
// an ordinary one again.
func OpenSafeguarding(f *ent.Feedback) bool {
	return f.Safeguarding && f.ReferralRecordedAt == nil
}

// TriageOverdue reports whether f is in the safeguarding queue after its
// triage target.
func (m *Manager) TriageOverdue(f *ent.Feedback) bool {
	return OpenSafeguarding(f) && f.TriageDueAt != nil && m.clock().After(*f.TriageDueAt)
}

// FlagSafeguarding flags an item as one that may disclose a risk to a
// child, for LO officers. The item is restricted to the LO team and kept
// out of circulation and reports. It joins the safeguarding queue with a
// target of the end of the next working day. Flagging a suggested item
// confirms it and keeps its target.
func (m *Manager) FlagSafeguarding(ctx context.Context, id uuid.UUID) (*ent.Feedback, error) {
	var f *ent.Feedback
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		var err error
		f, err = m.loadForChange(ctx, tx, id, "flag feedback for safeguarding: only the LO team does")
		if err != nil {
			return err
		}
		if f.Safeguarding && f.SafeguardingFlaggedAt != nil {
			return apperr.Input("input.id", "feedback %s was already flagged for safeguarding at %s", id, formatTime(*f.SafeguardingFlaggedAt))
		}

		now := m.clock()
		due := f.TriageDueAt
		if !f.Safeguarding || due == nil {
			next, err := m.triageDue(ctx, tx)
			if err != nil {
				return err
			}
			due = &next
		}
		f, err = m.save(ctx, tx, f, f.Version, func(u *ent.FeedbackUpdate) {
			u.SetSafeguarding(true).
				SetSafeguardingFlaggedAt(now).
				SetNillableSafeguardingFlaggedByID(callerID(ctx)).
				SetTriageDueAt(*due).
				ClearSafeguardingClearedAt()
		})
		if err != nil {
			return err
		}
		if err := m.alertSafeguarding(ctx, tx, f); err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "safeguarding.flagged", ObjectType: authz.TypeFeedback, ObjectID: id,
			ChangedFields: []string{"safeguarding", "safeguarding_flagged_at", "triage_due_at"},
		})
		return nil
	})
	return f, err
}

// ClearSafeguarding clears a flag or a suggestion on an item that, as an
// LO officer judged, discloses no risk to a child: the item leaves the
// queue and can be triaged as any other. An item with a referral stays
// restricted.
func (m *Manager) ClearSafeguarding(ctx context.Context, id uuid.UUID, reason string) (*ent.Feedback, error) {
	var f *ent.Feedback
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		var err error
		f, err = m.loadForChange(ctx, tx, id, "clear safeguarding flags: only the LO team does")
		if err != nil {
			return err
		}
		if !validClearReason(reason) {
			return apperr.Input("input.reason", "%q is not a reason: use one of %s", reason, strings.Join(ClearReasons, ", "))
		}
		if !f.Safeguarding {
			return apperr.Input("input.id", "feedback %s is not flagged or suggested for safeguarding", id)
		}
		if f.ReferralRecordedAt != nil {
			return apperr.Input("input.id", "a referral was recorded for feedback %s at %s, so it stays restricted", id, formatTime(*f.ReferralRecordedAt))
		}

		f, err = m.save(ctx, tx, f, f.Version, func(u *ent.FeedbackUpdate) {
			u.SetSafeguarding(false).SetSafeguardingClearedAt(m.clock())
		})
		if err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "safeguarding.cleared", ObjectType: authz.TypeFeedback, ObjectID: id,
			ChangedFields: []string{"safeguarding", "safeguarding_cleared_at"},
			Detail:        "reason " + reason,
		})
		return nil
	})
	return f, err
}

func validClearReason(reason string) bool {
	for _, r := range ClearReasons {
		if r == reason {
			return true
		}
	}
	return false
}

// RecordSafeguardingReferral records the referral an LO officer made for a
// flagged or suggested item, such as to children's social care. The item
// leaves the queue and stays restricted to the LO team.
func (m *Manager) RecordSafeguardingReferral(ctx context.Context, id uuid.UUID, referral string) (*ent.Feedback, error) {
	var f *ent.Feedback
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		var err error
		f, err = m.loadForChange(ctx, tx, id, "record safeguarding referrals: only the LO team does")
		if err != nil {
			return err
		}
		text, err := cleanText("input.referral", referral, maxReferralLength)
		if err != nil {
			return err
		}
		if !f.Safeguarding {
			return apperr.Input("input.id", "feedback %s is not flagged for safeguarding: flag it with flagSafeguarding first", id)
		}
		if f.ReferralRecordedAt != nil {
			return apperr.Input("input.id", "a referral was already recorded for feedback %s at %s", id, formatTime(*f.ReferralRecordedAt))
		}

		now := m.clock()
		changed := []string{"referral", "referral_recorded_at"}
		f, err = m.save(ctx, tx, f, f.Version, func(u *ent.FeedbackUpdate) {
			// The referral ends the item's handling here: it closes, which
			// starts the retention period of its contact details.
			u.SetReferral(text).SetReferralRecordedAt(now).SetNillableReferralRecordedByID(callerID(ctx)).
				SetStatus(feedback.StatusClosed).SetClosedAt(now)
			changed = append(changed, "status", "closed_at")
			// Recording a referral for a suggested item confirms the flag.
			if f.SafeguardingFlaggedAt == nil {
				u.SetSafeguardingFlaggedAt(now).SetNillableSafeguardingFlaggedByID(callerID(ctx))
				changed = append(changed, "safeguarding_flagged_at")
			}
		})
		if err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "safeguarding.referral_recorded", ObjectType: authz.TypeFeedback, ObjectID: id,
			ChangedFields: changed,
		})
		return nil
	})
	return f, err
}

// SafeguardingQueue returns the items flagged or suggested for
// safeguarding that have no referral yet, the earliest triage target
// first, for the LO team. prepare, when given, adjusts the query before it
// runs, such as to load the edges selected in the GraphQL request.
//
// NOTE: the queue is not paged. It holds only open items, each of which an
// officer handles within a working day.
func (m *Manager) SafeguardingQueue(ctx context.Context, prepare func(*ent.FeedbackQuery) (*ent.FeedbackQuery, error)) ([]*ent.Feedback, error) {
	if err := m.authorize(ctx, authz.TypeFeedback, authz.ActionUpdate,
		"you may not read the safeguarding queue: only the LO team does"); err != nil {
		return nil, err
	}
	q := m.reader(ctx).Feedback.Query().
		Where(feedback.Safeguarding(true), feedback.ReferralRecordedAtIsNil()).
		Order(ent.Asc(feedback.FieldTriageDueAt), ent.Asc(feedback.FieldReceivedAt), ent.Asc(feedback.FieldID))
	if prepare != nil {
		var err error
		if q, err = prepare(q); err != nil {
			return nil, err
		}
	}
	items, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the safeguarding queue: %w", err)
	}
	return items, nil
}

// formatTime writes t for a message, in UTC.
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// TemplateSafeguardingAlert is the template of the email that tells the LO
// officers an item needs safeguarding triage.
const TemplateSafeguardingAlert = "feedback_safeguarding_alert"

// alertSafeguarding emails every active LO officer and admin that f, flagged or
// suggested for safeguarding, needs triage by its target, with a link and
// never the text. One email per officer per item, however often it is
// flagged.
func (m *Manager) alertSafeguarding(ctx context.Context, tx *ent.Client, f *ent.Feedback) error {
	officers, err := tx.User.Query().
		Where(user.RoleIn(user.RoleLOOfficer, user.RoleLOAdmin), user.StatusEQ(user.StatusActive)).
		Order(ent.Asc(user.FieldEmail)).
		All(system(ctx))
	if err != nil {
		return fmt.Errorf("list LO officers to alert about feedback %s: %w", f.ID, err)
	}
	due := "as soon as you can"
	if f.TriageDueAt != nil {
		due = "by the end of " + f.TriageDueAt.Add(-time.Second).In(content.London).Format("Monday 2 January 2006")
	}
	for _, officer := range officers {
		_, err := notify.Enqueue(ctx, tx, notify.Message{
			EventKey:  fmt.Sprintf("%s:%s:%s", TemplateSafeguardingAlert, f.ID, officer.ID),
			Template:  TemplateSafeguardingAlert,
			Recipient: officer.Email,
			Subject:   "Feedback needs safeguarding triage",
			Body: fmt.Sprintf("Hello %s,\n\n"+
				"An item of feedback may disclose a risk to a child. Please read it and decide %s: "+
				"flag it, clear it, or record the referral you make.\n\n%s\n\n"+
				"If a child is in immediate danger, call 999.\n\nThe Local Offer\n",
				officer.Name, due, FeedbackURL(m.opts.PublicURL, f.ID)),
		})
		if err != nil {
			return err
		}
	}
	return nil
}
