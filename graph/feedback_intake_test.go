package graph_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackcontact"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/config"
)

// feedbackOffice is a running product for the feedback tests. It has a
// published service with a lead, a content manager and a commissioner, a
// draft service, and a published information page in the Health section.
// Its other users are an LO officer, an LO admin and a provider with no
// part in any of it.
type feedbackOffice struct {
	*apptest.App
	officer, admin, lead, manager, commissioner, stranger *ent.User
	tokens                                                map[*ent.User]string
	service, draft                                        *ent.Service
	page                                                  *ent.InformationPage
	health                                                *ent.TaxonomyTerm
}

func newFeedbackOffice(t *testing.T, options ...apptest.Option) *feedbackOffice {
	t.Helper()
	a := apptest.New(t, options...)
	o := &feedbackOffice{App: a, tokens: map[*ent.User]string{}}
	o.officer = a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	o.admin = a.CreateUser(t, user.RoleLOAdmin, user.StatusActive)
	o.lead = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	o.manager = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	o.commissioner = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	o.stranger = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	o.signInAll(t)

	ctx := a.SystemContext()
	org := a.Client.Organization.Create().SetName("Riverside Family Trust").SetSlug("riverside-family-trust").SaveX(ctx)
	o.service = a.Client.Service.Create().SetName("Riverside Sensory Play").SetSlug("riverside-sensory-play").
		SetStatus(service.StatusPublished).SetOrganization(org).
		SetHowToComplain("Write to the trust's manager at complaints@riverside.example.org.").
		SetLead(o.lead).AddContentManagers(o.manager).SetCommissioner(o.commissioner).SaveX(ctx)
	o.draft = a.Client.Service.Create().SetName("Riverside Holiday Club").SetSlug("riverside-holiday-club").
		SetStatus(service.StatusDraft).SetOrganization(org).SetLead(o.lead).SaveX(ctx)
	o.health = a.Client.TaxonomyTerm.Query().
		Where(taxonomyterm.Slug("health"), taxonomyterm.HasTaxonomyWith(taxonomy.Slug("local-offer-sections"))).OnlyX(ctx)
	o.page = a.Client.InformationPage.Create().SetTitle("Therapies explained").SetSlug("therapies-explained").
		SetBody("<p>How therapies work.</p>").SetStatus(informationpage.StatusPublished).SetSection(o.health).
		SetLead(o.lead).AddContentManagers(o.manager).SaveX(ctx)
	return o
}

// signInAll signs every user in again, after the clock moved.
func (o *feedbackOffice) signInAll(t *testing.T) {
	t.Helper()
	for _, u := range []*ent.User{o.officer, o.admin, o.lead, o.manager, o.commissioner, o.stranger} {
		o.tokens[u] = o.SignIn(t, u)
	}
}

// moveClockTo moves the product's clock to at, which must be in the
// future.
func (o *feedbackOffice) moveClockTo(t *testing.T, at time.Time) {
	t.Helper()
	offset := at.Sub(o.Clock.Now())
	if offset < 0 {
		t.Fatalf("the clock is already past %s", at)
	}
	o.Clock.Advance(offset)
	o.signInAll(t)
}

// item reads an item of feedback past the privacy rules.
func (o *feedbackOffice) item(t *testing.T, id uuid.UUID) *ent.Feedback {
	t.Helper()
	return o.Client.Feedback.GetX(o.SystemContext(), id)
}

const submitFeedbackDoc = `mutation($input: SubmitFeedbackInput!) {
	submitFeedback(input: $input) { receipt { id receivedAt } urgentHelp } }`

type submitPayload struct {
	SubmitFeedback struct {
		Receipt struct {
			ID         uuid.UUID
			ReceivedAt time.Time
		}
		UrgentHelp string
	}
}

// parentFeedback returns the fields of a parent's comment on the Local
// Offer, with changes.
func parentFeedback(changes map[string]any) map[string]any {
	fields := map[string]any{
		"source": "PARENT_OR_CARER", "topic": "CONTENT", "sentiment": "NEGATIVE",
		"body": "The page on speech therapy does not say how long the waiting list is.",
	}
	for k, v := range changes {
		fields[k] = v
	}
	return fields
}

// submit sends feedback through the public form, without credentials, and
// returns the new item's id.
func (o *feedbackOffice) submit(t *testing.T, fields map[string]any) uuid.UUID {
	t.Helper()
	var out submitPayload
	o.MustQuery(t, submitFeedbackDoc, input(fields), &out)
	return out.SubmitFeedback.Receipt.ID
}

