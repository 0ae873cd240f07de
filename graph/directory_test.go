package graph_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/app/apptest"
)

// directory is the product with a few services on the seeded reference
// taxonomies and synonyms.
type directory struct {
	*apptest.App
	t   *testing.T
	org *ent.Organization
}

func newDirectory(t *testing.T) *directory {
	t.Helper()
	a := apptest.New(t)
	d := &directory{App: a, t: t}
	d.org = a.Client.Organization.Create().SetName("Northshire County Council").SetSlug("northshire").SaveX(a.SystemContext())
	return d
}

// term returns the id of a seeded taxonomy term.
func (d *directory) term(taxonomySlug, termSlug string) uuid.UUID {
	d.t.Helper()
	return d.Client.TaxonomyTerm.Query().
		Where(taxonomyterm.Slug(termSlug), taxonomyterm.HasTaxonomyWith(taxonomy.Slug(taxonomySlug))).
		OnlyIDX(d.SystemContext())
}

// add creates a published service of the directory's organisation; edit
// may set more fields.
func (d *directory) add(name string, edit func(*ent.ServiceCreate)) *ent.Service {
	d.t.Helper()
	create := d.Client.Service.Create().
		SetName(name).
		SetSlug(strings.ToLower(strings.NewReplacer(" ", "-", "'", "").Replace(name))).
		SetStatus(service.StatusPublished).
		SetOrganization(d.org)
	if edit != nil {
		edit(create)
	}
	return create.SaveX(d.SystemContext())
}

const servicesQuery = `query ($search: String, $where: ServiceWhereInput, $orderBy: ServiceOrder, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
  services(search: $search, where: $where, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { name distanceKm url } }
  }
}`

type servicesResult struct {
	Services struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			StartCursor, EndCursor       *string
		}
		Edges []struct {
			Cursor string
			Node   struct {
				Name       string
				DistanceKm *float64
				URL        string
			}
		}
	}
}

func (r servicesResult) names() []string {
	names := make([]string, len(r.Services.Edges))
	for i, e := range r.Services.Edges {
		names[i] = e.Node.Name
	}
	return names
}

func (d *directory) services(variables map[string]any) servicesResult {
	d.t.Helper()
	var out servicesResult
	d.MustQuery(d.t, servicesQuery, variables, &out)
	return out
}

// inputError sends the query and checks that it fails with BAD_USER_INPUT on
// the field.
func (d *directory) inputError(query string, variables map[string]any, field string) {
	d.t.Helper()
	res := d.Query(d.t, query, variables)
	if len(res.Errors) != 1 {
		d.t.Errorf("%v: want one error on %s, got %+v", variables, field, res.Errors)
		return
	}
	e := res.Errors[0]
	if e.Code() != "BAD_USER_INPUT" {
		d.t.Errorf("%v: code %q (%s), want BAD_USER_INPUT", variables, e.Code(), e.Message)
	}
	if field != "" && e.Extensions["field"] != field {
		d.t.Errorf("%v: field %v (%s), want %s", variables, e.Extensions["field"], e.Message, field)
	}
}

