package graph_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackresponse"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/report/reporttest"
)

const (
	annualCountFragment = `fragment AnnualCount on ReportCount { value hidden text }`
	annualFields        = `id academicYear status completedAt publishedAt
		figures {
			academicYear computedAt
			reviewCycles { id name feedbackCirculatedOn responsesDueOn updateNotificationsOn updatesDueOn }
			items { ...AnnualCount } statutoryItems { ...AnnualCount } otherItems { ...AnnualCount } awaitingSummary { ...AnnualCount }
			bySource { source label statutory count { ...AnnualCount } }
			byChannel { channel label count { ...AnnualCount } }
			byTopic { topic label count { ...AnnualCount } }
			statutory { ...AnnualTopic }
			other { ...AnnualTopic }
			engagementActivities { heldOn title kind kindLabel audiences participants { ...AnnualCount } }
			contentReviews { ...AnnualCompliance }
			answers { ...AnnualCompliance }
		}
		signOffSteps { position step signedBy signedOffAt recordedBy { id } }
		nextSignOffStep { position step }`
	annualFragments = annualCountFragment + `
		fragment AnnualTopic on AnnualReportTopic { topic label sections { sectionId name entries { councilResponse items { summary action outcome } } } }
		fragment AnnualCompliance on ReportCompliance {
			total { ...AnnualCount } onTime { ...AnnualCount } late { ...AnnualCount } missing { ...AnnualCount }
			notYetDue { ...AnnualCount } onTimePercentage
		}`
	annualReportDoc   = `query($year: String!) { annualReport(academicYear: $year) { ` + annualFields + ` } } ` + annualFragments
	annualReportsDoc  = `{ annualReports { academicYear status } }`
	createAnnualDoc   = `mutation($input: CreateAnnualReportInput!) { createAnnualReport(input: $input) { annualReport { id academicYear status } } }`
	completeAnnualDoc = `mutation($input: CompleteAnnualReportInput!) { completeAnnualReport(input: $input) { annualReport { ` + annualFields + ` } } } ` + annualFragments
	signOffAnnualDoc  = `mutation($input: SignOffAnnualReportInput!) { signOffAnnualReport(input: $input) {
		annualReport { id status nextSignOffStep { position step } }
		signOff { position step signedBy signedOffAt recordedBy { id } } } }`
	publishAnnualDoc = `mutation($input: PublishAnnualReportInput!) { publishAnnualReport(input: $input) { annualReport { id status publishedAt } } }`
)

// annualCount is a ReportCount.
type annualCount struct {
	Value  *int
	Hidden *string
	Text   string
}

type annualCompliance struct {
	Total, OnTime, Late, Missing, NotYetDue annualCount
	OnTimePercentage                        *int
}

type annualTopic struct {
	Topic    string
	Label    string
	Sections []struct {
		SectionID *uuid.UUID
		Name      string
		Entries   []struct {
			CouncilResponse string
			Items           []struct{ Summary, Action, Outcome string }
		}
	}
}

type annualSignOff struct {
	Position    int
	Step        string
	SignedBy    *string
	SignedOffAt *time.Time
	RecordedBy  *struct{ ID uuid.UUID }
}

// annualReportData is an AnnualReport with every field that annualFields
// requests.
type annualReportData struct {
	ID           uuid.UUID
	AcademicYear string
	Status       string
	CompletedAt  *time.Time
	PublishedAt  *time.Time
	Figures      struct {
		AcademicYear string
		ComputedAt   time.Time
		ReviewCycles []struct {
			ID                                                                        uuid.UUID
			Name                                                                      string
			FeedbackCirculatedOn, ResponsesDueOn, UpdateNotificationsOn, UpdatesDueOn string
		}
		Items, StatutoryItems, OtherItems, AwaitingSummary annualCount
		BySource                                           []struct {
			Source    string
			Label     string
			Statutory bool
			Count     annualCount
		}
		ByChannel []struct {
			Channel string
			Label   string
			Count   annualCount
		}
		ByTopic []struct {
			Topic string
			Label string
			Count annualCount
		}
		Statutory, Other     []annualTopic
		EngagementActivities []struct {
			HeldOn, Title, Kind, KindLabel string
			Audiences                      []string
			Participants                   annualCount
		}
		ContentReviews, Answers annualCompliance
	}
	SignOffSteps    []annualSignOff
	NextSignOffStep *struct {
		Position int
		Step     string
	}
}

// annualDesk is a product with the seeded year, an LO officer and a
// provider, signed in.
type annualDesk struct {
	*apptest.App
	t                           *testing.T
	year                        *reporttest.Year
	officer, provider           *ent.User
	officerToken, providerToken string
}