func TestSubmitFeedbackStoresItem(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	before := time.Now().UTC().Truncate(time.Second)
	body := "  My son waited a year for an assessment.\nThe page should say so.  "

	res := o.Query(t, submitFeedbackDoc, input(parentFeedback(map[string]any{
		"body": body, "serviceId": o.service.ID, "sentiment": "MIXED",
		"contact": map[string]any{
			"name": " Sam Carter ", "email": "Sam.Carter@Example.ORG", "phone": "+44 (0) 7700 900123",
			"consentPurposes": []string{"CALL_BACK", "QUOTE", "CALL_BACK"},
		},
	})))
	if len(res.Errors) > 0 {
		t.Fatalf("errors = %+v", res.Errors)
	}
	var out submitPayload
	if err := json.Unmarshal(res.Data, &out); err != nil {
		t.Fatal(err)
	}
	receipt := out.SubmitFeedback.Receipt

	t.Run("payload", func(t *testing.T) {
		if out.SubmitFeedback.UrgentHelp != config.DefaultUrgentHelp {
			t.Errorf("urgentHelp = %q, want the configured text", out.SubmitFeedback.UrgentHelp)
		}
		if receipt.ReceivedAt.Before(before) || receipt.ReceivedAt.After(time.Now().Add(time.Second)) {
			t.Errorf("receivedAt = %s, want now", receipt.ReceivedAt)
		}
		for _, secret := range []string{"waited a year", "Sam", "7700", "example.org"} {
			if strings.Contains(strings.ToLower(string(res.Data)), strings.ToLower(secret)) {
				t.Errorf("payload repeats %q: %s", secret, res.Data)
			}
		}
	})

	t.Run("item", func(t *testing.T) {
		f := o.item(t, receipt.ID)
		if f.Body != strings.TrimSpace(body) {
			t.Errorf("body = %q, want the trimmed text", f.Body)
		}
		if f.Channel != feedback.ChannelWebsite || f.Status != feedback.StatusNew || f.RecordedByID != nil {
			t.Errorf("channel %s, status %s, recorded by %v; want WEBSITE, NEW, nobody", f.Channel, f.Status, f.RecordedByID)
		}
		if f.Source != feedback.SourceParentOrCarer || f.Sentiment != feedback.SentimentMixed || f.Topic != feedback.TopicContent {
			t.Errorf("source %s, sentiment %s, topic %s", f.Source, f.Sentiment, f.Topic)
		}
		if f.ServiceID == nil || *f.ServiceID != o.service.ID || !f.ReceivedAt.Equal(receipt.ReceivedAt) {
			t.Errorf("service %v received %s, want %s at %s", f.ServiceID, f.ReceivedAt, o.service.ID, receipt.ReceivedAt)
		}
		if f.Safeguarding || len(f.SafeguardingKeywords) != 0 || f.TriageDueAt != nil {
			t.Errorf("safeguarding %t %v %v, want none", f.Safeguarding, f.SafeguardingKeywords, f.TriageDueAt)
		}
	})

	t.Run("contact stored apart", func(t *testing.T) {
		c := o.Client.FeedbackContact.Query().Where(feedbackcontact.FeedbackID(receipt.ID)).OnlyX(o.SystemContext())
		if c.Name != "Sam Carter" || c.Email != "sam.carter@example.org" || c.Phone != "+44 (0) 7700 900123" {
			t.Errorf("contact = %q %q %q, want trimmed, email lower-cased", c.Name, c.Email, c.Phone)
		}
		if c.PhoneDigits != "07700900123" {
			t.Errorf("phone digits = %q, want 07700900123", c.PhoneDigits)
		}
		if strings.Join(c.ConsentPurposes, ",") != "CALL_BACK,QUOTE" {
			t.Errorf("purposes = %v, want CALL_BACK and QUOTE once each", c.ConsentPurposes)
		}
		if c.ConsentWordingVersion != config.DefaultFeedback().ConsentWording || !c.ConsentedAt.Equal(receipt.ReceivedAt) {
			t.Errorf("consent wording %q at %s, want %q at %s", c.ConsentWordingVersion, c.ConsentedAt,
				config.DefaultFeedback().ConsentWording, receipt.ReceivedAt)
		}
	})
}

func TestSubmitFeedbackAsSignedInUser(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	var out submitPayload
	o.MustQueryAs(t, o.tokens[o.lead], submitFeedbackDoc, input(parentFeedback(map[string]any{
		"source": "PROVIDER", "topic": "DEVELOPMENT_AND_REVIEW", "sentiment": "POSITIVE", "informationPageId": o.page.ID,
	})), &out)
	f := o.item(t, out.SubmitFeedback.Receipt.ID)
	if f.InformationPageID == nil || *f.InformationPageID != o.page.ID || f.Channel != feedback.ChannelWebsite {
		t.Errorf("page %v channel %s, want %s through the website", f.InformationPageID, f.Channel, o.page.ID)
	}
	if o.Client.FeedbackContact.Query().CountX(o.SystemContext()) != 0 {
		t.Error("contact details stored, want none")
	}
}

