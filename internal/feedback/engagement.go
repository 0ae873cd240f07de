package feedback

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/engagementactivity"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Limits of an engagement activity's fields.
const (
	maxActivityTitleLength       = 200
	maxActivityDescriptionLength = 5000
	maxParticipants              = 100000
	// maxLinkedFeedback is how many items one link request may name.
	maxLinkedFeedback = 100
)

// NewEngagementActivity is a co-production or consultation activity an LO
// officer records.
type NewEngagementActivity struct {
	Title        string
	Kind         engagementactivity.Kind
	HeldOn       schematype.Date
	Audiences    []schematype.Audience
	Participants int
	Description  *string
}

// EngagementActivityChange changes an activity. A nil field keeps its
// value; an empty description removes it.
type EngagementActivityChange struct {
	ID           uuid.UUID
	Title        *string
	Kind         *engagementactivity.Kind
	HeldOn       *schematype.Date
	Audiences    []schematype.Audience
	Participants *int
	Description  *string
}

// ActivityLink links items of feedback to the activity that produced them,
// or unlinks them when EngagementActivityID is nil.
type ActivityLink struct {
	FeedbackIDs          []uuid.UUID
	EngagementActivityID *uuid.UUID
}

// ActivityFilter narrows a listing of engagement activities; nil fields
// match every activity.
type ActivityFilter struct {
	// HeldFrom and HeldTo bound the day the activity was held, both
	// included.
	HeldFrom *schematype.Date
	HeldTo   *schematype.Date
}

// CreateEngagementActivity records an activity, for the LO team.
func (m *Manager) CreateEngagementActivity(ctx context.Context, in NewEngagementActivity) (*ent.EngagementActivity, error) {
	if err := m.authorize(ctx, authz.TypeEngagementActivity, authz.ActionCreate,
		"you may not record engagement activities: only the LO team does"); err != nil {
		return nil, err
	}
	title, err := cleanText("input.title", in.Title, maxActivityTitleLength)
	if err != nil {
		return nil, err
	}
	if err := engagementactivity.KindValidator(in.Kind); err != nil {
		return nil, apperr.Input("input.kind", "%v", err)
	}
	if err := m.checkHeldOn(in.HeldOn); err != nil {
		return nil, err
	}
	if err := checkParticipants(in.Participants); err != nil {
		return nil, err
	}
	description, err := cleanDescription(in.Description)
	if err != nil {
		return nil, err
	}

	var activity *ent.EngagementActivity
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		activity, err = tx.EngagementActivity.Create().
			SetTitle(title).
			SetKind(in.Kind).
			SetHeldOn(in.HeldOn).
			SetAudiences(distinctAudiences(in.Audiences)).
			SetParticipants(in.Participants).
			SetDescription(description).
			SetNillableRecordedByID(callerID(ctx)).
			Save(system(ctx))
		if err != nil {
			return fmt.Errorf("store engagement activity: %w", err)
		}
		pending.Add(audit.Event{
			Action: "engagement_activity.created", ObjectType: authz.TypeEngagementActivity, ObjectID: activity.ID,
		})
		return nil
	})
	return activity, err
}

// UpdateEngagementActivity changes an activity, for the LO team.
func (m *Manager) UpdateEngagementActivity(ctx context.Context, in EngagementActivityChange) (*ent.EngagementActivity, error) {
	var activity *ent.EngagementActivity
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		if err := viewer.RequireCredentials(ctx); err != nil {
			return err
		}
		current, err := tx.EngagementActivity.Get(ctx, in.ID)
		if ent.IsNotFound(err) {
			return apperr.NotFound("no engagement activity with id %s", in.ID)
		}
		if err != nil {
			return fmt.Errorf("load engagement activity %s: %w", in.ID, err)
		}
		if !m.allowed(ctx, authz.TypeEngagementActivity, authz.ActionUpdate, authz.RelationNone) {
			return fmt.Errorf("you may not change engagement activities: only the LO team does: %w", apperr.ErrForbidden)
		}

		update, changed, err := m.planActivityChange(tx.EngagementActivity.UpdateOne(current), in)
		if err != nil {
			return err
		}
		if len(changed) == 0 {
			activity = current
			return nil
		}
		activity, err = update.Save(system(ctx))
		if err != nil {
			return fmt.Errorf("update engagement activity %s: %w", in.ID, err)
		}
		pending.Add(audit.Event{
			Action: "engagement_activity.updated", ObjectType: authz.TypeEngagementActivity, ObjectID: in.ID,
			ChangedFields: changed,
		})
		return nil
	})
	return activity, err
}

