package graph_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/content"
)

func init() { moreMutationRows = append(moreMutationRows, taxonomyMatrixRows) }

// taxonomyManagers is the outcome of every taxonomy mutation: everyone may
// read taxonomies, so any signed-in caller or partner who is not an LO
// officer or LO admin is FORBIDDEN rather than NOT_FOUND.
var taxonomyManagers = map[string]string{
	actorAnonymous: unauthenticated, actorApplicant: forbidden, actorContentManager: forbidden, actorLead: forbidden,
	actorOtherLead: forbidden, actorCommissioner: forbidden, actorOfficer: allowed, actorAdmin: allowed, actorPartner: forbidden,
}

// matrixTermSlug returns a slug unique to the actor and the purpose, for a
// term a row creates to act on.
func matrixTermSlug(actor, purpose string) string {
	return content.Slugify("matrix " + actor + " " + purpose)
}

// newMatrixTerm creates a top-level term of the SEND needs taxonomy for the
// actor's cell to act on.
func (w *matrixWorld) newMatrixTerm(t *testing.T, actor, purpose string) *ent.TaxonomyTerm {
	t.Helper()
	ctx := w.app.SystemContext()
	needs := w.app.Client.Taxonomy.Query().Where(taxonomy.Slug("send-needs")).OnlyIDX(ctx)
	slug := matrixTermSlug(actor, purpose)
	return w.app.Client.TaxonomyTerm.Create().SetTaxonomyID(needs).SetName("Matrix " + purpose).SetSlug(slug).SaveX(ctx)
}

// matrixTerm loads the term that newMatrixTerm created for the actor, or nil
// when it no longer exists.
func (w *matrixWorld) matrixTerm(t *testing.T, actor, purpose string) *ent.TaxonomyTerm {
	t.Helper()
	term, err := w.app.Client.TaxonomyTerm.Query().
		Where(taxonomyterm.Slug(matrixTermSlug(actor, purpose)), taxonomyterm.HasTaxonomyWith(taxonomy.Slug("send-needs"))).
		Only(w.app.SystemContext())
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatalf("load the %s term of %s: %v", purpose, actor, err)
	}
	return term
}

func (w *matrixWorld) seededTerm(t *testing.T, taxonomySlug, termSlug string) uuid.UUID {
	t.Helper()
	return w.app.Client.TaxonomyTerm.Query().
		Where(taxonomyterm.Slug(termSlug), taxonomyterm.HasTaxonomyWith(taxonomy.Slug(taxonomySlug))).
		OnlyIDX(w.app.SystemContext())
}

func taxonomyMatrixRows() []mutationRow {
	return []mutationRow{
		{
			name:     "createTaxonomy",
			field:    "createTaxonomy",
			document: createTaxonomyDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"name": "Funding routes for " + actor})
			},
			want: taxonomyManagers,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				created, err := w.app.Client.Taxonomy.Query().
					Where(taxonomy.Slug(content.Slugify("Funding routes for " + actor))).
					Only(w.app.SystemContext())
				if err != nil {
					t.Fatalf("load the created taxonomy: %v", err)
				}
				w.wantAudit(t, "taxonomy.created", created.ID)
			},
		},
		{
			name:     "createTaxonomyTerm",
			field:    "createTaxonomyTerm",
			document: createTermDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				needs := w.app.Client.Taxonomy.Query().Where(taxonomy.Slug("send-needs")).OnlyIDX(w.app.SystemContext())
				return input(map[string]any{"taxonomyId": needs, "name": "Matrix " + actor + " created"})
			},
			want: taxonomyManagers,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				created := w.matrixTerm(t, actor, "created")
				if created == nil {
					t.Fatalf("no term created by %s", actor)
				}
				w.wantAudit(t, "taxonomy_term.created", created.ID)
			},
		},
		{
			name:     "updateTaxonomyTerm renames",
			field:    "updateTaxonomyTerm",
			document: updateTermDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				term := w.newMatrixTerm(t, actor, "renamed")
				return input(map[string]any{"id": term.ID, "name": "Renamed by " + actor})
			},
			want: taxonomyManagers,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				term := w.matrixTerm(t, actor, "renamed")
				if term.Name != "Renamed by "+actor {
					t.Errorf("name = %q, want the new name", term.Name)
				}
				w.wantAudit(t, "taxonomy_term.renamed", term.ID)
			},
		},
		{
			name:     "moveTaxonomyTerm",
			field:    "moveTaxonomyTerm",
			document: moveTermDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				term := w.newMatrixTerm(t, actor, "moved")
				return input(map[string]any{"id": term.ID, "parentId": w.seededTerm(t, "send-needs", "cognition-and-learning")})
			},
			want: taxonomyManagers,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				term := w.matrixTerm(t, actor, "moved")
				if want := w.seededTerm(t, "send-needs", "cognition-and-learning"); term.ParentID == nil || *term.ParentID != want {
					t.Errorf("parent = %v, want cognition-and-learning %s", term.ParentID, want)
				}
				w.wantAudit(t, "taxonomy_term.moved", term.ID)
			},
		},
		{
			name:     "mergeTaxonomyTerms",
			field:    "mergeTaxonomyTerms",
			document: mergeTermsDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				source := w.newMatrixTerm(t, actor, "merge source")
				target := w.newMatrixTerm(t, actor, "merge target")
				w.app.Client.TaxonomyTerm.UpdateOne(source).AddServiceIDs(w.published.ID).ExecX(w.app.SystemContext())
				return input(map[string]any{"sourceId": source.ID, "targetId": target.ID})
			},
			want: taxonomyManagers,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if w.matrixTerm(t, actor, "merge source") != nil {
					t.Error("the source term still exists")
				}
				target := w.matrixTerm(t, actor, "merge target")
				tagged := w.app.Client.Service.Query().
					Where(service.ID(w.published.ID), service.HasTaxonomyTermsWith(taxonomyterm.ID(target.ID))).
					ExistX(w.app.SystemContext())
				if !tagged {
					t.Error("the source's service is not tagged with the target")
				}
				w.wantAuditMentioning(t, "taxonomy_term.merged", target.ID.String())
			},
		},
		{
			name:     "retireTaxonomyTerm",
			field:    "retireTaxonomyTerm",
			document: retireTermDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				term := w.newMatrixTerm(t, actor, "retired")
				return input(map[string]any{"id": term.ID, "retired": true})
			},
			want: taxonomyManagers,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				term := w.matrixTerm(t, actor, "retired")
				if !term.Retired {
					t.Error("the term is not retired")
				}
				w.wantAudit(t, "taxonomy_term.retired", term.ID)
			},
		},
	}
}

// wantAuditMentioning fails unless exactly one audit event of the action has
// a detail that contains text.
func (w *matrixWorld) wantAuditMentioning(t *testing.T, action, text string) {
	t.Helper()
	n := w.app.Client.AuditEvent.Query().
		Where(auditevent.Action(action), auditevent.DetailContains(text)).
		CountX(w.app.SystemContext())
	if n != 1 {
		t.Errorf("%s audit events mentioning %s = %d, want 1", action, text, n)
	}
}
