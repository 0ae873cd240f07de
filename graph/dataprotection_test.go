package graph_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackcontact"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/notify"
)

const (
	personalDataSearchDoc = `query($email: String, $phone: String) {
  personalDataSearch(email: $email, phone: $phone) { recordType id fields at }
}`
	exportPersonalDataDoc = `mutation($input: ExportPersonalDataInput!) {
  exportPersonalData(input: $input) { filename json matches { recordType id fields } }
}`
	redactPersonalDataDoc = `mutation($input: RedactPersonalDataInput!) {
  redactPersonalData(input: $input) {
    contactsDeleted feedbackRedacted responsesRedacted occurrences emailsPurged emailsCancelled
    annualReportsRedacted userAccounts referralsKept
  }
}`

	// The data subject: Sam, a parent, with the address and number as
	// Sam gave them.
	samEmail       = "Sam.Parent@Example.org"
	samEmailStored = "sam.parent@example.org"
	samPhone       = "07700 900123"
	samPhoneDigits = "07700900123"
)

// subjectMatch is one match of personalDataSearch.
type subjectMatch struct {
	RecordType string
	ID         uuid.UUID
	Fields     []string
	At         time.Time
}

// subjectDesk is a running product holding Sam's data, and other people's
// that no search for Sam may find:
//
//	contactItem      Sam's contact details, by email and phone; Sam's own words
//	textItem         no contact details; its body gives Sam's number as +44 7700 900 123
//	answeredItem     Alex's contact details; the answer's action names Sam's number,
//	                 and the council response Sam's address
//	safeguardingItem Sam's contact details; the referral names Sam's number
//	otherItem        Alex's contact details; a number one digit away from Sam's
//
// and two emails to Sam (one sent, one waiting), one to Alex, a provider
// account with Sam's address, and a published annual report whose frozen
// content quotes Sam's address.
type subjectDesk struct {
	*apptest.App
	admin, officer, provider                                         string
	contactItem, textItem, answeredItem, safeguardingItem, otherItem *ent.Feedback
	sentEmail, waitingEmail, alexEmail                               *ent.Notification
	samAccount                                                       *ent.User
	report                                                           *ent.AnnualReport
}

func newSubjectDesk(t *testing.T) *subjectDesk {
	t.Helper()
	a := apptest.New(t)
	d := &subjectDesk{App: a}
	d.admin = a.SignIn(t, a.CreateUser(t, user.RoleLOAdmin, user.StatusActive))
	d.officer = a.SignIn(t, a.CreateUser(t, user.RoleLOOfficer, user.StatusActive))
	d.provider = a.SignIn(t, a.CreateUser(t, user.RoleProvider, user.StatusActive))
	ctx := a.SystemContext()
	c := a.Client
	received := time.Date(2026, time.February, 3, 10, 0, 0, 0, time.UTC)

	d.contactItem = d.feedback(t, received, feedback.SourceParentOrCarer, feedback.TopicQualityOfProvision,
		"My son has waited nine months for speech therapy. Email me at "+samEmail+" or ring "+samPhone+".",
		"A parent has waited nine months for speech therapy.", nil)
	d.contact(t, d.contactItem, "Sam Parent", samEmailStored, samPhone, samPhoneDigits)

	d.textItem = d.feedback(t, received.Add(time.Hour), feedback.SourceChildOrYoungPerson, feedback.TopicAccessibility,
		"The website is hard to read on my phone. My mum's number is +44 7700 900 123.",
		"A young person finds the website hard to read on a phone.", nil)

	d.answeredItem = d.feedback(t, received.Add(2*time.Hour), feedback.SourceProfessional, feedback.TopicGapInProvision,
		"There is no holiday club for autistic teenagers in the north of the district.",
		"No holiday club for autistic teenagers in the north.", nil)
	d.contact(t, d.answeredItem, "Alex Worker", "alex.worker@example.org", "01632 960001", "01632960001")
	c.FeedbackResponse.Create().SetFeedbackID(d.answeredItem.ID).
		SetAction("Rang the parent who raised it on 07700-900123 to talk it through.").
		SetOutcome("A club opens in the summer.").
		SetCouncilResponse("We are opening a club; write to sam.parent@example.org with questions.").
		SaveX(ctx)

	d.safeguardingItem = d.feedback(t, received.Add(3*time.Hour), feedback.SourceParentOrCarer, feedback.TopicOther,
		"I am worried about my neighbour's child.", "", func(create *ent.FeedbackCreate) {
			create.SetSafeguarding(true).
				SetReferral("Referred to children's social care; the parent can be reached on 07700 900123.").
				SetReferralRecordedAt(received.Add(4 * time.Hour))
		})
	d.contact(t, d.safeguardingItem, "Sam Parent", samEmailStored, "", "")

	d.otherItem = d.feedback(t, received.Add(4*time.Hour), feedback.SourceParentOrCarer, feedback.TopicQualityOfProvision,
		"The respite service was excellent. Call 07700 900124 if you need to.", "Respite praised.", nil)
	d.contact(t, d.otherItem, "Alex Parent", "alex.parent@example.org", "07700 900124", "07700900124")

	d.sentEmail = d.email(t, "sam:sent", samEmailStored, notification.StateSent)
	d.waitingEmail = d.email(t, "sam:waiting", samEmailStored, notification.StatePending)
	d.alexEmail = d.email(t, "alex:sent", "alex.worker@example.org", notification.StateSent)

	d.samAccount = c.User.Create().SetEmail(samEmailStored).SetName("Sam Parent").
		SetRole(user.RoleProvider).SetStatus(user.StatusActive).SaveX(ctx)

	figures := `{"academicYear":"2025-26","items":[{"summary":"A parent asked for a call back","councilResponse":"We wrote to sam.parent@example.org."}],"counts":{"total":5}}`
	d.report = c.AnnualReport.Create().SetAcademicYear("2025-26").SetStatus(annualreport.StatusPublished).
		SetFigures([]byte(figures)).SetPublishedAt(received).SaveX(ctx)
	return d
}

