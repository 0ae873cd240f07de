package report

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	_ "github.com/localoffer/localoffer/ent/runtime" // registers the schema defaults and privacy policies
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// benchmarkItems is the feedback of the benchmark's year: several times
// what one council's Local Offer receives in a year.
const benchmarkItems = 5000

// BenchmarkComputeYear works out a draft report's figures for a year of
// benchmarkItems items, every other one answered and one in ten with an
// approved council response, with two review cycles.
func BenchmarkComputeYear(b *testing.B) {
	s := storetest.New(b)
	ctx := viewer.SystemContext(context.Background())
	client := s.Client
	year, err := ParseAcademicYear("academicYear", "2024-25")
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		start schematype.Date
	}{{"Bench winter", schematype.NewDate(2024, time.November, 4)}, {"Bench summer", schematype.NewDate(2025, time.May, 6)}} {
		client.ReviewCycle.Create().SetName(c.name).SetFeedbackCirculatedOn(c.start).
			SetResponsesDueOn(c.start.AddDays(28)).SetUpdateNotificationsOn(c.start.AddDays(35)).
			SetUpdatesDueOn(c.start.AddDays(70)).SaveX(ctx)
	}

	sources := []feedback.Source{feedback.SourceChildOrYoungPerson, feedback.SourceParentOrCarer, feedback.SourceProvider, feedback.SourceProfessional}
	channels := []feedback.Channel{feedback.ChannelWebsite, feedback.ChannelSurvey, feedback.ChannelEmail, feedback.ChannelEvent}
	topics := []feedback.Topic{feedback.TopicContent, feedback.TopicAccessibility, feedback.TopicGapInProvision, feedback.TopicQualityOfProvision}
	start := year.Start()
	creates := make([]*ent.FeedbackCreate, 0, 500)
	var ids []*ent.Feedback
	flush := func() {
		ids = append(ids, client.Feedback.CreateBulk(creates...).SaveX(ctx)...)
		creates = creates[:0]
	}
	for i := range benchmarkItems {
		received := start.Add(time.Duration(i) * (364 * 24 * time.Hour / benchmarkItems))
		due := received.Add(30 * 24 * time.Hour)
		creates = append(creates, client.Feedback.Create().
			SetReceivedAt(received).SetSource(sources[i%len(sources)]).SetChannel(channels[i%len(channels)]).
			SetTopic(topics[i%len(topics)]).SetSentiment(feedback.SentimentNeutral).
			SetBody("The words of the sender.").SetSummary(fmt.Sprintf("Summary of item %d.", i)).
			SetStatus(feedback.StatusCirculated).SetCirculatedAt(received).SetResponseDueAt(due))
		if len(creates) == cap(creates) {
			flush()
		}
	}
	flush()
	responses := make([]*ent.FeedbackResponseCreate, 0, 500)
	for i, f := range ids {
		if i%2 != 0 {
			continue
		}
		r := client.FeedbackResponse.Create().SetFeedbackID(f.ID).
			SetAction("We changed the page.").SetOutcome("Families find it.").SetAnsweredAt(f.ReceivedAt.Add(24 * time.Hour))
		if i%10 == 0 {
			r.SetCouncilResponse("We listened.").SetCouncilResponseApprovedAt(f.ReceivedAt.Add(48 * time.Hour))
		}
		responses = append(responses, r)
		if len(responses) == cap(responses) {
			client.FeedbackResponse.CreateBulk(responses...).ExecX(ctx)
			responses = responses[:0]
		}
	}
	if len(responses) > 0 {
		client.FeedbackResponse.CreateBulk(responses...).ExecX(ctx)
	}

	now := year.End().Add(time.Hour)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		figures, err := compute(ctx, client, year, now)
		if err != nil {
			b.Fatal(err)
		}
		if figures.Items.Value == nil || *figures.Items.Value != benchmarkItems {
			b.Fatalf("items = %+v, want %d", figures.Items, benchmarkItems)
		}
	}
}