func TestServicesSearch(t *testing.T) {
	d := newDirectory(t)
	d.add("Family Support Hub", func(c *ent.ServiceCreate) {
		c.SetDescription("<p>Drop-in advice for families, including families of children with autism.</p>")
	})
	d.add("Autism Outreach Team", func(c *ent.ServiceCreate) { c.SetSummary("Advice and training for schools.") })
	d.add("ADHD Parent Support Group", nil)
	d.add("Wellbeing Team", func(c *ent.ServiceCreate) { c.SetSummary("Support with social, emotional and mental health.") })
	d.add("Talking Together", func(c *ent.ServiceCreate) { c.SetSummary("For children with SLCN.") })
	d.add("Speech and Language Therapy", nil)
	d.add("Reading Clinic", func(c *ent.ServiceCreate) { c.SetDescription("<p>Help for <em>dyslexic</em> pupils.</p>") })
	d.add("After-School Club", nil)
	d.add("Down's Syndrome Support Group", nil)
	d.add("Swimming Lessons", nil)

	t.Run("name match ranks first", func(t *testing.T) {
		got := d.services(map[string]any{"search": "autism"}).names()
		want := []string{"Autism Outreach Team", "Family Support Hub"}
		if !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	// want is the expected best match; alsoFinds names services that a
	// synonym must bring in too. A synonym counts as much as the word typed,
	// so a synonym in a name can outrank the typed word in a summary.
	tests := []struct {
		search    string
		want      string
		alsoFinds string
	}{
		{"autistic", "Autism Outreach Team", ""},
		{"ASD", "Autism Outreach Team", ""},
		{"attention deficit hyperactivity disorder", "ADHD Parent Support Group", ""},
		{"SEMH", "Wellbeing Team", ""},
		{"SLCN", "Speech and Language Therapy", "Talking Together"},
		{"speech and language", "Speech and Language Therapy", "Talking Together"},
		{"dyslexia", "Reading Clinic", ""},
		{"after-school", "After-School Club", ""},
		{"after school", "After-School Club", ""},
		{"Down's syndrome", "Down's Syndrome Support Group", ""},
		{"downs", "Down's Syndrome Support Group", ""},
		{"autism AND training", "Autism Outreach Team", ""},
		{"autism OR", "Autism Outreach Team", ""},
		{`"support" -group`, "ADHD Parent Support Group", ""},
	}
	for _, tt := range tests {
		t.Run(tt.search, func(t *testing.T) {
			got := d.services(map[string]any{"search": tt.search}).names()
			if len(got) == 0 || got[0] != tt.want {
				t.Errorf("got %q, want %q first", got, tt.want)
			}
			if tt.alsoFinds != "" && !slices.Contains(got, tt.alsoFinds) {
				t.Errorf("got %q, want it to include %q", got, tt.alsoFinds)
			}
			if slices.Contains(got, "Swimming Lessons") {
				t.Errorf("unrelated Swimming Lessons found: %q", got)
			}
		})
	}

	t.Run("stop words only list everything", func(t *testing.T) {
		if got := d.services(map[string]any{"search": "and OR the"}); got.Services.TotalCount != 10 {
			t.Errorf("totalCount %d, want 10", got.Services.TotalCount)
		}
	})
}

func TestServicesFilters(t *testing.T) {
	d := newDirectory(t)
	ctx := d.SystemContext()
	autism := d.term("send-needs", "autism")
	dyslexia := d.term("send-needs", "dyslexia")
	cognition := d.term("send-needs", "cognition-and-learning")
	lift := d.term("accessibility-features", "lift")
	other := d.Client.Organization.Create().SetName("Riverside Trust").SetSlug("riverside").SaveX(ctx)
	centre := d.Client.Location.Create().SetName("Centre").SetLatitude(52).SetLongitude(-1).AddAccessibilityFeatureIDs(lift).SaveX(ctx)
	farley := d.Client.Location.Create().SetName("Farley").SetLatitude(52.1).SetLongitude(-1).SaveX(ctx)

	outreach := d.add("Autism Outreach", func(c *ent.ServiceCreate) {
		c.SetMinAge(4).SetMaxAge(16).SetIsFree(true).AddTaxonomyTermIDs(autism).AddLocations(centre).
			SetAudiences([]schematype.Audience{schematype.AudienceParentsAndCarers})
	})
	d.add("Reading Support", func(c *ent.ServiceCreate) {
		c.SetMinAge(16).SetOrganization(other).AddTaxonomyTermIDs(dyslexia).AddLocations(farley).
			SetCoverage(service.CoverageRegionalSpecialist).
			SetAudiences([]schematype.Audience{schematype.AudienceChildrenAndYoungPeople})
	})
	d.Client.Schedule.Create().SetService(outreach).SetWeekday(schedule.WeekdayMonday).SetOpensAt("09:00").SetClosesAt("15:30").SaveX(ctx)

	tests := []struct {
		name  string
		where map[string]any
		want  []string
	}{
		{"taxonomy term", map[string]any{"taxonomyTerms": []string{autism.String()}}, []string{"Autism Outreach"}},
		{"send need with descendants", map[string]any{"sendNeed": cognition.String()}, []string{"Reading Support"}},
		{"age", map[string]any{"age": 20}, []string{"Reading Support"}},
		{"free only", map[string]any{"freeOnly": true}, []string{"Autism Outreach"}},
		{"coverage", map[string]any{"coverage": []string{"REGIONAL_SPECIALIST", "LOCAL"}}, []string{"Autism Outreach", "Reading Support"}},
		{"audience", map[string]any{"audience": "PARENTS_AND_CARERS"}, []string{"Autism Outreach"}},
		{"organisation", map[string]any{"organization": other.ID.String()}, []string{"Reading Support"}},
		{"open at", map[string]any{"openAt": map[string]any{"weekday": "MONDAY", "time": "15:00"}}, []string{"Autism Outreach"}},
		{"accessibility", map[string]any{"accessibilityFeatures": []string{lift.String()}}, []string{"Autism Outreach"}},
		{"near", map[string]any{"near": map[string]any{"latitude": 52.1, "longitude": -1, "withinKm": 5}}, []string{"Reading Support"}},
		{"combined", map[string]any{"age": 10, "freeOnly": true, "sendNeed": autism.String(),
			"near": map[string]any{"latitude": 52, "longitude": -1, "withinKm": 1}}, []string{"Autism Outreach"}},
		{"combined, none", map[string]any{"age": 10, "organization": other.ID.String()}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := d.services(map[string]any{"where": tt.where})
			if !slices.Equal(got.names(), tt.want) {
				t.Errorf("got %q, want %q", got.names(), tt.want)
			}
			if got.Services.TotalCount != len(tt.want) {
				t.Errorf("totalCount %d, want %d", got.Services.TotalCount, len(tt.want))
			}
		})
	}

	t.Run("distance", func(t *testing.T) {
		got := d.services(map[string]any{"where": map[string]any{"near": map[string]any{"latitude": 52.1, "longitude": -1, "withinKm": 20}}})
		if !slices.Equal(got.names(), []string{"Reading Support", "Autism Outreach"}) {
			t.Fatalf("near orders by distance: got %q", got.names())
		}
		km := got.Services.Edges[1].Node.DistanceKm
		if km == nil || *km < 11 || *km > 11.3 {
			t.Errorf("distanceKm of a location 0.1 degree south: got %v, want about 11.1", km)
		}
		if url := got.Services.Edges[0].Node.URL; url != apptest.PublicURL+"/services/reading-support" {
			t.Errorf("url: got %q", url)
		}
	})

	errorCases := []struct {
		where map[string]any
		field string
	}{
		{map[string]any{"age": 26}, "where.age"},
		{map[string]any{"sendNeed": lift.String()}, "where.sendNeed"},
		{map[string]any{"taxonomyTerms": []string{uuid.NewString()}}, "where.taxonomyTerms[0]"},
		{map[string]any{"organization": uuid.NewString()}, "where.organization"},
		{map[string]any{"openAt": map[string]any{"weekday": "MONDAY", "time": "25:00"}}, "where.openAt.time"},
		{map[string]any{"near": map[string]any{"latitude": 52, "longitude": -1, "withinKm": 500}}, "where.near.withinKm"},
	}
	for _, tt := range errorCases {
		d.inputError(servicesQuery, map[string]any{"where": tt.where}, tt.field)
	}
}

func TestServicesPagination(t *testing.T) {
	d := newDirectory(t)
	for i := 1; i <= 7; i++ {
		d.add(fmt.Sprintf("Club %d", i), func(c *ent.ServiceCreate) { c.SetSummary("A club for everyone.") })
	}

	first := d.services(map[string]any{"first": 3})
	if got := first.names(); !slices.Equal(got, []string{"Club 1", "Club 2", "Club 3"}) || !first.Services.PageInfo.HasNextPage || first.Services.PageInfo.HasPreviousPage {
		t.Fatalf("first page: %q %+v", got, first.Services.PageInfo)
	}
	next := d.services(map[string]any{"first": 3, "after": *first.Services.PageInfo.EndCursor})
	if got := next.names(); !slices.Equal(got, []string{"Club 4", "Club 5", "Club 6"}) || !next.Services.PageInfo.HasPreviousPage {
		t.Fatalf("second page: %q %+v", got, next.Services.PageInfo)
	}
	back := d.services(map[string]any{"last": 2, "before": *next.Services.PageInfo.StartCursor})
	if got := back.names(); !slices.Equal(got, []string{"Club 2", "Club 3"}) || !back.Services.PageInfo.HasPreviousPage || !back.Services.PageInfo.HasNextPage {
		t.Fatalf("backward page: %q %+v", got, back.Services.PageInfo)
	}

	relevance := d.services(map[string]any{"search": "club", "first": 5})
	more := d.services(map[string]any{"search": "club", "first": 5, "after": *relevance.Services.PageInfo.EndCursor})
	if len(relevance.names()) != 5 || len(more.names()) != 2 || more.Services.PageInfo.HasNextPage {
		t.Errorf("relevance pages: %q then %q", relevance.names(), more.names())
	}
	if seen := append(relevance.names(), more.names()...); len(slices.Compact(slices.Sorted(slices.Values(seen)))) != 7 {
		t.Errorf("relevance pages repeat or miss services: %q", seen)
	}

	d.inputError(servicesQuery, map[string]any{"first": 101}, "first")
	d.inputError(servicesQuery, map[string]any{"first": -1}, "first")
	d.inputError(servicesQuery, map[string]any{"search": "club", "last": 2}, "last")
	d.inputError(servicesQuery, map[string]any{"orderBy": map[string]any{"field": "DISTANCE"}}, "orderBy")
	d.inputError(servicesQuery, map[string]any{"after": "not a cursor!"}, "")
	d.inputError(servicesQuery, map[string]any{"after": forgedCursor("ten")}, "after")
	d.inputError(servicesQuery, map[string]any{"before": forgedCursor(-4)}, "before")
}

// forgedCursor encodes a cursor whose position is not one this API wrote.
func forgedCursor(value any) string {
	var b strings.Builder
	entgql.Cursor[uuid.UUID]{ID: uuid.New(), Value: value}.MarshalGQL(&b)
	return strings.Trim(b.String(), `"`)
}

func TestDirectoryHidesUnpublished(t *testing.T) {
	d := newDirectory(t)
	ctx := d.SystemContext()
	autism := d.term("send-needs", "autism")
	communication := d.term("send-needs", "communication-and-interaction")
	d.add("Autism Outreach", func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(autism) })
	draft := d.add("Autism Draft", func(c *ent.ServiceCreate) {
		c.SetStatus(service.StatusDraft).AddTaxonomyTermIDs(autism, communication)
	})
	d.Client.InformationPage.Create().SetTitle("Draft page").SetSlug("draft-page").SetBody("<p>Autism.</p>").
		SetStatus(informationpage.StatusDraft).SaveX(ctx)

	var out struct {
		Services struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Name         string
					Organization struct{ Services []struct{ Name string } }
				}
			}
		}
		InformationPages struct{ TotalCount int }
		Taxonomy         struct {
			Terms []struct {
				Slug         string
				ServiceCount int
				Children     []struct {
					Slug         string
					ServiceCount int
				}
			}
		}
		RecentlyUpdated []struct{ Service *struct{ Name string } }
	}
	d.MustQuery(t, `{
	  services(search: "autism") { totalCount edges { node { name organization { services { name } } } } }
	  informationPages(search: "autism") { totalCount }
	  taxonomy(slug: "send-needs") { terms { slug serviceCount children { slug serviceCount } } }
	  recentlyUpdated { service { name } }
	}`, nil, &out)

	if out.Services.TotalCount != 1 || out.Services.Edges[0].Node.Name != "Autism Outreach" {
		t.Errorf("services: %+v", out.Services)
	}
	if siblings := out.Services.Edges[0].Node.Organization.Services; len(siblings) != 1 {
		t.Errorf("organisation's services include unpublished ones: %+v", siblings)
	}
	if out.InformationPages.TotalCount != 0 {
		t.Errorf("draft information page found: %d", out.InformationPages.TotalCount)
	}
	for _, term := range out.Taxonomy.Terms {
		if term.Slug == "communication-and-interaction" {
			if term.ServiceCount != 1 {
				t.Errorf("serviceCount of communication-and-interaction: %d, want 1", term.ServiceCount)
			}
			for _, child := range term.Children {
				if child.Slug == "autism" && child.ServiceCount != 1 {
					t.Errorf("serviceCount of autism: %d, want 1", child.ServiceCount)
				}
			}
		}
	}
	for _, u := range out.RecentlyUpdated {
		if u.Service != nil && u.Service.Name == "Autism Draft" {
			t.Error("recentlyUpdated lists a draft")
		}
	}

	for _, query := range []string{
		`{ service(slug: "autism-draft") { name } }`,
		`{ informationPage(slug: "draft-page") { title } }`,
		fmt.Sprintf(`{ node(id: %q) { id } }`, draft.ID),
	} {
		res := d.Query(t, query, nil)
		if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("%s: want NOT_FOUND, got %+v", query, res.Errors)
		}
		if !strings.Contains(string(res.Data), "null") {
			t.Errorf("%s: data %s, want null", query, res.Data)
		}
	}
}