func (d *subjectDesk) feedback(t *testing.T, receivedAt time.Time, source feedback.Source, topic feedback.Topic,
	body, summary string, edit func(*ent.FeedbackCreate)) *ent.Feedback {
	t.Helper()
	create := d.Client.Feedback.Create().SetReceivedAt(receivedAt).
		SetChannel(feedback.ChannelWebsite).SetSource(source).SetTopic(topic).
		SetSentiment(feedback.SentimentNegative).SetBody(body).SetSummary(summary)
	if edit != nil {
		edit(create)
	}
	return create.SaveX(d.SystemContext())
}

func (d *subjectDesk) contact(t *testing.T, item *ent.Feedback, name, email, phone, digits string) {
	t.Helper()
	d.Client.FeedbackContact.Create().SetFeedbackID(item.ID).SetName(name).
		SetEmail(email).SetPhone(phone).SetPhoneDigits(digits).
		SetConsentPurposes([]string{"CALL_BACK", "QUOTE"}).SetConsentWordingVersion("2026-12").
		SetConsentedAt(item.ReceivedAt).
		SaveX(d.SystemContext())
}

func (d *subjectDesk) email(t *testing.T, key, recipient string, state notification.State) *ent.Notification {
	t.Helper()
	n, err := notify.Enqueue(d.SystemContext(), d.Client, notify.Message{
		EventKey: key, Template: "feedback_answered", Recipient: recipient,
		Subject: "Your feedback has been answered",
		Body:    "You told us your son has waited nine months for speech therapy. We have asked the service to call you.",
	})
	if err != nil {
		t.Fatalf("write outbox email: %v", err)
	}
	if state == notification.StateSent {
		sent := time.Date(2026, time.March, 1, 9, 0, 0, 0, time.UTC)
		n = d.Client.Notification.UpdateOne(n).SetState(state).SetSentAt(sent).SaveX(d.SystemContext())
	}
	return n
}

// search runs personalDataSearch as the LO admin and returns the matches
// by record id.
func (d *subjectDesk) search(t *testing.T, variables map[string]any) map[uuid.UUID]subjectMatch {
	t.Helper()
	var data struct{ PersonalDataSearch []subjectMatch }
	d.MustQueryAs(t, d.admin, personalDataSearchDoc, variables, &data)
	byID := map[uuid.UUID]subjectMatch{}
	for _, m := range data.PersonalDataSearch {
		byID[m.ID] = m
	}
	if len(byID) != len(data.PersonalDataSearch) {
		t.Errorf("matches %+v list a record twice", data.PersonalDataSearch)
	}
	return byID
}

