package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/ent/user"
)

// taxonomyAdmin is the directory with an LO officer who manages its
// taxonomies.
type taxonomyAdmin struct {
	*directory
	officer string
}

func newTaxonomyAdmin(t *testing.T) *taxonomyAdmin {
	t.Helper()
	d := newDirectory(t)
	officer := d.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	return &taxonomyAdmin{directory: d, officer: d.SignIn(t, officer)}
}

// Mutation documents, each selecting the term with the fields the tests
// check.
const (
	termFields          = `id name slug code description position retired parent { slug } taxonomy { slug }`
	createTaxonomyDoc   = `mutation($input: CreateTaxonomyInput!) { createTaxonomy(input: $input) { taxonomy { id name slug description } } }`
	createTermDoc       = `mutation($input: CreateTaxonomyTermInput!) { createTaxonomyTerm(input: $input) { taxonomyTerm { ` + termFields + ` } } }`
	updateTermDoc       = `mutation($input: UpdateTaxonomyTermInput!) { updateTaxonomyTerm(input: $input) { taxonomyTerm { ` + termFields + ` } } }`
	moveTermDoc         = `mutation($input: MoveTaxonomyTermInput!) { moveTaxonomyTerm(input: $input) { taxonomyTerm { ` + termFields + ` } } }`
	mergeTermsDoc       = `mutation($input: MergeTaxonomyTermsInput!) { mergeTaxonomyTerms(input: $input) { deletedSourceId taxonomyTerm { ` + termFields + ` serviceCount } } }`
	retireTermDoc       = `mutation($input: RetireTaxonomyTermInput!) { retireTaxonomyTerm(input: $input) { taxonomyTerm { ` + termFields + ` } } }`
	taxonomyTreeByQuery = `query($slug: String!) { taxonomy(slug: $slug) { terms { ...t children { ...t children { ...t children { ...t } } } } } }
fragment t on TaxonomyTerm { id slug name retired serviceCount parent { slug } }`
)

// termResult is a term as the mutation documents select it.
type termResult struct {
	ID          uuid.UUID
	Name        string
	Slug        string
	Code        *string
	Description *string
	Position    int
	Retired     bool
	Parent      *struct{ Slug string }
	Taxonomy    struct{ Slug string }
}

// mutate runs a mutation as the officer, fails the test on any error and
// decodes the payload's taxonomyTerm.
func (a *taxonomyAdmin) mutate(document, field string, fields map[string]any) termResult {
	a.t.Helper()
	var data map[string]struct {
		TaxonomyTerm termResult
	}
	a.MustQueryAs(a.t, a.officer, document, input(fields), &data)
	return data[field].TaxonomyTerm
}

// fail runs a mutation as the officer and checks that it fails with one
// error of the code, on the field when field is not empty, whose message
// contains mention.
func (a *taxonomyAdmin) fail(document string, fields map[string]any, code, field, mention string) {
	a.t.Helper()
	res := a.QueryAs(a.t, a.officer, document, input(fields))
	if len(res.Errors) != 1 {
		a.t.Errorf("%v: errors = %+v, want one %s", fields, res.Errors, code)
		return
	}
	e := res.Errors[0]
	if e.Code() != code {
		a.t.Errorf("%v: code %q (%s), want %s", fields, e.Code(), e.Message, code)
	}
	if field != "" && e.Extensions["field"] != field {
		a.t.Errorf("%v: field %v (%s), want %s", fields, e.Extensions["field"], e.Message, field)
	}
	if !strings.Contains(e.Message, mention) {
		a.t.Errorf("%v: message %q does not mention %q", fields, e.Message, mention)
	}
}

// treeTerm is one term of a taxonomy tree as the public reads it.
type treeTerm struct {
	ID           uuid.UUID
	Slug         string
	Name         string
	Retired      bool
	ServiceCount int
	Parent       *struct{ Slug string }
	Children     []treeTerm
}

// tree returns every term of a taxonomy, down to four levels, by slug, as
// the public reads it.
func (a *taxonomyAdmin) tree(taxonomySlug string) map[string]treeTerm {
	a.t.Helper()
	var data struct {
		Taxonomy struct{ Terms []treeTerm }
	}
	a.MustQuery(a.t, taxonomyTreeByQuery, map[string]any{"slug": taxonomySlug}, &data)
	terms := map[string]treeTerm{}
	var walk func([]treeTerm)
	walk = func(level []treeTerm) {
		for _, term := range level {
			terms[term.Slug] = term
			walk(term.Children)
		}
	}
	walk(data.Taxonomy.Terms)
	return terms
}

