package seed_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/localoffer/localoffer/ent"
	_ "github.com/localoffer/localoffer/ent/runtime" // schema defaults and privacy policies
	"github.com/localoffer/localoffer/ent/searchsynonym"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/seed"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// referenceCounts counts the rows EnsureReference writes.
type referenceCounts struct {
	taxonomies, terms, synonyms int
}

func countReference(t *testing.T, ctx context.Context, client *ent.Client) referenceCounts {
	t.Helper()
	var counts referenceCounts
	var err error
	if counts.taxonomies, err = client.Taxonomy.Query().Count(ctx); err != nil {
		t.Fatalf("count taxonomies: %v", err)
	}
	if counts.terms, err = client.TaxonomyTerm.Query().Count(ctx); err != nil {
		t.Fatalf("count taxonomy terms: %v", err)
	}
	if counts.synonyms, err = client.SearchSynonym.Query().Count(ctx); err != nil {
		t.Fatalf("count search synonyms: %v", err)
	}
	return counts
}

func TestEnsureReferenceIsIdempotent(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())

	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatalf("first EnsureReference: %v", err)
	}
	first := countReference(t, ctx, client)

	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatalf("second EnsureReference: %v", err)
	}
	second := countReference(t, ctx, client)

	if first != second {
		t.Errorf("counts after second run = %+v, want %+v", second, first)
	}
	if first.taxonomies != 5 {
		t.Errorf("taxonomies = %d, want 5", first.taxonomies)
	}
}

func TestEnsureReferenceConcurrentStarts(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())

	// Replicas starting together on an empty database all ensure the
	// reference data at once; every one of them must succeed.
	const replicas = 4
	errs := make(chan error, replicas)
	for range replicas {
		go func() { errs <- seed.EnsureReference(ctx, client) }()
	}
	for range replicas {
		if err := <-errs; err != nil {
			t.Errorf("EnsureReference: %v", err)
		}
	}

	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatalf("EnsureReference after the concurrent runs: %v", err)
	}
	want := countReference(t, ctx, client)
	if want.taxonomies != 5 {
		t.Errorf("taxonomies = %d, want 5", want.taxonomies)
	}
}

// Once a reference taxonomy exists, LO officers own its tree: a term they
// deleted (or merged away) stays gone, and a renamed term keeps its name.
func TestEnsureReferenceKeepsOfficersEdits(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())

	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatalf("EnsureReference: %v", err)
	}
	before := countReference(t, ctx, client)

	deleted, err := client.TaxonomyTerm.Delete().Where(taxonomyterm.Slug("dyscalculia")).Exec(ctx)
	if err != nil || deleted != 1 {
		t.Fatalf("delete dyscalculia term: deleted %d, err %v", deleted, err)
	}
	client.TaxonomyTerm.Update().
		Where(taxonomyterm.Slug("autism")).
		SetName("Autism (renamed by an officer)").
		ExecX(ctx)

	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatalf("EnsureReference after deletion: %v", err)
	}
	if n := client.TaxonomyTerm.Query().Where(taxonomyterm.Slug("dyscalculia")).CountX(ctx); n != 0 {
		t.Errorf("the deleted dyscalculia term came back (%d rows)", n)
	}
	if after := countReference(t, ctx, client); after.terms != before.terms-1 {
		t.Errorf("terms after = %d, want %d", after.terms, before.terms-1)
	}
	autism := client.TaxonomyTerm.Query().Where(taxonomyterm.Slug("autism")).OnlyX(ctx)
	if autism.Name != "Autism (renamed by an officer)" {
		t.Errorf("autism term name = %q, want the officer's name kept", autism.Name)
	}
}

func TestEnsureReferenceTaxonomies(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())
	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatalf("EnsureReference: %v", err)
	}

	sections := termsOf(t, ctx, client, seed.SectionsTaxonomy)
	if len(sections) != 10 {
		t.Errorf("Local Offer sections = %d, want 10", len(sections))
	}

	areas := client.TaxonomyTerm.Query().
		Where(taxonomyterm.HasTaxonomyWith(taxonomy.Slug(seed.SENDNeedsTaxonomy)), taxonomyterm.ParentIDIsNil()).
		AllX(ctx)
	if len(areas) != 4 {
		t.Errorf("SEND need areas = %d, want 4 broad areas", len(areas))
	}

	autism := client.TaxonomyTerm.Query().
		Where(taxonomyterm.Slug("autism"), taxonomyterm.HasTaxonomyWith(taxonomy.Slug(seed.SENDNeedsTaxonomy))).
		WithParent().OnlyX(ctx)
	if autism.Edges.Parent == nil || autism.Edges.Parent.Slug != "communication-and-interaction" {
		t.Errorf("autism parent = %v, want communication-and-interaction", autism.Edges.Parent)
	}

	dyslexia := client.TaxonomyTerm.Query().Where(taxonomyterm.Slug("dyslexia")).WithParent().OnlyX(ctx)
	if dyslexia.Edges.Parent == nil || dyslexia.Edges.Parent.Slug != "specific-learning-difficulties" {
		t.Errorf("dyslexia parent = %v, want specific-learning-difficulties", dyslexia.Edges.Parent)
	}

	codes := map[string]bool{}
	for _, term := range termsOf(t, ctx, client, seed.AudiencesTaxonomy) {
		codes[term.Code] = true
	}
	for _, code := range []string{"PARENTS_AND_CARERS", "CHILDREN_AND_YOUNG_PEOPLE", "PROFESSIONALS"} {
		if !codes[code] {
			t.Errorf("audiences taxonomy has no term with code %s", code)
		}
	}

	for _, slug := range []string{seed.ConditionsTaxonomy, seed.AccessibilityTaxonomy} {
		if n := len(termsOf(t, ctx, client, slug)); n < 5 {
			t.Errorf("taxonomy %s has %d terms, want at least 5", slug, n)
		}
	}
}