// wantMatches fails unless got holds exactly the records of want, each
// with the fields given.
func wantMatches(t *testing.T, got map[uuid.UUID]subjectMatch, want map[uuid.UUID][]string, names map[uuid.UUID]string) {
	t.Helper()
	for id, fields := range want {
		m, ok := got[id]
		if !ok {
			t.Errorf("%s not found", names[id])
			continue
		}
		gotFields := slices.Clone(m.Fields)
		sort.Strings(gotFields)
		sort.Strings(fields)
		if !slices.Equal(gotFields, fields) {
			t.Errorf("%s matched in %v, want %v", names[id], gotFields, fields)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("%s (%s) found, want it not found", names[id], id)
		}
	}
}

func (d *subjectDesk) names() map[uuid.UUID]string {
	return map[uuid.UUID]string{
		d.contactItem.ID: "the item with Sam's contact details", d.textItem.ID: "the item whose body has Sam's number",
		d.answeredItem.ID: "the item whose answer names Sam", d.safeguardingItem.ID: "the safeguarding item",
		d.otherItem.ID: "another parent's item", d.sentEmail.ID: "the sent email to Sam",
		d.waitingEmail.ID: "the waiting email to Sam", d.alexEmail.ID: "the email to Alex",
		d.samAccount.ID: "Sam's account", d.report.ID: "the annual report",
	}
}

func TestPersonalDataSearchByEmail(t *testing.T) {
	d := newSubjectDesk(t)

	got := d.search(t, map[string]any{"email": "  SAM.parent@example.ORG "})

	wantMatches(t, got, map[uuid.UUID][]string{
		d.contactItem.ID:      {"body", "contact.email"},
		d.answeredItem.ID:     {"response.councilResponse"},
		d.safeguardingItem.ID: {"contact.email"},
		d.sentEmail.ID:        {"recipient"},
		d.waitingEmail.ID:     {"recipient"},
		d.samAccount.ID:       {"email"},
		d.report.ID:           {"figures"},
	}, d.names())
	if m := got[d.contactItem.ID]; m.RecordType != "FEEDBACK" || !m.At.Equal(d.contactItem.ReceivedAt) {
		t.Errorf("contact item match = %+v, want FEEDBACK received at %s", m, d.contactItem.ReceivedAt)
	}
	for id, want := range map[uuid.UUID]string{d.sentEmail.ID: "NOTIFICATION", d.samAccount.ID: "USER", d.report.ID: "ANNUAL_REPORT"} {
		if got[id].RecordType != want {
			t.Errorf("record type of %s = %s, want %s", d.names()[id], got[id].RecordType, want)
		}
	}
}

func TestPersonalDataSearchByPhone(t *testing.T) {
	d := newSubjectDesk(t)

	got := d.search(t, map[string]any{"phone": "+44 (0)7700-900123"})

	wantMatches(t, got, map[uuid.UUID][]string{
		d.contactItem.ID:      {"body", "contact.phone"},
		d.textItem.ID:         {"body"},
		d.answeredItem.ID:     {"response.action"},
		d.safeguardingItem.ID: {"referral"},
	}, d.names())
}

func TestPersonalDataSearchByBoth(t *testing.T) {
	d := newSubjectDesk(t)

	got := d.search(t, map[string]any{"email": samEmail, "phone": samPhone})

	wantMatches(t, got, map[uuid.UUID][]string{
		d.contactItem.ID:      {"body", "contact.email", "contact.phone"},
		d.textItem.ID:         {"body"},
		d.answeredItem.ID:     {"response.action", "response.councilResponse"},
		d.safeguardingItem.ID: {"contact.email", "referral"},
		d.sentEmail.ID:        {"recipient"},
		d.waitingEmail.ID:     {"recipient"},
		d.samAccount.ID:       {"email"},
		d.report.ID:           {"figures"},
	}, d.names())

	event := d.Client.AuditEvent.Query().Where(auditevent.Action("personal_data.searched")).OnlyX(d.SystemContext())
	if want := "by email address and phone number; found feedback=4 emails=2 user_accounts=1 annual_reports=1"; event.Detail != want {
		t.Errorf("audit detail = %q, want %q", event.Detail, want)
	}
	d.wantNoSubjectData(t)
}

