package oruk_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/contact"
	"github.com/localoffer/localoffer/ent/hook"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/oruk"
)

func TestImportRejectsBadRecords(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	feed := `{"totalElements": 11, "content": [
		{"id": "ok-1", "name": "Good service", "minimum_age": 30, "url": "javascript:alert(1)", "email": "not an address"},
		{"id": "num-name", "name": 42},
		"just a string",
		{"id": "blank", "name": "   \t "},
		{"name": "No id"},
		{"id": "ok-1", "name": "Same id again"},
		{"id": "neg-age", "name": "Negative", "minimum_age": -5},
		{"id": "old", "name": "Too old", "maximum_age": 300},
		{"id": "crossed", "name": "Crossed", "minimum_age": 18, "maximum_age": 5},
		{"id": "bad-age-type", "name": "Age text", "minimum_age": "young"},
		{"id": "bad-status", "name": "Odd status", "status": "maybe"},
		{"id": "long", "name": "` + strings.Repeat("x", 301) + `"}
	]}`
	report := importJSON(t, client, feed, oruk.Options{Source: "bad"})

	if report.Format != "ORUK 1.0 page (content)" {
		t.Errorf("Format = %q, want the 1.0 page", report.Format)
	}
	if report.Records != 12 || report.Created != 1 || report.Rejected != 11 {
		t.Errorf("Records %d, Created %d, Rejected %d; want 12, 1, 11", report.Records, report.Created, report.Rejected)
	}

	wantReasons := []struct{ id, reason string }{
		{"num-name", "field name is a JSON number where a string is expected"},
		{"", "invalid record: the record is a JSON string, not an object"},
		{"blank", "name is empty"},
		{"", "id is missing"},
		{"ok-1", `id is already used by an earlier record in this feed ("Good service")`},
		{"neg-age", "minimum_age -5 is not a possible age in years"},
		{"old", "maximum_age 300 is not a possible age in years"},
		{"crossed", "minimum_age 18 is above maximum_age 5"},
		{"bad-age-type", `field minimum_age is "young" where a number is expected`},
		{"bad-status", `status "maybe" is not one of`},
		{"long", "name is longer than 300 characters"},
	}
	if len(report.Rejections) != len(wantReasons) {
		t.Fatalf("rejections = %+v, want %d", report.Rejections, len(wantReasons))
	}
	for i, want := range wantReasons {
		got := report.Rejections[i]
		if got.ID != want.id || !strings.Contains(got.Reason, want.reason) {
			t.Errorf("rejection %d = {%q, %q}, want {%q, containing %q}", i, got.ID, got.Reason, want.id, want.reason)
		}
	}

	kept := serviceBySourceID(t, client, "bad", "ok-1")
	if kept.MinAge == nil || *kept.MinAge != 25 {
		t.Errorf("min_age = %v, want 30 clamped to 25", kept.MinAge)
	}
	if kept.Website != "" || kept.Email != "" {
		t.Errorf("website, email = %q, %q; want both dropped", kept.Website, kept.Email)
	}
	warnings := strings.Join(warningsFor(report, "ok-1"), "\n")
	for _, want := range []string{"minimum_age 30 is above 25", "javascript: scheme is not allowed", `email "not an address" is not an email address`} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings for ok-1 lack %q:\n%s", want, warnings)
		}
	}
	if n := count(t, client.Service.Query()); n != 1 {
		t.Errorf("%d services stored, want 1", n)
	}
}

func TestImportBrokenJSONKeepsEarlierRecords(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	feed := `[{"id": "a", "name": "First"}, {"id": "b", "name": "Second"}, {"id": "c", "name": `
	report, err := oruk.Import(context.Background(), client, strings.NewReader(feed), oruk.Options{Source: "broken"})

	if !errors.Is(err, oruk.ErrInvalidFeed) {
		t.Fatalf("error = %v, want ErrInvalidFeed", err)
	}
	if report == nil || report.Created != 2 {
		t.Fatalf("report = %+v, want the 2 records before the break created", report)
	}
	if n := count(t, client.Service.Query().Where(service.Source("broken"))); n != 2 {
		t.Errorf("%d services stored, want 2", n)
	}
}

func TestImportInputShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		feed       string
		wantFormat string
		wantCount  int
	}{
		{"bare array", `[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]`, "JSON array of services", 2},
		{"1.0 page", `{"totalElements": 1, "content": [{"id": "a", "name": "A"}], "first": true}`, "ORUK 1.0 page (content)", 1},
		{"3.0 page", `{"total_items": 1, "contents": [{"id": "a", "name": "A"}]}`, "ORUK 3.0 page (contents)", 1},
		{"single service", `{"id": "a", "name": "A", "status": "active"}`, "single service", 1},
		{"empty page", `{"content": []}`, "ORUK 1.0 page (content)", 0},
		{"newline-delimited", "{\"id\": \"a\", \"name\": \"A\"}\n{\"id\": \"b\", \"name\": \"B\"}\n", "single service", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client := newClient(t)
			report, err := oruk.Import(context.Background(), client, strings.NewReader(tt.feed), oruk.Options{Source: "shape"})
			if tt.wantCount == 0 {
				if !errors.Is(err, oruk.ErrInvalidFeed) {
					t.Errorf("error = %v, want ErrInvalidFeed for a feed with no records", err)
				}
			} else if err != nil {
				t.Fatalf("Import: %v", err)
			}
			if report.Format != tt.wantFormat || report.Created != tt.wantCount {
				t.Errorf("Format %q, Created %d; want %q, %d", report.Format, report.Created, tt.wantFormat, tt.wantCount)
			}
		})
	}

	for _, bad := range []string{"", "   ", "42", `"text"`, "<html></html>", `{"content": {"id": "a"}}`} {
		t.Run("invalid "+bad, func(t *testing.T) {
			t.Parallel()
			client := newClient(t)
			_, err := oruk.Import(context.Background(), client, strings.NewReader(bad), oruk.Options{Source: "shape"})
			if !errors.Is(err, oruk.ErrInvalidFeed) {
				t.Errorf("Import(%q) error = %v, want ErrInvalidFeed", bad, err)
			}
		})
	}

	t.Run("no source", func(t *testing.T) {
		t.Parallel()
		_, err := oruk.Import(context.Background(), nil, strings.NewReader("[]"), oruk.Options{Source: "  "})
		if err == nil || !strings.Contains(err.Error(), "Source") {
			t.Errorf("error = %v, want one about the missing source", err)
		}
	})
}

// orukV1Full is a 1.0 record with the nested tables of the full 1.0 service
// details: eligibility, schedules, locations, contacts, languages, taxonomy
// and reviews.
const orukV1Full = `{
	"id": "v1-full",
	"name": "Stay and Play",
	"description": "<p>Play sessions.</p><iframe src=\"https://evil.example\"></iframe>",
	"url": "www.stayandplay.example.org",
	"email": "play@example.org",
	"status": "active",
	"fees": "Free",
	"attending_access": "Self referral",
	"pc_attendingAccess_additionalInfo": "<p>Just turn up.</p>",
	"assured_date": "",
	"organization": {"id": "org-1", "name": "Play Trust", "description": "", "url": "playtrust.example.org", "email": "hello@playtrust.example.org"},
	"eligibilitys": [{"id": "e1", "eligibility": "Children with SEND", "minimum_age": 0, "maximum_age": 5}],
	"regular_schedules": [
		{"id": "rs1", "weekday": "Monday", "opens_at": "09:30", "closes_at": "11:30"},
		{"id": "rs2", "weekday": 3, "opens_at": "1:00pm", "closes_at": "3pm"},
		{"id": "rs3", "weekday": "Friday", "opens_at": "25:99", "closes_at": "12:00"}
	],
	"service_at_locations": [{"id": "sal1", "location": {
		"id": "loc-1", "name": "Hall", "latitude": 51.45, "longitude": -2.58,
		"physical_addresses": [{"id": "pa1", "address_1": "1 High Street", "city": "Bristol", "postal_code": "bs1  4dj"}],
		"accessibility_for_disabilities": [{"id": "a1", "accessibility": "Step-free access"}]
	}}],
	"contacts": [{"id": "c1", "name": "Sam", "title": "Leader", "phones": [{"id": "p1", "number": "0117 000 0000"}]}],
	"languages": [{"id": "l1", "language": "English"}, {"id": "l2", "language": "Polish"}],
	"service_taxonomys": [{"id": "st1", "taxonomy": {"id": "t-play", "name": "Play", "vocabulary": "Open Place"}}],
	"reviews": [{"id": "r1", "date": "2024-02-10"}, {"id": "r2", "date": "2023-05-01"}]
}`