func TestServicesStatementCount(t *testing.T) {
	d := newDirectory(t)
	ctx := d.SystemContext()
	terms := []uuid.UUID{d.term("send-needs", "autism"), d.term("send-needs", "adhd")}
	for i := range 20 {
		place := d.Client.Location.Create().SetName(fmt.Sprintf("Venue %d", i)).SetAddress1("1 High Street").SetMaskAddress(i%2 == 0).SaveX(ctx)
		s := d.add(fmt.Sprintf("Service %02d", i), func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(terms...).AddLocations(place) })
		d.Client.Contact.Create().SetName("Lead").SetService(s).SaveX(ctx)
	}
	const query = `query ($first: Int) {
	  services(first: $first) {
	    totalCount
	    pageInfo { hasNextPage endCursor }
	    edges { node { name url organization { name } taxonomyTerms { name } locations { name address1 } contacts { name } } }
	  }
	}`

	counts := map[int]int{}
	for _, size := range []int{5, 20} {
		var out struct {
			Services struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Locations []struct{ Address1 *string }
					}
				}
			}
		}
		counts[size] = d.CountStatements(func() { d.MustQuery(t, query, map[string]any{"first": size}, &out) })
		if len(out.Services.Edges) != size || out.Services.TotalCount != 20 {
			t.Fatalf("first %d: %d edges of %d", size, len(out.Services.Edges), out.Services.TotalCount)
		}
		masked := 0
		for _, e := range out.Services.Edges {
			if e.Node.Locations[0].Address1 == nil {
				masked++
			}
		}
		if masked == 0 || masked == size {
			t.Errorf("first %d: %d of %d addresses masked, want some but not all", size, masked, size)
		}
	}
	if counts[5] != counts[20] {
		t.Errorf("statements: %d for 5 services, %d for 20; want the same", counts[5], counts[20])
	}
	t.Logf("statements per page: %v", counts)
}

