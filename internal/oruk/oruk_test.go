package oruk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/organization"
	_ "github.com/localoffer/localoffer/ent/runtime" // privacy policies and field defaults
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/oruk"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// importTime is when the tests pretend to run: just after the Bristol feed
// was published in December 2024.
var importTime = time.Date(2024, time.December, 15, 12, 0, 0, 0, time.UTC)

// Ids from the Bristol feed that the tests look at.
const (
	emptyNameID   = "def5ccd4-f121-df4d-60d2-4dc0d69ff555"
	duplicateID   = "2af617e5-4532-bebe-1036-ffdf2e93ce55"
	independentID = "2a3483ea-8966-4f50-9dc3-7bafa1e5c623" // 1625 Independent People, assured 2023-04-13
	noSchemeURLID = "6266db2e-7545-a185-a0ed-84abb5039bea" // url "kateartereft.com"
	noSlashesID   = "6e5236ae-117e-884f-56de-d374d5527d66" // url "http:www.yateandsodburydc.co.uk"
	noAssuredID   = "685a22a3-f1b4-c3ce-266b-7ad86d06b265" // no assured date anywhere
	styledID      = "67550698-8e77-4c00-9228-79e2a01b4b53" // description with style attributes
	linkedID      = "93657689-252d-5a77-de87-42ca43452b0e" // description with links
)

// The Bristol feed has 819 records. Two are rejected: one with an empty name
// and the second of two records sharing an id. The 817 imported services
// have 594 organisations between them, plus the placeholder for the 6
// imported records without one (the seventh such record is the one with no
// name).
const (
	bristolRecords       = 819
	bristolImported      = 817
	bristolOrganizations = 594 + 1
	bristolWithoutOrg    = 6
)

// systemContext is the context tests read the database in: privacy rules
// hide unpublished content from anyone else.
func systemContext() context.Context {
	return viewer.SystemContext(context.Background())
}

// sharedData returns the path of a file in the shared data directory beside
// the repository. It skips the test when the data is absent, except in CI,
// where the data must be there.
func sharedData(t *testing.T, parts ...string) string {
	t.Helper()
	path := filepath.Join(append([]string{repoRoot(t), "..", "shared", "data"}, parts...)...)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("test data %s is missing: %v", path, err)
		}
		t.Skipf("test data %s is not here (it lives beside the repository in ../shared/data): %v", path, err)
	}
	return path
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}

func newClient(t *testing.T) *ent.Client {
	t.Helper()
	return storetest.New(t).Client
}

func importFile(t *testing.T, client *ent.Client, path string, opts oruk.Options) *oruk.Report {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return importReader(t, client, f, opts)
}

func importReader(t *testing.T, client *ent.Client, r interface{ Read([]byte) (int, error) }, opts oruk.Options) *oruk.Report {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return importTime }
	}
	report, err := oruk.Import(context.Background(), client, r, opts)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return report
}

func importJSON(t *testing.T, client *ent.Client, feed string, opts oruk.Options) *oruk.Report {
	t.Helper()
	return importReader(t, client, strings.NewReader(feed), opts)
}

func bristolOptions() oruk.Options {
	return oruk.Options{Source: "bristol"}
}

func serviceBySourceID(t *testing.T, client *ent.Client, source, id string) *ent.Service {
	t.Helper()
	s, err := client.Service.Query().
		Where(service.Source(source), service.SourceID(id)).
		Only(systemContext())
	if err != nil {
		t.Fatalf("load service %s from %s: %v", id, source, err)
	}
	return s
}

// counter is any ent query.
type counter interface {
	Count(context.Context) (int, error)
}