func TestSubmitFeedbackBadInput(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	contact := func(fields map[string]any) map[string]any { return map[string]any{"contact": fields} }
	young := func(band string, fields map[string]any) map[string]any {
		out := map[string]any{"source": "CHILD_OR_YOUNG_PERSON", "ageBand": band}
		for k, v := range fields {
			out[k] = v
		}
		return out
	}
	email := map[string]any{"email": "alex@example.org", "consentPurposes": []string{"CALL_BACK"}}
	for _, tc := range []struct {
		name, field, message string
		changes              map[string]any
	}{
		{"empty body", "input.body", "must not be empty", map[string]any{"body": " \n "}},
		{"body too long", "input.body", "at most 5000", map[string]any{"body": strings.Repeat("é", 5001)}},
		{"control character", "input.body", "control character", map[string]any{"body": "Hello\x00there"}},
		{"both contents", "input.serviceId", "not both", map[string]any{"serviceId": uuid.New(), "informationPageId": uuid.New()}},
		{"draft service", "input.serviceId", "no published service", nil},
		{"unknown page", "input.informationPageId", "no published information page", map[string]any{"informationPageId": uuid.New()}},
		{"age band for a parent", "input.ageBand", "child or young person", map[string]any{"ageBand": "AGE_16_TO_17"}},
		{"under 13 with contact", "input.contact", "under 13", young("UNDER_13", contact(email))},
		{"young person without age band", "input.ageBand", "age band", map[string]any{"source": "CHILD_OR_YOUNG_PERSON", "contact": email}},
		{"details without purposes", "input.contact.consentPurposes", "at least one purpose",
			contact(map[string]any{"name": "Alex", "consentPurposes": []string{}})},
		{"purposes without details", "input.contact.consentPurposes", "without contact details",
			contact(map[string]any{"name": "  ", "consentPurposes": []string{"QUOTE"}})},
		{"invalid email", "input.contact.email", "not a valid email",
			contact(map[string]any{"email": "alex at example.org", "consentPurposes": []string{"CALL_BACK"}})},
		{"email with a name", "input.contact.email", "not a valid email",
			contact(map[string]any{"email": "Alex <alex@example.org>", "consentPurposes": []string{"CALL_BACK"}})},
		{"email without a domain dot", "input.contact.email", "not a valid email",
			contact(map[string]any{"email": "alex@localhost", "consentPurposes": []string{"CALL_BACK"}})},
		{"phone with letters", "input.contact.phone", "not a valid phone",
			contact(map[string]any{"phone": "0161 CALL ME", "consentPurposes": []string{"CALL_BACK"}})},
		{"phone too short", "input.contact.phone", "not a valid phone",
			contact(map[string]any{"phone": "12345", "consentPurposes": []string{"CALL_BACK"}})},
		{"call back without a way", "input.contact.consentPurposes", "a call back needs",
			contact(map[string]any{"name": "Alex", "consentPurposes": []string{"CALL_BACK"}})},
		{"name on two lines", "input.contact.name", "one line",
			contact(map[string]any{"name": "Alex\nSmith", "consentPurposes": []string{"QUOTE"}})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changes := tc.changes
			if tc.name == "draft service" {
				changes = map[string]any{"serviceId": o.draft.ID}
			}
			e := wantOneError(t, o.Query(t, submitFeedbackDoc, input(parentFeedback(changes))), badUserInput)
			if e.Extensions["field"] != tc.field || !strings.Contains(e.Message, tc.message) {
				t.Errorf("error on %v: %q, want %s saying %q", e.Extensions["field"], e.Message, tc.field, tc.message)
			}
			if strings.Contains(e.Message, "alex") {
				t.Errorf("message repeats the contact details: %q", e.Message)
			}
		})
	}
	if n := o.Client.Feedback.Query().CountX(o.SystemContext()); n != 0 {
		t.Errorf("items stored = %d, want 0", n)
	}

	t.Run("unknown enum value", func(t *testing.T) {
		res := o.Query(t, submitFeedbackDoc, input(parentFeedback(map[string]any{
			"contact": map[string]any{"email": "alex@example.org", "consentPurposes": []string{"MARKETING"}},
		})))
		if len(res.Errors) != 1 || res.Errors[0].Code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("errors = %+v, want one GRAPHQL_VALIDATION_FAILED", res.Errors)
		}
	})
}

