package directory_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/directory"
)

// filterFixture contains services that each filter distinguishes.
type filterFixture struct {
	*fixture
	needs, features map[string]uuid.UUID
	otherOrg        *ent.Organization
}

func newFilterFixture(t *testing.T) *filterFixture {
	f := &filterFixture{fixture: newFixture(t)}
	f.needs = f.taxonomy(directory.SENDNeedsTaxonomy,
		"Communication and interaction", "Communication and interaction/Autism", "Communication and interaction/SLCN",
		"Cognition and learning", "Cognition and learning/Dyslexia")
	f.features = f.taxonomy("accessibility", "Step-free access", "Step-free access/Lift", "Hearing loop")
	f.otherOrg = f.organization("Riverside Trust")

	// Town centre, Northshire: 52.00, -1.00. Farley is about 11 km north.
	centre := f.location("Town Centre", 52.0, -1.0, f.features["Lift"])
	farley := f.location("Farley", 52.1, -1.0, f.features["Hearing loop"])

	f.service(serviceSpec{name: "Autism Outreach", minAge: ptr(4), maxAge: ptr(16), free: true,
		audiences: []schematype.Audience{schematype.AudienceParentsAndCarers},
		terms:     []uuid.UUID{f.needs["Autism"]}, locations: []*ent.Location{centre}})
	f.service(serviceSpec{name: "Speech Clinic", minAge: ptr(0), maxAge: ptr(5),
		coverage: service.CoverageRegionalSpecialist,
		terms:    []uuid.UUID{f.needs["SLCN"]}, locations: []*ent.Location{farley}})
	reading := f.service(serviceSpec{name: "Reading Support", minAge: ptr(16), org: f.otherOrg, free: true,
		audiences: []schematype.Audience{schematype.AudienceChildrenAndYoungPeople},
		terms:     []uuid.UUID{f.needs["Dyslexia"], f.needs["Autism"]}})
	f.service(serviceSpec{name: "Hidden Draft", status: service.StatusDraft, free: true,
		terms: []uuid.UUID{f.needs["Autism"]}, locations: []*ent.Location{centre}})

	f.schedule(reading, schedule.WeekdayTuesday, "09:00", "17:00")
	return f
}

func TestServiceFilters(t *testing.T) {
	f := newFilterFixture(t)

	tests := []struct {
		name   string
		filter directory.ServiceFilter
		want   []string
	}{
		{"none", directory.ServiceFilter{}, []string{"Autism Outreach", "Reading Support", "Speech Clinic"}},
		{"term", directory.ServiceFilter{TaxonomyTerms: []uuid.UUID{f.needs["Autism"]}}, []string{"Autism Outreach", "Reading Support"}},
		{"term matches descendants", directory.ServiceFilter{TaxonomyTerms: []uuid.UUID{f.needs["Communication and interaction"]}}, []string{"Autism Outreach", "Reading Support", "Speech Clinic"}},
		{"every term must match", directory.ServiceFilter{TaxonomyTerms: []uuid.UUID{f.needs["Autism"], f.needs["Dyslexia"]}}, []string{"Reading Support"}},
		{"send need", directory.ServiceFilter{SendNeed: ptr(f.needs["Cognition and learning"])}, []string{"Reading Support"}},
		{"age inside range", directory.ServiceFilter{Age: ptr(5)}, []string{"Autism Outreach", "Speech Clinic"}},
		{"age with open upper bound", directory.ServiceFilter{Age: ptr(25)}, []string{"Reading Support"}},
		{"age at both bounds", directory.ServiceFilter{Age: ptr(16)}, []string{"Autism Outreach", "Reading Support"}},
		{"free only", directory.ServiceFilter{FreeOnly: true}, []string{"Autism Outreach", "Reading Support"}},
		{"coverage", directory.ServiceFilter{Coverage: []service.Coverage{service.CoverageRegionalSpecialist, service.CoverageNationalSpecialist}}, []string{"Speech Clinic"}},
		{"audience", directory.ServiceFilter{Audience: ptr(schematype.AudienceChildrenAndYoungPeople)}, []string{"Reading Support"}},
		{"organisation", directory.ServiceFilter{Organization: &f.otherOrg.ID}, []string{"Reading Support"}},
		{"open at", directory.ServiceFilter{OpenAt: &directory.OpenAt{Weekday: schedule.WeekdayTuesday, Time: "16:59"}}, []string{"Reading Support"}},
		{"closed at closing time", directory.ServiceFilter{OpenAt: &directory.OpenAt{Weekday: schedule.WeekdayTuesday, Time: "17:00"}}, []string{}},
		{"closed on another day", directory.ServiceFilter{OpenAt: &directory.OpenAt{Weekday: schedule.WeekdayMonday, Time: "10:00"}}, []string{}},
		{"accessibility feature with descendants", directory.ServiceFilter{AccessibilityFeatures: []uuid.UUID{f.features["Step-free access"]}}, []string{"Autism Outreach"}},
		{"near, small radius", directory.ServiceFilter{Near: &directory.Near{Latitude: 52.0, Longitude: -1.0, WithinKm: 5}}, []string{"Autism Outreach"}},
		{"near, large radius", directory.ServiceFilter{Near: &directory.Near{Latitude: 52.0, Longitude: -1.0, WithinKm: 20}}, []string{"Autism Outreach", "Speech Clinic"}},
		{"combined", directory.ServiceFilter{Age: ptr(10), FreeOnly: true, TaxonomyTerms: []uuid.UUID{f.needs["Autism"]}, Organization: &f.org.ID}, []string{"Autism Outreach"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn := f.search(directory.ServiceSearch{Filter: tt.filter, Order: &directory.ServiceOrder{Field: directory.ServiceOrderName}})
			got := serviceNames(conn)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if conn.TotalCount != len(tt.want) {
				t.Errorf("totalCount %d, want %d", conn.TotalCount, len(tt.want))
			}
		})
	}
}

