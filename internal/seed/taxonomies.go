package seed

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
)

// taxonomySpec is a seeded taxonomy. Its position among taxonomies is its
// index in referenceTaxonomies.
type taxonomySpec struct {
	Slug        string
	Name        string
	Description string
	Terms       []termSpec
}

// termSpec is a seeded taxonomy term. Slugs are unique within a taxonomy, at
// every depth, and a term's position is its index among its siblings.
type termSpec struct {
	Slug        string
	Name        string
	Code        string
	Description string
	Children    []termSpec
}

// termIndex maps "taxonomy-slug/term-slug" to the id of a taxonomy term.
type termIndex map[string]uuid.UUID

func termKey(taxonomySlug, termSlug string) string {
	return taxonomySlug + "/" + termSlug
}

// ensureTaxonomy creates spec's taxonomy with its terms when the taxonomy
// does not exist yet. Once it exists, LO officers own its tree: a term they
// merged, moved or deleted is not brought back.
func ensureTaxonomy(ctx context.Context, client *ent.Client, spec taxonomySpec, position int) error {
	taxonomyID, created, err := ensureTaxonomyRow(ctx, client, spec, position)
	if err != nil || !created {
		return err
	}

	existing, err := client.TaxonomyTerm.Query().
		Where(taxonomyterm.TaxonomyID(taxonomyID)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("load terms of taxonomy %s: %w", spec.Slug, err)
	}
	idsBySlug := make(map[string]uuid.UUID, len(existing))
	for _, term := range existing {
		idsBySlug[term.Slug] = term.ID
	}

	tree := termTree{client: client, taxonomySlug: spec.Slug, taxonomyID: taxonomyID, existing: idsBySlug}
	return tree.ensure(ctx, spec.Terms, nil)
}

// ensureTaxonomyRow returns the id of spec's taxonomy, creating it if
// needed; created says whether it did.
func ensureTaxonomyRow(ctx context.Context, client *ent.Client, spec taxonomySpec, position int) (uuid.UUID, bool, error) {
	id, err := client.Taxonomy.Query().Where(taxonomy.Slug(spec.Slug)).OnlyID(ctx)
	if err == nil {
		return id, false, nil
	}
	if !ent.IsNotFound(err) {
		return uuid.Nil, false, fmt.Errorf("load taxonomy %s: %w", spec.Slug, err)
	}

	created, err := client.Taxonomy.Create().
		SetSlug(spec.Slug).
		SetName(spec.Name).
		SetDescription(spec.Description).
		SetPosition(position).
		Save(ctx)
	if err != nil {
		return uuid.Nil, false, fmt.Errorf("create taxonomy %s: %w", spec.Slug, err)
	}
	return created.ID, true, nil
}

// termTree creates the missing terms of one taxonomy, parents before
// children. A term that already exists keeps its name, place and position.
type termTree struct {
	client       *ent.Client
	taxonomySlug string
	taxonomyID   uuid.UUID
	existing     map[string]uuid.UUID
}

func (t termTree) ensure(ctx context.Context, specs []termSpec, parentID *uuid.UUID) error {
	for position, spec := range specs {
		id, err := t.ensureTerm(ctx, spec, position, parentID)
		if err != nil {
			return err
		}

		if err := t.ensure(ctx, spec.Children, &id); err != nil {
			return err
		}
	}
	return nil
}

func (t termTree) ensureTerm(ctx context.Context, spec termSpec, position int, parentID *uuid.UUID) (uuid.UUID, error) {
	if id, ok := t.existing[spec.Slug]; ok {
		return id, nil
	}

	created, err := t.client.TaxonomyTerm.Create().
		SetTaxonomyID(t.taxonomyID).
		SetNillableParentID(parentID).
		SetSlug(spec.Slug).
		SetName(spec.Name).
		SetCode(spec.Code).
		SetDescription(spec.Description).
		SetPosition(position).
		Save(ctx)
	if err != nil {
		return uuid.Nil, fmt.Errorf("create taxonomy term %s: %w", termKey(t.taxonomySlug, spec.Slug), err)
	}
	return created.ID, nil
}
