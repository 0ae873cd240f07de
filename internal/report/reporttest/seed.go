// Package reporttest seeds an academic year of feedback, answers,
// engagement activities and reviews, for tests of the annual report through
// the API and the command line.
package reporttest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/engagementactivity"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/seed"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/viewer"
)

// AcademicYear is the year Seed fills: 1 September 2024 to 31 August 2025.
const AcademicYear = "2024-25"

// Marks that appear in the seeded text which the report must never show:
// the bodies and contact details of every item, and the summaries of the
// items it must leave out.
const (
	BodyMark         = "BODY-TEXT"
	ContactEmail     = "jo.bloggs@example.org"
	ContactName      = "Jo Bloggs"
	SafeguardingMark = "SAFEGUARDING-FLAGGED"
	SuggestedMark    = "SAFEGUARDING-SUGGESTED"
	VexatiousMark    = "EXCLUDED-VEXATIOUS"
	IndividualMark   = "EXCLUDED-INDIVIDUAL"
	BeforeYearMark   = "BEFORE-YEAR"
	AfterYearMark    = "AFTER-YEAR"
	UnapprovedMark   = "UNAPPROVED-RESPONSE"
	OutsideCycleName = "Report summer 2024"
	OutsideActivity  = "Activity after the year"
)

// Summaries and responses that the report lists.
const (
	BusPassSummary      = "The transport pages did not say how to apply for a bus pass."
	TravelSummary       = "The travel training page was out of date."
	TransportResponse   = "We rewrote the transport pages with the steps to apply for a bus pass and the new travel training dates."
	HolidayClubSummary  = "There is no holiday club for teenagers with autism nearby."
	HolidayClubResponse = "We are commissioning a holiday club for teenagers for summer 2026."
	SchoolListSummary   = "The school lists were hard to read on a phone."
	SpeechLinkSummary   = "The speech and language page had a broken link."
	ClubsSummary        = "I want more clubs listed for people my age."
	ClubsResponse       = "We added twelve clubs for young people."
	ClubsAction         = "Listed the youth clubs from the district's directory."
	EasyReadSummary     = "The easy read pages need more pictures."
	SENReportSummary    = "Our school's SEN information report link is missing."
	FormulaSummary      = `=HYPERLINK("http://example.org","fees") appeared in our listing`
	FormulaResponse     = "We took the fee off the listing."
	ScriptSummary       = "<script>alert(1)</script> appeared in our listing & was not removed"
	TableSummary        = "Our page | breaks the table *formatting*"
	TherapySummary      = "No speech therapy places for students over 16."
	PortageSummary      = "Health visitors cannot find the portage referral route."
	BusPassAction       = "Rewrote the bus pass page."
	BusPassOutcome      = "Families can now apply online."
)

// Year is the seeded data that tests look up.
type Year struct {
	// Listed are the summaries the report lists, statutory first.
	Listed []string
	// Sections maps the slugs of the Local Offer sections used to their
	// terms.
	Sections map[string]*ent.TaxonomyTerm
	// TransportGroup is the council response group of the bus pass and
	// travel training items.
	TransportGroup uuid.UUID
	// Cycles are the year's review cycles, winter first.
	Cycles []*ent.ReviewCycle
	// Items maps each listed summary to its feedback.
	Items map[string]*ent.Feedback
}

// item describes one item of feedback to seed.
type item struct {
	source   feedback.Source
	channel  feedback.Channel
	topic    feedback.Topic
	section  string
	summary  string
	received time.Time
	// answered is "on time", "late", "missing" or "" for items not
	// circulated.
	answered string
	action   string
	outcome  string
	response string
	approved bool
	group    bool
	adjust   func(c *ent.FeedbackCreate)
}

