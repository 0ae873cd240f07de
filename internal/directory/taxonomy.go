package directory

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
)

// termForest is every taxonomy term, linked into trees. Taxonomies hold a
// few hundred terms, so loading them all in one query is cheaper than
// walking a tree level by level.
type termForest struct {
	byID map[uuid.UUID]*ent.TaxonomyTerm
	// children lists each term's children, and roots each taxonomy's
	// top-level terms, in display order.
	children map[uuid.UUID][]*ent.TaxonomyTerm
	roots    map[uuid.UUID][]*ent.TaxonomyTerm
}

func loadTermForest(ctx context.Context, client *ent.Client) (*termForest, error) {
	terms, err := client.TaxonomyTerm.Query().
		Order(taxonomyterm.ByPosition(), taxonomyterm.ByName(), taxonomyterm.ByID()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load taxonomy terms: %w", err)
	}
	forest := &termForest{
		byID:     make(map[uuid.UUID]*ent.TaxonomyTerm, len(terms)),
		children: map[uuid.UUID][]*ent.TaxonomyTerm{},
		roots:    map[uuid.UUID][]*ent.TaxonomyTerm{},
	}
	for _, term := range terms {
		forest.byID[term.ID] = term
	}
	for _, term := range terms {
		if term.ParentID != nil && forest.byID[*term.ParentID] != nil {
			forest.children[*term.ParentID] = append(forest.children[*term.ParentID], term)
		} else {
			forest.roots[term.TaxonomyID] = append(forest.roots[term.TaxonomyID], term)
		}
	}
	return forest, nil
}

// subtree returns id and the ids of all its descendants, or an input error
// on field when there is no such term.
func (t *termForest) subtree(field string, id uuid.UUID) ([]uuid.UUID, error) {
	if _, ok := t.byID[id]; !ok {
		return nil, &InputError{Field: field, Message: fmt.Sprintf("unknown taxonomy term %s", id)}
	}
	ids := []uuid.UUID{id}
	seen := map[uuid.UUID]bool{id: true}
	for i := 0; i < len(ids); i++ {
		for _, child := range t.children[ids[i]] {
			if !seen[child.ID] {
				seen[child.ID] = true
				ids = append(ids, child.ID)
			}
		}
	}
	return ids, nil
}

func taxonomyIDBySlug(ctx context.Context, client *ent.Client, slug string) (uuid.UUID, error) {
	id, err := client.Taxonomy.Query().Where(taxonomy.Slug(slug)).OnlyID(ctx)
	if ent.IsNotFound(err) {
		return uuid.Nil, fmt.Errorf("load taxonomy %s: %w", slug, ErrNotFound)
	}
	if err != nil {
		return uuid.Nil, fmt.Errorf("load taxonomy %s: %w", slug, err)
	}
	return id, nil
}

// requestCache holds what the taxonomy fields of one GraphQL operation share:
// the term forest and the service counts, each loaded at most once.
type requestCache struct {
	mu     sync.Mutex
	forest *termForest
	counts map[uuid.UUID]int
}

type requestCacheKey struct{}

// NewRequestContext returns a copy of ctx with an empty cache for the
// taxonomy fields. Install it once per GraphQL operation, so that a tree of
// terms with their children, parents and service counts costs a fixed number
// of queries however many terms it has.
func NewRequestContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, requestCacheKey{}, &requestCache{})
}

// cacheFrom returns the operation's cache. Without one, each call gets a
// fresh cache, so results stay correct but every field runs its own queries.
func cacheFrom(ctx context.Context) *requestCache {
	if cache, ok := ctx.Value(requestCacheKey{}).(*requestCache); ok {
		return cache
	}
	return &requestCache{}
}

func (c *requestCache) termForest(ctx context.Context, client *ent.Client) (*termForest, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.forest != nil {
		return c.forest, nil
	}
	forest, err := loadTermForest(ctx, client)
	if err != nil {
		return nil, err
	}
	c.forest = forest
	return forest, nil
}

func (c *requestCache) serviceCounts(ctx context.Context, client *ent.Client) (map[uuid.UUID]int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts != nil {
		return c.counts, nil
	}
	counts, err := countServicesByTerm(ctx, client)
	if err != nil {
		return nil, err
	}
	c.counts = counts
	return counts, nil
}

// Taxonomies returns every taxonomy in display order.
func Taxonomies(ctx context.Context, client *ent.Client) ([]*ent.Taxonomy, error) {
	taxonomies, err := client.Taxonomy.Query().
		Order(taxonomy.ByPosition(), taxonomy.ByName(), taxonomy.ByID()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list taxonomies: %w", err)
	}
	return taxonomies, nil
}