// count runs a query's count as the system.
func count(t *testing.T, q counter) int {
	t.Helper()
	n, err := q.Count(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// rowCounts counts the rows an import writes, to show that a re-import adds
// none.
type rowCounts struct {
	services, organizations, locations, contacts, schedules, costOptions, terms int
}

func countRows(t *testing.T, client *ent.Client) rowCounts {
	t.Helper()
	return rowCounts{
		services:      count(t, client.Service.Query()),
		organizations: count(t, client.Organization.Query()),
		locations:     count(t, client.Location.Query()),
		contacts:      count(t, client.Contact.Query()),
		schedules:     count(t, client.Schedule.Query()),
		costOptions:   count(t, client.CostOption.Query()),
		terms:         count(t, client.TaxonomyTerm.Query()),
	}
}

func rejectionFor(report *oruk.Report, id string) []oruk.Rejection {
	var found []oruk.Rejection
	for _, r := range report.Rejections {
		if r.ID == id {
			found = append(found, r)
		}
	}
	return found
}

func warningsFor(report *oruk.Report, id string) []string {
	var found []string
	for _, w := range report.Warnings {
		if w.ID == id {
			found = append(found, w.Message)
		}
	}
	return found
}

func TestImportBristolCounts(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	report := importFile(t, client, sharedData(t, "oruk", "bristol-services-2024-12.json"), bristolOptions())

	if report.Format != "JSON array of services" {
		t.Errorf("Format = %q, want the bare array the file holds", report.Format)
	}
	if report.Records != bristolRecords {
		t.Errorf("Records = %d, want %d", report.Records, bristolRecords)
	}
	if report.Created != bristolImported {
		t.Errorf("Created = %d, want %d", report.Created, bristolImported)
	}
	if report.Rejected != 2 || len(report.Rejections) != 2 {
		t.Errorf("Rejected = %d with %d rejections, want 2: %+v", report.Rejected, len(report.Rejections), report.Rejections)
	}
	if report.Updated != 0 || report.Unchanged != 0 {
		t.Errorf("Updated = %d, Unchanged = %d on a first import, want 0 and 0", report.Updated, report.Unchanged)
	}
	if report.OrganizationsCreated != bristolOrganizations {
		t.Errorf("OrganizationsCreated = %d, want %d", report.OrganizationsCreated, bristolOrganizations)
	}

	rows := countRows(t, client)
	if rows.services != bristolImported {
		t.Errorf("services in the database = %d, want %d", rows.services, bristolImported)
	}
	if rows.organizations != bristolOrganizations {
		t.Errorf("organisations in the database = %d, want %d", rows.organizations, bristolOrganizations)
	}

	var text bytes.Buffer
	report.WriteText(&text)
	for _, want := range []string{"records read", "819", "services created", "817", emptyNameID, duplicateID} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("WriteText output lacks %q:\n%s", want, text.String())
		}
	}
}

func TestImportBristolRejections(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	report := importFile(t, client, sharedData(t, "oruk", "bristol-services-2024-12.json"), bristolOptions())

	t.Run("empty name", func(t *testing.T) {
		got := rejectionFor(report, emptyNameID)
		if len(got) != 1 || got[0].Reason != "name is empty" {
			t.Fatalf("rejections for %s = %+v, want one with reason \"name is empty\"", emptyNameID, got)
		}
		n := count(t, client.Service.Query().Where(service.SourceID(emptyNameID)))
		if n != 0 {
			t.Errorf("%d services stored for the record with no name, want 0", n)
		}
	})

	t.Run("duplicate id", func(t *testing.T) {
		got := rejectionFor(report, duplicateID)
		if len(got) != 1 {
			t.Fatalf("rejections for %s = %+v, want one", duplicateID, got)
		}
		if got[0].Name != "Yoga for Fitness & Relaxation" {
			t.Errorf("rejected record is %q, want the second one, \"Yoga for Fitness & Relaxation\"", got[0].Name)
		}
		if !strings.Contains(got[0].Reason, "already used by an earlier record") ||
			!strings.Contains(got[0].Reason, "Fishponds Yoga for Fitness & Wellbeing") {
			t.Errorf("reason = %q, want it to name the earlier record", got[0].Reason)
		}
		kept := serviceBySourceID(t, client, "bristol", duplicateID)
		if kept.Name != "Fishponds Yoga for Fitness & Wellbeing" {
			t.Errorf("kept service is %q, want the first record, \"Fishponds Yoga for Fitness & Wellbeing\"", kept.Name)
		}
	})
}

