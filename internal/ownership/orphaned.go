package ownership

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/directory"
)

// OrphanReason is why content has no responsible lead.
type OrphanReason string

const (
	OrphanNoLead       OrphanReason = "NO_LEAD"
	OrphanLeadDisabled OrphanReason = "LEAD_DISABLED"
	OrphanLeadDeclined OrphanReason = "LEAD_DECLINED"
)

// MarshalGQL writes the reason as a GraphQL enum value.
func (r OrphanReason) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(r)))
}

// UnmarshalGQL reads the reason from a GraphQL enum value.
func (r *OrphanReason) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("orphan reason must be a string, got %T", v)
	}
	switch OrphanReason(s) {
	case OrphanNoLead, OrphanLeadDisabled, OrphanLeadDeclined:
		*r = OrphanReason(s)
		return nil
	}
	return fmt.Errorf("%q is not an orphan reason", s)
}

// OrphanedContent is a service or an information page without a responsible
// lead. Exactly one of Service and InformationPage is set.
type OrphanedContent struct {
	Service         *ent.Service
	InformationPage *ent.InformationPage
	Reason          OrphanReason
}

// OrphanedContentEdge is one item of an OrphanedContentConnection.
type OrphanedContentEdge struct {
	Node   *OrphanedContent
	Cursor entgql.Cursor[uuid.UUID]
}

// OrphanedContentConnection is a page of orphaned content. Services and
// information pages are listed together in the order of their ids, which are
// UUID version 7 and so sort by creation time. The cursor is the id.
type OrphanedContentConnection struct {
	Edges      []*OrphanedContentEdge
	PageInfo   ent.PageInfo
	TotalCount int
}

// Orphaned returns a page of the services and information pages that have no
// lead, or whose lead's account is disabled or declined, leaving out archived
// content. Only LO officers may list it. It pages forward only.
func (m *Manager) Orphaned(ctx context.Context, after *entgql.Cursor[uuid.UUID], first *int) (*OrphanedContentConnection, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	for _, typ := range []string{authz.TypeService, authz.TypeInformationPage} {
		if !m.allowed(v, typ, authz.ActionTransfer, authz.RelationNone) {
			return nil, fmt.Errorf("only LO officers may list orphaned content: %w", apperr.ErrForbidden)
		}
	}
	page := directory.Page{After: after, First: first}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	size := *page.First

	services, pages := m.orphanedQueries(ctx)
	total, err := countBoth(ctx, services, pages)
	if err != nil {
		return nil, err
	}
	if after != nil {
		services.Where(service.IDGT(after.ID))
		pages.Where(informationpage.IDGT(after.ID))
	}
	// Each query fetches one row more than the page, so that the merged list
	// shows whether a next page exists.
	serviceRows, err := services.WithLead().Order(ent.Asc(service.FieldID)).Limit(size + 1).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list orphaned services: %w", err)
	}
	pageRows, err := pages.WithLead().Order(ent.Asc(informationpage.FieldID)).Limit(size + 1).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list orphaned information pages: %w", err)
	}
	return orphanedPage(serviceRows, pageRows, size, after != nil, total), nil
}

// orphanedQueries returns the queries of orphaned services and information
// pages, read through the privacy rules. The lead is eager-loaded through
// them too, which lets an LO officer see every account.
func (m *Manager) orphanedQueries(ctx context.Context) (*ent.ServiceQuery, *ent.InformationPageQuery) {
	client := m.client(ctx)
	inactive := []user.Status{user.StatusDisabled, user.StatusDeclined}
	services := client.Service.Query().Where(
		service.StatusNEQ(service.StatusArchived),
		service.Or(service.LeadIDIsNil(), service.HasLeadWith(user.StatusIn(inactive...))),
	)
	pages := client.InformationPage.Query().Where(
		informationpage.StatusNEQ(informationpage.StatusArchived),
		informationpage.Or(informationpage.LeadIDIsNil(), informationpage.HasLeadWith(user.StatusIn(inactive...))),
	)
	return services, pages
}

func countBoth(ctx context.Context, services *ent.ServiceQuery, pages *ent.InformationPageQuery) (int, error) {
	serviceCount, err := services.Clone().Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count orphaned services: %w", err)
	}
	pageCount, err := pages.Clone().Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count orphaned information pages: %w", err)
	}
	return serviceCount + pageCount, nil
}

// orphanedPage merges two id-ordered lists into one page of at most size
// items.
func orphanedPage(services []*ent.Service, pages []*ent.InformationPage, size int, hasPrevious bool, total int) *OrphanedContentConnection {
	conn := &OrphanedContentConnection{Edges: []*OrphanedContentEdge{}, TotalCount: total}
	i, j := 0, 0
	for len(conn.Edges) < size && (i < len(services) || j < len(pages)) {
		var node *OrphanedContent
		var id uuid.UUID
		if j >= len(pages) || (i < len(services) && bytes.Compare(services[i].ID[:], pages[j].ID[:]) < 0) {
			s := services[i]
			node, id = &OrphanedContent{Service: s, Reason: orphanReason(s.Edges.Lead)}, s.ID
			i++
		} else {
			p := pages[j]
			node, id = &OrphanedContent{InformationPage: p, Reason: orphanReason(p.Edges.Lead)}, p.ID
			j++
		}
		conn.Edges = append(conn.Edges, &OrphanedContentEdge{Node: node, Cursor: entgql.Cursor[uuid.UUID]{ID: id}})
	}

	conn.PageInfo.HasNextPage = i < len(services) || j < len(pages)
	conn.PageInfo.HasPreviousPage = hasPrevious
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[n-1].Cursor
	}
	return conn
}

func orphanReason(lead *ent.User) OrphanReason {
	switch {
	case lead == nil:
		return OrphanNoLead
	case lead.Status == user.StatusDeclined:
		return OrphanLeadDeclined
	default:
		return OrphanLeadDisabled
	}
}