// TaxonomyBySlug returns the taxonomy with the slug, or ErrNotFound with a
// message that names the slug.
func TaxonomyBySlug(ctx context.Context, client *ent.Client, slug string) (*ent.Taxonomy, error) {
	found, err := client.Taxonomy.Query().Where(taxonomy.Slug(slug)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, notFound("no taxonomy with slug %q", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("load taxonomy %s: %w", slug, err)
	}
	return found, nil
}

// TopLevelTerms returns the terms of a taxonomy that have no parent, in
// display order.
func TopLevelTerms(ctx context.Context, client *ent.Client, t *ent.Taxonomy) ([]*ent.TaxonomyTerm, error) {
	forest, err := cacheFrom(ctx).termForest(ctx, client)
	if err != nil {
		return nil, err
	}
	return nonNil(forest.roots[t.ID]), nil
}

// ChildTerms returns the children of a term, in display order.
func ChildTerms(ctx context.Context, client *ent.Client, term *ent.TaxonomyTerm) ([]*ent.TaxonomyTerm, error) {
	forest, err := cacheFrom(ctx).termForest(ctx, client)
	if err != nil {
		return nil, err
	}
	return nonNil(forest.children[term.ID]), nil
}

// ParentTerm returns the parent of a term, or nil for a top-level term.
func ParentTerm(ctx context.Context, client *ent.Client, term *ent.TaxonomyTerm) (*ent.TaxonomyTerm, error) {
	if term.ParentID == nil {
		return nil, nil
	}
	forest, err := cacheFrom(ctx).termForest(ctx, client)
	if err != nil {
		return nil, err
	}
	return forest.byID[*term.ParentID], nil
}

// ServiceCount returns how many published services are tagged with the term
// or any of its descendants, each service counted once. A service counts for
// an accessibility feature when one of its locations has the feature.
func ServiceCount(ctx context.Context, client *ent.Client, term *ent.TaxonomyTerm) (int, error) {
	counts, err := cacheFrom(ctx).serviceCounts(ctx, client)
	if err != nil {
		return 0, err
	}
	return counts[term.ID], nil
}

// countServicesQuery counts, for every term, the published services tagged
// with it or a descendant, either directly or, for accessibility features,
// through one of their locations. The recursive part pairs each term with
// itself and each of its ancestors; UNION rather than UNION ALL ends the
// recursion even if bad data made a cycle. The status is written out because
// the count is of published services for every caller, as the public sees
// them.
const countServicesQuery = `WITH RECURSIVE ancestry (term_id, ancestor_id) AS (
	SELECT id, id FROM taxonomy_terms
	UNION
	SELECT ancestry.term_id, taxonomy_terms.parent_id
	FROM ancestry JOIN taxonomy_terms ON taxonomy_terms.id = ancestry.ancestor_id
	WHERE taxonomy_terms.parent_id IS NOT NULL
),
tagged (service_id, term_id) AS (
	SELECT service_id, taxonomy_term_id FROM service_taxonomy_terms
	UNION
	SELECT service_locations.service_id, location_accessibility_features.taxonomy_term_id
	FROM service_locations
	JOIN location_accessibility_features ON location_accessibility_features.location_id = service_locations.location_id
)
SELECT ancestry.ancestor_id, COUNT(DISTINCT tagged.service_id)
FROM tagged
JOIN ancestry ON ancestry.term_id = tagged.term_id
JOIN services ON services.id = tagged.service_id
WHERE services.status = 'PUBLISHED'
GROUP BY ancestry.ancestor_id`

func countServicesByTerm(ctx context.Context, client *ent.Client) (map[uuid.UUID]int, error) {
	rows, err := client.QueryContext(ctx, countServicesQuery)
	if err != nil {
		return nil, fmt.Errorf("count services by taxonomy term: %w", err)
	}
	defer rows.Close()
	counts := map[uuid.UUID]int{}
	for rows.Next() {
		var (
			id    uuid.UUID
			count int
		)
		if err := rows.Scan(&id, &count); err != nil {
			return nil, fmt.Errorf("count services by taxonomy term: %w", err)
		}
		counts[id] = count
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count services by taxonomy term: %w", err)
	}
	return counts, nil
}

func nonNil(terms []*ent.TaxonomyTerm) []*ent.TaxonomyTerm {
	if terms == nil {
		return []*ent.TaxonomyTerm{}
	}
	return terms
}
