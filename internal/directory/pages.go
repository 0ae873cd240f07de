package directory

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
)

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

	total, err := client.InformationPage.Query().Where(predicates...).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("count information pages: %w", err)
	}
	win, err := req.Page.window(total)
	if err != nil {
		return nil, err
	}
	nodes, err := informationPagePage(ctx, client, predicates, informationPageOrdering(field, ascending), win)
	if err != nil {
		return nil, err
	}
	return informationPageConnection(nodes, win), nil
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
		exists, err := client.TaxonomyTerm.Query().Where(taxonomyterm.ID(*f.Section)).Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("look up section %s: %w", *f.Section, err)
		}
		if !exists {
			return nil, &InputError{Field: "where.section", Message: fmt.Sprintf("unknown taxonomy term %s", *f.Section)}
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

func informationPageOrdering(field InformationPageOrderField, ascending bool) []informationpage.OrderOption {
	var options []informationpage.OrderOption
	switch field {
	case InformationPageOrderRelevance:
		options = append(options, orderByRank(ascending))
	case InformationPageOrderUpdatedAt:
		options = append(options, informationpage.ByUpdatedAt(direction(ascending)))
	}
	titleAscending := ascending || field != InformationPageOrderTitle
	options = append(options, orderByLower(informationpage.FieldTitle, titleAscending))
	return append(options, informationpage.ByID())
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

func informationPageConnection(nodes []*ent.InformationPage, win window) *ent.InformationPageConnection {
	conn := &ent.InformationPageConnection{TotalCount: win.total, Edges: make([]*ent.InformationPageEdge, len(nodes))}
	for i, node := range nodes {
		conn.Edges[i] = &ent.InformationPageEdge{Node: node, Cursor: positionCursor(node.ID, win.offset+i)}
	}
	win.limit = len(nodes)
	var firstID, lastID uuid.UUID
	if len(nodes) > 0 {
		firstID, lastID = nodes[0].ID, nodes[len(nodes)-1].ID
	}
	conn.PageInfo = win.pageInfo(firstID, lastID)
	return conn
}

// InformationPageBySlug returns the page with the slug if the caller may read
// it, or ErrNotFound. Edges selected in the GraphQL request are loaded with
// it.
func InformationPageBySlug(ctx context.Context, client *ent.Client, slug string) (*ent.InformationPage, error) {
	query, err := client.InformationPage.Query().Where(informationpage.Slug(slug)).CollectFields(ctx)
	if err != nil {
		return nil, fmt.Errorf("collect information page fields: %w", err)
	}
	page, err := query.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("load information page %q: %w", slug, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load information page %q: %w", slug, err)
	}
	return page, nil
}
