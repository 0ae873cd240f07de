package taxonomy

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
)

// Move puts a term under another parent of the same taxonomy, or at the top
// level when ParentID is nil.
type Move struct {
	ID       uuid.UUID
	ParentID *uuid.UUID
}

// Merge folds the source term into the target term.
type Merge struct {
	SourceID uuid.UUID
	TargetID uuid.UUID
}

// Merged is the outcome of a merge.
type Merged struct {
	Target *ent.TaxonomyTerm
	// SourceID is the id of the deleted source term.
	SourceID uuid.UUID
}

// MoveTerm moves a term, with its descendants, under a new parent of the
// same taxonomy or to the top level, where it goes after its new siblings.
// A parent that is the term itself or one of its descendants would make a
// cycle and is an input error.
func (m *Manager) MoveTerm(ctx context.Context, in Move) (*ent.TaxonomyTerm, error) {
	var moved *ent.TaxonomyTerm
	err := m.run(ctx, authz.TypeTaxonomyTerm, "move taxonomy terms", func(tx *ent.Client, c *change) error {
		term, err := loadTerm(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		if in.ParentID != nil {
			if err := checkNewParent(ctx, tx, term, *in.ParentID); err != nil {
				return err
			}
		}
		if sameParent(term.ParentID, in.ParentID) {
			moved = term
			return nil
		}

		position, err := positionAmongSiblings(ctx, tx, term.TaxonomyID, in.ParentID, nil)
		if err != nil {
			return err
		}
		update := tx.TaxonomyTerm.UpdateOneID(term.ID).SetPosition(position)
		if in.ParentID == nil {
			update.ClearParent()
		} else {
			update.SetParentID(*in.ParentID)
		}
		moved, err = update.Save(system(ctx))
		if err != nil {
			return fmt.Errorf("move taxonomy term %s: %w", term.ID, err)
		}
		c.audit("taxonomy_term.moved", term.ID, []string{"parent", "position"},
			"from "+parentRef(term.ParentID)+" to "+parentRef(in.ParentID))
		return nil
	})
	return moved, err
}

// checkNewParent returns NOT_FOUND when the parent does not exist, and an
// input error when it is in another taxonomy or inside the term's own
// subtree.
func checkNewParent(ctx context.Context, tx *ent.Client, term *ent.TaxonomyTerm, parentID uuid.UUID) error {
	parent, err := loadTerm(ctx, tx, parentID)
	if err != nil {
		return err
	}
	if parent.TaxonomyID != term.TaxonomyID {
		return apperr.Input("input.parentId", "taxonomy term %s belongs to another taxonomy: a term can move only within its own taxonomy", parent.ID)
	}
	inside, err := isInSubtree(ctx, tx, term, parent.ID)
	if err != nil {
		return err
	}
	if inside {
		return apperr.Input("input.parentId", "taxonomy term %s is the term itself or one of its descendants: moving under it would make a cycle", parent.ID)
	}
	return nil
}

// isInSubtree reports whether id is root or one of root's descendants, by
// walking up from id through the parents of root's taxonomy, loaded in one
// query. The walk stops after as many steps as the taxonomy has terms, so
// that a cycle already in the data cannot make it loop.
func isInSubtree(ctx context.Context, tx *ent.Client, root *ent.TaxonomyTerm, id uuid.UUID) (bool, error) {
	terms, err := tx.TaxonomyTerm.Query().
		Where(taxonomyterm.TaxonomyID(root.TaxonomyID)).
		Select(taxonomyterm.FieldID, taxonomyterm.FieldParentID).
		All(ctx)
	if err != nil {
		return false, fmt.Errorf("load the terms of taxonomy %s: %w", root.TaxonomyID, err)
	}
	parents := make(map[uuid.UUID]*uuid.UUID, len(terms))
	for _, term := range terms {
		parents[term.ID] = term.ParentID
	}

	current := &id
	for steps := 0; current != nil && steps <= len(terms); steps++ {
		if *current == root.ID {
			return true, nil
		}
		current = parents[*current]
	}
	return false, nil
}

// MergeTerms folds the source term into the target term of the same
// taxonomy, in one transaction. Every service and location tagged with the
// source is tagged with the target instead, once if it already had both.
// Information pages in the source section move to the target section, the
// source's children move under the target, and the source is deleted. The
// search index hooks rewrite the search documents of the services whose
// terms changed. A target inside the source's subtree is an input error,
// because the source's children would then move under their own
// descendant. seed.EnsureReference leaves an existing taxonomy's tree alone,
// so a merged reference term does not come back at the next start.
func (m *Manager) MergeTerms(ctx context.Context, in Merge) (*Merged, error) {
	if in.SourceID == in.TargetID {
		return nil, apperr.Input("input.targetId", "must differ from input.sourceId: a term cannot be merged into itself")
	}

	var merged *Merged
	err := m.run(ctx, authz.TypeTaxonomyTerm, "merge taxonomy terms", func(tx *ent.Client, c *change) error {
		source, target, err := loadMergePair(ctx, tx, in)
		if err != nil {
			return err
		}

		counts, err := moveTagsAndChildren(ctx, tx, source.ID, target.ID)
		if err != nil {
			return err
		}
		if err := tx.TaxonomyTerm.DeleteOneID(source.ID).Exec(system(ctx)); err != nil {
			return fmt.Errorf("delete merged taxonomy term %s: %w", source.ID, err)
		}

		target, err = tx.TaxonomyTerm.Get(ctx, target.ID)
		if err != nil {
			return fmt.Errorf("reload taxonomy term %s: %w", target.ID, err)
		}
		merged = &Merged{Target: target, SourceID: source.ID}
		c.audit("taxonomy_term.merged", source.ID, nil, fmt.Sprintf(
			"slug %s merged into taxonomy term %s: %d services, %d locations, %d information pages and %d child terms moved",
			source.Slug, target.ID, counts.services, counts.locations, counts.pages, counts.children))
		return nil
	})
	return merged, err
}

// loadMergePair loads the source and target of a merge and checks that the
// merge keeps the taxonomy a tree.
func loadMergePair(ctx context.Context, tx *ent.Client, in Merge) (source, target *ent.TaxonomyTerm, err error) {
	source, err = loadTerm(ctx, tx, in.SourceID)
	if err != nil {
		return nil, nil, err
	}
	target, err = loadTerm(ctx, tx, in.TargetID)
	if err != nil {
		return nil, nil, err
	}
	if source.TaxonomyID != target.TaxonomyID {
		return nil, nil, apperr.Input("input.targetId", "taxonomy term %s belongs to another taxonomy: terms can be merged only within one taxonomy", target.ID)
	}
	inside, err := isInSubtree(ctx, tx, source, target.ID)
	if err != nil {
		return nil, nil, err
	}
	if inside {
		return nil, nil, apperr.Input("input.targetId", "taxonomy term %s is a descendant of the source: move it out of the source's subtree first", target.ID)
	}
	return source, target, nil
}

// mergeCounts is how many records a merge moved from the source term.
type mergeCounts struct {
	services, locations, pages, children int
}

// moveTagsAndChildren moves the services, locations, information pages and
// child terms of the source term to the target term. The edges are changed
// from the term side, in one statement per term rather than one per
// service. The term's search index hook then reindexes every service added
// to the target or removed from the source.
func moveTagsAndChildren(ctx context.Context, tx *ent.Client, sourceID, targetID uuid.UUID) (mergeCounts, error) {
	ctx = system(ctx)
	var counts mergeCounts

	services, err := missingServices(ctx, tx, sourceID, targetID)
	if err != nil {
		return counts, err
	}
	locations, err := missingLocations(ctx, tx, sourceID, targetID)
	if err != nil {
		return counts, err
	}
	if len(services) > 0 || len(locations) > 0 {
		err := tx.TaxonomyTerm.UpdateOneID(targetID).AddServiceIDs(services...).AddLocationIDs(locations...).Exec(ctx)
		if err != nil {
			return counts, fmt.Errorf("tag content with taxonomy term %s: %w", targetID, err)
		}
	}
	if err := tx.TaxonomyTerm.UpdateOneID(sourceID).ClearServices().ClearLocations().Exec(ctx); err != nil {
		return counts, fmt.Errorf("untag content from taxonomy term %s: %w", sourceID, err)
	}
	counts.services, counts.locations = len(services), len(locations)

	counts.pages, err = tx.InformationPage.Update().
		Where(informationpage.SectionID(sourceID)).
		SetSectionID(targetID).
		Save(ctx)
	if err != nil {
		return counts, fmt.Errorf("move information pages to section %s: %w", targetID, err)
	}
	counts.children, err = tx.TaxonomyTerm.Update().
		Where(taxonomyterm.ParentID(sourceID)).
		SetParentID(targetID).
		Save(ctx)
	if err != nil {
		return counts, fmt.Errorf("move children of taxonomy term %s: %w", sourceID, err)
	}
	return counts, nil
}

// missingServices returns the services tagged with the source term and not
// with the target term.
func missingServices(ctx context.Context, tx *ent.Client, sourceID, targetID uuid.UUID) ([]uuid.UUID, error) {
	ids, err := tx.Service.Query().
		Where(
			service.HasTaxonomyTermsWith(taxonomyterm.ID(sourceID)),
			service.Not(service.HasTaxonomyTermsWith(taxonomyterm.ID(targetID))),
		).
		IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("list services of taxonomy term %s: %w", sourceID, err)
	}
	return ids, nil
}

// missingLocations returns the locations with the source term as an
// accessibility feature and not the target term.
func missingLocations(ctx context.Context, tx *ent.Client, sourceID, targetID uuid.UUID) ([]uuid.UUID, error) {
	ids, err := tx.Location.Query().
		Where(
			location.HasAccessibilityFeaturesWith(taxonomyterm.ID(sourceID)),
			location.Not(location.HasAccessibilityFeaturesWith(taxonomyterm.ID(targetID))),
		).
		IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("list locations with taxonomy term %s: %w", sourceID, err)
	}
	return ids, nil
}

func sameParent(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// parentRef describes a parent in an audit detail.
func parentRef(id *uuid.UUID) string {
	if id == nil {
		return "the top level"
	}
	return "taxonomy term " + id.String()
}