func TestImportBristolPlaceholderOrganization(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	path := sharedData(t, "oruk", "bristol-services-2024-12.json")
	importFile(t, client, path, bristolOptions())
	ctx := systemContext()

	placeholders, err := client.Organization.Query().
		Where(organization.Name("Organisation not given (bristol)")).
		All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(placeholders) != 1 {
		t.Fatalf("found %d placeholder organisations, want 1", len(placeholders))
	}
	services, err := placeholders[0].QueryServices().IDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(services) != bristolWithoutOrg {
		t.Errorf("placeholder organisation has %d services, want %d", len(services), bristolWithoutOrg)
	}

	// A second import reuses the placeholder.
	importFile(t, client, path, bristolOptions())
	n := count(t, client.Organization.Query().Where(organization.NameHasPrefix("Organisation not given")))
	if n != 1 {
		t.Errorf("after re-import there are %d placeholder organisations, want 1", n)
	}

	// Another source gets a placeholder of its own.
	importJSON(t, client, `[{"id": "x1", "name": "Orphan service"}]`, oruk.Options{Source: "other"})
	other := serviceBySourceID(t, client, "other", "x1")
	org, err := other.QueryOrganization().Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if org.Name != "Organisation not given (other)" {
		t.Errorf("organisation of a service from source other = %q, want \"Organisation not given (other)\"", org.Name)
	}
}

func TestImportBristolIdempotent(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	path := sharedData(t, "oruk", "bristol-services-2024-12.json")
	importFile(t, client, path, bristolOptions())
	before := countRows(t, client)
	first := serviceBySourceID(t, client, "bristol", independentID)

	report := importFile(t, client, path, bristolOptions())

	if report.Unchanged != bristolImported {
		t.Errorf("Unchanged = %d, want %d", report.Unchanged, bristolImported)
	}
	if report.Created != 0 || report.Updated != 0 {
		t.Errorf("Created = %d, Updated = %d on re-import, want 0 and 0", report.Created, report.Updated)
	}
	if report.Rejected != 2 {
		t.Errorf("Rejected = %d on re-import, want the same 2", report.Rejected)
	}
	if report.OrganizationsCreated != 0 || report.OrganizationsUpdated != 0 {
		t.Errorf("organisations created %d, updated %d on re-import, want 0 and 0", report.OrganizationsCreated, report.OrganizationsUpdated)
	}
	if after := countRows(t, client); after != before {
		t.Errorf("rows after re-import = %+v, want %+v", after, before)
	}
	second := serviceBySourceID(t, client, "bristol", independentID)
	if second.Version != first.Version || !second.UpdatedAt.Equal(first.UpdatedAt) {
		t.Errorf("unchanged service was rewritten: version %d -> %d, updated_at %v -> %v",
			first.Version, second.Version, first.UpdatedAt, second.UpdatedAt)
	}
}

func TestImportBristolStatus(t *testing.T) {
	t.Parallel()
	path := sharedData(t, "oruk", "bristol-services-2024-12.json")

	t.Run("pending by default", func(t *testing.T) {
		t.Parallel()
		client := newClient(t)
		importFile(t, client, path, bristolOptions())
		n := count(t, client.Service.Query().Where(service.StatusNEQ(service.StatusPending)))
		if n != 0 {
			t.Errorf("%d services are not PENDING, want 0", n)
		}
		n = count(t, client.Service.Query().Where(service.PublishedAtNotNil()))
		if n != 0 {
			t.Errorf("%d services have published_at set, want 0", n)
		}

		// Pending services are hidden from the public.
		public, err := client.Service.Query().Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if public != 0 {
			t.Errorf("the public sees %d services, want 0", public)
		}
	})

	t.Run("publish", func(t *testing.T) {
		t.Parallel()
		client := newClient(t)
		opts := bristolOptions()
		opts.Publish = true
		importFile(t, client, path, opts)

		n := count(t, client.Service.Query().
			Where(service.StatusEQ(service.StatusPublished), service.PublishedAtEQ(importTime)))
		if n != bristolImported {
			t.Errorf("%d services PUBLISHED at the import time, want %d", n, bristolImported)
		}
		public, err := client.Service.Query().Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if public != bristolImported {
			t.Errorf("the public sees %d services, want %d", public, bristolImported)
		}
	})

	t.Run("publish after a pending import", func(t *testing.T) {
		t.Parallel()
		client := newClient(t)
		importFile(t, client, path, bristolOptions())
		opts := bristolOptions()
		opts.Publish = true
		report := importFile(t, client, path, opts)

		if report.Updated != bristolImported {
			t.Errorf("Updated = %d when publishing unchanged pending services, want %d", report.Updated, bristolImported)
		}
		n := count(t, client.Service.Query().Where(service.StatusEQ(service.StatusPublished)))
		if n != bristolImported {
			t.Errorf("%d services PUBLISHED, want %d", n, bristolImported)
		}

		// Publishing is not undone by a later import without --publish.
		report = importFile(t, client, path, bristolOptions())
		if report.Unchanged != bristolImported {
			t.Errorf("Unchanged = %d after publishing, want %d", report.Unchanged, bristolImported)
		}
		n = count(t, client.Service.Query().Where(service.StatusEQ(service.StatusPublished)))
		if n != bristolImported {
			t.Errorf("%d services still PUBLISHED, want %d", n, bristolImported)
		}
	})
}