// Seed fills AcademicYear with the data the report tests check, and items
// just outside it:
//
//	sources    children and young people 2, parents and carers 6, providers 5, professionals 1
//	channels   website 7, email 5, telephone 1, event 1
//	topics     content 5, accessibility 3, gaps in provision 6
//	answers    9 circulated: 6 on time, 2 late, 1 missing
//	reviews    13 asked: 9 on time, 2 late, 2 missing
//	activities 2 in the year: 12 and 3 participants
//
// One parent's item has no summary yet. Two parents' items share one
// approved council response. Items flagged or suggested for safeguarding,
// excluded, or received just before or after the year are seeded too, with
// the marks above in their summaries.
func Seed(t testing.TB, client *ent.Client) *Year {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	// The Local Offer sections are reference data, which a database that
	// was only migrated does not have yet.
	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatalf("ensure the reference data: %v", err)
	}
	y := &Year{Sections: sections(t, ctx, client), TransportGroup: uuid.New(), Items: map[string]*ent.Feedback{}}

	winter := cycle(t, ctx, client, "Report winter 2024-25",
		schematype.NewDate(2024, time.November, 4), schematype.NewDate(2024, time.December, 2),
		schematype.NewDate(2024, time.December, 9), schematype.NewDate(2025, time.January, 13))
	summer := cycle(t, ctx, client, "Report summer 2025",
		schematype.NewDate(2025, time.May, 6), schematype.NewDate(2025, time.June, 9),
		schematype.NewDate(2025, time.June, 16), schematype.NewDate(2025, time.July, 14))
	outside := cycle(t, ctx, client, OutsideCycleName,
		schematype.NewDate(2024, time.May, 7), schematype.NewDate(2024, time.June, 10),
		schematype.NewDate(2024, time.June, 17), schematype.NewDate(2024, time.July, 15))
	y.Cycles = []*ent.ReviewCycle{winter, summer}

	seedReviews(t, ctx, client, winter, summer, outside)
	seedActivities(t, ctx, client)

	// The year starts at 23:00 UTC on 31 August 2024 (midnight, British
	// Summer Time) and ends at 23:00 UTC on 31 August 2025.
	start := time.Date(2024, time.August, 31, 23, 0, 0, 0, time.UTC)
	day := func(month time.Month, d int) time.Time {
		return time.Date(2024+yearOf(month), month, d, 10, 0, 0, 0, time.UTC)
	}
	for _, it := range []item{
		{source: feedback.SourceParentOrCarer, channel: feedback.ChannelWebsite, topic: feedback.TopicContent, section: "getting-around",
			summary: BusPassSummary, received: start, answered: "on time", action: BusPassAction, outcome: BusPassOutcome,
			response: TransportResponse, approved: true, group: true},
		{source: feedback.SourceParentOrCarer, channel: feedback.ChannelEmail, topic: feedback.TopicContent, section: "getting-around",
			summary: TravelSummary, received: day(time.September, 20), answered: "late", action: "Updated the dates.",
			response: TransportResponse, approved: true, group: true},
		{source: feedback.SourceParentOrCarer, channel: feedback.ChannelWebsite, topic: feedback.TopicGapInProvision,
			summary: HolidayClubSummary, received: day(time.October, 1), answered: "on time", action: "Raised with commissioning.",
			response: HolidayClubResponse, approved: true},
		{source: feedback.SourceParentOrCarer, channel: feedback.ChannelWebsite, topic: feedback.TopicAccessibility, section: "education",
			summary: SchoolListSummary, received: day(time.October, 2), answered: "on time", action: "Asked the web team to fix the layout.",
			response: UnapprovedMark + " draft response", approved: false},
		{source: feedback.SourceParentOrCarer, channel: feedback.ChannelEmail, topic: feedback.TopicContent, section: "health",
			summary: SpeechLinkSummary, received: day(time.October, 3),
			adjust: func(c *ent.FeedbackCreate) {
				c.SetSafeguardingKeywords([]string{"hurt"}).SetSafeguardingClearedAt(day(time.October, 4))
			}},
		{source: feedback.SourceParentOrCarer, channel: feedback.ChannelTelephone, topic: feedback.TopicGapInProvision, section: "health",
			summary: "", received: day(time.October, 5)},
		{source: feedback.SourceChildOrYoungPerson, channel: feedback.ChannelWebsite, topic: feedback.TopicContent, section: "things-to-do",
			summary: ClubsSummary, received: day(time.October, 6), answered: "on time", action: ClubsAction,
			response: ClubsResponse, approved: true},
		{source: feedback.SourceChildOrYoungPerson, channel: feedback.ChannelEvent, topic: feedback.TopicAccessibility,
			summary: EasyReadSummary, received: day(time.October, 7), answered: "missing"},
		{source: feedback.SourceProvider, channel: feedback.ChannelWebsite, topic: feedback.TopicContent, section: "education",
			summary: SENReportSummary, received: day(time.October, 8), answered: "on time", action: "Added the link."},
		{source: feedback.SourceProvider, channel: feedback.ChannelEmail, topic: feedback.TopicGapInProvision, section: "social-care",
			summary: FormulaSummary, received: day(time.October, 9), answered: "late", action: "-1 places left: removed the fee.",
			response: FormulaResponse, approved: true},
		{source: feedback.SourceProvider, channel: feedback.ChannelEmail, topic: feedback.TopicGapInProvision, section: "social-care",
			summary: ScriptSummary, received: day(time.October, 10), answered: "on time", action: "Removed it."},
		{source: feedback.SourceProvider, channel: feedback.ChannelWebsite, topic: feedback.TopicAccessibility,
			summary: TableSummary, received: day(time.October, 11)},
		{source: feedback.SourceProvider, channel: feedback.ChannelEmail, topic: feedback.TopicGapInProvision, section: "education",
			summary: TherapySummary, received: day(time.October, 12)},
		{source: feedback.SourceProfessional, channel: feedback.ChannelWebsite, topic: feedback.TopicGapInProvision,
			summary: PortageSummary, received: time.Date(2025, time.August, 31, 22, 59, 59, 0, time.UTC)},
	} {
		f := y.create(t, ctx, client, it, winter)
		if it.summary != "" {
			y.Listed = append(y.Listed, it.summary)
			y.Items[it.summary] = f
		}
	}
	seedLeftOut(t, ctx, client, y, winter, start)
	return y
}