func TestServiceFilterErrors(t *testing.T) {
	f := newFilterFixture(t)
	unknown := uuid.Must(uuid.NewV7())

	tests := []struct {
		name   string
		filter directory.ServiceFilter
		field  string
	}{
		{"unknown term", directory.ServiceFilter{TaxonomyTerms: []uuid.UUID{f.needs["Autism"], unknown}}, "where.taxonomyTerms[1]"},
		{"send need from another taxonomy", directory.ServiceFilter{SendNeed: ptr(f.features["Lift"])}, "where.sendNeed"},
		{"age below 0", directory.ServiceFilter{Age: ptr(-1)}, "where.age"},
		{"age above 25", directory.ServiceFilter{Age: ptr(26)}, "where.age"},
		{"unknown coverage", directory.ServiceFilter{Coverage: []service.Coverage{"NOWHERE"}}, "where.coverage[0]"},
		{"unknown audience", directory.ServiceFilter{Audience: ptr(schematype.Audience("CATS"))}, "where.audience"},
		{"unknown organisation", directory.ServiceFilter{Organization: &unknown}, "where.organization"},
		{"bad time", directory.ServiceFilter{OpenAt: &directory.OpenAt{Weekday: schedule.WeekdayMonday, Time: "9am"}}, "where.openAt.time"},
		{"hour 24", directory.ServiceFilter{OpenAt: &directory.OpenAt{Weekday: schedule.WeekdayMonday, Time: "24:00"}}, "where.openAt.time"},
		{"unknown weekday", directory.ServiceFilter{OpenAt: &directory.OpenAt{Weekday: "FUNDAY", Time: "10:00"}}, "where.openAt.weekday"},
		{"unknown feature", directory.ServiceFilter{AccessibilityFeatures: []uuid.UUID{unknown}}, "where.accessibilityFeatures[0]"},
		{"radius too large", directory.ServiceFilter{Near: &directory.Near{Latitude: 52, Longitude: -1, WithinKm: 201}}, "where.near.withinKm"},
		{"radius zero", directory.ServiceFilter{Near: &directory.Near{Latitude: 52, Longitude: -1, WithinKm: 0}}, "where.near.withinKm"},
		{"latitude", directory.ServiceFilter{Near: &directory.Near{Latitude: 91, Longitude: -1, WithinKm: 5}}, "where.near.latitude"},
		{"longitude", directory.ServiceFilter{Near: &directory.Near{Latitude: 52, Longitude: 181, WithinKm: 5}}, "where.near.longitude"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := directory.Services(context.Background(), f.client, directory.ServiceSearch{Filter: tt.filter})
			assertInputError(t, err, tt.field)
		})
	}
}

func TestServiceFilterHidesUnpublishedOrganisation(t *testing.T) {
	f := newFixture(t)
	hidden := f.organization("Hidden Provider")
	f.service(serviceSpec{name: "Draft", org: hidden, status: service.StatusDraft})

	_, err := directory.Services(context.Background(), f.client, directory.ServiceSearch{Filter: directory.ServiceFilter{Organization: &hidden.ID}})
	assertInputError(t, err, "where.organization")
}