func parentSlug(term treeTerm) string {
	if term.Parent == nil {
		return ""
	}
	return term.Parent.Slug
}

// wantAudit fails unless exactly one audit event of the action is about the
// object.
func (a *taxonomyAdmin) wantAudit(action string, object uuid.UUID) {
	a.t.Helper()
	n := a.Client.AuditEvent.Query().Where(auditevent.Action(action), auditevent.ObjectID(object)).CountX(a.SystemContext())
	if n != 1 {
		a.t.Errorf("%s audit events about %s = %d, want 1", action, object, n)
	}
}

// filtered returns the names of the published services that a filter on
// the terms finds, sorted, and the connection's totalCount.
func (a *taxonomyAdmin) filtered(filter string, ids ...uuid.UUID) ([]string, int) {
	a.t.Helper()
	result := a.services(map[string]any{"where": map[string]any{filter: ids}})
	return slices.Sorted(slices.Values(result.names())), result.Services.TotalCount
}

func TestCreateTaxonomyDerivesDistinctSlugs(t *testing.T) {
	a := newTaxonomyAdmin(t)
	create := func(fields map[string]any) (id uuid.UUID, slug string) {
		t.Helper()
		var data struct {
			CreateTaxonomy struct {
				Taxonomy struct {
					ID   uuid.UUID
					Slug string
				}
			}
		}
		a.MustQueryAs(t, a.officer, createTaxonomyDoc, input(fields), &data)
		return data.CreateTaxonomy.Taxonomy.ID, data.CreateTaxonomy.Taxonomy.Slug
	}

	first, slug := create(map[string]any{"name": "  Funding routes ", "description": "How families pay for support."})
	if slug != "funding-routes" {
		t.Errorf("derived slug = %q, want funding-routes", slug)
	}
	if _, slug := create(map[string]any{"name": "Funding routes"}); slug != "funding-routes-2" {
		t.Errorf("second derived slug = %q, want funding-routes-2", slug)
	}
	if _, slug := create(map[string]any{"name": "Transport", "slug": "home-to-school-transport"}); slug != "home-to-school-transport" {
		t.Errorf("given slug = %q, want home-to-school-transport", slug)
	}
	a.fail(createTaxonomyDoc, map[string]any{"name": "Funding", "slug": "funding-routes"}, "CONFLICT", "", "funding-routes")
	a.fail(createTaxonomyDoc, map[string]any{"name": "Funding", "slug": "Funding Routes"}, "BAD_USER_INPUT", "input.slug", "funding-routes")
	a.fail(createTaxonomyDoc, map[string]any{"name": "   "}, "BAD_USER_INPUT", "input.name", "empty")

	saved := a.Client.Taxonomy.GetX(a.SystemContext(), first)
	if saved.Name != "Funding routes" || saved.Description != "How families pay for support." {
		t.Errorf("saved taxonomy = %q %q, want the trimmed name and the description", saved.Name, saved.Description)
	}
	a.wantAudit("taxonomy.created", first)
}