// yearOf returns how many calendar years after 2024 a month of the
// academic year 2024-25 falls.
func yearOf(month time.Month) int {
	if month >= time.September {
		return 0
	}
	return 1
}

// seedLeftOut creates the items the report must leave out: safeguarding,
// excluded, and just outside the year. The excluded vexatious item was
// circulated and answered late, so counting it would change the answers'
// figures.
func seedLeftOut(t testing.TB, ctx context.Context, client *ent.Client, y *Year, winter *ent.ReviewCycle, start time.Time) {
	t.Helper()
	day := time.Date(2024, time.November, 1, 10, 0, 0, 0, time.UTC)
	for _, it := range []item{
		{source: feedback.SourceChildOrYoungPerson, channel: feedback.ChannelWebsite, topic: feedback.TopicContent,
			summary: SafeguardingMark + " summary", received: day,
			adjust: func(c *ent.FeedbackCreate) { c.SetSafeguarding(true).SetSafeguardingFlaggedAt(day) }},
		{source: feedback.SourceParentOrCarer, channel: feedback.ChannelWebsite, topic: feedback.TopicContent,
			summary: SuggestedMark + " summary", received: day,
			adjust: func(c *ent.FeedbackCreate) { c.SetSafeguardingKeywords([]string{"hit"}) }},
		{source: feedback.SourceOther, channel: feedback.ChannelWebsite, topic: feedback.TopicOther,
			summary: VexatiousMark + " summary", received: day, answered: "late", action: VexatiousMark + " action",
			adjust: func(c *ent.FeedbackCreate) {
				c.SetExclusionReason(feedback.ExclusionReasonVexatious).SetExcludedAt(day).SetStatus(feedback.StatusExcluded)
			}},
		{source: feedback.SourceParentOrCarer, channel: feedback.ChannelWebsite, topic: feedback.TopicQualityOfProvision,
			summary: IndividualMark + " summary", received: day,
			adjust: func(c *ent.FeedbackCreate) {
				c.SetExclusionReason(feedback.ExclusionReasonIndividualService).SetExcludedAt(day).SetStatus(feedback.StatusExcluded)
			}},
		{source: feedback.SourceParentOrCarer, channel: feedback.ChannelWebsite, topic: feedback.TopicContent,
			summary: BeforeYearMark + " summary", received: start.Add(-30 * time.Minute)},
		{source: feedback.SourceParentOrCarer, channel: feedback.ChannelWebsite, topic: feedback.TopicContent,
			summary: AfterYearMark + " summary", received: time.Date(2025, time.August, 31, 23, 0, 0, 0, time.UTC)},
	} {
		y.create(t, ctx, client, it, winter)
	}
}

