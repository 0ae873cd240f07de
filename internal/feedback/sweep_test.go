package feedback

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/notification"
	_ "github.com/localoffer/localoffer/ent/runtime" // registers the privacy policies
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// TestSweepCrashThenRerun makes the outbox fail after the first email, as
// a crash in the middle of a sweep would. The cycle must be left as it
// was, and the next sweep must circulate it in full, with each email once.
func TestSweepCrashThenRerun(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())

	org := client.Organization.Create().SetName("Riverside Family Trust").SetSlug("riverside-family-trust").SaveX(ctx)
	var items []*ent.Feedback
	for _, name := range []string{"alice", "bob"} {
		lead := client.User.Create().SetEmail(name + "@provider.example").SetName(name).
			SetRole(user.RoleProvider).SetStatus(user.StatusActive).SaveX(ctx)
		sv := client.Service.Create().SetName("Service of " + name).SetSlug("service-of-" + name).
			SetStatus(service.StatusPublished).SetOrganization(org).SetLead(lead).SaveX(ctx)
		items = append(items, client.Feedback.Create().
			SetReceivedAt(time.Date(2031, time.April, 1, 9, 0, 0, 0, time.UTC)).
			SetChannel(feedback.ChannelWebsite).SetSource(feedback.SourceParentOrCarer).
			SetTopic(feedback.TopicContent).SetSentiment(feedback.SentimentNeutral).
			SetBody("The opening times are wrong.").SetSummary("Opening times out of date.").
			SetStatus(feedback.StatusTriaged).SetResponsibleParty(feedback.ResponsiblePartyContentOwners).
			SetService(sv).SaveX(ctx))
	}
	client.ReviewCycle.Create().SetName("Summer 2031").
		SetFeedbackCirculatedOn(schematype.NewDate(2031, time.May, 6)).
		SetResponsesDueOn(schematype.NewDate(2031, time.June, 9)).
		SetUpdateNotificationsOn(schematype.NewDate(2031, time.June, 16)).
		SetUpdatesDueOn(schematype.NewDate(2031, time.July, 14)).
		ExecX(ctx)

	now := time.Date(2031, time.May, 6, 9, 0, 0, 0, time.UTC)
	sweeper := NewSweeper(client, slog.New(slog.NewTextHandler(io.Discard, nil)), SweepConfig{
		PublicURL: "https://localoffer.test",
		Now:       func() time.Time { return now },
	})
	written := 0
	sweeper.enqueue = func(ctx context.Context, c *ent.Client, m notify.Message) (*ent.Notification, error) {
		if written == 1 {
			return nil, errors.New("simulated crash")
		}
		written++
		return notify.Enqueue(ctx, c, m)
	}

	if err := sweeper.Run(context.Background()); err == nil {
		t.Fatal("sweep with a failing outbox succeeded, want an error")
	}
	for _, item := range items {
		if f := client.Feedback.GetX(ctx, item.ID); f.Status != feedback.StatusTriaged || f.CirculatedAt != nil || f.ReviewCycleID != nil {
			t.Errorf("after the failed sweep item %s is %s, circulated at %v in cycle %v, want untouched", f.ID, f.Status, f.CirculatedAt, f.ReviewCycleID)
		}
	}
	if n := client.Notification.Query().CountX(ctx); n != 0 {
		t.Errorf("emails after the failed sweep = %d, want 0: the first was rolled back", n)
	}

	sweeper.enqueue = notify.Enqueue
	for range 2 {
		if err := sweeper.Run(context.Background()); err != nil {
			t.Fatalf("sweep after the crash: %v", err)
		}
	}
	for _, item := range items {
		if f := client.Feedback.GetX(ctx, item.ID); f.Status != feedback.StatusCirculated {
			t.Errorf("item %s is %s after the rerun, want CIRCULATED", f.ID, f.Status)
		}
	}
	for _, recipient := range []string{"alice@provider.example", "bob@provider.example"} {
		n := client.Notification.Query().Where(notification.Recipient(recipient), notification.Template(TemplateCirculated)).CountX(ctx)
		if n != 1 {
			t.Errorf("emails to %s = %d, want 1", recipient, n)
		}
	}
}
