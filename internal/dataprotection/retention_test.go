package dataprotection_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/notification"
	_ "github.com/localoffer/localoffer/ent/runtime"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/dataprotection"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

const (
	day = 24 * time.Hour
	// The retention periods the tests configure, unlike the defaults so
	// that a test cannot pass on them by chance.
	contactRetention = 90 * day
	textRetention    = 14 * day
	emailRetention   = 7 * day

	senderEmail = "jo.parent@example.org"
	senderPhone = "07700 900461"
	senderWords = "My son waited nine months for speech therapy."
)

// retentionWorld is a database, a sweeper whose clock the test sets, and
// the sweeper's logs.
type retentionWorld struct {
	client  *ent.Client
	ctx     context.Context
	now     time.Time
	sweeper *dataprotection.Sweeper
	logs    *bytes.Buffer
	seq     atomic.Int64
}

func newRetentionWorld(t *testing.T, batchSize int) *retentionWorld {
	t.Helper()
	w := &retentionWorld{
		client: storetest.New(t).Client,
		ctx:    viewer.SystemContext(context.Background()),
		logs:   &bytes.Buffer{},
	}
	logger := slog.New(slog.NewTextHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	w.sweeper = dataprotection.NewSweeper(w.client, logger, dataprotection.Config{
		ContactRetention: contactRetention,
		TextRetention:    textRetention,
		EmailRetention:   emailRetention,
		Now:              func() time.Time { return w.now },
		BatchSize:        batchSize,
	})
	return w
}

// run runs the sweeper at now and fails the test on an error.
func (w *retentionWorld) run(t *testing.T, now time.Time) {
	t.Helper()
	w.now = now
	if err := w.sweeper.Run(context.Background()); err != nil {
		t.Fatalf("retention sweep at %s: %v", now, err)
	}
}

// item creates feedback received at receivedAt, with the sender's words
// and a summary, and with contact details when withContact is set.
func (w *retentionWorld) item(t *testing.T, receivedAt time.Time, withContact bool, edit func(*ent.FeedbackCreate)) *ent.Feedback {
	t.Helper()
	create := w.client.Feedback.Create().
		SetReceivedAt(receivedAt).
		SetChannel(feedback.ChannelWebsite).
		SetSource(feedback.SourceParentOrCarer).
		SetTopic(feedback.TopicQualityOfProvision).
		SetSentiment(feedback.SentimentNegative).
		SetBody(senderWords).
		SetSummary("A parent waited a long time for speech therapy.")
	if edit != nil {
		edit(create)
	}
	item := create.SaveX(w.ctx)
	if withContact {
		w.client.FeedbackContact.Create().SetFeedbackID(item.ID).
			SetName("Jo Parent").SetEmail(senderEmail).SetPhone(senderPhone).SetPhoneDigits("07700900461").
			SetConsentPurposes([]string{"CALL_BACK"}).SetConsentWordingVersion("2026-12").SetConsentedAt(receivedAt).
			SaveX(w.ctx)
	}
	return item
}

func (w *retentionWorld) reload(t *testing.T, id uuid.UUID) *ent.Feedback {
	t.Helper()
	return w.client.Feedback.Query().Where(feedback.ID(id)).WithContact().OnlyX(w.ctx)
}

// email creates an email to the sender in the given state, sent at sentAt
// unless it is nil.
func (w *retentionWorld) email(t *testing.T, state notification.State, sentAt *time.Time) *ent.Notification {
	t.Helper()
	n := w.seq.Add(1)
	return w.client.Notification.Create().
		SetEventKey(fmt.Sprintf("retention-test:%d", n)).
		SetTemplate("feedback_received").
		SetRecipient(senderEmail).
		SetSubject("Thank you for your feedback").
		SetBody("Thank you. You wrote: " + senderWords).
		SetHTMLBody("<p>Thank you. You wrote: " + senderWords + "</p>").
		SetMessageID(fmt.Sprintf("<retention-test-%d@localoffer.test>", n)).
		SetState(state).
		SetNillableSentAt(sentAt).
		SaveX(w.ctx)
}

// purgeEvents returns the details of the retention.purged audit events.
func (w *retentionWorld) purgeEvents(t *testing.T) []string {
	t.Helper()
	events := w.client.AuditEvent.Query().Where(auditevent.Action("retention.purged")).
		Order(auditevent.ByCreatedAt(), auditevent.ByID()).AllX(w.ctx)
	details := make([]string, 0, len(events))
	for _, e := range events {
		details = append(details, e.Detail)
	}
	return details
}

// wantNoPersonalData fails when the sweeper's logs or the audit log carry
// the sender's address, number or words.
func (w *retentionWorld) wantNoPersonalData(t *testing.T) {
	t.Helper()
	var audit strings.Builder
	for _, e := range w.client.AuditEvent.Query().AllX(w.ctx) {
		fmt.Fprintf(&audit, "%s %s %s %v\n", e.Action, e.ObjectType, e.Detail, e.ChangedFields)
	}
	for _, secret := range []string{senderEmail, senderPhone, "07700900461", "speech therapy", "Jo Parent"} {
		if strings.Contains(w.logs.String(), secret) {
			t.Errorf("the sweeper's logs contain %q:\n%s", secret, w.logs)
		}
		if strings.Contains(audit.String(), secret) {
			t.Errorf("the audit log contains %q:\n%s", secret, audit.String())
		}
	}
}

func TestRetentionPurgesContactDetails(t *testing.T) {
	w := newRetentionWorld(t, 0)
	closedAt := time.Date(2026, time.March, 2, 10, 0, 0, 0, time.UTC)
	closed := w.item(t, closedAt.Add(-30*day), true, func(c *ent.FeedbackCreate) {
		c.SetStatus(feedback.StatusClosed).SetClosedAt(closedAt)
	})
	closedLater := w.item(t, closedAt.Add(-30*day), true, func(c *ent.FeedbackCreate) {
		c.SetStatus(feedback.StatusClosed).SetClosedAt(closedAt.Add(10 * day))
	})
	open := w.item(t, closedAt.Add(-400*day), true, nil)

	w.run(t, closedAt.Add(contactRetention-time.Second))
	if w.reload(t, closed.ID).Edges.Contact == nil {
		t.Fatal("contact details purged before the retention period ended")
	}

	purgedAt := closedAt.Add(contactRetention + time.Second)
	w.run(t, purgedAt)
	got := w.reload(t, closed.ID)
	if got.Edges.Contact != nil {
		t.Error("contact details of an item closed longer ago than the retention period were kept")
	}
	if got.ContactPurgedAt == nil || !got.ContactPurgedAt.Equal(purgedAt) {
		t.Errorf("contact_purged_at = %v, want %s", got.ContactPurgedAt, purgedAt)
	}
	if got.Body != senderWords {
		t.Errorf("body = %q, want the sender's words kept: only the contact details are purged", got.Body)
	}
	if w.reload(t, closedLater.ID).Edges.Contact == nil {
		t.Error("contact details of an item closed within the retention period were purged")
	}
	if reloaded := w.reload(t, open.ID); reloaded.Edges.Contact == nil || reloaded.ContactPurgedAt != nil {
		t.Error("contact details of an open item were purged")
	}
	if events := w.purgeEvents(t); len(events) != 1 || events[0] != "contact_details: 1 purged" {
		t.Errorf("retention.purged events = %q, want one with contact_details: 1 purged", events)
	}

	w.run(t, purgedAt.Add(time.Hour))
	if events := w.purgeEvents(t); len(events) != 1 {
		t.Errorf("a second run recorded retention.purged events %q, want none more", events)
	}
	if !strings.Contains(w.logs.String(), "purge=contact_details purged=1") {
		t.Errorf("logs do not count the purge:\n%s", w.logs)
	}
	w.wantNoPersonalData(t)
}

// londonTime returns a London wall-clock time in UTC, as the product
// stores times.
func londonTime(year int, month time.Month, day, hour, minute int) time.Time {
	return time.Date(year, month, day, hour, minute, 0, 0, content.London).UTC()
}

func TestRetentionRedactsFeedbackText(t *testing.T) {
	w := newRetentionWorld(t, 0)
	publishedAt := time.Date(2026, time.October, 20, 12, 0, 0, 0, time.UTC)
	w.client.AnnualReport.Create().SetAcademicYear("2025-26").
		SetStatus(annualreport.StatusPublished).SetPublishedAt(publishedAt).SaveX(w.ctx)
	w.client.AnnualReport.Create().SetAcademicYear("2026-27").SaveX(w.ctx)

	firstDay := w.item(t, londonTime(2025, time.September, 1, 0, 30), false, nil)
	lastDay := w.item(t, londonTime(2026, time.August, 31, 23, 30), false, nil)
	yearBefore := w.item(t, londonTime(2025, time.August, 31, 23, 30), false, nil)
	draftYear := w.item(t, londonTime(2026, time.September, 1, 0, 30), false, nil)
	safeguardingOpen := w.item(t, londonTime(2026, time.January, 5, 9, 0), false, func(c *ent.FeedbackCreate) {
		c.SetSafeguarding(true).SetReferral("Referred to children's social care.").SetReferralRecordedAt(londonTime(2026, time.January, 5, 15, 0))
	})
	safeguardingNoReferral := w.item(t, londonTime(2026, time.January, 6, 9, 0), false, func(c *ent.FeedbackCreate) {
		c.SetSafeguarding(true).SetStatus(feedback.StatusClosed).SetClosedAt(londonTime(2026, time.February, 1, 9, 0))
	})
	safeguardingDone := w.item(t, londonTime(2026, time.January, 7, 9, 0), false, func(c *ent.FeedbackCreate) {
		c.SetSafeguarding(true).SetReferral("Referred to children's social care.").
			SetReferralRecordedAt(londonTime(2026, time.January, 7, 15, 0)).
			SetStatus(feedback.StatusClosed).SetClosedAt(londonTime(2026, time.February, 1, 9, 0))
	})

	w.run(t, publishedAt.Add(textRetention-time.Second))
	if got := w.reload(t, firstDay.ID); got.Body != senderWords || got.BodyRedactedAt != nil {
		t.Fatalf("body redacted before the retention period after publication ended: %q", got.Body)
	}

	redactedAt := publishedAt.Add(textRetention + time.Second)
	w.run(t, redactedAt)
	for name, id := range map[string]uuid.UUID{
		"the first day of the year": firstDay.ID, "the last day of the year": lastDay.ID,
		"a closed safeguarding item with its referral": safeguardingDone.ID,
	} {
		got := w.reload(t, id)
		if got.Body != "" {
			t.Errorf("body of %s = %q, want it emptied", name, got.Body)
		}
		if got.BodyRedactedAt == nil || !got.BodyRedactedAt.Equal(redactedAt) {
			t.Errorf("body_redacted_at of %s = %v, want %s", name, got.BodyRedactedAt, redactedAt)
		}
		if got.Summary != "A parent waited a long time for speech therapy." {
			t.Errorf("summary of %s = %q, want it kept", name, got.Summary)
		}
	}
	for name, id := range map[string]uuid.UUID{
		"the year before": yearBefore.ID, "a year whose report is a draft": draftYear.ID,
		"an open safeguarding item": safeguardingOpen.ID, "a safeguarding item with no referral": safeguardingNoReferral.ID,
	} {
		if got := w.reload(t, id); got.Body != senderWords || got.BodyRedactedAt != nil {
			t.Errorf("body of %s = %q (redacted at %v), want it kept", name, got.Body, got.BodyRedactedAt)
		}
	}
	if events := w.purgeEvents(t); len(events) != 1 || events[0] != "feedback_text: 3 purged" {
		t.Errorf("retention.purged events = %q, want one with feedback_text: 3 purged", events)
	}

	w.run(t, redactedAt.Add(time.Hour))
	if got := w.reload(t, firstDay.ID); !got.BodyRedactedAt.Equal(redactedAt) {
		t.Errorf("a second run moved body_redacted_at to %v", got.BodyRedactedAt)
	}
	if events := w.purgeEvents(t); len(events) != 1 {
		t.Errorf("a second run recorded retention.purged events %q, want none more", events)
	}
	w.wantNoPersonalData(t)
}

func TestRetentionPurgesEmailBodies(t *testing.T) {
	w := newRetentionWorld(t, 0)
	sentAt := time.Date(2026, time.May, 11, 8, 0, 0, 0, time.UTC)
	sent := w.email(t, notification.StateSent, &sentAt)
	sentLater := w.email(t, notification.StateSent, ptr(sentAt.Add(2*day)))
	pending := w.email(t, notification.StatePending, nil)
	failed := w.email(t, notification.StateFailed, nil)

	w.run(t, sentAt.Add(emailRetention-time.Second))
	if got := w.client.Notification.GetX(w.ctx, sent.ID); got.Body == "" || got.BodyPurgedAt != nil {
		t.Fatal("email body purged before the retention period after delivery ended")
	}

	purgedAt := sentAt.Add(emailRetention + time.Second)
	w.run(t, purgedAt)
	got := w.client.Notification.GetX(w.ctx, sent.ID)
	if got.Body != "" || got.HTMLBody != "" {
		t.Errorf("bodies = %q, %q, want both emptied", got.Body, got.HTMLBody)
	}
	if got.BodyPurgedAt == nil || !got.BodyPurgedAt.Equal(purgedAt) {
		t.Errorf("body_purged_at = %v, want %s", got.BodyPurgedAt, purgedAt)
	}
	if got.Subject != sent.Subject || got.Recipient != sent.Recipient || got.MessageID != sent.MessageID {
		t.Errorf("delivery record = %q %q %q, want the subject, recipient and Message-ID kept", got.Subject, got.Recipient, got.MessageID)
	}
	for name, n := range map[string]*ent.Notification{"sent within the period": sentLater, "pending": pending, "failed": failed} {
		if got := w.client.Notification.GetX(w.ctx, n.ID); got.Body == "" || got.HTMLBody == "" || got.BodyPurgedAt != nil {
			t.Errorf("body of the %s email was purged", name)
		}
	}
	if events := w.purgeEvents(t); len(events) != 1 || events[0] != "email_bodies: 1 purged" {
		t.Errorf("retention.purged events = %q, want one with email_bodies: 1 purged", events)
	}

	w.run(t, purgedAt.Add(time.Hour))
	if got := w.client.Notification.GetX(w.ctx, sent.ID); !got.BodyPurgedAt.Equal(purgedAt) {
		t.Errorf("a second run moved body_purged_at to %v", got.BodyPurgedAt)
	}
	if events := w.purgeEvents(t); len(events) != 1 {
		t.Errorf("a second run recorded retention.purged events %q, want none more", events)
	}
	w.wantNoPersonalData(t)
}

// TestRetentionWorksInBatches purges more records than one batch holds, so
// the sweeper needs several transactions to purge them all in one run.
func TestRetentionWorksInBatches(t *testing.T) {
	const batchSize, records = 2, 5
	w := newRetentionWorld(t, batchSize)
	start := time.Date(2026, time.January, 12, 9, 0, 0, 0, time.UTC)
	w.client.AnnualReport.Create().SetAcademicYear("2025-26").
		SetStatus(annualreport.StatusPublished).SetPublishedAt(start).SaveX(w.ctx)
	for i := 0; i < records; i++ {
		w.item(t, start.Add(-time.Duration(i+1)*day), true, func(c *ent.FeedbackCreate) {
			c.SetStatus(feedback.StatusClosed).SetClosedAt(start)
		})
		w.email(t, notification.StateSent, &start)
	}

	w.run(t, start.Add(contactRetention+time.Second))

	ctx := w.ctx
	if n := w.client.FeedbackContact.Query().CountX(ctx); n != 0 {
		t.Errorf("contact details left = %d, want 0", n)
	}
	if n := w.client.Feedback.Query().Where(feedback.ContactPurgedAtNotNil()).CountX(ctx); n != records {
		t.Errorf("items marked contact purged = %d, want %d", n, records)
	}
	if n := w.client.Feedback.Query().Where(feedback.BodyRedactedAtIsNil()).CountX(ctx); n != 0 {
		t.Errorf("items with their body left = %d, want 0", n)
	}
	if n := w.client.Notification.Query().Where(notification.BodyPurgedAtIsNil()).CountX(ctx); n != 0 {
		t.Errorf("emails with their body left = %d, want 0", n)
	}
	want := []string{
		fmt.Sprintf("contact_details: %d purged", records),
		fmt.Sprintf("feedback_text: %d purged", records),
		fmt.Sprintf("email_bodies: %d purged", records),
	}
	if got := w.purgeEvents(t); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("retention.purged events = %q, want %q", got, want)
	}
	w.wantNoPersonalData(t)
}

func ptr[T any](v T) *T { return &v }