func TestServicesByDistance(t *testing.T) {
	f := newFilterFixture(t)
	conn := f.search(directory.ServiceSearch{Filter: directory.ServiceFilter{Near: &directory.Near{Latitude: 52.1, Longitude: -1.0, WithinKm: 50}}})

	if got, want := serviceNames(conn), []string{"Speech Clinic", "Autism Outreach"}; !slices.Equal(got, want) {
		t.Fatalf("default order with near: got %q, want nearest first %q", got, want)
	}
	first := directory.DistanceKm(conn.Edges[0].Node)
	second := directory.DistanceKm(conn.Edges[1].Node)
	if first == nil || *first > 0.01 {
		t.Errorf("distance to a location at the point: got %v, want 0", first)
	}
	// 0.1 degree of latitude is 11.1 km.
	if second == nil || math.Abs(*second-11.12) > 0.05 {
		t.Errorf("distance 0.1 degree north: got %v, want about 11.12 km", second)
	}

	byName := f.search(directory.ServiceSearch{
		Filter: directory.ServiceFilter{Near: &directory.Near{Latitude: 52.1, Longitude: -1.0, WithinKm: 50}},
		Order:  &directory.ServiceOrder{Field: directory.ServiceOrderName},
	})
	if d := directory.DistanceKm(byName.Edges[0].Node); d == nil {
		t.Error("distance missing when ordered by name with a near filter")
	}
	plain := f.search(directory.ServiceSearch{})
	if d := directory.DistanceKm(plain.Edges[0].Node); d != nil {
		t.Errorf("distance without a near filter: got %v, want nil", *d)
	}
}

func TestServiceOrderErrors(t *testing.T) {
	f := newFixture(t)
	f.named("Alpha")
	last := 5
	cursor := entgql.Cursor[uuid.UUID]{Value: 1}

	tests := []struct {
		name  string
		req   directory.ServiceSearch
		field string
	}{
		{"relevance without search", directory.ServiceSearch{Order: &directory.ServiceOrder{Field: directory.ServiceOrderRelevance}}, "orderBy"},
		{"distance without near", directory.ServiceSearch{Order: &directory.ServiceOrder{Field: directory.ServiceOrderDistance}}, "orderBy"},
		{"relevance backwards", directory.ServiceSearch{Search: ptr("alpha"), Page: directory.Page{Last: &last}}, "last"},
		{"relevance before", directory.ServiceSearch{Search: ptr("alpha"), Page: directory.Page{Before: &cursor}}, "before"},
		{"distance backwards", directory.ServiceSearch{
			Filter: directory.ServiceFilter{Near: &directory.Near{Latitude: 52, Longitude: -1, WithinKm: 5}},
			Page:   directory.Page{Last: &last},
		}, "last"},
		{"unknown order", directory.ServiceSearch{Order: &directory.ServiceOrder{Field: "COLOUR"}}, "orderBy.field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := directory.Services(context.Background(), f.client, tt.req)
			assertInputError(t, err, tt.field)
		})
	}
}

func TestServicesPagination(t *testing.T) {
	f := newFixture(t)
	for _, name := range []string{"A1", "A2", "A3", "A4", "A5", "A6", "A7"} {
		f.named(name)
	}
	page := func(p directory.Page) *ent.ServiceConnection {
		t.Helper()
		return f.search(directory.ServiceSearch{Page: p})
	}

	first := page(directory.Page{First: ptr(3)})
	assertPage(t, "first 3", first, []string{"A1", "A2", "A3"}, true, false)
	second := page(directory.Page{First: ptr(3), After: first.PageInfo.EndCursor})
	assertPage(t, "next 3", second, []string{"A4", "A5", "A6"}, true, true)
	third := page(directory.Page{First: ptr(3), After: second.PageInfo.EndCursor})
	assertPage(t, "last of forward", third, []string{"A7"}, false, true)

	back := page(directory.Page{Last: ptr(2), Before: third.PageInfo.StartCursor})
	assertPage(t, "last 2 before A7", back, []string{"A5", "A6"}, true, true)
	tail := page(directory.Page{Last: ptr(2)})
	assertPage(t, "last 2", tail, []string{"A6", "A7"}, false, true)
	between := page(directory.Page{After: &first.Edges[0].Cursor, Before: &third.Edges[0].Cursor})
	assertPage(t, "between A1 and A7", between, []string{"A2", "A3", "A4", "A5", "A6"}, true, true)
	empty := page(directory.Page{First: ptr(0)})
	assertPage(t, "first 0", empty, []string{}, true, false)

	all := page(directory.Page{})
	if len(all.Edges) != 7 || all.TotalCount != 7 {
		t.Errorf("default page: %d edges of %d, want 7 of 7", len(all.Edges), all.TotalCount)
	}
}