// editFeed returns the Bristol feed with edit applied to the record with
// the given id.
func editFeed(t *testing.T, path, id string, edit func(map[string]any)) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var records []map[string]any
	if err := json.Unmarshal(data, &records); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range records {
		if r["id"] == id {
			edit(r)
			found = true
			break
		}
	}
	if !found {
		t.Fatalf("record %s not in the feed", id)
	}
	out, err := json.Marshal(records)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestImportBristolChangedRecord(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	path := sharedData(t, "oruk", "bristol-services-2024-12.json")
	importFile(t, client, path, bristolOptions())
	before := serviceBySourceID(t, client, "bristol", independentID)
	rowsBefore := countRows(t, client)

	changed := editFeed(t, path, independentID, func(r map[string]any) {
		r["name"] = "1625 Independent People (renamed)"
		r["description"] = "<p>New text</p><script>alert(1)</script>"
		r["assured_date"] = "2024-11-30"
		r["organization"].(map[string]any)["description"] = "A changed description."
	})
	report := importJSON(t, client, changed, bristolOptions())

	if report.Updated != 1 || report.Unchanged != bristolImported-1 || report.Created != 0 {
		t.Errorf("Created %d, Updated %d, Unchanged %d; want 0, 1, %d", report.Created, report.Updated, report.Unchanged, bristolImported-1)
	}
	if report.OrganizationsUpdated != 1 {
		t.Errorf("OrganizationsUpdated = %d, want 1", report.OrganizationsUpdated)
	}
	after := serviceBySourceID(t, client, "bristol", independentID)
	if after.ID != before.ID {
		t.Errorf("service id changed from %s to %s; an update must keep it", before.ID, after.ID)
	}
	if after.Name != "1625 Independent People (renamed)" {
		t.Errorf("name = %q, want the new name", after.Name)
	}
	if after.Slug != before.Slug {
		t.Errorf("slug changed from %q to %q; slugs must be stable", before.Slug, after.Slug)
	}
	if after.Description != "<p>New text</p>" {
		t.Errorf("description = %q, want the sanitised new text", after.Description)
	}
	if after.Version != before.Version+1 {
		t.Errorf("version = %d, want %d", after.Version, before.Version+1)
	}
	wantDue := time.Date(2025, time.May, 30, 0, 0, 0, 0, content.London)
	if after.ReviewDueAt == nil || !after.ReviewDueAt.Equal(wantDue) {
		t.Errorf("review_due_at = %v, want %v from the new assured date", after.ReviewDueAt, wantDue.UTC())
	}
	org, err := after.QueryOrganization().Only(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	if org.Description != "A changed description." {
		t.Errorf("organisation description = %q, want the changed one", org.Description)
	}
	if rowsAfter := countRows(t, client); rowsAfter != rowsBefore {
		t.Errorf("rows after update = %+v, want %+v", rowsAfter, rowsBefore)
	}
}

func TestImportBristolContent(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	importFile(t, client, sharedData(t, "oruk", "bristol-services-2024-12.json"), bristolOptions())
	ctx := systemContext()

	t.Run("HTML sanitised", func(t *testing.T) {
		styled := serviceBySourceID(t, client, "bristol", styledID)
		if styled.Description == "" || strings.Contains(styled.Description, "style=") {
			t.Errorf("description of %s = %q, want it kept without style attributes", styledID, styled.Description)
		}
		linked := serviceBySourceID(t, client, "bristol", linkedID)
		if !strings.Contains(linked.Description, `rel="nofollow noopener"`) {
			t.Errorf("description of %s = %q, want links with rel=\"nofollow noopener\"", linkedID, linked.Description)
		}
		for _, bad := range []string{"style=", "<script", "<iframe", "onclick"} {
			n := count(t, client.Service.Query().Where(service.DescriptionContains(bad)))
			if n != 0 {
				t.Errorf("%d descriptions contain %q, want 0", n, bad)
			}
		}
		// A description with no text, such as "<p><br></p>", is stored
		// as empty.
		if got := serviceBySourceID(t, client, "bristol", noSchemeURLID).Description; got != "" {
			t.Errorf("description of %s = %q, want it empty", noSchemeURLID, got)
		}
		n := count(t, client.Service.Query().Where(service.DescriptionEQ("<p><br></p>")))
		if n != 0 {
			t.Errorf("%d descriptions are only \"<p><br></p>\", want 0", n)
		}
	})

	t.Run("URL scheme added", func(t *testing.T) {
		if got := serviceBySourceID(t, client, "bristol", noSchemeURLID).Website; got != "https://kateartereft.com" {
			t.Errorf("website of %s = %q, want https://kateartereft.com", noSchemeURLID, got)
		}
		if got := serviceBySourceID(t, client, "bristol", noSlashesID).Website; got != "http://www.yateandsodburydc.co.uk" {
			t.Errorf("website of %s = %q, want http://www.yateandsodburydc.co.uk", noSlashesID, got)
		}
		// The organisation of service f8e9a6a3 gives "www.al-anonuk.org.uk".
		org, err := serviceBySourceID(t, client, "bristol", "f8e9a6a3-f4d2-4e58-850d-f20302fae2e7").QueryOrganization().Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if org.Website != "https://www.al-anonuk.org.uk" {
			t.Errorf("organisation website = %q, want https://www.al-anonuk.org.uk", org.Website)
		}
		for _, prefix := range []string{"www.", "http:w"} {
			n := count(t, client.Service.Query().Where(service.WebsiteHasPrefix(prefix)))
			if n != 0 {
				t.Errorf("%d service websites start with %q, want 0", n, prefix)
			}
		}
	})

	t.Run("review dates from assured date", func(t *testing.T) {
		s := serviceBySourceID(t, client, "bristol", independentID)
		wantReviewed := time.Date(2023, time.April, 13, 0, 0, 0, 0, content.London)
		wantDue := time.Date(2023, time.October, 13, 0, 0, 0, 0, content.London)
		if s.LastReviewedAt == nil || !s.LastReviewedAt.Equal(wantReviewed) {
			t.Errorf("last_reviewed_at = %v, want %v", s.LastReviewedAt, wantReviewed.UTC())
		}
		if s.ReviewDueAt == nil || !s.ReviewDueAt.Equal(wantDue) {
			t.Errorf("review_due_at = %v, want %v", s.ReviewDueAt, wantDue.UTC())
		}

		unassured := serviceBySourceID(t, client, "bristol", noAssuredID)
		if unassured.LastReviewedAt != nil {
			t.Errorf("last_reviewed_at of a record with no assured date = %v, want none", unassured.LastReviewedAt)
		}
		if unassured.ReviewDueAt == nil || !unassured.ReviewDueAt.Equal(importTime) {
			t.Errorf("review_due_at of a record with no assured date = %v, want the import time", unassured.ReviewDueAt)
		}

		// 683 records were assured before 15 June 2024 and 14 not at all, so
		// 697 services are due for review on 15 December 2024.
		due := count(t, client.Service.Query().Where(service.ReviewDueAtLTE(importTime)))
		if due != 697 {
			t.Errorf("%d services due for review at import, want 697", due)
		}
	})

	t.Run("duplicate names get distinct slugs", func(t *testing.T) {
		slugs, err := client.Service.Query().
			Where(service.NameEQ("Gardening Club")).
			Order(service.BySlug()).
			Select(service.FieldSlug).
			Strings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"gardening-club", "gardening-club-2", "gardening-club-3"}
		if strings.Join(slugs, " ") != strings.Join(want, " ") {
			t.Errorf("slugs of the three Gardening Clubs = %v, want %v", slugs, want)
		}
	})

	t.Run("target audiences become terms", func(t *testing.T) {
		tax, err := client.Taxonomy.Query().Where(taxonomy.Slug("imported-bristol")).Only(ctx)
		if err != nil {
			t.Fatalf("load the source's taxonomy: %v", err)
		}
		terms, err := tax.QueryAllTerms().All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(terms) != 30 {
			t.Errorf("taxonomy has %d terms, want the feed's 30 audience names", len(terms))
		}
		s := serviceBySourceID(t, client, "bristol", independentID)
		names, err := s.QueryTaxonomyTerms().Select("name").Strings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != 1 || names[0] != "Homeless" {
			t.Errorf("terms of %s = %v, want [Homeless]", independentID, names)
		}
	})
}