func TestCreateTaxonomyTerm(t *testing.T) {
	a := newTaxonomyAdmin(t)
	needs := a.Client.TaxonomyTerm.GetX(a.SystemContext(), a.term("send-needs", "autism")).TaxonomyID
	sections := a.Client.TaxonomyTerm.GetX(a.SystemContext(), a.term("local-offer-sections", "health")).TaxonomyID
	cognition := a.term("send-needs", "cognition-and-learning")

	top := a.mutate(createTermDoc, "createTaxonomyTerm", map[string]any{
		"taxonomyId": needs, "name": "Emotionally based school avoidance", "code": "EBSA", "description": "Not attending school because of anxiety.",
	})
	if top.Slug != "emotionally-based-school-avoidance" || top.Parent != nil || top.Taxonomy.Slug != "send-needs" {
		t.Errorf("top-level term = %+v, want a derived slug, no parent, in send-needs", top)
	}
	if top.Code == nil || *top.Code != "EBSA" || top.Retired {
		t.Errorf("top-level term code %v retired %t, want EBSA and not retired", top.Code, top.Retired)
	}
	topLevel := a.Client.TaxonomyTerm.Query().Where(taxonomyterm.TaxonomyID(needs), taxonomyterm.ParentIDIsNil()).AllX(a.SystemContext())
	for _, sibling := range topLevel {
		if sibling.ID != top.ID && sibling.Position >= top.Position {
			t.Errorf("sibling %s has position %d, want below the new term's %d", sibling.Slug, sibling.Position, top.Position)
		}
	}

	child := a.mutate(createTermDoc, "createTaxonomyTerm", map[string]any{
		"taxonomyId": needs, "parentId": cognition, "name": "Working memory difficulties", "position": 0,
	})
	if child.Parent == nil || child.Parent.Slug != "cognition-and-learning" || child.Position != 0 {
		t.Errorf("child term = %+v, want position 0 under cognition-and-learning", child)
	}
	if got := a.tree("send-needs")["working-memory-difficulties"]; parentSlug(got) != "cognition-and-learning" {
		t.Errorf("tree has working-memory-difficulties under %q, want cognition-and-learning", parentSlug(got))
	}
	// Slugs are unique within a taxonomy at every depth, so a second
	// "Autism" gets a distinct derived slug even as a top-level term.
	if again := a.mutate(createTermDoc, "createTaxonomyTerm", map[string]any{"taxonomyId": needs, "name": "Autism"}); again.Slug != "autism-2" {
		t.Errorf("derived slug of a second Autism = %q, want autism-2", again.Slug)
	}
	// Another taxonomy may use the same slug.
	if other := a.mutate(createTermDoc, "createTaxonomyTerm", map[string]any{"taxonomyId": sections, "name": "Autism", "slug": "autism"}); other.Slug != "autism" {
		t.Errorf("slug in another taxonomy = %q, want autism", other.Slug)
	}
	a.wantAudit("taxonomy_term.created", top.ID)
	a.wantAudit("taxonomy_term.created", child.ID)

	t.Run("bad input", func(t *testing.T) {
		unknown := uuid.Must(uuid.NewV7())
		a.fail(createTermDoc, map[string]any{"taxonomyId": needs, "name": "Autism", "slug": "autism"}, "CONFLICT", "", `"autism"`)
		a.fail(createTermDoc, map[string]any{"taxonomyId": needs, "name": ""}, "BAD_USER_INPUT", "input.name", "empty")
		a.fail(createTermDoc, map[string]any{"taxonomyId": needs, "name": "Dyslexia", "position": -1}, "BAD_USER_INPUT", "input.position", "0 or more")
		a.fail(createTermDoc, map[string]any{"taxonomyId": needs, "name": "Dyslexia", "code": strings.Repeat("x", 101)}, "BAD_USER_INPUT", "input.code", "100")
		a.fail(createTermDoc, map[string]any{"taxonomyId": unknown, "name": "Dyslexia"}, "NOT_FOUND", "", unknown.String())
		a.fail(createTermDoc, map[string]any{"taxonomyId": needs, "parentId": unknown, "name": "Dyslexia"}, "NOT_FOUND", "", unknown.String())
		health := a.term("local-offer-sections", "health")
		a.fail(createTermDoc, map[string]any{"taxonomyId": needs, "parentId": health, "name": "Dyslexia"}, "BAD_USER_INPUT", "input.parentId", health.String())
	})
}

func TestRenameTermReindexesServices(t *testing.T) {
	a := newTaxonomyAdmin(t)
	autism := a.term("send-needs", "autism")
	a.add("Saturday Club", func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(autism) })
	a.add("Swimming Lessons", func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(autism) })
	a.add("Chess Club", nil)
	before := a.tree("send-needs")

	renamed := a.mutate(updateTermDoc, "updateTaxonomyTerm", map[string]any{"id": autism, "name": "Neurodivergent spectrum"})

	if renamed.Name != "Neurodivergent spectrum" || renamed.Slug != "autism" {
		t.Errorf("renamed term = %q with slug %q, want the new name and the old slug", renamed.Name, renamed.Slug)
	}
	search := func(text string) []string {
		t.Helper()
		return slices.Sorted(slices.Values(a.services(map[string]any{"search": text}).names()))
	}
	if got := search("neurodivergent"); !slices.Equal(got, []string{"Saturday Club", "Swimming Lessons"}) {
		t.Errorf("search for the new name found %q, want the two tagged services", got)
	}
	after := a.tree("send-needs")
	for slug, term := range before {
		if after[slug].ServiceCount != term.ServiceCount {
			t.Errorf("serviceCount of %s = %d after the rename, want %d as before", slug, after[slug].ServiceCount, term.ServiceCount)
		}
	}
	if after["autism"].ServiceCount != 2 || after["communication-and-interaction"].ServiceCount != 2 {
		t.Errorf("serviceCount of autism %d and its parent %d, want 2 and 2",
			after["autism"].ServiceCount, after["communication-and-interaction"].ServiceCount)
	}
	a.wantAudit("taxonomy_term.renamed", autism)

	changed := a.mutate(updateTermDoc, "updateTaxonomyTerm", map[string]any{"id": autism, "code": "", "description": "Autism and related conditions.", "position": 7})
	// An optional string column reads back as "" once cleared.
	if (changed.Code != nil && *changed.Code != "") || changed.Description == nil || changed.Position != 7 || changed.Name != "Neurodivergent spectrum" {
		t.Errorf("updated term = %+v, want the code cleared, the description and position set, the name kept", changed)
	}
	a.wantAudit("taxonomy_term.updated", autism)

	t.Run("bad input", func(t *testing.T) {
		unknown := uuid.Must(uuid.NewV7())
		a.fail(updateTermDoc, map[string]any{"id": autism, "name": " "}, "BAD_USER_INPUT", "input.name", "empty")
		a.fail(updateTermDoc, map[string]any{"id": unknown, "name": "Autism"}, "NOT_FOUND", "", unknown.String())
	})
}

