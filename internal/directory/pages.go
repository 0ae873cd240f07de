package directory

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
)

// SectionsTaxonomy is the slug of the taxonomy of Local Offer sections, whose
// terms the section filter of information pages takes.
const SectionsTaxonomy = "local-offer-sections"

// InformationPageOrderField is a field that a list of information pages can
// be ordered by.
type InformationPageOrderField string

// The orders of a list of information pages. Relevance needs a search and
// pages forward only.
const (
	InformationPageOrderRelevance InformationPageOrderField = "RELEVANCE"
	InformationPageOrderTitle     InformationPageOrderField = "TITLE"
	InformationPageOrderUpdatedAt InformationPageOrderField = "UPDATED_AT"
)

// InformationPageOrder is the order of a list of pages. A nil Direction
// means best match and A to Z first, and the most recently changed first.
type InformationPageOrder struct {
	Field     InformationPageOrderField
	Direction *ent.OrderDirection
}

// InformationPageFilter narrows a list of pages. Every field set must hold.
type InformationPageFilter struct {
	Topic *informationpage.Topic
	// Section is a Local Offer section term. It matches pages in that
	// section only, not in its sub-sections.
	Section  *uuid.UUID
	Audience *schematype.Audience
}

// InformationPageSearch is one request for a page of information pages.
type InformationPageSearch struct {
	// Search is free text over title, summary and body, cleaned and expanded
	// like a service search.
	Search *string
	Filter InformationPageFilter
	// Order nil means relevance with a search and title otherwise.
	Order *InformationPageOrder
	Page  Page
}

// InformationPages returns a page of the information pages the caller may
// read that match the search and filter, in a fixed number of statements.
func InformationPages(ctx context.Context, client *ent.Client, req InformationPageSearch) (*ent.InformationPageConnection, error) {
	query, err := searchFor(ctx, client, req.Search)
	if err != nil {
		return nil, err
	}
	field, ascending, err := informationPageOrder(req, query)
	if err != nil {
		return nil, err
	}
	if err := req.Page.Validate(); err != nil {
		return nil, err
	}
	predicates, err := informationPagePredicates(ctx, client, req.Filter)
	if err != nil {
		return nil, err
	}
	if !query.empty() {
		predicates = append(predicates, joinSearch(informationPageSearchTable, query))
	}

	seek, keyset := informationPageSeekOrder(field, ascending)
	var plan seekPlan
	if keyset {
		if plan, err = seek.plan(req.Page); err != nil {
			return nil, err
		}
	}
	total, err := client.InformationPage.Query().Where(predicates...).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("count information pages: %w", err)
	}
	if keyset {
		return informationPageSeekPage(ctx, client, predicates, plan, total)
	}

	tag := informationPageCursorTag(field)
	win, err := req.Page.window(total, tag)
	if err != nil {
		return nil, err
	}
	nodes, err := informationPagePage(ctx, client, predicates, informationPageRankOrder(ascending), win)
	if err != nil {
		return nil, err
	}
	return informationPageConnection(nodes, win, tag), nil
}

// informationPageCursorTag names the informationPages connection in an order
// in its cursors.
func informationPageCursorTag(field InformationPageOrderField) string {
	return "informationPages:" + string(field)
}

// informationPageSeekOrder returns the keyset order of an order field, or
// false for relevance, which pages by offset.
func informationPageSeekOrder(field InformationPageOrderField, ascending bool) (seekOrder, bool) {
	switch field {
	case InformationPageOrderTitle:
		return textOrder(informationPageCursorTag(field), informationpage.FieldTitle, ascending), true
	case InformationPageOrderUpdatedAt:
		return timeOrder(informationPageCursorTag(field), informationpage.FieldUpdatedAt, ascending), true
	}
	return seekOrder{}, false
}

// informationPageSeekPage loads a keyset page, with the edges selected under
// edges.node.
func informationPageSeekPage(ctx context.Context, client *ent.Client, predicates []predicate.InformationPage, plan seekPlan, total int) (*ent.InformationPageConnection, error) {
	src := seekSource[*ent.InformationPage]{
		list: func(where, order []func(*sql.Selector), limit int) ([]*ent.InformationPage, error) {
			query := client.InformationPage.Query().Where(predicates...).Limit(limit)
			for _, o := range order {
				query.Order(o)
			}
			for _, w := range where {
				query.Where(w)
			}
			query, err := query.CollectConnectionNodes(ctx)
			if err != nil {
				return nil, fmt.Errorf("collect information page fields: %w", err)
			}
			nodes, err := query.All(ctx)
			if err != nil {
				return nil, fmt.Errorf("list information pages: %w", err)
			}
			return nodes, nil
		},
		exists: func(where func(*sql.Selector)) (bool, error) {
			found, err := client.InformationPage.Query().Where(predicates...).Where(where).Exist(ctx)
			if err != nil {
				return false, fmt.Errorf("look for information pages beyond the cursor: %w", err)
			}
			return found, nil
		},
		row: func(p *ent.InformationPage) (uuid.UUID, ent.Value, error) {
			value, err := p.Value(cursorKeyColumn)
			return p.ID, value, err
		},
	}
	page, err := seekRows(src, plan)
	if err != nil {
		return nil, err
	}
	conn := &ent.InformationPageConnection{TotalCount: total, PageInfo: page.pageInfo, Edges: make([]*ent.InformationPageEdge, len(page.nodes))}
	for i, node := range page.nodes {
		conn.Edges[i] = &ent.InformationPageEdge{Node: node, Cursor: page.cursors[i]}
	}
	return conn, nil
}

