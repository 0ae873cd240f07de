package notify

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/authz/entrule"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// OutboxFilter narrows a listing of the outbox; empty fields match all.
type OutboxFilter struct {
	Recipient *string
	Template  *string
	State     *notification.State
}

// Outbox returns a page of the outbox, newest first, for callers the policy
// lets read notifications (LO admins). The privacy rule filters the same
// rows; the checks here turn an empty result into an error that says why.
func Outbox(ctx context.Context, client *ent.Client, page directory.Page, filter OutboxFilter) (*ent.NotificationConnection, error) {
	v := viewer.FromContext(ctx)
	if !v.SignedIn() && v.APIKeyID == uuid.Nil {
		return nil, apperr.ErrUnauthenticated
	}
	a, err := entrule.Authorizer(ctx)
	if err != nil {
		return nil, err
	}
	if len(a.Scopes(v.PolicyRole(), authz.TypeNotification, authz.ActionRead)) == 0 {
		return nil, fmt.Errorf("only LO admins may read the outbox: %w", apperr.ErrForbidden)
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}

	query := client.Notification.Query()
	if filter.Recipient != nil {
		query.Where(notification.Recipient(strings.ToLower(strings.TrimSpace(*filter.Recipient))))
	}
	if filter.Template != nil {
		query.Where(notification.Template(*filter.Template))
	}
	if filter.State != nil {
		query.Where(notification.StateEQ(*filter.State))
	}
	newestFirst := &ent.NotificationOrder{Direction: entgql.OrderDirectionDesc, Field: ent.NotificationOrderFieldCreatedAt}
	conn, err := query.Paginate(ctx, page.After, page.First, page.Before, page.Last, ent.WithNotificationOrder(newestFirst))
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	return conn, nil
}