func TestPersonalDataSearchRejectsBadInput(t *testing.T) {
	d := newSubjectDesk(t)
	for _, tc := range []struct {
		name      string
		variables map[string]any
		field     string
	}{
		{"neither", map[string]any{}, "email"},
		{"not an address", map[string]any{"email": "sam.parent at example.org"}, "email"},
		{"too few digits", map[string]any{"phone": "90012"}, "phone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := d.QueryAs(t, d.admin, personalDataSearchDoc, tc.variables)
			if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Extensions["field"] != tc.field {
				t.Fatalf("errors = %+v, want one BAD_USER_INPUT on %s", res.Errors, tc.field)
			}
		})
	}
	if n := d.Client.AuditEvent.Query().Where(auditevent.Action("personal_data.searched")).CountX(d.SystemContext()); n != 0 {
		t.Errorf("personal_data.searched events = %d after rejected searches, want 0", n)
	}
}

// exportDocument is the part of the export's JSON the tests read.
type exportDocument struct {
	SearchedFor struct{ Email, Phone string }
	Feedback    []struct {
		ID              uuid.UUID
		SubjectIsSender bool
		MatchedIn       []string
		Source          string
		Body            string
		Summary         string
		Referral        string
		Contact         *struct {
			Name, Email, Phone    string
			ConsentPurposes       []string
			ConsentWordingVersion string
			ConsentedAt           time.Time
		}
		Response *struct{ Action, Outcome, CouncilResponse string }
	}
	Emails []struct {
		ID        uuid.UUID
		Recipient string
		Subject   string
		Body      string
		State     string
	}
	UserAccounts  []struct{ ID uuid.UUID }
	AnnualReports []struct {
		ID           uuid.UUID
		AcademicYear string
	}
}