func TestMoveTaxonomyTerm(t *testing.T) {
	a := newTaxonomyAdmin(t)
	autism := a.term("send-needs", "autism")
	communication := a.term("send-needs", "communication-and-interaction")
	cognition := a.term("send-needs", "cognition-and-learning")
	a.add("Saturday Club", func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(autism) })

	moved := a.mutate(moveTermDoc, "moveTaxonomyTerm", map[string]any{"id": autism, "parentId": cognition})

	if moved.Parent == nil || moved.Parent.Slug != "cognition-and-learning" {
		t.Errorf("moved term's parent = %+v, want cognition-and-learning", moved.Parent)
	}
	tree := a.tree("send-needs")
	if got := parentSlug(tree["autism"]); got != "cognition-and-learning" {
		t.Errorf("tree has autism under %q, want cognition-and-learning", got)
	}
	if tree["cognition-and-learning"].ServiceCount != 1 || tree["communication-and-interaction"].ServiceCount != 0 {
		t.Errorf("serviceCount of the new parent %d and the old one %d, want 1 and 0",
			tree["cognition-and-learning"].ServiceCount, tree["communication-and-interaction"].ServiceCount)
	}
	a.wantAudit("taxonomy_term.moved", autism)

	top := a.mutate(moveTermDoc, "moveTaxonomyTerm", map[string]any{"id": autism, "parentId": nil})
	if top.Parent != nil {
		t.Errorf("term moved to the top level has parent %+v", top.Parent)
	}
	if got := parentSlug(a.tree("send-needs")["autism"]); got != "" {
		t.Errorf("tree has autism under %q, want it at the top level", got)
	}

	t.Run("bad input", func(t *testing.T) {
		unknown := uuid.Must(uuid.NewV7())
		slcn := a.term("send-needs", "speech-language-and-communication-needs")
		health := a.term("local-offer-sections", "health")
		a.fail(moveTermDoc, map[string]any{"id": communication, "parentId": slcn}, "BAD_USER_INPUT", "input.parentId", "cycle")
		a.fail(moveTermDoc, map[string]any{"id": communication, "parentId": communication}, "BAD_USER_INPUT", "input.parentId", "cycle")
		a.fail(moveTermDoc, map[string]any{"id": communication, "parentId": health}, "BAD_USER_INPUT", "input.parentId", "another taxonomy")
		a.fail(moveTermDoc, map[string]any{"id": unknown, "parentId": nil}, "NOT_FOUND", "", unknown.String())
		a.fail(moveTermDoc, map[string]any{"id": communication, "parentId": unknown}, "NOT_FOUND", "", unknown.String())
		if got := parentSlug(a.tree("send-needs")["speech-language-and-communication-needs"]); got != "communication-and-interaction" {
			t.Errorf("after refused moves, slcn is under %q, want communication-and-interaction", got)
		}
	})
}