func TestImportSlugAgainstDatabase(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	importJSON(t, client, `[{"id": "a", "name": "Stay and Play"}]`, oruk.Options{Source: "one"})
	importJSON(t, client, `[{"id": "a", "name": "Stay and Play"}, {"id": "b", "name": "Stay & Play"}]`, oruk.Options{Source: "two"})

	want := map[string]string{"one/a": "stay-and-play", "two/a": "stay-and-play-2", "two/b": "stay-and-play-3"}
	for key, slug := range want {
		source, id, _ := strings.Cut(key, "/")
		if got := serviceBySourceID(t, client, source, id).Slug; got != slug {
			t.Errorf("slug of %s = %q, want %q", key, got, slug)
		}
	}

	// Re-importing keeps slugs, even in a different order.
	importJSON(t, client, `[{"id": "b", "name": "Stay & Play"}, {"id": "a", "name": "Stay and Play", "description": "changed"}]`, oruk.Options{Source: "two"})
	for key, slug := range want {
		source, id, _ := strings.Cut(key, "/")
		if got := serviceBySourceID(t, client, source, id).Slug; got != slug {
			t.Errorf("after re-import, slug of %s = %q, want %q", key, got, slug)
		}
	}
}

const exampleServiceID = "ac148810-d857-441c-9679-408f346de14b"