func TestExportPersonalData(t *testing.T) {
	d := newSubjectDesk(t)

	var data struct {
		ExportPersonalData struct {
			Filename string
			JSON     string
			Matches  []subjectMatch
		}
	}
	d.MustQueryAs(t, d.admin, exportPersonalDataDoc, map[string]any{"input": map[string]any{"email": samEmail, "phone": samPhone}}, &data)
	export := data.ExportPersonalData

	if !strings.HasPrefix(export.Filename, "personal-data-") || !strings.HasSuffix(export.Filename, ".json") {
		t.Errorf("filename = %q, want personal-data-<time>.json", export.Filename)
	}
	if strings.Contains(export.Filename, "sam") || strings.Contains(export.Filename, "7700") {
		t.Errorf("filename %q carries the address or number", export.Filename)
	}
	if len(export.Matches) != 8 {
		t.Errorf("matches = %d, want the 8 records the search finds", len(export.Matches))
	}
	var doc exportDocument
	if err := json.Unmarshal([]byte(export.JSON), &doc); err != nil {
		t.Fatalf("decode export: %v\n%s", err, export.JSON)
	}
	if doc.SearchedFor.Email != samEmailStored || doc.SearchedFor.Phone != samPhoneDigits {
		t.Errorf("searchedFor = %+v, want the normalised address and number", doc.SearchedFor)
	}

	if len(doc.Feedback) != 4 {
		t.Fatalf("feedback = %d items, want 4", len(doc.Feedback))
	}
	first := doc.Feedback[0]
	if first.ID != d.contactItem.ID {
		t.Fatalf("first item = %s, want the earliest received, %s", first.ID, d.contactItem.ID)
	}
	if first.Body != d.contactItem.Body {
		t.Errorf("body = %q, want the sender's own words %q", first.Body, d.contactItem.Body)
	}
	if first.Summary != d.contactItem.Summary || first.Source != "PARENT_OR_CARER" {
		t.Errorf("summary, source = %q, %q", first.Summary, first.Source)
	}
	if c := first.Contact; c == nil {
		t.Error("contact details missing")
	} else {
		if c.Name != "Sam Parent" || c.Email != samEmailStored || c.Phone != samPhone {
			t.Errorf("contact = %+v, want Sam's name, address and number", c)
		}
		if !slices.Equal(c.ConsentPurposes, []string{"CALL_BACK", "QUOTE"}) || c.ConsentWordingVersion != "2026-12" ||
			!c.ConsentedAt.Equal(d.contactItem.ReceivedAt) {
			t.Errorf("consent = %v %q %s, want the consent record", c.ConsentPurposes, c.ConsentWordingVersion, c.ConsentedAt)
		}
	}
	answered := doc.Feedback[2]
	if answered.ID != d.answeredItem.ID || answered.Response == nil || !strings.Contains(answered.Response.CouncilResponse, samEmailStored) {
		t.Fatalf("third item = %+v, want the answered item with its council response", answered)
	}
	if answered.Contact != nil || answered.Body != "" || answered.Response.Outcome != "" {
		t.Errorf("answered item = %+v, want only the fields that name Sam: the item is Alex's", answered)
	}
	if got := doc.Feedback[3]; got.ID != d.safeguardingItem.ID || !strings.Contains(got.Referral, "07700 900123") {
		t.Errorf("fourth item = %+v, want the safeguarding item with its referral", got)
	}

	if len(doc.Emails) != 2 {
		t.Fatalf("emails = %d, want 2", len(doc.Emails))
	}
	for _, e := range doc.Emails {
		if e.Recipient != samEmailStored || !strings.Contains(e.Body, "speech therapy") {
			t.Errorf("email %+v, want one to Sam with its body", e)
		}
	}
	if len(doc.UserAccounts) != 1 || doc.UserAccounts[0].ID != d.samAccount.ID {
		t.Errorf("accounts = %+v, want Sam's", doc.UserAccounts)
	}
	if len(doc.AnnualReports) != 1 || doc.AnnualReports[0].AcademicYear != "2025-26" {
		t.Errorf("annual reports = %+v, want 2025-26", doc.AnnualReports)
	}
	if strings.Contains(export.JSON, "Alex") || strings.Contains(export.JSON, "900124") {
		t.Errorf("the export carries other people's data:\n%s", export.JSON)
	}

	event := d.Client.AuditEvent.Query().Where(auditevent.Action("personal_data.exported")).OnlyX(d.SystemContext())
	if want := "by email address and phone number; found feedback=4 emails=2 user_accounts=1 annual_reports=1"; event.Detail != want {
		t.Errorf("audit detail = %q, want %q", event.Detail, want)
	}
	d.wantNoSubjectData(t)
}

// figuresBySourceAndTopic counts feedback by source and topic, as the
// annual report does.
func (d *subjectDesk) figuresBySourceAndTopic(t *testing.T) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, f := range d.Client.Feedback.Query().AllX(d.SystemContext()) {
		counts[fmt.Sprintf("%s/%s/%s", f.Source, f.Topic, f.Channel)]++
	}
	return counts
}

type redaction struct {
	ContactsDeleted, FeedbackRedacted, ResponsesRedacted, Occurrences, EmailsPurged, EmailsCancelled int
	AnnualReportsRedacted, UserAccounts, ReferralsKept                                               int
}

func (d *subjectDesk) redact(t *testing.T, fields map[string]any) redaction {
	t.Helper()
	var data struct{ RedactPersonalData redaction }
	d.MustQueryAs(t, d.admin, redactPersonalDataDoc, map[string]any{"input": fields}, &data)
	return data.RedactPersonalData
}

