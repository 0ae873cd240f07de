package oruk

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/content"
)

// Taxonomy terms from a feed go into one taxonomy per source, named
// "Terms from <source>", rather than onto the Local Offer's own taxonomies.
// Feeds name their terms loosely ("Autism", "Autism ", "Aspergers"), so an
// LO officer maps them better than a match on names would. A term is found
// again by the feed's id for it, or else by its name.

// sourceTaxonomyPosition puts imported taxonomies after the seeded ones in
// display order.
const sourceTaxonomyPosition = 1000

func sourceTaxonomySlug(source string) string {
	return "imported-" + content.Slugify(source)
}

// replaceTerms links the service to the record's terms in the source's
// taxonomy, and unlinks its other terms there. Terms from other taxonomies,
// such as the SEND needs an LO officer added, are left alone.
func (w *recordWriter) replaceTerms(ctx context.Context, svc *ent.Service, recs []termRecord) error {
	taxonomyID, err := w.sourceTaxonomy(ctx, len(recs) > 0)
	if err != nil || taxonomyID == uuid.Nil {
		return err
	}

	target := map[uuid.UUID]bool{}
	for _, rec := range recs {
		id, err := w.term(ctx, taxonomyID, rec)
		if err != nil {
			return err
		}
		target[id] = true
	}

	linked, err := svc.QueryTaxonomyTerms().Where(taxonomyterm.TaxonomyID(taxonomyID)).IDs(ctx)
	if err != nil {
		return fmt.Errorf("load taxonomy terms of service %s: %w", svc.ID, err)
	}
	var remove []uuid.UUID
	for _, id := range linked {
		if target[id] {
			delete(target, id)
		} else {
			remove = append(remove, id)
		}
	}
	var add []uuid.UUID
	for id := range target {
		add = append(add, id)
	}
	if len(add) == 0 && len(remove) == 0 {
		return nil
	}
	err = w.tx.Service.UpdateOneID(svc.ID).RemoveTaxonomyTermIDs(remove...).AddTaxonomyTermIDs(add...).Exec(ctx)
	if err != nil {
		return fmt.Errorf("link taxonomy terms of service %s: %w", svc.ID, err)
	}
	return nil
}

// sourceTaxonomy returns the id of the source's taxonomy, creating it when
// create is true; uuid.Nil means it does not exist and was not created.
func (w *recordWriter) sourceTaxonomy(ctx context.Context, create bool) (uuid.UUID, error) {
	slug := sourceTaxonomySlug(w.source)
	id, err := w.tx.Taxonomy.Query().Where(taxonomy.Slug(slug)).OnlyID(ctx)
	switch {
	case err == nil:
		return id, nil
	case !ent.IsNotFound(err):
		return uuid.Nil, fmt.Errorf("look up taxonomy %s: %w", slug, err)
	case !create:
		return uuid.Nil, nil
	}

	created, err := w.tx.Taxonomy.Create().
		SetName("Terms from " + w.source).
		SetSlug(slug).
		SetDescription(fmt.Sprintf("Terms that came with services imported from the Open Referral UK feed %s.", w.source)).
		SetPosition(sourceTaxonomyPosition).
		Save(ctx)
	if err != nil {
		return uuid.Nil, fmt.Errorf("create taxonomy %s: %w", slug, err)
	}
	return created.ID, nil
}

// term returns the id of a term in the source's taxonomy, creating it, and
// its parent, when missing.
func (w *recordWriter) term(ctx context.Context, taxonomyID uuid.UUID, rec termRecord) (uuid.UUID, error) {
	var parentID *uuid.UUID
	slug := content.Slugify(rec.Name)
	if rec.Parent != "" {
		id, err := w.term(ctx, taxonomyID, termRecord{Name: rec.Parent})
		if err != nil {
			return uuid.Nil, err
		}
		parentID = &id
		slug = content.Slugify(rec.Parent + " " + rec.Name)
	}

	query := w.tx.TaxonomyTerm.Query().Where(taxonomyterm.TaxonomyID(taxonomyID))
	if rec.Code != "" {
		query.Where(taxonomyterm.Or(taxonomyterm.Code(rec.Code), taxonomyterm.Slug(slug)))
	} else {
		query.Where(taxonomyterm.Slug(slug))
	}
	found, err := query.All(ctx)
	if err != nil {
		return uuid.Nil, fmt.Errorf("look up taxonomy term %q: %w", rec.Name, err)
	}
	for _, t := range found {
		if rec.Code != "" && t.Code == rec.Code {
			return t.ID, nil
		}
	}
	if len(found) > 0 {
		return found[0].ID, nil
	}

	created, err := w.tx.TaxonomyTerm.Create().
		SetTaxonomyID(taxonomyID).
		SetNillableParentID(parentID).
		SetName(rec.Name).
		SetSlug(slug).
		SetCode(rec.Code).
		Save(ctx)
	if err != nil {
		return uuid.Nil, fmt.Errorf("create taxonomy term %q: %w", rec.Name, err)
	}
	return created.ID, nil
}
