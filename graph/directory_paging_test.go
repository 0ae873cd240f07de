package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
)

// checkPage fails the test unless the page holds want, in order, with the
// given hasNextPage and hasPreviousPage.
func checkPage(t *testing.T, name string, got servicesResult, want []string, hasNext, hasPrevious bool) {
	t.Helper()
	if names := got.names(); !slices.Equal(names, want) {
		t.Errorf("%s: got %q, want %q", name, names, want)
	}
	info := got.Services.PageInfo
	if info.HasNextPage != hasNext {
		t.Errorf("%s: hasNextPage %v, want %v", name, info.HasNextPage, hasNext)
	}
	if info.HasPreviousPage != hasPrevious {
		t.Errorf("%s: hasPreviousPage %v, want %v", name, info.HasPreviousPage, hasPrevious)
	}
}

func TestServicesNamePagesSurviveEdits(t *testing.T) {
	d := newDirectory(t)
	clubs := map[string]*ent.Service{}
	for i := 1; i <= 7; i++ {
		name := fmt.Sprintf("Club %d", i)
		clubs[name] = d.add(name, nil)
	}

	first := d.services(map[string]any{"first": 3})
	checkPage(t, "first page", first, []string{"Club 1", "Club 2", "Club 3"}, true, false)

	// Between requests a service is added before the page and one after it
	// is renamed to the end. Offset cursors would now repeat Club 3.
	d.add("Club 0", nil)
	d.Client.Service.UpdateOne(clubs["Club 5"]).SetName("Club 9").ExecX(d.SystemContext())

	next := d.services(map[string]any{"first": 3, "after": *first.Services.PageInfo.EndCursor})
	checkPage(t, "next page", next, []string{"Club 4", "Club 6", "Club 7"}, true, true)
	if next.Services.TotalCount != 8 {
		t.Errorf("totalCount %d, want 8", next.Services.TotalCount)
	}
	last := d.services(map[string]any{"first": 3, "after": *next.Services.PageInfo.EndCursor})
	checkPage(t, "last page", last, []string{"Club 9"}, false, true)

	back := d.services(map[string]any{"last": 3, "before": *next.Services.PageInfo.StartCursor})
	checkPage(t, "back from Club 4", back, []string{"Club 1", "Club 2", "Club 3"}, true, true)
	tail := d.services(map[string]any{"last": 2})
	checkPage(t, "last 2", tail, []string{"Club 7", "Club 9"}, false, true)
	between := d.services(map[string]any{"after": next.Services.Edges[0].Cursor, "before": last.Services.Edges[0].Cursor})
	checkPage(t, "between Club 4 and Club 9", between, []string{"Club 6", "Club 7"}, true, true)

	descending := map[string]any{"field": "NAME", "direction": "DESC"}
	z := d.services(map[string]any{"orderBy": descending, "first": 2})
	checkPage(t, "Z to A", z, []string{"Club 9", "Club 7"}, true, false)
	z2 := d.services(map[string]any{"orderBy": descending, "first": 2, "after": *z.Services.PageInfo.EndCursor})
	checkPage(t, "Z to A, next", z2, []string{"Club 6", "Club 4"}, true, true)

	byName := map[string]any{"field": "NAME"}
	searched := d.services(map[string]any{"search": "club", "orderBy": byName, "first": 2, "after": *first.Services.PageInfo.EndCursor})
	checkPage(t, "search by name, next", searched, []string{"Club 4", "Club 6"}, true, true)
}

func TestServicesUpdatedAtPagesSurviveEdits(t *testing.T) {
	d := newDirectory(t)
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	services := make([]*ent.Service, 6)
	for i := range services {
		at := start.Add(time.Duration(i) * time.Hour)
		services[i] = d.add(fmt.Sprintf("U%d", i+1), func(c *ent.ServiceCreate) { c.SetUpdatedAt(at) })
	}
	newest := map[string]any{"field": "UPDATED_AT"}

	first := d.services(map[string]any{"orderBy": newest, "first": 2})
	checkPage(t, "newest 2", first, []string{"U6", "U5"}, true, false)

	// Editing U3 moves it to the front. Offset cursors would now repeat U5.
	d.Client.Service.UpdateOne(services[2]).SetSummary("Now on Saturdays too.").ExecX(d.SystemContext())

	next := d.services(map[string]any{"orderBy": newest, "first": 2, "after": *first.Services.PageInfo.EndCursor})
	checkPage(t, "next 2", next, []string{"U4", "U2"}, true, true)
	back := d.services(map[string]any{"orderBy": newest, "last": 2, "before": *next.Services.PageInfo.StartCursor})
	checkPage(t, "back from U4", back, []string{"U6", "U5"}, true, true)
	front := d.services(map[string]any{"orderBy": newest, "first": 1})
	checkPage(t, "newest after the edit", front, []string{"U3"}, true, false)

	oldest := map[string]any{"field": "UPDATED_AT", "direction": "ASC"}
	up := d.services(map[string]any{"orderBy": oldest, "first": 3})
	checkPage(t, "oldest 3", up, []string{"U1", "U2", "U4"}, true, false)
	rest := d.services(map[string]any{"orderBy": oldest, "first": 3, "after": *up.Services.PageInfo.EndCursor})
	checkPage(t, "oldest, rest", rest, []string{"U5", "U6", "U3"}, false, true)
}

