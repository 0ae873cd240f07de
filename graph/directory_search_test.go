package graph_test

import (
	"slices"
	"testing"

	"github.com/localoffer/localoffer/ent"
)

func TestSearchFindsTaxonomyTermNames(t *testing.T) {
	d := newDirectory(t)
	ctx := d.SystemContext()
	semh := d.term("send-needs", "social-emotional-and-mental-health")
	autism := d.term("send-needs", "autism")
	club := d.add("Saturday Club", func(c *ent.ServiceCreate) { c.SetSummary("Games and crafts.").AddTaxonomyTermIDs(semh) })
	d.add("Swimming Lessons", func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(autism) })

	// find returns the names found, sorted: these checks are about what a
	// search finds, not its order.
	find := func(search string) []string {
		t.Helper()
		return slices.Sorted(slices.Values(d.services(map[string]any{"search": search}).names()))
	}
	for _, search := range []string{"SEMH", "social emotional mental health", "social, emotional and mental health"} {
		if got := find(search); !slices.Equal(got, []string{"Saturday Club"}) {
			t.Errorf("search %q: got %q, want the service tagged with the need", search, got)
		}
	}

	d.Client.Service.UpdateOne(club).RemoveTaxonomyTermIDs(semh).AddTaxonomyTermIDs(autism).ExecX(ctx)
	if got := find("SEMH"); len(got) != 0 {
		t.Errorf("after untagging: search SEMH got %q", got)
	}
	if got := find("autism"); !slices.Equal(got, []string{"Saturday Club", "Swimming Lessons"}) {
		t.Errorf("after retagging: search autism got %q", got)
	}

	d.Client.TaxonomyTerm.UpdateOneID(autism).SetName("Autism spectrum condition (renamed)").ExecX(ctx)
	if got := find("renamed"); !slices.Equal(got, []string{"Saturday Club", "Swimming Lessons"}) {
		t.Errorf("after renaming the term: search renamed got %q", got)
	}

	d.Client.TaxonomyTerm.UpdateOneID(semh).AddServiceIDs(club.ID).ExecX(ctx)
	if got := find("SEMH"); !slices.Equal(got, []string{"Saturday Club"}) {
		t.Errorf("after tagging through the term: search SEMH got %q", got)
	}

	d.Client.Service.UpdateOne(club).ClearTaxonomyTerms().ExecX(ctx)
	if got := find("renamed"); !slices.Equal(got, []string{"Swimming Lessons"}) {
		t.Errorf("after clearing the terms: search renamed got %q", got)
	}

	outdoor := d.Client.TaxonomyTerm.Create().SetName("Outdoor learning").SetSlug("outdoor-learning").
		SetTaxonomyID(d.Client.TaxonomyTerm.GetX(ctx, semh).TaxonomyID).AddServiceIDs(club.ID).SaveX(ctx)
	if got := find("outdoor"); !slices.Equal(got, []string{"Saturday Club"}) {
		t.Errorf("after creating a term with a service: search outdoor got %q", got)
	}
	d.Client.TaxonomyTerm.DeleteOne(outdoor).ExecX(ctx)
	if got := find("outdoor"); len(got) != 0 {
		t.Errorf("after deleting the term: search outdoor got %q", got)
	}
}

func TestSearchRanksNameAboveTextMatches(t *testing.T) {
	d := newDirectory(t)
	d.add("Brackenford Primary School", func(c *ent.ServiceCreate) {
		c.SetSummary("A primary school with a resource base for children with speech, language and communication needs.").
			SetDescription("<p>Our resource base supports pupils with speech, language and communication needs (SLCN). " +
				"Speech and language therapists visit weekly.</p>")
	})
	d.add("Children's Speech and Language Therapy", func(c *ent.ServiceCreate) {
		c.SetSummary("NHS therapy for children with communication, eating or swallowing difficulties.").
			SetDescription("<p>Assessment and therapy at clinics, at home and in school.</p>")
	})
	d.add("Independent Speech and Language Therapy", func(c *ent.ServiceCreate) {
		c.SetSummary("Private assessments and therapy.")
	})
	d.add("Swimming Lessons", nil)

	got := d.services(map[string]any{"search": "speech and language"}).names()
	want := []string{"Children's Speech and Language Therapy", "Independent Speech and Language Therapy", "Brackenford Primary School"}
	if len(got) != 3 {
		t.Fatalf("got %q, want %q in some order with the two named services first", got, want)
	}
	if !slices.Contains(got[:2], want[0]) || !slices.Contains(got[:2], want[1]) {
		t.Errorf("got %q, want the services named Speech and Language Therapy before the school", got)
	}
	if got[2] != want[2] {
		t.Errorf("got %q, want the school last", got)
	}
}

func TestAccessibilityFeatureServiceCount(t *testing.T) {
	d := newDirectory(t)
	ctx := d.SystemContext()
	stepFree := d.term("accessibility-features", "step-free-access")
	lift := d.term("accessibility-features", "lift")
	ramp := d.Client.TaxonomyTerm.Create().SetName("Ramp").SetSlug("ramp").SetParentID(stepFree).
		SetTaxonomyID(d.Client.TaxonomyTerm.GetX(ctx, stepFree).TaxonomyID).SaveX(ctx)
	centre := d.Client.Location.Create().SetName("Centre").AddAccessibilityFeatureIDs(lift, ramp.ID).SaveX(ctx)
	annexe := d.Client.Location.Create().SetName("Annexe").AddAccessibilityFeatureIDs(ramp.ID).SaveX(ctx)

	d.add("Both Places", func(c *ent.ServiceCreate) { c.AddLocations(centre, annexe) })
	d.add("Annexe Only", func(c *ent.ServiceCreate) { c.AddLocations(annexe) })
	d.add("Draft At Centre", func(c *ent.ServiceCreate) { c.SetStatus("DRAFT").AddLocations(centre) })

	var out struct {
		Taxonomy struct {
			Terms []struct {
				Slug         string
				ServiceCount int
				Children     []struct {
					Slug         string
					ServiceCount int
				}
			}
		}
	}
	const query = `{ taxonomy(slug: "accessibility-features") { terms { slug serviceCount children { slug serviceCount } } } }`
	statements := d.CountStatements(func() { d.MustQuery(t, query, nil, &out) })

	counts := map[string]int{}
	for _, term := range out.Taxonomy.Terms {
		counts[term.Slug] = term.ServiceCount
		for _, child := range term.Children {
			counts[child.Slug] = child.ServiceCount
		}
	}
	want := map[string]int{"step-free-access": 2, "ramp": 2, "lift": 1, "hearing-loop": 0}
	for slug, n := range want {
		if counts[slug] != n {
			t.Errorf("serviceCount of %s: %d, want %d", slug, counts[slug], n)
		}
	}
	if statements > 3 {
		t.Errorf("taxonomy with counts took %d statements, want at most 3 (taxonomy, terms, counts)", statements)
	}
}