func newAnnualDesk(t *testing.T) *annualDesk {
	t.Helper()
	a := apptest.New(t)
	d := &annualDesk{App: a, t: t, year: reporttest.Seed(t, a.Client)}
	d.officer = a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	d.provider = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	d.officerToken = a.SignIn(t, d.officer)
	d.providerToken = a.SignIn(t, d.provider)
	return d
}

// create starts the seeded year's report as the officer and returns its id.
func (d *annualDesk) create() uuid.UUID {
	d.t.Helper()
	var data struct {
		CreateAnnualReport struct{ AnnualReport struct{ ID uuid.UUID } }
	}
	d.MustQueryAs(d.t, d.officerToken, createAnnualDoc, input(map[string]any{"academicYear": reporttest.AcademicYear}), &data)
	return data.CreateAnnualReport.AnnualReport.ID
}

// read returns the seeded year's report as the token's caller sees it,
// with its raw JSON.
func (d *annualDesk) read(token string) (annualReportData, string) {
	d.t.Helper()
	res := d.QueryAs(d.t, token, annualReportDoc, map[string]any{"year": reporttest.AcademicYear})
	if len(res.Errors) > 0 {
		d.t.Fatalf("annualReport returned errors: %+v", res.Errors)
	}
	var data struct{ AnnualReport *annualReportData }
	if err := json.Unmarshal(res.Data, &data); err != nil || data.AnnualReport == nil {
		d.t.Fatalf("decode annualReport: %v\n%s", err, res.Data)
	}
	return *data.AnnualReport, string(res.Data)
}

// complete marks the report complete as the officer.
func (d *annualDesk) complete(id uuid.UUID) annualReportData {
	d.t.Helper()
	var data struct {
		CompleteAnnualReport struct{ AnnualReport annualReportData }
	}
	d.MustQueryAs(d.t, d.officerToken, completeAnnualDoc, input(map[string]any{"annualReportId": id}), &data)
	return data.CompleteAnnualReport.AnnualReport
}

// wantError sends a document as the token's caller and fails unless it
// gets one error of the code, on field when field is given, whose message
// mentions every string given. It returns the error.
func (d *annualDesk) wantError(token, document string, variables map[string]any, code, field string, mentions ...string) apptest.Error {
	d.t.Helper()
	res := d.QueryAs(d.t, token, document, variables)
	if len(res.Errors) != 1 || res.Errors[0].Code() != code {
		d.t.Fatalf("errors = %+v, want one %s", res.Errors, code)
	}
	e := res.Errors[0]
	if field != "" && e.Extensions["field"] != field {
		d.t.Errorf("field = %v, want %s", e.Extensions["field"], field)
	}
	for _, mention := range mentions {
		if !strings.Contains(e.Message, mention) {
			d.t.Errorf("message %q does not mention %q", e.Message, mention)
		}
	}
	return e
}

func countShown(n int) annualCount { return annualCount{Value: &n, Text: strconv.Itoa(n)} }

var (
	countFewerThanFive = annualCount{Hidden: annualHidden("FEWER_THAN_FIVE"), Text: "fewer than 5"}
	countWithheld      = annualCount{Hidden: annualHidden("WITHHELD"), Text: "withheld"}
)

func annualHidden(s string) *string { return &s }

// wantAnnualCount fails unless got is want.
func wantAnnualCount(t *testing.T, name string, got, want annualCount) {
	t.Helper()
	if got.Text != want.Text || (got.Value == nil) != (want.Value == nil) ||
		(got.Value != nil && *got.Value != *want.Value) || (got.Hidden == nil) != (want.Hidden == nil) ||
		(got.Hidden != nil && *got.Hidden != *want.Hidden) {
		t.Errorf("%s = %s, want %s", name, describeAnnualCount(got), describeAnnualCount(want))
	}
}

func describeAnnualCount(c annualCount) string {
	b, _ := json.Marshal(c)
	return string(b)
}

