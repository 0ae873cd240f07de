package directory

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/service"
)

// ServiceOrderField is a field that a list of services can be ordered by.
type ServiceOrderField string

// The orders of a list of services. Relevance needs a search and distance a
// near filter; both page forward only.
const (
	ServiceOrderRelevance ServiceOrderField = "RELEVANCE"
	ServiceOrderName      ServiceOrderField = "NAME"
	ServiceOrderUpdatedAt ServiceOrderField = "UPDATED_AT"
	ServiceOrderDistance  ServiceOrderField = "DISTANCE"
)

// ServiceOrder is the order of a list of services. A nil Direction means the
// field's natural direction: best match, nearest and A to Z first, and the
// most recently changed first.
type ServiceOrder struct {
	Field     ServiceOrderField
	Direction *ent.OrderDirection
}

// ServiceSearch is one request for a page of services.
type ServiceSearch struct {
	// Search is free text, and nil means no search. A search with no words left
	// after cleaning (only stop words or punctuation) lists every service.
	Search *string
	Filter ServiceFilter
	// Order nil means relevance with a search, distance with a near filter,
	// and name otherwise.
	Order *ServiceOrder
	Page  Page
}

// Services returns a page of the services the caller may read that match the
// search and filter. It runs a fixed number of SQL statements whatever the
// page size: the synonyms, the lookups the filter needs, a count, the page
// and one per edge selected under edges.node. A keyset page with a cursor
// runs one more per cursor, to learn whether rows lie beyond it.
func Services(ctx context.Context, client *ent.Client, req ServiceSearch) (*ent.ServiceConnection, error) {
	query, err := searchFor(ctx, client, req.Search)
	if err != nil {
		return nil, err
	}
	field, ascending, err := serviceOrder(req, query)
	if err != nil {
		return nil, err
	}
	if err := req.Page.Validate(); err != nil {
		return nil, err
	}
	predicates, err := servicePredicates(ctx, client, req.Filter)
	if err != nil {
		return nil, err
	}
	if !query.empty() {
		predicates = append(predicates, joinSearch(serviceSearchTable, query))
	}

	seek, keyset := serviceSeekOrder(field, ascending)
	var plan seekPlan
	if keyset {
		if plan, err = seek.plan(req.Page); err != nil {
			return nil, err
		}
	}
	total, err := client.Service.Query().Where(predicates...).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("count services: %w", err)
	}
	if keyset {
		return serviceSeekPage(ctx, client, predicates, plan, req.Filter.Near, total)
	}

	tag := serviceCursorTag(field)
	win, err := req.Page.window(total, tag)
	if err != nil {
		return nil, err
	}
	nodes, err := servicePage(ctx, client, predicates, serviceOrdering(field, ascending, req.Filter.Near), win)
	if err != nil {
		return nil, err
	}
	return serviceConnection(nodes, win, tag), nil
}

// serviceCursorTag names the services connection in an order in its cursors.
func serviceCursorTag(field ServiceOrderField) string {
	return "services:" + string(field)
}

// serviceSeekOrder returns the keyset order of an order field, or false for
// the orders that page by offset (relevance and distance).
func serviceSeekOrder(field ServiceOrderField, ascending bool) (seekOrder, bool) {
	switch field {
	case ServiceOrderName:
		return textOrder(serviceCursorTag(field), service.FieldName, ascending), true
	case ServiceOrderUpdatedAt:
		return timeOrder(serviceCursorTag(field), service.FieldUpdatedAt, ascending), true
	}
	return seekOrder{}, false
}

// serviceSeekPage loads a keyset page, with the edges selected under
// edges.node. With a near filter it also selects each service's distance,
// which distanceKm returns.
func serviceSeekPage(ctx context.Context, client *ent.Client, predicates []predicate.Service, plan seekPlan, near *Near, total int) (*ent.ServiceConnection, error) {
	src := seekSource[*ent.Service]{
		list: func(where, order []func(*sql.Selector), limit int) ([]*ent.Service, error) {
			var options []service.OrderOption
			if near != nil {
				options = append(options, selectDistance())
			}
			for _, o := range order {
				options = append(options, o)
			}
			query := client.Service.Query().Where(predicates...).Order(options...).Limit(limit)
			for _, w := range where {
				query.Where(w)
			}
			query, err := query.CollectConnectionNodes(ctx)
			if err != nil {
				return nil, fmt.Errorf("collect service fields: %w", err)
			}
			nodes, err := query.All(ctx)
			if err != nil {
				return nil, fmt.Errorf("list services: %w", err)
			}
			return nodes, nil
		},
		exists: func(where func(*sql.Selector)) (bool, error) {
			found, err := client.Service.Query().Where(predicates...).Where(where).Exist(ctx)
			if err != nil {
				return false, fmt.Errorf("look for services beyond the cursor: %w", err)
			}
			return found, nil
		},
		row: func(s *ent.Service) (uuid.UUID, ent.Value, error) {
			value, err := s.Value(cursorKeyColumn)
			return s.ID, value, err
		},
	}
	page, err := seekRows(src, plan)
	if err != nil {
		return nil, err
	}
	conn := &ent.ServiceConnection{TotalCount: total, PageInfo: page.pageInfo, Edges: make([]*ent.ServiceEdge, len(page.nodes))}
	for i, node := range page.nodes {
		conn.Edges[i] = &ent.ServiceEdge{Node: node, Cursor: page.cursors[i]}
	}
	return conn, nil
}