func TestMergeTermsMovesServices(t *testing.T) {
	a := newTaxonomyAdmin(t)
	ctx := a.SystemContext()
	source := a.term("send-needs", "autism")
	target := a.term("send-needs", "speech-language-and-communication-needs")
	a.Client.TaxonomyTerm.Create().SetName("Pathological demand avoidance").SetSlug("pda").
		SetTaxonomyID(a.Client.TaxonomyTerm.GetX(ctx, source).TaxonomyID).SetParentID(source).SaveX(ctx)
	a.add("Saturday Club", func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(source) })
	a.add("Swimming Lessons", func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(source, target) })
	a.add("Talking Together", func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(target) })
	a.add("Chess Club", nil)

	var data struct {
		MergeTaxonomyTerms struct {
			DeletedSourceID uuid.UUID
			TaxonomyTerm    struct {
				Slug         string
				ServiceCount int
			}
		}
	}
	a.MustQueryAs(t, a.officer, mergeTermsDoc, input(map[string]any{"sourceId": source, "targetId": target}), &data)

	merged := data.MergeTaxonomyTerms
	if merged.DeletedSourceID != source || merged.TaxonomyTerm.Slug != "speech-language-and-communication-needs" {
		t.Errorf("payload = %+v, want the source deleted and the target returned", merged)
	}
	want := []string{"Saturday Club", "Swimming Lessons", "Talking Together"}
	names, total := a.filtered("taxonomyTerms", target)
	if !slices.Equal(names, want) || total != 3 {
		t.Errorf("services under the target = %q (totalCount %d), want %q once each", names, total, want)
	}
	if n := a.Client.TaxonomyTerm.QueryServices(a.Client.TaxonomyTerm.GetX(ctx, target)).CountX(ctx); n != 3 {
		t.Errorf("services linked to the target = %d, want 3 with no duplicates", n)
	}
	tree := a.tree("send-needs")
	if _, ok := tree["autism"]; ok {
		t.Error("the source is still in the tree")
	}
	if tree["speech-language-and-communication-needs"].ServiceCount != 3 || tree["communication-and-interaction"].ServiceCount != 3 {
		t.Errorf("serviceCount of the target %d and its parent %d, want 3 and 3",
			tree["speech-language-and-communication-needs"].ServiceCount, tree["communication-and-interaction"].ServiceCount)
	}
	if got := parentSlug(tree["pda"]); got != "speech-language-and-communication-needs" {
		t.Errorf("the source's child is under %q, want the target", got)
	}
	if a.Client.TaxonomyTerm.Query().Where(taxonomyterm.ID(source)).ExistX(ctx) {
		t.Error("the source term still exists")
	}
	if got := slices.Sorted(slices.Values(a.services(map[string]any{"search": "speech language communication"}).names())); !slices.Equal(got, want) {
		t.Errorf("search for the target's name found %q, want %q", got, want)
	}
	a.wantAudit("taxonomy_term.merged", source)
}

func TestMergeTermsMovesLocationsAndPages(t *testing.T) {
	a := newTaxonomyAdmin(t)
	ctx := a.SystemContext()
	quiet := a.term("accessibility-features", "quiet-space")
	sensory := a.term("accessibility-features", "sensory-room")
	withQuiet := a.Client.Location.Create().SetName("Library").SetPostcode("AV1 1AA").AddAccessibilityFeatureIDs(quiet).SaveX(ctx)
	withBoth := a.Client.Location.Create().SetName("Leisure Centre").SetPostcode("AV1 1AB").AddAccessibilityFeatureIDs(quiet, sensory).SaveX(ctx)
	a.add("Story Time", func(c *ent.ServiceCreate) { c.AddLocations(withQuiet) })
	a.add("Sensory Swim", func(c *ent.ServiceCreate) { c.AddLocations(withBoth) })

	thingsToDo := a.term("local-offer-sections", "things-to-do")
	health := a.term("local-offer-sections", "health")
	page := a.Client.InformationPage.Create().SetTitle("Days out").SetSlug("days-out").SetBody("<p>Ideas.</p>").
		SetStatus(informationpage.StatusPublished).SetSectionID(thingsToDo).SaveX(ctx)

	a.mutate(mergeTermsDoc, "mergeTaxonomyTerms", map[string]any{"sourceId": quiet, "targetId": sensory})
	a.mutate(mergeTermsDoc, "mergeTaxonomyTerms", map[string]any{"sourceId": thingsToDo, "targetId": health})

	for _, location := range []*ent.Location{withQuiet, withBoth} {
		features := a.Client.Location.QueryAccessibilityFeatures(location).IDsX(ctx)
		if !slices.Equal(features, []uuid.UUID{sensory}) {
			t.Errorf("features of %s = %v, want only the target %s", location.Name, features, sensory)
		}
	}
	names, total := a.filtered("accessibilityFeatures", sensory)
	if !slices.Equal(names, []string{"Sensory Swim", "Story Time"}) || total != 2 {
		t.Errorf("services with the target feature = %q (totalCount %d), want both once", names, total)
	}
	if got := a.tree("accessibility-features")["sensory-room"].ServiceCount; got != 2 {
		t.Errorf("serviceCount of the target feature = %d, want 2", got)
	}
	if got := a.Client.InformationPage.GetX(ctx, page.ID).SectionID; got == nil || *got != health {
		t.Errorf("page section = %v, want the target %s", got, health)
	}
}

