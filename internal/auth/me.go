package auth

import (
	"context"
	"fmt"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Me returns the signed-in user, read under the caller's own privacy rules,
// or nil when the caller is not signed in: an anonymous `me` is null, not an
// error.
func Me(ctx context.Context, client *ent.Client) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if !v.SignedIn() {
		return nil, nil
	}
	u, err := client.User.Get(ctx, v.UserID)
	if err != nil {
		return nil, fmt.Errorf("load signed-in user %s: %w", v.UserID, err)
	}
	return u, nil
}

// CommissionedServices returns a page of the services u commissions that
// the caller may read.
func CommissionedServices(ctx context.Context, u *ent.User, page directory.Page) (*ent.ServiceConnection, error) {
	if err := page.Validate(); err != nil {
		return nil, err
	}
	conn, err := u.QueryCommissionedServices().Paginate(ctx, page.After, page.First, page.Before, page.Last)
	if err != nil {
		return nil, fmt.Errorf("list services commissioned by user %s: %w", u.ID, err)
	}
	return conn, nil
}

// CommissionedInformationPages returns a page of the information pages u
// commissions that the caller may read.
func CommissionedInformationPages(ctx context.Context, u *ent.User, page directory.Page) (*ent.InformationPageConnection, error) {
	if err := page.Validate(); err != nil {
		return nil, err
	}
	conn, err := u.QueryCommissionedPages().Paginate(ctx, page.After, page.First, page.Before, page.Last)
	if err != nil {
		return nil, fmt.Errorf("list information pages commissioned by user %s: %w", u.ID, err)
	}
	return conn, nil
}