func informationPageOrder(req InformationPageSearch, query searchQuery) (InformationPageOrderField, bool, error) {
	field := InformationPageOrderTitle
	switch {
	case req.Order != nil:
		field = req.Order.Field
	case !query.empty():
		field = InformationPageOrderRelevance
	}

	switch field {
	case InformationPageOrderRelevance:
		if req.Search == nil {
			return "", false, &InputError{Field: "orderBy", Message: "RELEVANCE needs a search"}
		}
		if query.empty() {
			field = InformationPageOrderTitle
			break
		}
		if err := req.Page.forwardOnly("relevance"); err != nil {
			return "", false, err
		}
	case InformationPageOrderTitle, InformationPageOrderUpdatedAt:
	default:
		return "", false, &InputError{Field: "orderBy.field", Message: fmt.Sprintf("unknown order %q", field)}
	}

	ascending := field == InformationPageOrderTitle
	if req.Order != nil && req.Order.Direction != nil {
		ascending = *req.Order.Direction == entgql.OrderDirectionAsc
	}
	return field, ascending, nil
}

func informationPagePredicates(ctx context.Context, client *ent.Client, f InformationPageFilter) ([]predicate.InformationPage, error) {
	var predicates []predicate.InformationPage
	if f.Topic != nil {
		if err := informationpage.TopicValidator(*f.Topic); err != nil {
			return nil, &InputError{Field: "where.topic", Message: fmt.Sprintf("unknown topic %q", *f.Topic)}
		}
		predicates = append(predicates, informationpage.TopicEQ(*f.Topic))
	}
	if f.Section != nil {
		exists, err := client.TaxonomyTerm.Query().
			Where(taxonomyterm.ID(*f.Section), taxonomyterm.HasTaxonomyWith(taxonomy.Slug(SectionsTaxonomy))).
			Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("look up section %s: %w", *f.Section, err)
		}
		if !exists {
			return nil, &InputError{Field: "where.section", Message: fmt.Sprintf("%s is not a term of the %s taxonomy", *f.Section, SectionsTaxonomy)}
		}
		predicates = append(predicates, informationpage.SectionID(*f.Section))
	}
	if f.Audience != nil {
		if err := validAudience(*f.Audience); err != nil {
			return nil, err
		}
		predicates = append(predicates, audienceContains(*f.Audience))
	}
	return predicates, nil
}

// informationPageRankOrder returns the ORDER BY terms of relevance order:
// rank, then title and id so that equal rows keep one order from page to
// page.
func informationPageRankOrder(ascending bool) []informationpage.OrderOption {
	return []informationpage.OrderOption{
		orderByRank(ascending),
		orderByLower(informationpage.FieldTitle, true),
		informationpage.ByID(),
	}
}

func informationPagePage(ctx context.Context, client *ent.Client, predicates []predicate.InformationPage, order []informationpage.OrderOption, win window) ([]*ent.InformationPage, error) {
	if win.limit == 0 {
		return nil, nil
	}
	query, err := client.InformationPage.Query().
		Where(predicates...).
		Order(order...).
		Offset(win.offset).
		Limit(win.limit).
		CollectConnectionNodes(ctx)
	if err != nil {
		return nil, fmt.Errorf("collect information page fields: %w", err)
	}
	nodes, err := query.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list information pages: %w", err)
	}
	return nodes, nil
}

func informationPageConnection(nodes []*ent.InformationPage, win window, tag string) *ent.InformationPageConnection {
	conn := &ent.InformationPageConnection{TotalCount: win.total, Edges: make([]*ent.InformationPageEdge, len(nodes))}
	for i, node := range nodes {
		conn.Edges[i] = &ent.InformationPageEdge{Node: node, Cursor: positionCursor(tag, node.ID, win.offset+i)}
	}
	win.limit = len(nodes)
	var firstID, lastID uuid.UUID
	if len(nodes) > 0 {
		firstID, lastID = nodes[0].ID, nodes[len(nodes)-1].ID
	}
	conn.PageInfo = win.pageInfo(tag, firstID, lastID)
	return conn
}

// InformationPageBySlug returns the page with the slug if the caller may read
// it, or ErrNotFound with a message that names the slug. Edges selected in the GraphQL request are loaded with
// it.
func InformationPageBySlug(ctx context.Context, client *ent.Client, slug string) (*ent.InformationPage, error) {
	query, err := client.InformationPage.Query().Where(informationpage.Slug(slug)).CollectFields(ctx)
	if err != nil {
		return nil, fmt.Errorf("collect information page fields: %w", err)
	}
	page, err := query.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, notFound("no published information page with slug %q", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("load information page %q: %w", slug, err)
	}
	return page, nil
}