// create writes one item with its answer, its council response and, for
// the first item, contact details.
func (y *Year) create(t testing.TB, ctx context.Context, client *ent.Client, it item, winter *ent.ReviewCycle) *ent.Feedback {
	t.Helper()
	create := client.Feedback.Create().
		SetReceivedAt(it.received).SetChannel(it.channel).SetSource(it.source).SetTopic(it.topic).
		SetSentiment(feedback.SentimentNegative).
		SetBody(BodyMark + " in the sender's own words: my son Sam Jones at 07700 900123").
		SetSummary(it.summary).SetStatus(feedback.StatusTriaged)
	if it.section != "" {
		create.SetSectionID(y.Sections[it.section].ID)
	}
	due := sla.Deadline(winter.ResponsesDueOn)
	if it.answered != "" {
		create.SetReviewCycleID(winter.ID).SetCirculatedAt(time.Date(2024, time.November, 4, 9, 0, 0, 0, time.UTC)).
			SetResponseDueAt(due).SetStatus(feedback.StatusCirculated)
	}
	if it.adjust != nil {
		it.adjust(create)
	}
	f, err := create.Save(ctx)
	if err != nil {
		t.Fatalf("seed feedback %q: %v", it.summary, err)
	}
	if it.summary == BusPassSummary {
		client.FeedbackContact.Create().SetFeedbackID(f.ID).SetName(ContactName).SetEmail(ContactEmail).
			SetConsentPurposes([]string{"CALL_BACK"}).SetConsentWordingVersion("2026-12").SetConsentedAt(it.received).
			SaveX(ctx)
	}

	if it.answered == "" && it.response == "" {
		return f
	}
	response := client.FeedbackResponse.Create().SetFeedbackID(f.ID)
	switch it.answered {
	case "on time":
		response.SetAnsweredAt(due.Add(-12 * 24 * time.Hour)).SetAction(it.action).SetOutcome(it.outcome)
	case "late":
		// Exactly at the deadline is late: an answer is on time before it.
		response.SetAnsweredAt(due).SetAction(it.action).SetOutcome(it.outcome)
	}
	if it.response != "" {
		response.SetCouncilResponse(it.response)
		if it.approved {
			response.SetCouncilResponseApprovedAt(due.Add(30 * 24 * time.Hour))
		}
	}
	if it.group {
		response.SetCouncilResponseGroupID(y.TransportGroup)
	}
	if err := response.Exec(ctx); err != nil {
		t.Fatalf("seed the answer to %q: %v", it.summary, err)
	}
	return f
}

func sections(t testing.TB, ctx context.Context, client *ent.Client) map[string]*ent.TaxonomyTerm {
	t.Helper()
	terms, err := client.TaxonomyTerm.Query().
		Where(taxonomyterm.HasTaxonomyWith(taxonomy.Slug(seed.SectionsTaxonomy))).
		All(ctx)
	if err != nil {
		t.Fatalf("load the Local Offer sections: %v", err)
	}
	bySlug := map[string]*ent.TaxonomyTerm{}
	for _, term := range terms {
		bySlug[term.Slug] = term
	}
	return bySlug
}

