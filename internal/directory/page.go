package directory

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
)

// Page sizes of every connection: the default when neither first nor last is
// given, and the most one request may ask for.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Page holds the Relay pagination arguments of a connection.
type Page struct {
	After  *entgql.Cursor[uuid.UUID]
	First  *int
	Before *entgql.Cursor[uuid.UUID]
	Last   *int
}

// Validate checks the page sizes and fills in the default size: entgql adds no
// LIMIT when neither first nor last is given.
func (p *Page) Validate() error {
	switch {
	case p.First != nil && p.Last != nil:
		return &InputError{Field: "first", Message: "give first or last, not both"}
	case p.First != nil && (*p.First < 0 || *p.First > MaxPageSize):
		return &InputError{Field: "first", Message: fmt.Sprintf("must be between 0 and %d", MaxPageSize)}
	case p.Last != nil && (*p.Last < 0 || *p.Last > MaxPageSize):
		return &InputError{Field: "last", Message: fmt.Sprintf("must be between 0 and %d", MaxPageSize)}
	case p.First == nil && p.Last == nil:
		size := DefaultPageSize
		if p.Before != nil {
			p.Last = &size
		} else {
			p.First = &size
		}
	}
	return nil
}

// Organizations returns a page of the organisations the caller may read.
func Organizations(ctx context.Context, client *ent.Client, page Page, orderBy *ent.OrganizationOrder) (*ent.OrganizationConnection, error) {
	if err := page.Validate(); err != nil {
		return nil, err
	}
	conn, err := client.Organization.Query().
		Paginate(ctx, page.After, page.First, page.Before, page.Last, ent.WithOrganizationOrder(orderBy))
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	return conn, nil
}