func TestImportORUK1FullRecord(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	ctx := systemContext()
	report := importJSON(t, client, orukV1Full, oruk.Options{Source: "v1"})
	if report.Created != 1 {
		t.Fatalf("report = %+v, want one created", report)
	}
	s := serviceBySourceID(t, client, "v1", "v1-full")

	if s.Description != "<p>Play sessions.</p>" {
		t.Errorf("description = %q, want the iframe removed", s.Description)
	}
	if s.Website != "https://www.stayandplay.example.org" {
		t.Errorf("website = %q, want https:// added", s.Website)
	}
	if !s.IsFree {
		t.Error("is_free is not set for fees \"Free\"")
	}
	if s.MinAge == nil || *s.MinAge != 0 || s.MaxAge == nil || *s.MaxAge != 5 {
		t.Errorf("ages = %v-%v, want 0-5", s.MinAge, s.MaxAge)
	}
	if s.Eligibility != "Children with SEND" || s.HowToAccess != "Just turn up." {
		t.Errorf("eligibility, how to access = %q, %q", s.Eligibility, s.HowToAccess)
	}
	if len(s.AccessRoutes) != 1 || s.AccessRoutes[0] != "SELF_REFERRAL" {
		t.Errorf("access routes = %v, want [SELF_REFERRAL]", s.AccessRoutes)
	}
	if strings.Join(s.Languages, ",") != "English,Polish" {
		t.Errorf("languages = %v", s.Languages)
	}
	if s.LastReviewedAt == nil || s.LastReviewedAt.Format("2006-01-02") != "2024-02-10" {
		t.Errorf("last_reviewed_at = %v, want the latest review, 10 February 2024 (London midnight)", s.LastReviewedAt)
	}

	schedules, err := s.QuerySchedules().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, sc := range schedules {
		got[string(*sc.Weekday)] = sc.OpensAt + "-" + sc.ClosesAt
	}
	want := map[string]string{"MONDAY": "09:30-11:30", "WEDNESDAY": "13:00-15:00", "FRIDAY": "-12:00"}
	if len(got) != len(want) {
		t.Errorf("schedules = %v, want %v", got, want)
	}
	for day, times := range want {
		if got[day] != times {
			t.Errorf("schedule on %s = %q, want %q", day, got[day], times)
		}
	}
	if w := strings.Join(warningsFor(report, "v1-full"), "\n"); !strings.Contains(w, `opens_at "25:99"`) {
		t.Errorf("warnings lack the invalid opening time:\n%s", w)
	}

	loc, err := s.QueryLocations().Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if loc.Address1 != "1 High Street" || loc.Postcode != "BS1 4DJ" || loc.Latitude == nil || *loc.Latitude != 51.45 || loc.Accessibility != "Step-free access" {
		t.Errorf("location = %q, %q, %v, %q", loc.Address1, loc.Postcode, loc.Latitude, loc.Accessibility)
	}
	c, err := s.QueryContacts().Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Sam" || c.Phone != "0117 000 0000" {
		t.Errorf("contact = %q, %q", c.Name, c.Phone)
	}
	org, err := s.QueryOrganization().Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if org.Website != "https://playtrust.example.org" || org.Slug != "play-trust" {
		t.Errorf("organisation website, slug = %q, %q", org.Website, org.Slug)
	}

	// A changed record keeps the UUIDs of the child rows it still has and
	// drops the others.
	contactID := c.ID
	changed := strings.Replace(orukV1Full, `"name": "Sam"`, `"name": "Sam Jones"`, 1)
	changed = strings.Replace(changed, `{"id": "rs3", "weekday": "Friday", "opens_at": "25:99", "closes_at": "12:00"}`, `{"id": "rs4", "weekday": "SU"}`, 1)
	report = importJSON(t, client, changed, oruk.Options{Source: "v1"})
	if report.Updated != 1 {
		t.Fatalf("report = %+v, want one update", report)
	}
	c, err = s.QueryContacts().Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != contactID || c.Name != "Sam Jones" {
		t.Errorf("contact = %s %q, want %s renamed to Sam Jones", c.ID, c.Name, contactID)
	}
	days, err := s.QuerySchedules().Select("weekday").Strings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(days, ","), "FRIDAY") || !strings.Contains(strings.Join(days, ","), "SUNDAY") || len(days) != 3 {
		t.Errorf("schedule days after update = %v, want Monday, Wednesday, Sunday", days)
	}
}