// planActivityChange checks the fields in changes and sets them on update,
// returning the columns changed.
func (m *Manager) planActivityChange(update *ent.EngagementActivityUpdateOne, in EngagementActivityChange) (*ent.EngagementActivityUpdateOne, []string, error) {
	var changed []string
	if in.Title != nil {
		title, err := cleanText("input.title", *in.Title, maxActivityTitleLength)
		if err != nil {
			return nil, nil, err
		}
		update.SetTitle(title)
		changed = append(changed, "title")
	}
	if in.Kind != nil {
		if err := engagementactivity.KindValidator(*in.Kind); err != nil {
			return nil, nil, apperr.Input("input.kind", "%v", err)
		}
		update.SetKind(*in.Kind)
		changed = append(changed, "kind")
	}
	if in.HeldOn != nil {
		if err := m.checkHeldOn(*in.HeldOn); err != nil {
			return nil, nil, err
		}
		update.SetHeldOn(*in.HeldOn)
		changed = append(changed, "held_on")
	}
	if in.Audiences != nil {
		update.SetAudiences(distinctAudiences(in.Audiences))
		changed = append(changed, "audiences")
	}
	if in.Participants != nil {
		if err := checkParticipants(*in.Participants); err != nil {
			return nil, nil, err
		}
		update.SetParticipants(*in.Participants)
		changed = append(changed, "participants")
	}
	if in.Description != nil {
		description, err := cleanDescription(in.Description)
		if err != nil {
			return nil, nil, err
		}
		update.SetDescription(description)
		changed = append(changed, "description")
	}
	return update, changed, nil
}

// checkHeldOn returns BAD_USER_INPUT for a day after today in London: an
// activity is recorded once it has taken place.
func (m *Manager) checkHeldOn(d schematype.Date) error {
	if d.IsZero() {
		return apperr.Input("input.heldOn", "must be given, such as 2026-03-14")
	}
	if today := sla.Today(m.clock()); d.After(today) {
		return apperr.Input("input.heldOn", "%s is in the future: record an activity once it has taken place", d)
	}
	return nil
}

func checkParticipants(n int) error {
	if n < 0 || n > maxParticipants {
		return apperr.Input("input.participants", "must be between 0 and %d", maxParticipants)
	}
	return nil
}

// cleanDescription trims a description, which may be empty.
func cleanDescription(description *string) (string, error) {
	text := trimmed(description)
	if text == "" {
		return "", nil
	}
	return cleanText("input.description", text, maxActivityDescriptionLength)
}

func distinctAudiences(audiences []schematype.Audience) []schematype.Audience {
	distinct := []schematype.Audience{}
	for _, a := range audiences {
		if !slices.Contains(distinct, a) {
			distinct = append(distinct, a)
		}
	}
	return distinct
}