// TestAnnualReportSeededYear reads the draft of the seeded year through the
// API and checks every part of it, and that nothing it must leave out
// reaches the response.
func TestAnnualReportSeededYear(t *testing.T) {
	d := newAnnualDesk(t)
	d.create()

	got, raw := d.read(d.officerToken)

	if got.Status != "DRAFT" || got.AcademicYear != reporttest.AcademicYear {
		t.Errorf("report = %s %s, want a DRAFT of %s", got.AcademicYear, got.Status, reporttest.AcademicYear)
	}
	f := got.Figures
	if len(f.ReviewCycles) != 2 || f.ReviewCycles[0].Name != "Report winter 2024-25" || f.ReviewCycles[1].Name != "Report summer 2025" {
		t.Errorf("review cycles = %+v, want the winter and summer cycles of the year", f.ReviewCycles)
	}
	if len(f.ReviewCycles) > 0 && (f.ReviewCycles[0].FeedbackCirculatedOn != "2024-11-04" || f.ReviewCycles[0].UpdatesDueOn != "2025-01-13") {
		t.Errorf("winter cycle dates = %+v", f.ReviewCycles[0])
	}

	wantAnnualCount(t, "items", f.Items, countShown(14))
	wantAnnualCount(t, "statutoryItems", f.StatutoryItems, countShown(8))
	wantAnnualCount(t, "otherItems", f.OtherItems, countShown(6))
	wantAnnualCount(t, "awaitingSummary", f.AwaitingSummary, countFewerThanFive)

	// Children 2 and parents 6: the parents' count is withheld, or the
	// children's would be 8 - 6. Providers 5, professionals 1 and others 0:
	// withholding the providers' 5 leaves 6 = 5 + 1 the only way to make the
	// subtotal, so the whole group is withheld.
	wantSources := map[string]annualCount{
		"CHILD_OR_YOUNG_PERSON": countFewerThanFive, "PARENT_OR_CARER": countWithheld,
		"PROVIDER": countWithheld, "PROFESSIONAL": countWithheld, "OTHER": countWithheld,
	}
	if len(f.BySource) != len(wantSources) {
		t.Errorf("bySource has %d rows, want %d", len(f.BySource), len(wantSources))
	}
	for _, row := range f.BySource {
		wantAnnualCount(t, "bySource "+row.Source, row.Count, wantSources[row.Source])
		statutory := row.Source == "CHILD_OR_YOUNG_PERSON" || row.Source == "PARENT_OR_CARER"
		if row.Statutory != statutory || row.Label == "" {
			t.Errorf("bySource %s: statutory %v, label %q", row.Source, row.Statutory, row.Label)
		}
	}

	// Website 7, email 5, telephone 1, event 1: two hidden 1s add up to 2
	// only one way, so email and then website are withheld.
	wantChannels := map[string]annualCount{
		"WEBSITE": countWithheld, "SURVEY": countShown(0), "EMAIL": countWithheld, "TELEPHONE": countFewerThanFive,
		"EVENT": countFewerThanFive, "FOCUS_GROUP": countShown(0), "WORKSHOP": countShown(0), "DROP_IN": countShown(0), "OTHER": countShown(0),
	}
	if len(f.ByChannel) != len(wantChannels) {
		t.Errorf("byChannel has %d rows, want %d", len(f.ByChannel), len(wantChannels))
	}
	for _, row := range f.ByChannel {
		wantAnnualCount(t, "byChannel "+row.Channel, row.Count, wantChannels[row.Channel])
	}

	// Content 5, accessibility 3, gaps 6: content is withheld.
	wantTopics := map[string]annualCount{
		"CONTENT": countWithheld, "ACCESSIBILITY": countFewerThanFive, "DEVELOPMENT_AND_REVIEW": countShown(0),
		"QUALITY_OF_PROVISION": countShown(0), "GAP_IN_PROVISION": countShown(6), "OTHER": countShown(0),
	}
	for _, row := range f.ByTopic {
		wantAnnualCount(t, "byTopic "+row.Topic, row.Count, wantTopics[row.Topic])
	}

	wantAnnualListing(t, "statutory", f.Statutory, []annualListedTopic{
		{"CONTENT", []annualListedSection{
			{"Getting Around", []annualListedEntry{{reporttest.TransportResponse, []string{reporttest.BusPassSummary, reporttest.TravelSummary}}}},
			{"Health", []annualListedEntry{{"", []string{reporttest.SpeechLinkSummary}}}},
			{"Things to Do", []annualListedEntry{{reporttest.ClubsResponse, []string{reporttest.ClubsSummary}}}},
		}},
		{"ACCESSIBILITY", []annualListedSection{
			{"Education", []annualListedEntry{{"", []string{reporttest.SchoolListSummary}}}},
			{"No section", []annualListedEntry{{"", []string{reporttest.EasyReadSummary}}}},
		}},
		{"GAP_IN_PROVISION", []annualListedSection{
			{"No section", []annualListedEntry{{reporttest.HolidayClubResponse, []string{reporttest.HolidayClubSummary}}}},
		}},
	})
	wantAnnualListing(t, "other", f.Other, []annualListedTopic{
		{"CONTENT", []annualListedSection{{"Education", []annualListedEntry{{"", []string{reporttest.SENReportSummary}}}}}},
		{"ACCESSIBILITY", []annualListedSection{{"No section", []annualListedEntry{{"", []string{reporttest.TableSummary}}}}}},
		{"GAP_IN_PROVISION", []annualListedSection{
			{"Education", []annualListedEntry{{"", []string{reporttest.TherapySummary}}}},
			{"Social Care", []annualListedEntry{{reporttest.FormulaResponse, []string{reporttest.FormulaSummary}}, {"", []string{reporttest.ScriptSummary}}}},
			{"No section", []annualListedEntry{{"", []string{reporttest.PortageSummary}}}},
		}},
	})
	if len(f.Statutory) > 0 && len(f.Statutory[0].Sections) > 0 {
		items := f.Statutory[0].Sections[0].Entries[0].Items
		if items[0].Action != reporttest.BusPassAction || items[0].Outcome != reporttest.BusPassOutcome {
			t.Errorf("bus pass item = %+v, want the lead's action and outcome", items[0])
		}
	}
	// An answer is published only with an approved council response: the
	// script item was answered, but nothing was approved for it.
	for _, topic := range f.Other {
		for _, section := range topic.Sections {
			for _, entry := range section.Entries {
				for _, item := range entry.Items {
					if item.Summary == reporttest.ScriptSummary && (item.Action != "" || item.Outcome != "") {
						t.Errorf("unapproved answer published: %+v", item)
					}
				}
			}
		}
	}

	if len(f.EngagementActivities) != 2 {
		t.Fatalf("engagement activities = %+v, want the 2 of the year", f.EngagementActivities)
	}
	first, second := f.EngagementActivities[0], f.EngagementActivities[1]
	if first.HeldOn != "2024-10-15" || first.Kind != "CO_PRODUCTION" || first.KindLabel != "Co-production" ||
		len(first.Audiences) != 1 || first.Audiences[0] != "PARENTS_AND_CARERS" {
		t.Errorf("first activity = %+v", first)
	}
	wantAnnualCount(t, "participants of the workshop", first.Participants, countShown(12))
	wantAnnualCount(t, "participants of the young people's review", second.Participants, countFewerThanFive)

	// Reviews: 9 on time, 2 late, 2 missing of 13; answers: 6 on time,
	// 2 late, 1 missing of 9.
	wantAnnualCompliance(t, "contentReviews", f.ContentReviews, countShown(13), countShown(9), countFewerThanFive, countFewerThanFive, countShown(0), 69)
	wantAnnualCompliance(t, "answers", f.Answers, countShown(9), countShown(6), countFewerThanFive, countFewerThanFive, countShown(0), 67)

	if len(got.SignOffSteps) != 0 || got.NextSignOffStep != nil {
		t.Errorf("a draft has sign-off steps %+v, next %+v; want none", got.SignOffSteps, got.NextSignOffStep)
	}
	for _, never := range []string{
		reporttest.BodyMark, reporttest.ContactEmail, reporttest.ContactName, reporttest.SafeguardingMark,
		reporttest.SuggestedMark, reporttest.VexatiousMark, reporttest.IndividualMark, reporttest.BeforeYearMark,
		reporttest.AfterYearMark, reporttest.UnapprovedMark, reporttest.OutsideCycleName, reporttest.OutsideActivity,
	} {
		if strings.Contains(raw, never) {
			t.Errorf("the report contains %q, which it must leave out", never)
		}
	}
}