func TestImportFailedRecordRollsBack(t *testing.T) {
	t.Parallel()
	client := newClient(t)

	// A hook makes saving one contact fail after its service and
	// organisation have been written in the same transaction.
	client.Contact.Use(func(next ent.Mutator) ent.Mutator {
		return hook.ContactFunc(func(ctx context.Context, m *ent.ContactMutation) (ent.Value, error) {
			if name, _ := m.Name(); name == "Fail here" {
				return nil, errors.New("simulated database failure")
			}
			return next.Mutate(ctx, m)
		})
	})
	feed := `[
		{"id": "good", "name": "Good", "organization": {"id": "org-good", "name": "Good Org"}},
		{"id": "bad", "name": "Bad", "organization": {"id": "org-bad", "name": "Bad Org"}, "contacts": [{"id": "c", "name": "Fail here"}]},
		{"id": "after", "name": "After", "organization": {"id": "org-good", "name": "Good Org"}}
	]`
	report := importJSON(t, client, feed, oruk.Options{Source: "tx"})

	if report.Created != 2 || report.Rejected != 1 {
		t.Errorf("Created %d, Rejected %d; want 2, 1", report.Created, report.Rejected)
	}
	if got := rejectionFor(report, "bad"); len(got) != 1 || !strings.Contains(got[0].Reason, "simulated database failure") {
		t.Errorf("rejection of bad = %+v, want the save error", got)
	}
	if n := count(t, client.Service.Query().Where(service.SourceID("bad"))); n != 0 {
		t.Errorf("%d services left by the failed record, want 0", n)
	}
	if n := count(t, client.Organization.Query().Where(organization.SourceID("org-bad"))); n != 0 {
		t.Errorf("%d organisations left by the failed record, want 0", n)
	}
	if n := count(t, client.Contact.Query().Where(contact.Name("Fail here"))); n != 0 {
		t.Errorf("%d contacts left by the failed record, want 0", n)
	}
	if report.OrganizationsCreated != 1 {
		t.Errorf("OrganizationsCreated = %d, want 1: the failed record's organisation was rolled back", report.OrganizationsCreated)
	}
}

func TestImportWithdrawnAndClosed(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	importJSON(t, client, `[
		{"id": "gone", "name": "Gone", "status": "defunct"},
		{"id": "shut", "name": "Shut", "status": "temporarily closed"}
	]`, oruk.Options{Source: "status", Publish: true})

	if s := serviceBySourceID(t, client, "status", "gone"); s.Status != service.StatusArchived || s.PublishedAt != nil {
		t.Errorf("defunct service: %s, published_at %v; want ARCHIVED, never published", s.Status, s.PublishedAt)
	}
	if s := serviceBySourceID(t, client, "status", "shut"); s.Status != service.StatusPublished || !s.TemporarilyClosed {
		t.Errorf("temporarily closed service: %s, closed %v; want PUBLISHED and closed", s.Status, s.TemporarilyClosed)
	}
}
