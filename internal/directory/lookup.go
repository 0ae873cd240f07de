package directory

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
)

// ServiceBySlug returns the service with the slug if the caller may read it,
// or ErrNotFound with a message that names the slug. Edges selected in the GraphQL request are loaded with it.
func ServiceBySlug(ctx context.Context, client *ent.Client, slug string) (*ent.Service, error) {
	query, err := client.Service.Query().Where(service.Slug(slug)).CollectFields(ctx)
	if err != nil {
		return nil, fmt.Errorf("collect service fields: %w", err)
	}
	found, err := query.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, notFound("no published service with slug %q", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("load service %q: %w", slug, err)
	}
	return found, nil
}

// ServiceURL returns the service's page on the public site, whose base URL
// has no trailing slash.
func ServiceURL(publicURL string, s *ent.Service) string {
	return publicURL + "/services/" + s.Slug
}

// InformationPageURL returns the page's address on the public site, whose
// base URL has no trailing slash.
func InformationPageURL(publicURL string, p *ent.InformationPage) string {
	return publicURL + "/information/" + p.Slug
}

// StreetAddress returns a line of a location's street address, or nil where
// the address is masked, as at a refuge.
func StreetAddress(l *ent.Location, line string) *string {
	if l.MaskAddress || line == "" {
		return nil
	}
	return &line
}

// DefaultRecentUpdates is the length of the "What's new" list when the
// request gives no length.
const DefaultRecentUpdates = 10

// RecentUpdate is one entry of the "What's new" list: a service or an
// information page.
type RecentUpdate struct {
	UpdatedAt       time.Time
	Service         *ent.Service
	InformationPage *ent.InformationPage
}

// RecentlyUpdated returns up to first published services and information
// pages, most recently changed first, changed at or after since when given.
// It runs four statements: each list and the organisations of the services.
//
// NOTE: only the organisation is loaded with each service. Other edges
// selected under recentlyUpdated.service cost one query per entry.
func RecentlyUpdated(ctx context.Context, client *ent.Client, first *int, since *time.Time) ([]RecentUpdate, error) {
	limit := DefaultRecentUpdates
	if first != nil {
		limit = *first
	}
	if limit < 0 || limit > MaxPageSize {
		return nil, &InputError{Field: "first", Message: fmt.Sprintf("must be between 0 and %d", MaxPageSize)}
	}
	if limit == 0 {
		return []RecentUpdate{}, nil
	}

	services := client.Service.Query().
		Where(service.StatusEQ(service.StatusPublished)).
		Order(service.ByUpdatedAt(direction(false)), service.ByID()).
		Limit(limit).
		WithOrganization()
	pages := client.InformationPage.Query().
		Where(informationpage.StatusEQ(informationpage.StatusPublished)).
		Order(informationpage.ByUpdatedAt(direction(false)), informationpage.ByID()).
		Limit(limit)
	if since != nil {
		services.Where(service.UpdatedAtGTE(*since))
		pages.Where(informationpage.UpdatedAtGTE(*since))
	}

	serviceRows, err := services.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list recently updated services: %w", err)
	}
	pageRows, err := pages.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list recently updated information pages: %w", err)
	}

	updates := make([]RecentUpdate, 0, len(serviceRows)+len(pageRows))
	for _, s := range serviceRows {
		updates = append(updates, RecentUpdate{UpdatedAt: s.UpdatedAt, Service: s})
	}
	for _, p := range pageRows {
		updates = append(updates, RecentUpdate{UpdatedAt: p.UpdatedAt, InformationPage: p})
	}
	slices.SortStableFunc(updates, func(a, b RecentUpdate) int { return b.UpdatedAt.Compare(a.UpdatedAt) })
	return updates[:min(limit, len(updates))], nil
}