type (
	annualListedTopic struct {
		topic    string
		sections []annualListedSection
	}
	annualListedSection struct {
		name    string
		entries []annualListedEntry
	}
	annualListedEntry struct {
		response  string
		summaries []string
	}
)

// wantAnnualListing fails unless the listing has exactly the topics, sections,
// entries and summaries of want, in order.
func wantAnnualListing(t *testing.T, part string, got []annualTopic, want []annualListedTopic) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s has %d topics, want %d: %+v", part, len(got), len(want), got)
		return
	}
	for i, topic := range want {
		if got[i].Topic != topic.topic {
			t.Errorf("%s topic %d = %s, want %s", part, i, got[i].Topic, topic.topic)
			continue
		}
		if len(got[i].Sections) != len(topic.sections) {
			t.Errorf("%s %s has %d sections, want %d: %+v", part, topic.topic, len(got[i].Sections), len(topic.sections), got[i].Sections)
			continue
		}
		for j, section := range topic.sections {
			gotSection := got[i].Sections[j]
			if gotSection.Name != section.name || len(gotSection.Entries) != len(section.entries) {
				t.Errorf("%s %s section %d = %q with %d entries, want %q with %d", part, topic.topic, j,
					gotSection.Name, len(gotSection.Entries), section.name, len(section.entries))
				continue
			}
			if (gotSection.Name == "No section") != (gotSection.SectionID == nil) {
				t.Errorf("%s %s section %q has id %v", part, topic.topic, gotSection.Name, gotSection.SectionID)
			}
			for k, entry := range section.entries {
				gotEntry := gotSection.Entries[k]
				if gotEntry.CouncilResponse != entry.response {
					t.Errorf("%s %s %s entry %d response = %q, want %q", part, topic.topic, section.name, k, gotEntry.CouncilResponse, entry.response)
				}
				var summaries []string
				for _, item := range gotEntry.Items {
					summaries = append(summaries, item.Summary)
				}
				if strings.Join(summaries, "\n") != strings.Join(entry.summaries, "\n") {
					t.Errorf("%s %s %s entry %d items = %q, want %q", part, topic.topic, section.name, k, summaries, entry.summaries)
				}
			}
		}
	}
}