func TestMergeTermsRejectsBadInput(t *testing.T) {
	a := newTaxonomyAdmin(t)
	communication := a.term("send-needs", "communication-and-interaction")
	autism := a.term("send-needs", "autism")
	health := a.term("local-offer-sections", "health")
	unknown := uuid.Must(uuid.NewV7())

	a.fail(mergeTermsDoc, map[string]any{"sourceId": autism, "targetId": autism}, "BAD_USER_INPUT", "input.targetId", "itself")
	a.fail(mergeTermsDoc, map[string]any{"sourceId": autism, "targetId": health}, "BAD_USER_INPUT", "input.targetId", "another taxonomy")
	a.fail(mergeTermsDoc, map[string]any{"sourceId": communication, "targetId": autism}, "BAD_USER_INPUT", "input.targetId", "descendant")
	a.fail(mergeTermsDoc, map[string]any{"sourceId": unknown, "targetId": autism}, "NOT_FOUND", "", unknown.String())
	a.fail(mergeTermsDoc, map[string]any{"sourceId": autism, "targetId": unknown}, "NOT_FOUND", "", unknown.String())

	for _, id := range []uuid.UUID{communication, autism, health} {
		if !a.Client.TaxonomyTerm.Query().Where(taxonomyterm.ID(id)).ExistX(a.SystemContext()) {
			t.Errorf("term %s was deleted by a refused merge", id)
		}
	}
}

func TestRetireTermKeepsContentTagged(t *testing.T) {
	a := newTaxonomyAdmin(t)
	autism := a.term("send-needs", "autism")
	a.add("Saturday Club", func(c *ent.ServiceCreate) { c.AddTaxonomyTermIDs(autism) })

	retired := a.mutate(retireTermDoc, "retireTaxonomyTerm", map[string]any{"id": autism, "retired": true})

	if !retired.Retired {
		t.Error("retired term has retired: false")
	}
	term := a.tree("send-needs")["autism"]
	if !term.Retired || term.ServiceCount != 1 || parentSlug(term) != "communication-and-interaction" {
		t.Errorf("tree has autism %+v, want it retired, in place, counting its service", term)
	}
	if names, _ := a.filtered("taxonomyTerms", autism); !slices.Equal(names, []string{"Saturday Club"}) {
		t.Errorf("services under the retired term = %q, want the tagged service", names)
	}
	a.wantAudit("taxonomy_term.retired", autism)

	back := a.mutate(retireTermDoc, "retireTaxonomyTerm", map[string]any{"id": autism, "retired": false})
	if back.Retired {
		t.Error("unretired term has retired: true")
	}
	a.wantAudit("taxonomy_term.unretired", autism)

	unknown := uuid.Must(uuid.NewV7())
	a.fail(retireTermDoc, map[string]any{"id": unknown, "retired": true}, "NOT_FOUND", "", unknown.String())
}

// TestTaxonomyRefusalWritesNothing checks that a refused write leaves
// neither a change nor an audit event behind.
func TestTaxonomyRefusalWritesNothing(t *testing.T) {
	a := newTaxonomyAdmin(t)
	provider := a.SignIn(t, a.CreateUser(t, user.RoleProvider, user.StatusActive))
	autism := a.term("send-needs", "autism")
	events := a.Client.AuditEvent.Query().CountX(a.SystemContext())

	res := a.QueryAs(t, provider, updateTermDoc, input(map[string]any{"id": autism, "name": "Renamed by a provider"}))

	if len(res.Errors) != 1 || res.Errors[0].Code() != "FORBIDDEN" {
		t.Fatalf("errors = %+v, want one FORBIDDEN", res.Errors)
	}
	if got := a.Client.TaxonomyTerm.GetX(a.SystemContext(), autism).Name; got != "Autism" {
		t.Errorf("name after a refused rename = %q, want Autism", got)
	}
	if got := a.Client.AuditEvent.Query().CountX(a.SystemContext()); got != events {
		t.Errorf("audit events = %d after a refusal, want %d", got, events)
	}
}
