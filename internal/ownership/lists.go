package ownership

import (
	"context"
	"fmt"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/ownershipreport"
	"github.com/localoffer/localoffer/ent/providerapplication"
	"github.com/localoffer/localoffer/internal/directory"
)

// ProviderApplications returns a page of the provider applications the
// caller may read, in the given state when one is given: all of them for LO
// officers, the caller's own for anyone else.
func (m *Manager) ProviderApplications(ctx context.Context, state *providerapplication.State, order *ent.ProviderApplicationOrder, page directory.Page) (*ent.ProviderApplicationConnection, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	query := m.client(ctx).ProviderApplication.Query()
	if state != nil {
		query.Where(providerapplication.StateEQ(*state))
	}
	conn, err := query.Paginate(ctx, page.After, page.First, page.Before, page.Last,
		ent.WithProviderApplicationOrder(order))
	if err != nil {
		return nil, fmt.Errorf("list provider applications: %w", err)
	}
	return conn, nil
}

// OwnershipReports returns a page of the ownership reports the caller may
// read, in the given state when one is given: all of them for LO officers,
// the caller's own for anyone else.
func (m *Manager) OwnershipReports(ctx context.Context, state *ownershipreport.State, order *ent.OwnershipReportOrder, page directory.Page) (*ent.OwnershipReportConnection, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	query := m.client(ctx).OwnershipReport.Query()
	if state != nil {
		query.Where(ownershipreport.StateEQ(*state))
	}
	conn, err := query.Paginate(ctx, page.After, page.First, page.Before, page.Last,
		ent.WithOwnershipReportOrder(order))
	if err != nil {
		return nil, fmt.Errorf("list ownership reports: %w", err)
	}
	return conn, nil
}

// LedServices returns a page of the services u leads that the caller may
// read.
//
// NOTE: this and the three functions below run one query per user, which is
// fine for `me` but N+1 for a list of users; a dataloader would fix that.
func LedServices(ctx context.Context, u *ent.User, page directory.Page) (*ent.ServiceConnection, error) {
	if err := page.Validate(); err != nil {
		return nil, err
	}
	conn, err := u.QueryLedServices().Paginate(ctx, page.After, page.First, page.Before, page.Last)
	if err != nil {
		return nil, fmt.Errorf("list services led by user %s: %w", u.ID, err)
	}
	return conn, nil
}

// ManagedServices returns a page of the services u is a content manager of
// that the caller may read.
func ManagedServices(ctx context.Context, u *ent.User, page directory.Page) (*ent.ServiceConnection, error) {
	if err := page.Validate(); err != nil {
		return nil, err
	}
	conn, err := u.QueryManagedServices().Paginate(ctx, page.After, page.First, page.Before, page.Last)
	if err != nil {
		return nil, fmt.Errorf("list services managed by user %s: %w", u.ID, err)
	}
	return conn, nil
}

// LedInformationPages returns a page of the information pages u leads that
// the caller may read.
func LedInformationPages(ctx context.Context, u *ent.User, page directory.Page) (*ent.InformationPageConnection, error) {
	if err := page.Validate(); err != nil {
		return nil, err
	}
	conn, err := u.QueryLedPages().Paginate(ctx, page.After, page.First, page.Before, page.Last)
	if err != nil {
		return nil, fmt.Errorf("list information pages led by user %s: %w", u.ID, err)
	}
	return conn, nil
}

// ManagedInformationPages returns a page of the information pages u is a
// content manager of that the caller may read.
func ManagedInformationPages(ctx context.Context, u *ent.User, page directory.Page) (*ent.InformationPageConnection, error) {
	if err := page.Validate(); err != nil {
		return nil, err
	}
	conn, err := u.QueryManagedPages().Paginate(ctx, page.After, page.First, page.Before, page.Last)
	if err != nil {
		return nil, fmt.Errorf("list information pages managed by user %s: %w", u.ID, err)
	}
	return conn, nil
}