func wantAnnualCompliance(t *testing.T, name string, got annualCompliance, total, onTime, late, missing, notYetDue annualCount, percentage int) {
	t.Helper()
	wantAnnualCount(t, name+" total", got.Total, total)
	wantAnnualCount(t, name+" onTime", got.OnTime, onTime)
	wantAnnualCount(t, name+" late", got.Late, late)
	wantAnnualCount(t, name+" missing", got.Missing, missing)
	wantAnnualCount(t, name+" notYetDue", got.NotYetDue, notYetDue)
	if got.OnTimePercentage == nil || *got.OnTimePercentage != percentage {
		t.Errorf("%s onTimePercentage = %v, want %d", name, got.OnTimePercentage, percentage)
	}
}

// TestAnnualReportDraftIsLive checks that a draft's figures follow the
// feedback.
func TestAnnualReportDraftIsLive(t *testing.T) {
	d := newAnnualDesk(t)
	d.create()
	before, _ := d.read(d.officerToken)

	d.addParentItem("A new comment on the short breaks page.")

	after, _ := d.read(d.officerToken)
	wantAnnualCount(t, "items before", before.Figures.Items, countShown(14))
	wantAnnualCount(t, "items after", after.Figures.Items, countShown(15))
	if !after.Figures.ComputedAt.After(before.Figures.ComputedAt.Add(-time.Second)) {
		t.Errorf("computedAt went from %s to %s", before.Figures.ComputedAt, after.Figures.ComputedAt)
	}
}

// addParentItem records one more parent's item in the year, about no
// section.
func (d *annualDesk) addParentItem(summary string) *ent.Feedback {
	d.t.Helper()
	return d.Client.Feedback.Create().
		SetReceivedAt(time.Date(2025, time.February, 3, 10, 0, 0, 0, time.UTC)).
		SetChannel(feedback.ChannelSurvey).SetSource(feedback.SourceParentOrCarer).SetTopic(feedback.TopicOther).
		SetSentiment(feedback.SentimentPositive).SetBody("Thank you.").SetSummary(summary).
		SaveX(d.SystemContext())
}

// TestAnnualReportFreezesFigures checks that completion stores the figures
// and that changes to the feedback afterwards change none of them.
func TestAnnualReportFreezesFigures(t *testing.T) {
	d := newAnnualDesk(t)
	id := d.create()

	completed := d.complete(id)
	if completed.Status != "COMPLETE" || completed.CompletedAt == nil {
		t.Fatalf("completed report = %s at %v, want COMPLETE with a time", completed.Status, completed.CompletedAt)
	}
	frozen, _ := d.read(d.officerToken)
	frozenJSON, _ := json.Marshal(frozen.Figures)

	// Every kind of change the figures come from: a new item, a changed
	// summary, an approved council response, an excluded item and a new
	// engagement activity.
	ctx := d.SystemContext()
	d.addParentItem("A comment after completion.")
	d.Client.Feedback.UpdateOne(d.year.Items[reporttest.ClubsSummary]).SetSummary("Changed after completion.").ExecX(ctx)
	d.Client.FeedbackResponse.Update().
		Where(feedbackresponse.FeedbackID(d.year.Items[reporttest.SchoolListSummary].ID)).
		SetCouncilResponseApprovedAt(time.Now().UTC()).ExecX(ctx)
	d.Client.Feedback.UpdateOne(d.year.Items[reporttest.PortageSummary]).
		SetExclusionReason(feedback.ExclusionReasonVexatious).SetExcludedAt(time.Now().UTC()).ExecX(ctx)

	after, raw := d.read(d.officerToken)
	afterJSON, _ := json.Marshal(after.Figures)
	if string(afterJSON) != string(frozenJSON) {
		t.Errorf("figures changed after completion:\nbefore: %s\nafter:  %s", frozenJSON, afterJSON)
	}
	if strings.Contains(raw, "after completion") {
		t.Errorf("a change made after completion reached the report")
	}
	wantAnnualCount(t, "frozen items", after.Figures.Items, countShown(14))
	if !after.Figures.ComputedAt.Equal(*completed.CompletedAt) {
		t.Errorf("computedAt = %s, want the completion time %s", after.Figures.ComputedAt, completed.CompletedAt)
	}

	stored := d.Client.AnnualReport.GetX(ctx, id)
	if strings.Contains(string(stored.Figures), reporttest.BodyMark) || strings.Contains(string(stored.Figures), reporttest.ContactEmail) {
		t.Errorf("the stored figures hold a body or contact details")
	}
	d.wantError(d.officerToken, completeAnnualDoc, input(map[string]any{"annualReportId": id}), "BAD_USER_INPUT", "input.annualReportId", "only a draft")
	if n := d.Client.AuditEvent.Query().Where(auditevent.Action("annual_report.completed"), auditevent.ObjectID(id)).CountX(ctx); n != 1 {
		t.Errorf("annual_report.completed events = %d, want 1", n)
	}
}