func TestSubmitFeedbackYoungPerson(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	id := o.submit(t, parentFeedback(map[string]any{
		"source": "CHILD_OR_YOUNG_PERSON", "ageBand": "AGE_13_TO_15",
		"contact": map[string]any{"email": "jo@example.org", "consentPurposes": []string{"CALL_BACK"}},
	}))
	if f := o.item(t, id); f.AgeBand == nil || *f.AgeBand != feedback.AgeBandAge13To15 {
		t.Errorf("age band = %v, want AGE_13_TO_15", f.AgeBand)
	}

	// An under-13 may still send feedback, without contact details.
	id = o.submit(t, parentFeedback(map[string]any{"source": "CHILD_OR_YOUNG_PERSON", "ageBand": "UNDER_13"}))
	if f := o.item(t, id); f.AgeBand == nil || *f.AgeBand != feedback.AgeBandUnder13 {
		t.Errorf("age band = %v, want UNDER_13", f.AgeBand)
	}
	if n := o.Client.FeedbackContact.Query().CountX(o.SystemContext()); n != 1 {
		t.Errorf("contacts stored = %d, want 1", n)
	}
}

func TestSubmitFeedbackRateLimit(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t, behindProxy, func(cfg *config.Serve) {
		cfg.Feedback.SubmitLimit = 3
		cfg.Feedback.SubmitWindow = time.Hour
	})
	from := func(address string) apptest.Response {
		_, res := o.Post(t, submitFeedbackDoc, input(parentFeedback(nil)), http.Header{"X-Forwarded-For": {address}})
		return res
	}
	for i := range 3 {
		if res := from("198.51.100.7"); len(res.Errors) > 0 {
			t.Fatalf("submission %d: errors = %+v", i+1, res.Errors)
		}
	}

	e := wantOneError(t, from("198.51.100.7"), "RATE_LIMITED")
	seconds, _ := e.Extensions["retryAfterSeconds"].(float64)
	if seconds < 1 || seconds > 3600 {
		t.Errorf("retryAfterSeconds = %v, want within the hour", e.Extensions["retryAfterSeconds"])
	}
	if !strings.Contains(e.Message, "try again in") || !strings.Contains(e.Message, "at most 3 items in 1 hour") {
		t.Errorf("message = %q, want the limit and when to try again", e.Message)
	}
	if n := o.Client.Feedback.Query().CountX(o.SystemContext()); n != 3 {
		t.Errorf("items stored = %d, want 3", n)
	}

	if res := from("198.51.100.8"); len(res.Errors) > 0 {
		t.Errorf("another address: errors = %+v, want none", res.Errors)
	}
	// Bad input is rejected before it counts against the limit.
	_, res := o.Post(t, submitFeedbackDoc, input(parentFeedback(map[string]any{"body": ""})), http.Header{"X-Forwarded-For": {"198.51.100.9"}})
	wantOneError(t, res, badUserInput)
	// So is feedback about a service that does not exist.
	_, res = o.Post(t, submitFeedbackDoc, input(parentFeedback(map[string]any{"serviceId": uuid.Must(uuid.NewV7())})), http.Header{"X-Forwarded-For": {"198.51.100.9"}})
	if len(res.Errors) != 1 || res.Errors[0].Code() == "RATE_LIMITED" {
		t.Errorf("feedback about a missing service: errors = %+v, want one that names the service", res.Errors)
	}
	for i := range 3 {
		if res := from("198.51.100.9"); len(res.Errors) > 0 {
			t.Fatalf("submission %d after bad input: errors = %+v", i+1, res.Errors)
		}
	}
}

func TestSubmitFeedbackMaxLength(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t, func(cfg *config.Serve) { cfg.Feedback.MaxLength = 120 })
	o.submit(t, parentFeedback(map[string]any{"body": strings.Repeat("a", 120)}))
	e := wantOneError(t, o.Query(t, submitFeedbackDoc, input(parentFeedback(map[string]any{"body": strings.Repeat("a", 121)}))), badUserInput)
	if e.Extensions["field"] != "input.body" || !strings.Contains(e.Message, "at most 120 characters") {
		t.Errorf("error on %v: %q, want input.body at most 120 characters", e.Extensions["field"], e.Message)
	}
}

func TestSubmitFeedbackReceiptHidden(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	id := o.submit(t, parentFeedback(nil))
	doc := `query($id: ID!) { node(id: $id) { id } }`
	wantOneError(t, o.Query(t, doc, map[string]any{"id": id}), notFound)
	for _, u := range []*ent.User{o.lead, o.stranger} {
		wantOneError(t, o.QueryAs(t, o.tokens[u], doc, map[string]any{"id": id}), notFound)
	}
	var found struct{ Node *struct{ ID uuid.UUID } }
	o.MustQueryAs(t, o.tokens[o.officer], doc, map[string]any{"id": id}, &found)
	if found.Node == nil || found.Node.ID != id {
		t.Errorf("node for the officer = %+v, want %s", found.Node, id)
	}
}