func cycle(t testing.TB, ctx context.Context, client *ent.Client, name string, dates ...schematype.Date) *ent.ReviewCycle {
	t.Helper()
	c, err := client.ReviewCycle.Create().SetName(name).
		SetFeedbackCirculatedOn(dates[0]).SetResponsesDueOn(dates[1]).
		SetUpdateNotificationsOn(dates[2]).SetUpdatesDueOn(dates[3]).
		Save(ctx)
	if err != nil {
		t.Fatalf("seed review cycle %q: %v", name, err)
	}
	return c
}

// seedReviews creates 13 cycle reviews in the year's cycles: in winter 6 on
// time, one at 23:59 GMT on the deadline day, and 1 late at midnight; in
// summer 3 on time, one at 23:59 BST on the deadline day, 1 late at
// midnight BST and 2 not reviewed. The cycle outside the year has 2 more,
// which the report must not count.
func seedReviews(t testing.TB, ctx context.Context, client *ent.Client, winter, summer, outside *ent.ReviewCycle) {
	t.Helper()
	org := client.Organization.Create().SetName("Report Test Trust").SetSlug("report-test-trust").SaveX(ctx)
	services := make([]*ent.Service, 7)
	for i := range services {
		services[i] = client.Service.Create().SetName(fmt.Sprintf("Report test service %d", i+1)).
			SetSlug(fmt.Sprintf("report-test-service-%d", i+1)).SetStatus(service.StatusPublished).
			SetOrganization(org).SaveX(ctx)
	}
	winterDeadline := sla.Deadline(winter.UpdatesDueOn)
	summerDeadline := sla.Deadline(summer.UpdatesDueOn)
	reviewed := func(c *ent.ReviewCycle, s *ent.Service, at *time.Time) {
		create := client.CycleReview.Create().SetReviewCycleID(c.ID).SetContentType(cyclereview.ContentTypeService).
			SetServiceID(s.ID).SetNotifiedAt(time.Date(2024, time.December, 9, 9, 0, 0, 0, time.UTC)).
			SetNillableReviewedAt(at)
		if err := create.Exec(ctx); err != nil {
			t.Fatalf("seed cycle review: %v", err)
		}
	}
	at := func(t time.Time) *time.Time { return &t }

	for i := 0; i < 5; i++ {
		reviewed(winter, services[i], at(winterDeadline.Add(-72*time.Hour)))
	}
	reviewed(winter, services[5], at(winterDeadline.Add(-time.Minute)))
	reviewed(winter, services[6], at(winterDeadline))

	for i := 0; i < 2; i++ {
		reviewed(summer, services[i], at(summerDeadline.Add(-72*time.Hour)))
	}
	reviewed(summer, services[2], at(summerDeadline.Add(-time.Minute)))
	reviewed(summer, services[3], at(summerDeadline))
	reviewed(summer, services[4], nil)
	reviewed(summer, services[5], nil)

	reviewed(outside, services[0], nil)
	reviewed(outside, services[1], at(sla.Deadline(outside.UpdatesDueOn).Add(time.Hour)))
}

func seedActivities(t testing.TB, ctx context.Context, client *ent.Client) {
	t.Helper()
	for _, a := range []struct {
		title        string
		kind         engagementactivity.Kind
		on           schematype.Date
		audience     schematype.Audience
		participants int
	}{
		{"Transport workshop with parent carers", engagementactivity.KindCoProduction, schematype.NewDate(2024, time.October, 15), schematype.AudienceParentsAndCarers, 12},
		{"Young people's review of the Local Offer", engagementactivity.KindConsultation, schematype.NewDate(2025, time.March, 5), schematype.AudienceChildrenAndYoungPeople, 3},
		{OutsideActivity, engagementactivity.KindConsultation, schematype.NewDate(2025, time.September, 1), schematype.AudienceProfessionals, 40},
	} {
		err := client.EngagementActivity.Create().SetTitle(a.title).SetKind(a.kind).SetHeldOn(a.on).
			SetAudiences([]schematype.Audience{a.audience}).SetParticipants(a.participants).
			SetDescription(BodyMark + " notes of the activity").
			Exec(ctx)
		if err != nil {
			t.Fatalf("seed engagement activity %q: %v", a.title, err)
		}
	}
}