func TestTaxonomiesStatementCount(t *testing.T) {
	d := newDirectory(t)
	d.add("Autism Outreach", func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(d.term("send-needs", "autism")) })
	const query = `{
	  taxonomies {
	    slug
	    terms { slug serviceCount parent { slug } children { slug serviceCount parent { slug } children { slug serviceCount children { slug } } } }
	  }
	}`

	var out struct {
		Taxonomies []struct {
			Slug  string
			Terms []struct {
				Slug     string
				Parent   *struct{ Slug string }
				Children []struct {
					Slug   string
					Parent *struct{ Slug string }
				}
			}
		}
	}
	statements := d.CountStatements(func() { d.MustQuery(t, query, nil, &out) })
	if statements > 3 {
		t.Errorf("taxonomies tree took %d statements, want at most 3 (taxonomies, terms, counts)", statements)
	}
	if len(out.Taxonomies) == 0 {
		t.Fatal("no taxonomies")
	}
	for _, tax := range out.Taxonomies {
		for _, term := range tax.Terms {
			if term.Parent != nil {
				t.Errorf("top-level term %s has parent %s", term.Slug, term.Parent.Slug)
			}
			for _, child := range term.Children {
				if child.Parent == nil || child.Parent.Slug != term.Slug {
					t.Errorf("child %s of %s has parent %+v", child.Slug, term.Slug, child.Parent)
				}
			}
		}
	}
	raw, _ := json.Marshal(out.Taxonomies[0].Slug)
	t.Logf("first taxonomy %s, %d statements", raw, statements)
}