func TestImportORUK3Example(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	ctx := systemContext()
	report := importFile(t, client, sharedData(t, "oruk", "uk-profile-3.0", "examples", "service_full.json"), oruk.Options{Source: "example"})

	if report.Format != "single service" || report.Created != 1 || report.Rejected != 0 {
		t.Fatalf("report = %+v, want one service created from a single service", report)
	}
	s := serviceBySourceID(t, client, "example", exampleServiceID)

	if s.Name != "Community Counselling" {
		t.Errorf("name = %q, want Community Counselling", s.Name)
	}
	if s.Status != service.StatusPending {
		t.Errorf("status = %s, want PENDING", s.Status)
	}
	if s.Website != "http://example.com/counselling" {
		t.Errorf("website = %q, want http://example.com/counselling", s.Website)
	}
	if s.Email != "email@example.com" {
		t.Errorf("email = %q, want email@example.com", s.Email)
	}
	if s.MinAge == nil || *s.MinAge != 12 || s.MaxAge == nil || *s.MaxAge != 25 {
		t.Errorf("ages = %v-%v, want 12-25 (maximum_age 100 clamped)", s.MinAge, s.MaxAge)
	}
	wantDue := time.Date(2005, time.July, 1, 0, 0, 0, 0, content.London)
	if s.ReviewDueAt == nil || !s.ReviewDueAt.Equal(wantDue) {
		t.Errorf("review_due_at = %v, want %v from assured_date 2005-01-01", s.ReviewDueAt, wantDue.UTC())
	}

	warnings := strings.Join(warningsFor(report, exampleServiceID), "\n")
	for _, want := range []string{"maximum_age 100", "latitude 100 and longitude 101"} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings lack %q:\n%s", want, warnings)
		}
	}

	org, err := s.QueryOrganization().Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if org.Name != "Example Organization Inc." {
		t.Errorf("organisation name = %q, want Example Organization Inc.", org.Name)
	}
	if org.Website != "http://example.com" {
		t.Errorf("organisation website = %q, want http://example.com from the 3.0 website field", org.Website)
	}
	if org.Email != "email@example.com" {
		t.Errorf("organisation email = %q, want email@example.com", org.Email)
	}

	locations, err := s.QueryLocations().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(locations) != 1 {
		t.Fatalf("%d locations, want 1", len(locations))
	}
	loc := locations[0]
	if loc.Name != "MyCity Civic Center" || loc.Address1 != "1-30 Main Street" || loc.City != "MyCity" || loc.Postcode != "ABC 1234" {
		t.Errorf("location = %q, %q, %q, %q", loc.Name, loc.Address1, loc.City, loc.Postcode)
	}
	if loc.Latitude != nil || loc.Longitude != nil {
		t.Errorf("coordinates = %v, %v; want none, as 100 and 101 are out of range", loc.Latitude, loc.Longitude)
	}
	if !strings.Contains(loc.Accessibility, "induction loops") {
		t.Errorf("accessibility = %q, want the feed's text", loc.Accessibility)
	}

	schedules, err := s.QuerySchedules().Order(schedule.ByWeekday()).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(schedules) != 2 {
		t.Fatalf("%d schedules, want 2 (byday TH,FR)", len(schedules))
	}
	for _, sc := range schedules {
		if sc.Weekday == nil || sc.OpensAt != "10:00" || sc.ClosesAt != "18:00" {
			t.Errorf("schedule = %v %q-%q, want a weekday, 10:00-18:00", sc.Weekday, sc.OpensAt, sc.ClosesAt)
		}
	}

	contacts, err := s.QueryContacts().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(contacts) != 1 || contacts[0].Name != "Ann Persona" || contacts[0].Title != "Reception Manager" {
		t.Errorf("contacts = %+v, want Ann Persona, Reception Manager", contacts)
	}

	costs, err := s.QueryCostOptions().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(costs) != 1 || costs[0].Amount == nil || *costs[0].Amount != 35 || costs[0].Option != "Under 18s and Over 60s" {
		t.Errorf("cost options = %+v, want one of 35 for Under 18s and Over 60s", costs)
	}
	if s.IsFree {
		t.Error("is_free is set for a service that costs 35")
	}

	terms, err := s.QueryTaxonomyTerms().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(terms) != 1 || terms[0].Code != "3f7b145d-84af-42d7-8fae-eaca714b02b2" {
		t.Errorf("terms = %+v, want the attribute's taxonomy term", terms)
	}

	// Importing the same record again changes nothing.
	again := importFile(t, client, sharedData(t, "oruk", "uk-profile-3.0", "examples", "service_full.json"), oruk.Options{Source: "example"})
	if again.Unchanged != 1 {
		t.Errorf("re-import: %+v, want 1 unchanged", again)
	}
}