// TestAnnualReportSignOffInOrder records the default sign-off steps, out of
// order first, and publishes the report.
func TestAnnualReportSignOffInOrder(t *testing.T) {
	d := newAnnualDesk(t)
	id := d.create()
	signOff := func(fields map[string]any) map[string]any {
		fields["annualReportId"] = id
		return input(fields)
	}

	d.wantError(d.officerToken, signOffAnnualDoc, signOff(map[string]any{"position": 1, "signedBy": "Alex Morgan"}),
		"BAD_USER_INPUT", "input.annualReportId", "completeAnnualReport")
	d.wantError(d.officerToken, publishAnnualDoc, input(map[string]any{"annualReportId": id}),
		"BAD_USER_INPUT", "input.annualReportId", "draft")

	completed := d.complete(id)
	if len(completed.SignOffSteps) != 2 || completed.SignOffSteps[0].Step != "Director of Education and Learning" ||
		completed.SignOffSteps[1].Step != "Health and Wellbeing Board or Leader of the Council" {
		t.Fatalf("sign-off steps = %+v, want the two default steps", completed.SignOffSteps)
	}
	if completed.NextSignOffStep == nil || completed.NextSignOffStep.Position != 1 {
		t.Errorf("next step = %+v, want step 1", completed.NextSignOffStep)
	}

	d.wantError(d.officerToken, signOffAnnualDoc, signOff(map[string]any{"position": 2, "signedBy": "Cllr Sam Patel"}),
		"BAD_USER_INPUT", "input.position", "the next step is 1, Director of Education and Learning")
	d.wantError(d.officerToken, signOffAnnualDoc, signOff(map[string]any{"step": "Health and Wellbeing Board or Leader of the Council", "signedBy": "Cllr Sam Patel"}),
		"BAD_USER_INPUT", "input.step", "the next step is 1, Director of Education and Learning")
	d.wantError(d.officerToken, signOffAnnualDoc, signOff(map[string]any{"position": 3, "signedBy": "Nobody"}),
		"BAD_USER_INPUT", "input.position", "1, Director of Education and Learning; 2, Health and Wellbeing Board")
	d.wantError(d.officerToken, signOffAnnualDoc, signOff(map[string]any{"position": 1, "signedBy": "  "}),
		"BAD_USER_INPUT", "input.signedBy")
	d.wantError(d.officerToken, signOffAnnualDoc, signOff(map[string]any{"signedBy": "Alex Morgan"}),
		"BAD_USER_INPUT", "input.position")
	d.wantError(d.officerToken, signOffAnnualDoc, signOff(map[string]any{"position": 1, "signedBy": "Alex Morgan",
		"signedAt": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)}), "BAD_USER_INPUT", "input.signedAt", "future")
	d.wantError(d.officerToken, signOffAnnualDoc, signOff(map[string]any{"position": 1, "signedBy": "Alex Morgan",
		"signedAt": completed.CompletedAt.Add(-time.Hour).Format(time.RFC3339)}), "BAD_USER_INPUT", "input.signedAt", "before the report was marked complete")

	type signed struct {
		SignOffAnnualReport struct {
			AnnualReport struct {
				Status          string
				NextSignOffStep *struct{ Position int }
			}
			SignOff annualSignOff
		}
	}
	var first signed
	d.MustQueryAs(t, d.officerToken, signOffAnnualDoc,
		signOff(map[string]any{"step": "director of education and learning", "signedBy": "Alex Morgan"}), &first)
	step := first.SignOffAnnualReport.SignOff
	if step.Position != 1 || step.SignedBy == nil || *step.SignedBy != "Alex Morgan" || step.SignedOffAt == nil ||
		step.RecordedBy == nil || step.RecordedBy.ID != d.officer.ID {
		t.Errorf("step 1 = %+v, want signed by Alex Morgan, now, recorded by the officer", step)
	}
	if report := first.SignOffAnnualReport.AnnualReport; report.Status != "COMPLETE" || report.NextSignOffStep == nil || report.NextSignOffStep.Position != 2 {
		t.Errorf("after step 1 the report is %+v, want COMPLETE with step 2 next", report)
	}

	d.wantError(d.officerToken, signOffAnnualDoc, signOff(map[string]any{"position": 1, "signedBy": "Alex Morgan"}),
		"BAD_USER_INPUT", "input.position", "signed already", "the next step is 2")
	d.wantError(d.officerToken, publishAnnualDoc, input(map[string]any{"annualReportId": id}),
		"BAD_USER_INPUT", "input.annualReportId", "the next step is 2, Health and Wellbeing Board or Leader of the Council")

	// The second step may be dated as early as the first.
	signedAt := *step.SignedOffAt
	var second signed
	d.MustQueryAs(t, d.officerToken, signOffAnnualDoc,
		signOff(map[string]any{"position": 2, "step": "Health and Wellbeing Board or Leader of the Council", "signedBy": "Cllr Sam Patel", "signedAt": signedAt.Format(time.RFC3339)}), &second)
	if report := second.SignOffAnnualReport.AnnualReport; report.Status != "SIGNED_OFF" || report.NextSignOffStep != nil {
		t.Errorf("after the last step the report is %+v, want SIGNED_OFF with no step next", report)
	}
	if at := second.SignOffAnnualReport.SignOff.SignedOffAt; at == nil || !at.Equal(signedAt) {
		t.Errorf("step 2 signed at %v, want %s", at, signedAt)
	}
	d.wantError(d.officerToken, signOffAnnualDoc, signOff(map[string]any{"position": 2, "signedBy": "Cllr Sam Patel"}),
		"BAD_USER_INPUT", "input.annualReportId", "every sign-off step is signed already")

	var published struct {
		PublishAnnualReport struct {
			AnnualReport struct {
				Status      string
				PublishedAt *time.Time
			}
		}
	}
	d.MustQueryAs(t, d.officerToken, publishAnnualDoc, input(map[string]any{"annualReportId": id}), &published)
	if report := published.PublishAnnualReport.AnnualReport; report.Status != "PUBLISHED" || report.PublishedAt == nil {
		t.Errorf("published report = %+v, want PUBLISHED with a time", report)
	}
	d.wantError(d.officerToken, publishAnnualDoc, input(map[string]any{"annualReportId": id}),
		"BAD_USER_INPUT", "input.annualReportId", "published already")

	ctx := d.SystemContext()
	for action, want := range map[string]int{
		"annual_report.created": 1, "annual_report.completed": 1, "annual_report.signed_off": 2, "annual_report.published": 1,
	} {
		events := d.Client.AuditEvent.Query().Where(auditevent.Action(action), auditevent.ObjectID(id)).AllX(ctx)
		if len(events) != want {
			t.Errorf("%s events = %d, want %d", action, len(events), want)
		}
		for _, e := range events {
			if strings.Contains(e.Detail, "Alex Morgan") || strings.Contains(e.Detail, "Sam Patel") {
				t.Errorf("%s event detail %q names who signed", action, e.Detail)
			}
		}
	}
}