func TestServicesPaginationErrors(t *testing.T) {
	f := newFixture(t)
	f.named("A1")
	tests := []struct {
		name  string
		page  directory.Page
		field string
	}{
		{"first over 100", directory.Page{First: ptr(101)}, "first"},
		{"first negative", directory.Page{First: ptr(-1)}, "first"},
		{"last over 100", directory.Page{Last: ptr(101)}, "last"},
		{"first and last", directory.Page{First: ptr(1), Last: ptr(1)}, "first"},
		{"cursor without position", directory.Page{After: &entgql.Cursor[uuid.UUID]{}}, "after"},
		{"cursor with text", directory.Page{After: &entgql.Cursor[uuid.UUID]{Value: "ten"}}, "after"},
		{"cursor at zero", directory.Page{Before: &entgql.Cursor[uuid.UUID]{Value: int64(-3)}}, "before"},
		{"cursor far away", directory.Page{After: &entgql.Cursor[uuid.UUID]{Value: int64(1 << 40)}}, "after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := directory.Services(context.Background(), f.client, directory.ServiceSearch{Page: tt.page})
			assertInputError(t, err, tt.field)
		})
	}
}

func assertPage(t *testing.T, name string, conn *ent.ServiceConnection, want []string, hasNext, hasPrevious bool) {
	t.Helper()
	if got := serviceNames(conn); !slices.Equal(got, want) {
		t.Errorf("%s: got %q, want %q", name, got, want)
	}
	if conn.PageInfo.HasNextPage != hasNext {
		t.Errorf("%s: hasNextPage %v, want %v", name, conn.PageInfo.HasNextPage, hasNext)
	}
	if conn.PageInfo.HasPreviousPage != hasPrevious {
		t.Errorf("%s: hasPreviousPage %v, want %v", name, conn.PageInfo.HasPreviousPage, hasPrevious)
	}
	if len(want) > 0 && (conn.PageInfo.StartCursor == nil || conn.PageInfo.EndCursor == nil) {
		t.Errorf("%s: start or end cursor missing", name)
	}
}

func TestServicesPagesBreakTiesByID(t *testing.T) {
	f := newFixture(t)
	var ids []uuid.UUID
	for i := range 5 {
		s := f.client.Service.Create().SetName("Same Name").SetSlug(fmt.Sprintf("same-name-%d", i)).
			SetOrganization(f.org).SetStatus(service.StatusPublished).SaveX(f.sys)
		ids = append(ids, s.ID)
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })

	for _, direction := range []entgql.OrderDirection{entgql.OrderDirectionAsc, entgql.OrderDirectionDesc} {
		want := slices.Clone(ids)
		if direction == entgql.OrderDirectionDesc {
			slices.Reverse(want)
		}
		var got []uuid.UUID
		page := directory.Page{First: ptr(2)}
		for range 5 {
			conn := f.search(directory.ServiceSearch{
				Order: &directory.ServiceOrder{Field: directory.ServiceOrderName, Direction: &direction},
				Page:  page,
			})
			for _, edge := range conn.Edges {
				got = append(got, edge.Node.ID)
			}
			if !conn.PageInfo.HasNextPage {
				break
			}
			page.After = conn.PageInfo.EndCursor
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: pages of equal names gave ids %v, want %v", direction, got, want)
		}
	}
}

func TestServicesNearByNamePages(t *testing.T) {
	f := newFilterFixture(t)
	near := &directory.Near{Latitude: 52.0, Longitude: -1.0, WithinKm: 20}
	byName := &directory.ServiceOrder{Field: directory.ServiceOrderName}

	first := f.search(directory.ServiceSearch{Filter: directory.ServiceFilter{Near: near}, Order: byName, Page: directory.Page{First: ptr(1)}})
	assertPage(t, "first by name", first, []string{"Autism Outreach"}, true, false)
	next := f.search(directory.ServiceSearch{Filter: directory.ServiceFilter{Near: near}, Order: byName, Page: directory.Page{First: ptr(1), After: first.PageInfo.EndCursor}})
	assertPage(t, "next by name", next, []string{"Speech Clinic"}, false, true)

	for _, conn := range []*ent.ServiceConnection{first, next} {
		if km := directory.DistanceKm(conn.Edges[0].Node); km == nil {
			t.Errorf("%s: no distance with a near filter", conn.Edges[0].Node.Name)
		}
	}
}
