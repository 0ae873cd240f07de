package workflow

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/revision"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// ListChangeRequests pages through the change requests the caller may read
// that match filter. The default order is by submission, oldest first,
// which lists only requests that were submitted.
func ListChangeRequests(ctx context.Context, client *ent.Client, page directory.Page, orderBy *ent.ChangeRequestOrder, filter *RequestFilter) (*ent.ChangeRequestConnection, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	if orderBy == nil {
		orderBy = defaultOrder(filter)
	}
	tag := fmt.Sprintf("changeRequests:%s:%s", orderBy.Field, orderBy.Direction)
	if err := untag(&page, tag, isTime); err != nil {
		return nil, err
	}
	q := client.ChangeRequest.Query().Where(filter.Predicates()...)
	if orderBy.Field.String() == ent.ChangeRequestOrderFieldSubmittedAt.String() {
		// Keyset pagination cannot order by a value that may be null.
		q.Where(changerequest.SubmittedAtNotNil())
	}
	conn, err := q.Paginate(ctx, page.After, page.First, page.Before, page.Last, ent.WithChangeRequestOrder(orderBy))
	if err != nil {
		return nil, fmt.Errorf("list change requests: %w", err)
	}
	for _, edge := range conn.Edges {
		tagCursor(&edge.Cursor, tag)
	}
	tagPageInfo(&conn.PageInfo, tag)
	return conn, nil
}

// defaultOrder is oldest submitted first, the moderation queue's order,
// unless the filter asks for drafts, which have no submission time and so
// are listed oldest created first.
func defaultOrder(filter *RequestFilter) *ent.ChangeRequestOrder {
	field := ent.ChangeRequestOrderFieldSubmittedAt
	if filter != nil && slices.Contains(filter.States, changerequest.StateDraft) {
		field = ent.ChangeRequestOrderFieldCreatedAt
	}
	return &ent.ChangeRequestOrder{Direction: entgql.OrderDirectionAsc, Field: field}
}

// ListRevisions pages through the revisions of one service or information
// page, newest first. Revisions the caller may not read are left out by
// the privacy rules, so a caller without rights sees none.
func ListRevisions(ctx context.Context, client *ent.Client, serviceID, informationPageID *uuid.UUID, page directory.Page) (*ent.RevisionConnection, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	const tag = "revisions:VERSION:DESC"
	if err := untag(&page, tag, isInteger); err != nil {
		return nil, err
	}
	q := client.Revision.Query()
	switch {
	case serviceID != nil && informationPageID != nil:
		return nil, apperr.Input("serviceId", "give serviceId or informationPageId, not both")
	case serviceID != nil:
		q.Where(revision.ServiceID(*serviceID))
	case informationPageID != nil:
		q.Where(revision.InformationPageID(*informationPageID))
	default:
		return nil, apperr.Input("serviceId", "give serviceId or informationPageId")
	}
	newestFirst := &ent.RevisionOrder{Direction: entgql.OrderDirectionDesc, Field: ent.RevisionOrderFieldVersion}
	conn, err := q.Paginate(ctx, page.After, page.First, page.Before, page.Last, ent.WithRevisionOrder(newestFirst))
	if err != nil {
		return nil, fmt.Errorf("list revisions: %w", err)
	}
	for _, edge := range conn.Edges {
		tagCursor(&edge.Cursor, tag)
	}
	tagPageInfo(&conn.PageInfo, tag)
	return conn, nil
}

// Cursors of these connections carry a tag beside ent's order value, such as
// "changeRequests:SUBMITTED_AT:ASC", so that a cursor from another
// connection or order is refused instead of being read as a place in this
// one.

// untag checks the tags of the page's cursors and removes them, leaving the
// cursors ent issued.
func untag(page *directory.Page, tag string, valid func(any) bool) error {
	for _, c := range []struct {
		field  string
		cursor *entgql.Cursor[uuid.UUID]
	}{{"after", page.After}, {"before", page.Before}} {
		if c.cursor == nil {
			continue
		}
		value, ok := c.cursor.Value.([]any)
		if !ok || len(value) != 2 {
			return apperr.Input(c.field, "invalid cursor: use a cursor from this connection's pageInfo or edges")
		}
		if got, _ := value[0].(string); got != tag {
			return apperr.Input(c.field, "the cursor comes from another connection or order: use a cursor from a response with the same orderBy")
		}
		if !valid(value[1]) {
			return apperr.Input(c.field, "invalid cursor: use a cursor from this connection's pageInfo or edges")
		}
		c.cursor.Value = value[1]
	}
	return nil
}

// tagCursor tags c once: the page info's cursors may point at the edges'.
func tagCursor(c *entgql.Cursor[uuid.UUID], tag string) {
	if value, ok := c.Value.([]any); ok && len(value) == 2 && value[0] == tag {
		return
	}
	c.Value = []any{tag, c.Value}
}

func tagPageInfo(info *entgql.PageInfo[uuid.UUID], tag string) {
	for _, c := range []*entgql.Cursor[uuid.UUID]{info.StartCursor, info.EndCursor} {
		if c != nil {
			tagCursor(c, tag)
		}
	}
}

// isTime and isInteger check the order value of a cursor: every order of
// change requests is by a time, and revisions are ordered by version.
func isTime(v any) bool {
	_, ok := v.(time.Time)
	return ok
}

func isInteger(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint8, uint16, uint32, uint64:
		return true
	}
	return false
}