func TestRedactPersonalData(t *testing.T) {
	d := newSubjectDesk(t)
	ctx := d.SystemContext()
	figures := d.figuresBySourceAndTopic(t)
	total := d.Client.Feedback.Query().CountX(ctx)

	got := d.redact(t, map[string]any{"email": samEmail, "phone": "+447700900123", "reason": "Erasure request SAR-2026-014"})

	want := redaction{
		ContactsDeleted:   2, // the contact item's and the safeguarding item's
		FeedbackRedacted:  2, // the contact item's body and the text item's body
		ResponsesRedacted: 1, // the answered item's action and council response
		// Two in the contact item's body, one in the text item's, two in
		// the answer, one in the report.
		Occurrences:           6,
		EmailsPurged:          1,
		EmailsCancelled:       1,
		AnnualReportsRedacted: 1,
		UserAccounts:          1,
		ReferralsKept:         1,
	}
	if got != want {
		t.Errorf("redaction = %+v, want %+v", got, want)
	}

	if after := d.figuresBySourceAndTopic(t); !maps.Equal(after, figures) {
		t.Errorf("feedback by source, topic and channel = %v after redaction, want %v as before", after, figures)
	}
	if n := d.Client.Feedback.Query().CountX(ctx); n != total {
		t.Errorf("feedback = %d items after redaction, want %d", n, total)
	}

	item := d.Client.Feedback.Query().Where(feedback.ID(d.contactItem.ID)).WithContact().OnlyX(ctx)
	if item.Edges.Contact != nil || item.ContactPurgedAt == nil {
		t.Errorf("Sam's contact details kept: contact %v, purged at %v", item.Edges.Contact, item.ContactPurgedAt)
	}
	if want := "My son has waited nine months for speech therapy. Email me at [redacted] or ring [redacted]."; item.Body != want {
		t.Errorf("body = %q, want %q", item.Body, want)
	}
	if item.Version != d.contactItem.Version+1 {
		t.Errorf("version = %d, want %d", item.Version, d.contactItem.Version+1)
	}
	if item.BodyRedactedAt != nil {
		t.Errorf("body_redacted_at = %v, want it unset: the rest of the body is kept until the retention purge", item.BodyRedactedAt)
	}
	if text := d.Client.Feedback.GetX(ctx, d.textItem.ID); text.Body != "The website is hard to read on my phone. My mum's number is [redacted]." {
		t.Errorf("text item body = %q", text.Body)
	}
	response := d.Client.FeedbackResponse.Query().OnlyX(ctx)
	if response.Action != "Rang the parent who raised it on [redacted] to talk it through." ||
		response.CouncilResponse != "We are opening a club; write to [redacted] with questions." ||
		response.Outcome != "A club opens in the summer." {
		t.Errorf("answer = %q / %q / %q", response.Action, response.Outcome, response.CouncilResponse)
	}
	safeguarding := d.Client.Feedback.Query().Where(feedback.ID(d.safeguardingItem.ID)).WithContact().OnlyX(ctx)
	if safeguarding.Edges.Contact != nil {
		t.Error("the contact details of the safeguarding item, Sam's, were kept")
	}
	if safeguarding.Referral != d.safeguardingItem.Referral {
		t.Errorf("referral = %q, want it kept under the safeguarding retention", safeguarding.Referral)
	}
	for _, other := range []*ent.Feedback{d.answeredItem, d.otherItem} {
		n := d.Client.FeedbackContact.Query().Where(feedbackcontact.FeedbackID(other.ID)).CountX(ctx)
		if n != 1 {
			t.Errorf("contact details of %s = %d, want another person's kept", d.names()[other.ID], n)
		}
	}
	if other := d.Client.Feedback.GetX(ctx, d.otherItem.ID); other.Body != d.otherItem.Body {
		t.Errorf("another parent's body = %q, want it unchanged", other.Body)
	}

	sent := d.Client.Notification.GetX(ctx, d.sentEmail.ID)
	if sent.Body != "" || sent.HTMLBody != "" || sent.BodyPurgedAt == nil || sent.State != notification.StateSent {
		t.Errorf("sent email = %q %q %v %s, want its bodies emptied and still SENT", sent.Body, sent.HTMLBody, sent.BodyPurgedAt, sent.State)
	}
	waiting := d.Client.Notification.GetX(ctx, d.waitingEmail.ID)
	if waiting.Body != "" || waiting.State != notification.StateFailed || waiting.LastError == "" {
		t.Errorf("waiting email = %q %s %q, want it emptied and FAILED with a reason", waiting.Body, waiting.State, waiting.LastError)
	}
	if alex := d.Client.Notification.GetX(ctx, d.alexEmail.ID); alex.Body == "" || alex.BodyPurgedAt != nil {
		t.Error("the email to Alex was purged")
	}

	report := d.Client.AnnualReport.GetX(ctx, d.report.ID)
	if !json.Valid(report.Figures) || strings.Contains(string(report.Figures), samEmailStored) ||
		!strings.Contains(string(report.Figures), `"We wrote to [redacted]."`) || !strings.Contains(string(report.Figures), `"total":5`) {
		t.Errorf("report figures = %s, want the address replaced and the counts kept", report.Figures)
	}
	if account := d.Client.User.GetX(ctx, d.samAccount.ID); account.Email != samEmailStored {
		t.Errorf("account email = %q, want the account left to user management", account.Email)
	}

	event := d.Client.AuditEvent.Query().Where(auditevent.Action("personal_data.redacted")).OnlyX(ctx)
	if !strings.HasPrefix(event.Detail, "reason: Erasure request SAR-2026-014; by email address and phone number; contacts_deleted=2 ") {
		t.Errorf("audit detail = %q, want the reason and the counts", event.Detail)
	}

	if !strings.Contains(d.Logs(), `msg="personal data redacted"`) || !strings.Contains(d.Logs(), "contacts_deleted=2") {
		t.Errorf("the server's logs do not record the redaction with its counts")
	}

	again := d.redact(t, map[string]any{"email": samEmail, "phone": samPhone, "reason": "Erasure request SAR-2026-014"})
	if again != (redaction{UserAccounts: 1, ReferralsKept: 1}) {
		t.Errorf("a second redaction = %+v, want nothing more changed", again)
	}
	d.wantNoSubjectData(t)
}