// searchFor cleans and expands a search. Nil or a search of stop words only
// gives an empty query.
func searchFor(ctx context.Context, client *ent.Client, search *string) (searchQuery, error) {
	if search == nil || strings.TrimSpace(*search) == "" {
		return searchQuery{}, nil
	}
	synonyms, err := loadSynonyms(ctx, client)
	if err != nil {
		return searchQuery{}, err
	}
	return parseSearch(*search, synonyms)
}

// serviceOrder works out the order field and direction of a request and
// checks that the order fits the request.
func serviceOrder(req ServiceSearch, query searchQuery) (ServiceOrderField, bool, error) {
	field := ServiceOrderName
	switch {
	case req.Order != nil:
		field = req.Order.Field
	case !query.empty():
		field = ServiceOrderRelevance
	case req.Filter.Near != nil:
		field = ServiceOrderDistance
	}

	switch field {
	case ServiceOrderRelevance:
		if req.Search == nil {
			return "", false, &InputError{Field: "orderBy", Message: "RELEVANCE needs a search"}
		}
		if query.empty() {
			// A search of stop words alone lists everything, so name order
			// replaces relevance.
			field = ServiceOrderName
			break
		}
		if err := req.Page.forwardOnly("relevance"); err != nil {
			return "", false, err
		}
	case ServiceOrderDistance:
		if req.Filter.Near == nil {
			return "", false, &InputError{Field: "orderBy", Message: "DISTANCE needs where.near"}
		}
		if err := req.Page.forwardOnly("distance"); err != nil {
			return "", false, err
		}
	case ServiceOrderName, ServiceOrderUpdatedAt:
	default:
		return "", false, &InputError{Field: "orderBy.field", Message: fmt.Sprintf("unknown order %q", field)}
	}

	// Name and distance read naturally ascending (A to Z, nearest first);
	// relevance and time descending (best match, newest first).
	ascending := field == ServiceOrderName || field == ServiceOrderDistance
	if req.Order != nil && req.Order.Direction != nil {
		ascending = *req.Order.Direction == entgql.OrderDirectionAsc
	}
	return field, ascending, nil
}

// serviceOrdering returns the ORDER BY terms of an offset order (relevance
// or distance): the order's own, then name and id so that equal rows keep
// one order from page to page. With a near filter it also selects the
// distance, whatever the order, so that distanceKm can be answered for the
// page.
func serviceOrdering(field ServiceOrderField, ascending bool, near *Near) []service.OrderOption {
	var options []service.OrderOption
	if near != nil {
		options = append(options, selectDistance())
	}
	switch field {
	case ServiceOrderRelevance:
		options = append(options, orderByRank(ascending))
	case ServiceOrderDistance:
		options = append(options, orderByDistance(ascending))
	}
	return append(options, orderByLower(service.FieldName, true), service.ByID())
}

// servicePage loads the rows of the window, with the edges the GraphQL
// selection asks for under edges.node.
func servicePage(ctx context.Context, client *ent.Client, predicates []predicate.Service, order []service.OrderOption, win window) ([]*ent.Service, error) {
	if win.limit == 0 {
		return nil, nil
	}
	query, err := client.Service.Query().
		Where(predicates...).
		Order(order...).
		Offset(win.offset).
		Limit(win.limit).
		CollectConnectionNodes(ctx)
	if err != nil {
		return nil, fmt.Errorf("collect service fields: %w", err)
	}
	nodes, err := query.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	return nodes, nil
}

func serviceConnection(nodes []*ent.Service, win window, tag string) *ent.ServiceConnection {
	conn := &ent.ServiceConnection{TotalCount: win.total, Edges: make([]*ent.ServiceEdge, len(nodes))}
	for i, node := range nodes {
		conn.Edges[i] = &ent.ServiceEdge{Node: node, Cursor: positionCursor(tag, node.ID, win.offset+i)}
	}
	win.limit = len(nodes)
	var firstID, lastID uuid.UUID
	if len(nodes) > 0 {
		firstID, lastID = nodes[0].ID, nodes[len(nodes)-1].ID
	}
	conn.PageInfo = win.pageInfo(tag, firstID, lastID)
	return conn
}

func direction(ascending bool) sql.OrderTermOption {
	if ascending {
		return sql.OrderAsc()
	}
	return sql.OrderDesc()
}

// orderByLower orders by a text column without regard to case, so that
// "autism outreach" sorts beside "Autism Outreach".
func orderByLower(column string, ascending bool) func(*sql.Selector) {
	return func(s *sql.Selector) {
		expr := "LOWER(" + s.C(column) + ")"
		if ascending {
			s.OrderExpr(sql.Expr(expr + " ASC"))
		} else {
			s.OrderExpr(sql.Expr(expr + " DESC"))
		}
	}
}