func TestServicesCursorErrors(t *testing.T) {
	d := newDirectory(t)
	for i := 1; i <= 3; i++ {
		d.add(fmt.Sprintf("Club %d", i), func(c *ent.ServiceCreate) { c.SetSummary("A club for everyone.") })
	}
	byName := d.services(map[string]any{"first": 1})
	byRelevance := d.services(map[string]any{"search": "club", "first": 1})
	nameCursor := *byName.Services.PageInfo.EndCursor
	relevanceCursor := *byRelevance.Services.PageInfo.EndCursor

	tests := []struct {
		name      string
		variables map[string]any
		field     string
	}{
		{"name cursor with UPDATED_AT", map[string]any{"orderBy": map[string]any{"field": "UPDATED_AT"}, "after": nameCursor}, "after"},
		{"name cursor with relevance", map[string]any{"search": "club", "after": nameCursor}, "after"},
		{"relevance cursor with NAME", map[string]any{"last": 1, "before": relevanceCursor}, "before"},
		{"garbage after", map[string]any{"after": "not a cursor!"}, "after"},
		{"garbage before", map[string]any{"before": "bm90IGEgY3Vyc29y"}, "before"},
		{"forged name key", map[string]any{"after": forgedCursor([]any{"services:NAME", 42})}, "after"},
		{"forged time key", map[string]any{"orderBy": map[string]any{"field": "UPDATED_AT"}, "after": forgedCursor([]any{"services:UPDATED_AT", "yesterday"})}, "after"},
		{"time key in year 0", map[string]any{"orderBy": map[string]any{"field": "UPDATED_AT"}, "after": forgedCursor([]any{"services:UPDATED_AT", "0000-01-01 00:00:00+00:00"})}, "after"},
		{"time key 20 hours east", map[string]any{"orderBy": map[string]any{"field": "UPDATED_AT"}, "after": forgedCursor([]any{"services:UPDATED_AT", "2026-01-01 00:00:00+20:00"})}, "after"},
		{"name key with NUL", map[string]any{"after": forgedCursor([]any{"services:NAME", "club\x00"})}, "after"},
		{"forged position", map[string]any{"search": "club", "after": forgedCursor([]any{"services:RELEVANCE", -4})}, "after"},
		{"unknown tag", map[string]any{"after": forgedCursor([]any{"users:EMAIL", "a"})}, "after"},
		{"position cursor of old form", map[string]any{"after": forgedCursor(3)}, "after"},
		{"backward by relevance", map[string]any{"search": "club", "last": 1}, "last"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d.inputError(servicesQuery, tt.variables, tt.field)
		})
	}

	res := d.Query(t, servicesQuery, map[string]any{"orderBy": map[string]any{"field": "UPDATED_AT"}, "after": nameCursor})
	if len(res.Errors) == 1 && !strings.Contains(res.Errors[0].Message, "services ordered by NAME") {
		t.Errorf("message %q does not say which order the cursor comes from", res.Errors[0].Message)
	}
}

func TestInformationPagesTitlePages(t *testing.T) {
	d := newDirectory(t)
	ctx := d.SystemContext()
	d.add("Club", nil)
	education := d.term("local-offer-sections", "education")
	for _, title := range []string{"Alpha", "Bravo", "Charlie", "Delta"} {
		d.Client.InformationPage.Create().SetTitle(title).SetSlug(strings.ToLower(title)).SetBody("<p>Text.</p>").
			SetSectionID(education).SetStatus(informationpage.StatusPublished).SaveX(ctx)
	}
	const query = `query ($where: InformationPageWhereInput, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
	  informationPages(where: $where, first: $first, after: $after, last: $last, before: $before) {
	    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { title } }
	  }
	}`
	type result struct {
		InformationPages struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage, HasPreviousPage bool
				StartCursor, EndCursor       *string
			}
			Edges []struct{ Node struct{ Title string } }
		}
	}
	page := func(variables map[string]any) ([]string, result) {
		t.Helper()
		var out result
		d.MustQuery(t, query, variables, &out)
		titles := []string{}
		for _, e := range out.InformationPages.Edges {
			titles = append(titles, e.Node.Title)
		}
		return titles, out
	}

	titles, first := page(map[string]any{"first": 2})
	if !slices.Equal(titles, []string{"Alpha", "Bravo"}) {
		t.Fatalf("first page %q", titles)
	}
	d.Client.InformationPage.Create().SetTitle("Aardvark").SetSlug("aardvark").SetBody("<p>Text.</p>").
		SetStatus(informationpage.StatusPublished).SaveX(ctx)
	titles, next := page(map[string]any{"first": 2, "after": *first.InformationPages.PageInfo.EndCursor})
	if !slices.Equal(titles, []string{"Charlie", "Delta"}) || next.InformationPages.PageInfo.HasNextPage || !next.InformationPages.PageInfo.HasPreviousPage {
		t.Errorf("next page after an insert before it: %q %+v", titles, next.InformationPages.PageInfo)
	}
	titles, back := page(map[string]any{"last": 2, "before": *next.InformationPages.PageInfo.StartCursor})
	if !slices.Equal(titles, []string{"Alpha", "Bravo"}) || !back.InformationPages.PageInfo.HasPreviousPage || !back.InformationPages.PageInfo.HasNextPage {
		t.Errorf("page back: %q %+v", titles, back.InformationPages.PageInfo)
	}

	if titles, _ := page(map[string]any{"where": map[string]any{"section": education.String()}}); !slices.Equal(titles, []string{"Alpha", "Bravo", "Charlie", "Delta"}) {
		t.Errorf("section filter: %q", titles)
	}
	d.inputError(query, map[string]any{"where": map[string]any{"section": d.term("send-needs", "autism").String()}}, "where.section")
	d.inputError(query, map[string]any{"after": *d.services(map[string]any{"first": 1}).Services.PageInfo.EndCursor}, "after")
	d.inputError(query, map[string]any{"where": map[string]any{"section": "nope"}}, "where.section")
	d.inputError(query, map[string]any{"after": uuid.NewString()}, "after")
}
