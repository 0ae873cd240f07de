package audit

import (
	"context"
	"fmt"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/authz/entrule"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Filter narrows the audit log; every field given must match.
type Filter struct {
	Action     *string
	ActorID    *uuid.UUID
	ObjectType *string
	ObjectID   *uuid.UUID
	// Since and Until bound created_at: Since <= created_at < Until.
	Since *time.Time
	Until *time.Time
}

// List returns a page of audit events, newest first, for callers whose role
// may read the whole audit log (LO admins).
func List(ctx context.Context, client *ent.Client, filter Filter, page directory.Page) (*ent.AuditEventConnection, error) {
	if err := checkRead(ctx); err != nil {
		return nil, err
	}
	if filter.Since != nil && filter.Until != nil && !filter.Since.Before(*filter.Until) {
		return nil, apperr.Input("where.until", "must be later than where.since")
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}

	order := &ent.AuditEventOrder{Direction: entgql.OrderDirectionDesc, Field: ent.AuditEventOrderFieldCreatedAt}
	conn, err := client.AuditEvent.Query().
		Where(filter.predicates()...).
		Paginate(ctx, page.After, page.First, page.Before, page.Last, ent.WithAuditEventOrder(order))
	if err != nil {
		return nil, fmt.Errorf("list audit events: %w", err)
	}
	return conn, nil
}

func (f Filter) predicates() []predicate.AuditEvent {
	var where []predicate.AuditEvent
	if f.Action != nil {
		where = append(where, auditevent.Action(*f.Action))
	}
	if f.ActorID != nil {
		where = append(where, auditevent.ActorID(*f.ActorID))
	}
	if f.ObjectType != nil {
		where = append(where, auditevent.ObjectType(*f.ObjectType))
	}
	if f.ObjectID != nil {
		where = append(where, auditevent.ObjectID(*f.ObjectID))
	}
	if f.Since != nil {
		where = append(where, auditevent.CreatedAtGTE(f.Since.UTC()))
	}
	if f.Until != nil {
		where = append(where, auditevent.CreatedAtLT(f.Until.UTC()))
	}
	return where
}

// checkRead returns ErrUnauthenticated for a caller without credentials and
// ErrForbidden for one whose role may not read the audit log. The privacy
// rule on AuditEvent filters the rows as well.
func checkRead(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	if v.System {
		return nil
	}
	a, err := entrule.Authorizer(ctx)
	if err != nil {
		return fmt.Errorf("load policy: %w", err)
	}
	if a.Allowed(v.PolicyRole(), authz.TypeAuditEvent, authz.ActionRead) {
		return nil
	}
	if !v.SignedIn() && v.APIKeyID == uuid.Nil {
		return fmt.Errorf("read the audit log: %w", apperr.ErrUnauthenticated)
	}
	return fmt.Errorf("only LO admins may read the audit log: %w", apperr.ErrForbidden)
}