func TestImportORUK3ListReplacesChildren(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	ctx := systemContext()
	examples := []string{"oruk", "uk-profile-3.0", "examples"}
	importFile(t, client, sharedData(t, append(examples, "service_full.json")...), oruk.Options{Source: "example"})
	full := serviceBySourceID(t, client, "example", exampleServiceID)

	// The list entry for the same service has no schedules, locations,
	// contacts or structured cost options, so the update removes them.
	report := importFile(t, client, sharedData(t, append(examples, "service_list.json")...), oruk.Options{Source: "example"})
	if report.Format != "ORUK 3.0 page (contents)" || report.Updated != 1 {
		t.Fatalf("report = %+v, want one update from a 3.0 page", report)
	}
	s := serviceBySourceID(t, client, "example", exampleServiceID)
	if s.ID != full.ID {
		t.Errorf("service id changed from %s to %s", full.ID, s.ID)
	}
	for name, n := range map[string]int{
		"schedules": count(t, s.QuerySchedules()),
		"contacts":  count(t, s.QueryContacts()),
		"locations": count(t, s.QueryLocations()),
	} {
		if n != 0 {
			t.Errorf("%d %s after the update, want 0", n, name)
		}
	}
	// The location stays, unlinked, in case another service uses it.
	if n := count(t, client.Location.Query().Where(location.Source("example"))); n != 1 {
		t.Errorf("%d locations from the source, want the 1 imported before", n)
	}
	// Without structured cost options, the fees text becomes the only one.
	costs, err := s.QueryCostOptions().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(costs) != 1 || costs[0].Amount != nil || costs[0].AmountDescription != "fees_description" {
		t.Errorf("cost options = %+v, want one holding the fees text \"fees_description\"", costs)
	}
}

func TestImportORUK3OtherShapes(t *testing.T) {
	t.Parallel()
	examples := []string{"oruk", "uk-profile-3.0", "examples"}

	t.Run("service at location", func(t *testing.T) {
		client := newClient(t)
		report := importFile(t, client, sharedData(t, append(examples, "service_at_location_list.json")...), oruk.Options{Source: "example"})
		if report.Rejected != 1 || !strings.Contains(report.Rejections[0].Reason, "service_at_location") {
			t.Errorf("report = %+v, want the entry rejected as a service_at_location", report)
		}
	})

	t.Run("organisation with services", func(t *testing.T) {
		client := newClient(t)
		f, err := os.Open(sharedData(t, append(examples, "organization_full.json")...))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		_, err = oruk.Import(context.Background(), client, f, oruk.Options{Source: "example"})
		if !errors.Is(err, oruk.ErrInvalidFeed) {
			t.Errorf("Import(organization_full.json) error = %v, want ErrInvalidFeed", err)
		}
	})
}