func TestRedactPersonalDataRejectsBadInput(t *testing.T) {
	d := newSubjectDesk(t)
	for _, tc := range []struct {
		name   string
		fields map[string]any
		field  string
	}{
		{"no address or number", map[string]any{"reason": "SAR-2026-014"}, "input.email"},
		{"no reason", map[string]any{"email": samEmail, "reason": "  "}, "input.reason"},
		{"reason with the address", map[string]any{"email": samEmail, "reason": "Request from " + samEmail}, "input.reason"},
		{"reason with a number", map[string]any{"email": samEmail, "reason": "Rang back on 01632 960001"}, "input.reason"},
		{"reason with a name", map[string]any{"email": samEmail, "reason": "Request from Mrs Parent"}, "input.reason"},
		{"reason too long", map[string]any{"email": samEmail, "reason": strings.Repeat("x", 201)}, "input.reason"},
		{"reason too long in bytes", map[string]any{"email": samEmail, "reason": strings.Repeat("é", 101)}, "input.reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := d.QueryAs(t, d.admin, redactPersonalDataDoc, map[string]any{"input": tc.fields})
			if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Extensions["field"] != tc.field {
				t.Fatalf("errors = %+v, want one BAD_USER_INPUT on %s", res.Errors, tc.field)
			}
		})
	}
	if n := d.Client.FeedbackContact.Query().CountX(d.SystemContext()); n != 4 {
		t.Errorf("contact details = %d after rejected redactions, want all 4 kept", n)
	}
}

// TestPersonalDataForbiddenToOthers checks the LO officer and a provider
// get FORBIDDEN and the public UNAUTHENTICATED, with nothing changed.
func TestPersonalDataForbiddenToOthers(t *testing.T) {
	d := newSubjectDesk(t)
	for _, caller := range []struct {
		name, token, code string
	}{
		{"LO officer", d.officer, "FORBIDDEN"},
		{"provider", d.provider, "FORBIDDEN"},
		{"public", "", "UNAUTHENTICATED"},
	} {
		for _, op := range []struct {
			name, document string
			variables      map[string]any
		}{
			{"search", personalDataSearchDoc, map[string]any{"email": samEmail}},
			{"export", exportPersonalDataDoc, map[string]any{"input": map[string]any{"email": samEmail}}},
			{"redact", redactPersonalDataDoc, map[string]any{"input": map[string]any{"email": samEmail, "reason": "SAR-2026-014"}}},
		} {
			t.Run(caller.name+" "+op.name, func(t *testing.T) {
				res := d.QueryAs(t, caller.token, op.document, op.variables)
				if len(res.Errors) != 1 || res.Errors[0].Code() != caller.code {
					t.Fatalf("errors = %+v, want one %s", res.Errors, caller.code)
				}
				if strings.Contains(string(res.Data), "sam") {
					t.Errorf("data = %s, want nothing of Sam's", res.Data)
				}
			})
		}
	}
	if n := d.Client.FeedbackContact.Query().CountX(d.SystemContext()); n != 4 {
		t.Errorf("contact details = %d after refused redactions, want all 4 kept", n)
	}
	n := d.Client.AuditEvent.Query().Where(auditevent.ActionHasPrefix("personal_data.")).CountX(d.SystemContext())
	if n != 0 {
		t.Errorf("personal_data audit events = %d after refused requests, want 0", n)
	}
}