func TestInformationPagesAndRecentlyUpdated(t *testing.T) {
	d := newDirectory(t)
	ctx := d.SystemContext()
	page := func(title, summary, body string, topic informationpage.Topic) {
		d.Client.InformationPage.Create().SetTitle(title).SetSlug(strings.ToLower(strings.ReplaceAll(title, " ", "-"))).
			SetSummary(summary).SetBody(body).SetTopic(topic).SetStatus(informationpage.StatusPublished).SaveX(ctx)
	}
	page("Short breaks", "Time off for carers.", "<p>Respite for families of disabled children.</p>", informationpage.TopicShortBreaks)
	page("Personal budgets", "Money to arrange support.", "<p>A personal budget can pay for short breaks.</p>", informationpage.TopicPersonalBudgets)
	page("Asking for an EHC needs assessment", "How to ask.", "<p>Write to the SEND team.</p>", informationpage.TopicEHCNeedsAssessment)
	d.add("Newest Service", nil)

	const query = `query ($search: String, $where: InformationPageWhereInput, $orderBy: InformationPageOrder, $first: Int, $after: Cursor) {
	  informationPages(search: $search, where: $where, orderBy: $orderBy, first: $first, after: $after) {
	    totalCount pageInfo { hasNextPage endCursor } edges { node { title } }
	  }
	}`
	titles := func(variables map[string]any) ([]string, int) {
		t.Helper()
		var out struct {
			InformationPages struct {
				TotalCount int
				Edges      []struct{ Node struct{ Title string } }
			}
		}
		d.MustQuery(t, query, variables, &out)
		var got []string
		for _, e := range out.InformationPages.Edges {
			got = append(got, e.Node.Title)
		}
		return got, out.InformationPages.TotalCount
	}

	if got, _ := titles(map[string]any{"search": "short break"}); !slices.Equal(got, []string{"Short breaks", "Personal budgets"}) {
		t.Errorf("search ranks the title match first: got %q", got)
	}
	// "respite" is a synonym of "short breaks", which the second page mentions.
	if got, _ := titles(map[string]any{"search": "respite"}); !slices.Equal(got, []string{"Short breaks", "Personal budgets"}) {
		t.Errorf("synonym search: got %q", got)
	}
	if got, _ := titles(map[string]any{"where": map[string]any{"topic": "PERSONAL_BUDGETS"}}); !slices.Equal(got, []string{"Personal budgets"}) {
		t.Errorf("topic filter: got %q", got)
	}
	if got, total := titles(map[string]any{"first": 2}); !slices.Equal(got, []string{"Asking for an EHC needs assessment", "Personal budgets"}) || total != 3 {
		t.Errorf("title order: got %q of %d", got, total)
	}
	d.inputError(query, map[string]any{"where": map[string]any{"section": uuid.NewString()}}, "where.section")
	d.inputError(query, map[string]any{"orderBy": map[string]any{"field": "RELEVANCE"}}, "orderBy")

	var recent struct {
		RecentlyUpdated []struct {
			Service         *struct{ Name string }
			InformationPage *struct{ Title string }
		}
	}
	d.MustQuery(t, `{ recentlyUpdated(first: 2) { updatedAt service { name organization { name } } informationPage { title } } }`, nil, &recent)
	if len(recent.RecentlyUpdated) != 2 || recent.RecentlyUpdated[0].Service == nil || recent.RecentlyUpdated[0].Service.Name != "Newest Service" {
		t.Errorf("recentlyUpdated: want the newest service first of 2, got %+v", recent.RecentlyUpdated)
	}
	d.inputError(`{ recentlyUpdated(first: 101) { updatedAt } }`, nil, "first")
}