// TestAnnualReportPublicReadsPublishedOnly checks that the public and
// providers cannot read a report until it is published, and can after.
func TestAnnualReportPublicReadsPublishedOnly(t *testing.T) {
	d := newAnnualDesk(t)
	id := d.create()
	vars := map[string]any{"year": reporttest.AcademicYear}

	for _, token := range []string{"", d.providerToken} {
		e := d.wantError(token, annualReportDoc, vars, "NOT_FOUND", "", reporttest.AcademicYear)
		if e.Path == nil {
			t.Errorf("NOT_FOUND without a path: %+v", e)
		}
	}
	d.complete(id)
	d.wantError("", annualReportDoc, vars, "NOT_FOUND", "")
	for _, position := range []int{1, 2} {
		d.MustQueryAs(t, d.officerToken, signOffAnnualDoc,
			input(map[string]any{"annualReportId": id, "position": position, "signedBy": "Signer " + strconv.Itoa(position)}), nil)
	}
	d.wantError(d.providerToken, annualReportDoc, vars, "NOT_FOUND", "")

	var list struct {
		AnnualReports []struct{ AcademicYear, Status string }
	}
	d.MustQueryAs(t, "", annualReportsDoc, nil, &list)
	if len(list.AnnualReports) != 0 {
		t.Errorf("the public lists %+v before publication, want none", list.AnnualReports)
	}

	d.MustQueryAs(t, d.officerToken, publishAnnualDoc, input(map[string]any{"annualReportId": id}), nil)
	officerView, _ := d.read(d.officerToken)
	for _, token := range []string{"", d.providerToken} {
		got, _ := d.read(token)
		if got.Status != "PUBLISHED" || len(got.SignOffSteps) != 2 || got.SignOffSteps[1].SignedBy == nil {
			t.Errorf("published report as read = %s with steps %+v", got.Status, got.SignOffSteps)
		}
		gotJSON, _ := json.Marshal(got.Figures)
		wantJSON, _ := json.Marshal(officerView.Figures)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("the published figures differ by reader:\nofficer: %s\nreader:  %s", wantJSON, gotJSON)
		}
		if got.SignOffSteps[0].RecordedBy != nil && token == "" {
			t.Errorf("the public sees which officer recorded a sign-off: %+v", got.SignOffSteps[0].RecordedBy)
		}
	}
	d.MustQueryAs(t, "", annualReportsDoc, nil, &list)
	if len(list.AnnualReports) != 1 || list.AnnualReports[0].Status != "PUBLISHED" {
		t.Errorf("the public lists %+v, want the published report", list.AnnualReports)
	}

	// A provider can read the published report but not change it; the
	// public must sign in first.
	d.wantError(d.providerToken, publishAnnualDoc, input(map[string]any{"annualReportId": id}), "FORBIDDEN", "", "only the LO team")
	d.wantError(d.providerToken, completeAnnualDoc, input(map[string]any{"annualReportId": id}), "FORBIDDEN", "")
	d.wantError("", completeAnnualDoc, input(map[string]any{"annualReportId": id}), "UNAUTHENTICATED", "")
}