// wantNoSubjectData fails when the server's logs or the audit log carry
// Sam's address or number in any form.
func (d *subjectDesk) wantNoSubjectData(t *testing.T) {
	t.Helper()
	var audit strings.Builder
	for _, e := range d.Client.AuditEvent.Query().AllX(d.SystemContext()) {
		fmt.Fprintf(&audit, "%s %s %s %v\n", e.Action, e.ObjectType, e.Detail, e.ChangedFields)
	}
	logs := strings.ToLower(d.Logs())
	for _, secret := range []string{samEmailStored, samPhone, samPhoneDigits, "7700900123", "07700-900123", "speech therapy"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the server's logs contain %q", secret)
		}
		if strings.Contains(strings.ToLower(audit.String()), secret) {
			t.Errorf("the audit log contains %q:\n%s", secret, audit.String())
		}
	}
}

// TestRedactPersonalDataRemovesContactName redacts the name a subject gave
// with their own feedback from that item's summary and from the annual
// report's text, never from its keys, and leaves another person's name.
func TestRedactPersonalDataRemovesContactName(t *testing.T) {
	d := newSubjectDesk(t)
	ctx := d.SystemContext()
	d.Client.Feedback.UpdateOne(d.contactItem).
		SetSummary("Sam  Parent has waited nine months for speech therapy.").ExecX(ctx)
	figures := `{"academicYear":"2025-26","items":[{"summary":"sam parent asked for a call back","note":"Alex Parent agreed"}],"Sam Parent":1}`
	d.Client.AnnualReport.UpdateOne(d.report).SetFigures([]byte(figures)).ExecX(ctx)

	d.redact(t, map[string]any{"email": samEmail, "reason": "Erasure request SAR-2026-015"})

	if got := d.Client.Feedback.GetX(ctx, d.contactItem.ID).Summary; got != "[redacted] has waited nine months for speech therapy." {
		t.Errorf("summary = %q, want the name redacted", got)
	}
	if got := d.Client.Feedback.GetX(ctx, d.otherItem.ID).Body; !strings.Contains(got, "07700 900124") {
		t.Errorf("another person's item changed: %q", got)
	}
	report := string(d.Client.AnnualReport.GetX(ctx, d.report.ID).Figures)
	for _, want := range []string{`"summary":"[redacted] asked for a call back"`, `"note":"Alex Parent agreed"`, `"Sam Parent":1`} {
		if !strings.Contains(report, want) {
			t.Errorf("report figures %s lack %s", report, want)
		}
	}
}

// TestRedactByEmailRemovesGivenPhone redacts, by email address alone, the
// phone number the person gave with the same contact details.
func TestRedactByEmailRemovesGivenPhone(t *testing.T) {
	d := newSubjectDesk(t)
	ctx := d.SystemContext()

	d.redact(t, map[string]any{"email": samEmail, "reason": "Erasure request SAR-2026-016"})

	body := d.Client.Feedback.GetX(ctx, d.contactItem.ID).Body
	if strings.Contains(body, samPhone) || strings.Contains(body, samEmail) {
		t.Errorf("body = %q, want the address and the number given with it redacted", body)
	}
	if got := d.Client.Feedback.GetX(ctx, d.otherItem.ID).Body; !strings.Contains(got, "07700 900124") {
		t.Errorf("another person's number was redacted: %q", got)
	}
}
