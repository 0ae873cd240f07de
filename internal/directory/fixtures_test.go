package directory_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	_ "github.com/localoffer/localoffer/ent/runtime" // registers the privacy policies
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// fixture is a test database with the search hooks registered and helpers
// that write content as the system.
type fixture struct {
	t      *testing.T
	client *ent.Client
	sys    context.Context
	org    *ent.Organization
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s := storetest.New(t)
	directory.RegisterHooks(s.Client)
	f := &fixture{t: t, client: s.Client, sys: viewer.SystemContext(context.Background())}
	f.org = f.organization("Northshire County Council")
	return f
}

// testSynonyms are the groups the search tests rely on, shaped like the
// reference data.
var testSynonyms = map[string][]string{
	"autism":   {"autism", "autistic", "asd", "asc", "autism spectrum disorder", "autism spectrum condition"},
	"adhd":     {"adhd", "attention deficit hyperactivity disorder", "attention deficit"},
	"semh":     {"semh", "social emotional and mental health", "mental health"},
	"slcn":     {"slcn", "speech and language", "speech language and communication", "speech and language therapy"},
	"dyslexia": {"dyslexia", "dyslexic", "specific learning difficulty", "spld"},
	"downs":    {"down syndrome", "downs syndrome", "trisomy 21"},
}

func (f *fixture) synonyms() {
	f.t.Helper()
	for key, terms := range testSynonyms {
		f.client.SearchSynonym.Create().SetKey(key).SetTerms(terms).SaveX(f.sys)
	}
}

func (f *fixture) organization(name string) *ent.Organization {
	f.t.Helper()
	return f.client.Organization.Create().
		SetName(name).
		SetSlug(slugOf(name)).
		SaveX(f.sys)
}

// serviceSpec describes a service; a zero value is a published local service
// of the fixture's organisation.
type serviceSpec struct {
	name, summary, description string
	status                     service.Status
	org                        *ent.Organization
	minAge, maxAge             *int
	free                       bool
	coverage                   service.Coverage
	audiences                  []schematype.Audience
	terms                      []uuid.UUID
	locations                  []*ent.Location
}

func (f *fixture) service(spec serviceSpec) *ent.Service {
	f.t.Helper()
	if spec.status == "" {
		spec.status = service.StatusPublished
	}
	if spec.org == nil {
		spec.org = f.org
	}
	if spec.coverage == "" {
		spec.coverage = service.CoverageLocal
	}
	create := f.client.Service.Create().
		SetName(spec.name).
		SetSlug(slugOf(spec.name)).
		SetSummary(spec.summary).
		SetDescription(spec.description).
		SetStatus(spec.status).
		SetOrganization(spec.org).
		SetNillableMinAge(spec.minAge).
		SetNillableMaxAge(spec.maxAge).
		SetIsFree(spec.free).
		SetCoverage(spec.coverage).
		SetAudiences(spec.audiences).
		AddTaxonomyTermIDs(spec.terms...).
		AddLocations(spec.locations...)
	return create.SaveX(f.sys)
}

func (f *fixture) named(name string) *ent.Service {
	f.t.Helper()
	return f.service(serviceSpec{name: name})
}

func (f *fixture) location(name string, latitude, longitude float64, features ...uuid.UUID) *ent.Location {
	f.t.Helper()
	return f.client.Location.Create().
		SetName(name).
		SetAddress1("1 " + name + " Road").
		SetLatitude(latitude).
		SetLongitude(longitude).
		AddAccessibilityFeatureIDs(features...).
		SaveX(f.sys)
}

func (f *fixture) schedule(s *ent.Service, weekday schedule.Weekday, opens, closes string) {
	f.t.Helper()
	f.client.Schedule.Create().
		SetService(s).
		SetWeekday(weekday).
		SetOpensAt(opens).
		SetClosesAt(closes).
		SaveX(f.sys)
}

// taxonomy creates a taxonomy whose terms are given as "parent/child" paths,
// and returns the term ids by their last path element.
func (f *fixture) taxonomy(slug string, paths ...string) map[string]uuid.UUID {
	f.t.Helper()
	tax := f.client.Taxonomy.Create().SetName(slug).SetSlug(slug).SaveX(f.sys)
	ids := map[string]uuid.UUID{}
	for i, path := range paths {
		parts := strings.Split(path, "/")
		name := parts[len(parts)-1]
		create := f.client.TaxonomyTerm.Create().
			SetName(name).
			SetSlug(slugOf(name)).
			SetPosition(i).
			SetTaxonomyID(tax.ID)
		if len(parts) > 1 {
			create.SetParentID(ids[parts[len(parts)-2]])
		}
		ids[name] = create.SaveX(f.sys).ID
	}
	return ids
}

func slugOf(name string) string {
	return strings.NewReplacer(" ", "-", "'", "", "&", "and").Replace(strings.ToLower(name))
}

// search runs a services request as the public and returns the connection.
func (f *fixture) search(req directory.ServiceSearch) *ent.ServiceConnection {
	f.t.Helper()
	conn, err := directory.Services(context.Background(), f.client, req)
	if err != nil {
		f.t.Fatalf("services %+v: %v", req, err)
	}
	return conn
}

// names runs a search for text and returns the names found, in order.
func (f *fixture) names(text string) []string {
	f.t.Helper()
	return serviceNames(f.search(directory.ServiceSearch{Search: &text}))
}

func serviceNames(conn *ent.ServiceConnection) []string {
	names := make([]string, len(conn.Edges))
	for i, edge := range conn.Edges {
		names[i] = edge.Node.Name
	}
	return names
}

func ptr[T any](v T) *T { return &v }

func describe(v any) string { return fmt.Sprintf("%+v", v) }