func termsOf(t *testing.T, ctx context.Context, client *ent.Client, taxonomySlug string) []*ent.TaxonomyTerm {
	t.Helper()
	terms, err := client.TaxonomyTerm.Query().
		Where(taxonomyterm.HasTaxonomyWith(taxonomy.Slug(taxonomySlug))).
		All(ctx)
	if err != nil {
		t.Fatalf("load terms of %s: %v", taxonomySlug, err)
	}
	return terms
}

func TestEnsureReferenceSynonyms(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())
	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatalf("EnsureReference: %v", err)
	}

	groups := client.SearchSynonym.Query().AllX(ctx)
	groupOf := map[string]string{}
	for _, group := range groups {
		for _, term := range group.Terms {
			if term != strings.ToLower(strings.TrimSpace(term)) {
				t.Errorf("group %s: term %q is not trimmed lower case", group.Key, term)
			}
			if other, ok := groupOf[term]; ok {
				t.Errorf("term %q is in groups %s and %s", term, other, group.Key)
			}
			groupOf[term] = group.Key
		}
	}

	for term, key := range map[string]string{
		"autistic": "autism", "asd": "autism", "adhd": "adhd", "semh": "semh",
		"salt": "speech-and-language-therapy", "dyslexic": "dyslexia", "sen": "send",
		"ehc plan": "ehcp", "respite": "short-breaks", "deaf": "hearing-impairment",
	} {
		if groupOf[term] != key {
			t.Errorf("term %q is in group %q, want %q", term, groupOf[term], key)
		}
	}

	for _, ambiguous := range []string{"add", "hi", "cp", "communication"} {
		if key, ok := groupOf[ambiguous]; ok {
			t.Errorf("ambiguous term %q is in group %s", ambiguous, key)
		}
	}

	autism := client.SearchSynonym.Query().Where(searchsynonym.Key("autism")).OnlyX(ctx)
	if len(autism.Terms) < 5 {
		t.Errorf("autism group has %d terms, want at least 5", len(autism.Terms))
	}
}

func TestDemoTwiceDoesNotDuplicate(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())

	report, err := seed.Demo(ctx, client)
	if err != nil {
		t.Fatalf("first Demo: %v", err)
	}

	_, err = seed.Demo(ctx, client)
	if !errors.Is(err, seed.ErrNotEmpty) {
		t.Fatalf("second Demo error = %v, want ErrNotEmpty", err)
	}

	if n := client.Service.Query().CountX(ctx); n != report.Services {
		t.Errorf("services after second Demo = %d, want %d", n, report.Services)
	}
	if n := client.Organization.Query().CountX(ctx); n != report.Organizations {
		t.Errorf("organisations after second Demo = %d, want %d", n, report.Organizations)
	}
	if n := client.InformationPage.Query().CountX(ctx); n != report.InformationPages {
		t.Errorf("information pages after second Demo = %d, want %d", n, report.InformationPages)
	}
	if n := client.Location.Query().CountX(ctx); n != report.Locations {
		t.Errorf("locations after second Demo = %d, want %d", n, report.Locations)
	}
}

func TestDemoRunsAsSystemFromPlainContext(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client

	if _, err := seed.Demo(context.Background(), client); err != nil {
		t.Fatalf("Demo without a system viewer: %v", err)
	}
}

func TestDemoInCallersTransaction(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())

	tx, err := client.Tx(ctx)
	if err != nil {
		t.Fatalf("begin transaction: %v", err)
	}
	if _, err := seed.Demo(ctx, tx.Client()); err != nil {
		t.Fatalf("Demo in a transaction: %v", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatalf("roll back: %v", err)
	}

	if n := client.Service.Query().CountX(ctx); n != 0 {
		t.Errorf("services after rollback = %d, want 0", n)
	}
	if n := client.Taxonomy.Query().CountX(ctx); n != 0 {
		t.Errorf("taxonomies after rollback = %d, want 0", n)
	}
}