// TestAnnualReportRejectsBadInput checks the academic year and a second
// report for one year.
func TestAnnualReportRejectsBadInput(t *testing.T) {
	d := newAnnualDesk(t)
	for _, year := range []string{"2025-27", "2025", "25-26", "2025/26", "2099-01", ""} {
		t.Run(year, func(t *testing.T) {
			d.t = t
			d.wantError(d.officerToken, annualReportDoc, map[string]any{"year": year}, "BAD_USER_INPUT", "academicYear", "is not an academic year")
			d.wantError(d.officerToken, createAnnualDoc, input(map[string]any{"academicYear": year}), "BAD_USER_INPUT", "input.academicYear")
		})
	}
	d.t = t
	d.wantError(d.officerToken, annualReportDoc, map[string]any{"year": "2023-24"}, "NOT_FOUND", "", "2023-24")

	d.create()
	d.wantError(d.officerToken, createAnnualDoc, input(map[string]any{"academicYear": reporttest.AcademicYear}), "CONFLICT", "", reporttest.AcademicYear)
	if n := d.Client.AnnualReport.Query().Where(annualreport.AcademicYear(reporttest.AcademicYear)).CountX(d.SystemContext()); n != 1 {
		t.Errorf("reports for %s = %d, want 1", reporttest.AcademicYear, n)
	}
}

// TestAnnualReportWaitsForYearEnd refuses a report for a year that has not
// begun, and freezing the figures of one that has not ended, so that no
// feedback of the year is left out for good.
func TestAnnualReportWaitsForYearEnd(t *testing.T) {
	d := newAnnualDesk(t)
	d.Clock.Set(time.Date(2026, time.December, 5, 12, 0, 0, 0, time.UTC))
	d.officerToken = d.SignIn(t, d.officer)
	d.wantError(d.officerToken, createAnnualDoc, input(map[string]any{"academicYear": "2027-28"}), "BAD_USER_INPUT", "input.academicYear", "has not begun", "1 September 2027")

	var created struct {
		CreateAnnualReport struct{ AnnualReport struct{ ID uuid.UUID } }
	}
	d.MustQueryAs(t, d.officerToken, `mutation($input: CreateAnnualReportInput!) { createAnnualReport(input: $input) { annualReport { id } } }`,
		input(map[string]any{"academicYear": "2026-27"}), &created)
	id := created.CreateAnnualReport.AnnualReport.ID
	d.wantError(d.officerToken, completeAnnualDoc, input(map[string]any{"annualReportId": id}), "BAD_USER_INPUT", "input.annualReportId",
		"Tuesday 31 August 2027", "Wednesday 1 September 2027")
	if r := d.Client.AnnualReport.GetX(d.SystemContext(), id); r.Status != annualreport.StatusDraft || r.Figures != nil {
		t.Errorf("report after the refusal = %s with %d bytes of figures, want a draft without frozen figures", r.Status, len(r.Figures))
	}

	// The year ends at midnight London time, 23:00 UTC in summer.
	d.Clock.Set(time.Date(2027, time.August, 31, 23, 0, 1, 0, time.UTC))
	d.officerToken = d.SignIn(t, d.officer)
	d.complete(id)
}