// SetEngagementActivity links items of feedback to an activity, or unlinks
// them, for the LO team. Each item's version goes up by one.
func (m *Manager) SetEngagementActivity(ctx context.Context, in ActivityLink) ([]*ent.Feedback, *ent.EngagementActivity, error) {
	ids := distinctIDs(in.FeedbackIDs)
	if len(ids) == 0 || len(ids) > maxLinkedFeedback {
		if err := viewer.RequireCredentials(ctx); err != nil {
			return nil, nil, err
		}
		return nil, nil, apperr.Input("input.feedbackIds", "give between 1 and %d ids", maxLinkedFeedback)
	}

	var items []*ent.Feedback
	var activity *ent.EngagementActivity
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		for _, id := range ids {
			f, err := m.loadForChange(ctx, tx, id, "you may not link feedback to engagement activities: only the LO team does")
			if err != nil {
				return err
			}
			items = append(items, f)
		}
		if err := checkActivity(ctx, tx, "input.engagementActivityId", in.EngagementActivityID); err != nil {
			return err
		}

		detail := "engagement activity none"
		if in.EngagementActivityID != nil {
			detail = "engagement activity " + in.EngagementActivityID.String()
		}
		for i, f := range items {
			saved, err := m.save(ctx, tx, f, f.Version, func(u *ent.FeedbackUpdate) {
				u.ClearEngagementActivityID().SetNillableEngagementActivityID(in.EngagementActivityID)
			})
			if err != nil {
				return err
			}
			items[i] = saved
			pending.Add(audit.Event{
				Action: "feedback.engagement_activity_set", ObjectType: authz.TypeFeedback, ObjectID: f.ID,
				ChangedFields: []string{"engagement_activity_id"}, Detail: detail,
			})
		}
		if in.EngagementActivityID != nil {
			var err error
			if activity, err = tx.EngagementActivity.Get(ctx, *in.EngagementActivityID); err != nil {
				return fmt.Errorf("load engagement activity %s: %w", *in.EngagementActivityID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return items, activity, nil
}

func distinctIDs(ids []uuid.UUID) []uuid.UUID {
	var distinct []uuid.UUID
	for _, id := range ids {
		if !slices.Contains(distinct, id) {
			distinct = append(distinct, id)
		}
	}
	return distinct
}

// EngagementActivities returns a page of activities, the most recently
// held first, for the LO team. Activities held on the same day come in a
// fixed order, newest id first.
func (m *Manager) EngagementActivities(ctx context.Context, page directory.Page, filter ActivityFilter) (*ent.EngagementActivityConnection, error) {
	if err := m.authorize(ctx, authz.TypeEngagementActivity, authz.ActionRead,
		"you may not read engagement activities: only the LO team does"); err != nil {
		return nil, err
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	if filter.HeldFrom != nil && filter.HeldTo != nil && filter.HeldFrom.After(*filter.HeldTo) {
		return nil, apperr.Input("where.heldTo", "must not be before heldFrom")
	}
	bounds, err := activityBounds(page)
	if err != nil {
		return nil, err
	}

	base := m.reader(ctx).EngagementActivity.Query()
	if filter.HeldFrom != nil {
		base.Where(engagementactivity.HeldOnGTE(*filter.HeldFrom))
	}
	if filter.HeldTo != nil {
		base.Where(engagementactivity.HeldOnLTE(*filter.HeldTo))
	}
	total, err := base.Clone().Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("count engagement activities: %w", err)
	}

	keys, more, err := activityKeys(ctx, base.Clone().Where(bounds...), page)
	if err != nil {
		return nil, err
	}
	nodes, err := m.loadActivities(ctx, keys)
	if err != nil {
		return nil, err
	}
	return activityConnection(nodes, page, more, total), nil
}

// activityBounds returns the conditions the page's cursors set, in the
// order held_on descending, then id descending.
func activityBounds(page directory.Page) ([]predicate.EngagementActivity, error) {
	var bounds []predicate.EngagementActivity
	for _, c := range []struct {
		field  string
		cursor *ent.Cursor
		later  bool
	}{{"after", page.After, true}, {"before", page.Before, false}} {
		if c.cursor == nil {
			continue
		}
		heldOn, err := activityCursorDate(c.field, c.cursor)
		if err != nil {
			return nil, err
		}
		if c.later {
			bounds = append(bounds, engagementactivity.Or(
				engagementactivity.HeldOnLT(heldOn),
				engagementactivity.And(engagementactivity.HeldOnEQ(heldOn), engagementactivity.IDLT(c.cursor.ID)),
			))
		} else {
			bounds = append(bounds, engagementactivity.Or(
				engagementactivity.HeldOnGT(heldOn),
				engagementactivity.And(engagementactivity.HeldOnEQ(heldOn), engagementactivity.IDGT(c.cursor.ID)),
			))
		}
	}
	return bounds, nil
}

// activityCursorDate returns the day an activity cursor holds.
func activityCursorDate(field string, cursor *ent.Cursor) (schematype.Date, error) {
	text, ok := cursor.Value.(string)
	if !ok {
		return schematype.Date{}, apperr.Input(field, "invalid cursor: use one from engagementActivities")
	}
	d, err := schematype.ParseDate(text)
	if err != nil {
		return schematype.Date{}, apperr.Input(field, "invalid cursor: use one from engagementActivities")
	}
	return d, nil
}

// activityKeys returns the ids and days of the page's activities in list
// order, and whether there are more beyond the page in its direction.
func activityKeys(ctx context.Context, q *ent.EngagementActivityQuery, page directory.Page) ([]*ent.EngagementActivity, bool, error) {
	backward := page.Last != nil
	limit := 0
	if backward {
		limit = *page.Last
		q.Order(ent.Asc(engagementactivity.FieldHeldOn), ent.Asc(engagementactivity.FieldID))
	} else {
		limit = *page.First
		q.Order(ent.Desc(engagementactivity.FieldHeldOn), ent.Desc(engagementactivity.FieldID))
	}
	keys, err := q.Limit(limit+1).Select(engagementactivity.FieldID, engagementactivity.FieldHeldOn).All(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("list engagement activities: %w", err)
	}
	more := len(keys) > limit
	keys = keys[:min(len(keys), limit)]
	if backward {
		slices.Reverse(keys)
	}
	return keys, more, nil
}

// loadActivities loads the activities with the keys' ids in the keys'
// order. It pages them through entgql, which loads the edges selected in
// the GraphQL request (such as each activity's feedback) with one query per
// edge, whatever the page size.
func (m *Manager) loadActivities(ctx context.Context, keys []*ent.EngagementActivity) ([]*ent.EngagementActivity, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ids := make([]uuid.UUID, len(keys))
	for i, key := range keys {
		ids[i] = key.ID
	}
	size := len(ids)
	loaded, err := m.reader(ctx).EngagementActivity.Query().
		Where(engagementactivity.IDIn(ids...)).
		Paginate(ctx, nil, &size, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("load engagement activities: %w", err)
	}
	byID := make(map[uuid.UUID]*ent.EngagementActivity, len(loaded.Edges))
	for _, edge := range loaded.Edges {
		byID[edge.Node.ID] = edge.Node
	}
	nodes := make([]*ent.EngagementActivity, 0, len(ids))
	for _, id := range ids {
		if node, ok := byID[id]; ok {
			nodes = append(nodes, node)
		}
	}
	return nodes, nil
}

// activityConnection builds the connection of a page of activities.
func activityConnection(nodes []*ent.EngagementActivity, page directory.Page, more bool, total int) *ent.EngagementActivityConnection {
	conn := &ent.EngagementActivityConnection{Edges: make([]*ent.EngagementActivityEdge, 0, len(nodes)), TotalCount: total}
	for _, node := range nodes {
		cursor := entgql.Cursor[uuid.UUID]{ID: node.ID, Value: node.HeldOn.String()}
		conn.Edges = append(conn.Edges, &ent.EngagementActivityEdge{Node: node, Cursor: cursor})
	}
	if page.Last != nil {
		conn.PageInfo.HasPreviousPage = more
		conn.PageInfo.HasNextPage = page.Before != nil
	} else {
		conn.PageInfo.HasNextPage = more
		conn.PageInfo.HasPreviousPage = page.After != nil
	}
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[n-1].Cursor
	}
	return conn
}
