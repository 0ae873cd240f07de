package feedback

import (
	"context"
	"fmt"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Filter narrows a listing of feedback. A nil field matches every item.
type Filter struct {
	Status            *feedback.Status
	Source            *feedback.Source
	Topic             *feedback.Topic
	Channel           *feedback.Channel
	Safeguarding      *bool
	ResponsibleParty  *feedback.ResponsibleParty
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	// ReceivedFrom and ReceivedTo bound the time received, both included.
	ReceivedFrom *time.Time
	ReceivedTo   *time.Time
}

// List returns a page of the feedback the caller may read: every item for
// the LO team, and for providers the items circulated to them. The order
// defaults to the most recently received first. withContact loads each
// item's contact details with one query for the page, for callers who may
// read them.
func (m *Manager) List(ctx context.Context, page directory.Page, filter Filter, order *ent.FeedbackOrder, withContact bool) (*ent.FeedbackConnection, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	if !v.System && len(m.opts.Authz.Scopes(v.PolicyRole(), authz.TypeFeedback, authz.ActionRead)) == 0 {
		return nil, fmt.Errorf("you may not read feedback: only the LO team and those it is circulated to do: %w", apperr.ErrForbidden)
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	if filter.ReceivedFrom != nil && filter.ReceivedTo != nil && filter.ReceivedFrom.After(*filter.ReceivedTo) {
		return nil, apperr.Input("where.receivedTo", "must not be before receivedFrom")
	}
	if order == nil {
		order = &ent.FeedbackOrder{Direction: entgql.OrderDirectionDesc, Field: ent.FeedbackOrderFieldReceivedAt}
	}

	query := m.reader(ctx).Feedback.Query().Where(filter.predicates()...)
	if withContact && m.CanReadContacts(ctx) {
		query.WithContact()
	}
	conn, err := query.Paginate(ctx, page.After, page.First, page.Before, page.Last, ent.WithFeedbackOrder(order))
	if err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	return conn, nil
}

// predicates returns the conditions of the filter.
func (f Filter) predicates() []predicate.Feedback {
	var where []predicate.Feedback
	if f.Status != nil {
		where = append(where, feedback.StatusEQ(*f.Status))
	}
	if f.Source != nil {
		where = append(where, feedback.SourceEQ(*f.Source))
	}
	if f.Topic != nil {
		where = append(where, feedback.TopicEQ(*f.Topic))
	}
	if f.Channel != nil {
		where = append(where, feedback.ChannelEQ(*f.Channel))
	}
	if f.Safeguarding != nil {
		where = append(where, feedback.Safeguarding(*f.Safeguarding))
	}
	if f.ResponsibleParty != nil {
		where = append(where, feedback.ResponsiblePartyEQ(*f.ResponsibleParty))
	}
	if f.ServiceID != nil {
		where = append(where, feedback.ServiceID(*f.ServiceID))
	}
	if f.InformationPageID != nil {
		where = append(where, feedback.InformationPageID(*f.InformationPageID))
	}
	if f.ReceivedFrom != nil {
		where = append(where, feedback.ReceivedAtGTE(*f.ReceivedFrom))
	}
	if f.ReceivedTo != nil {
		where = append(where, feedback.ReceivedAtLTE(*f.ReceivedTo))
	}
	return where
}

// CanReadText reports whether the caller may read the sender's own words
// and the referral: the LO team only.
func (m *Manager) CanReadText(ctx context.Context) bool {
	return m.allowed(ctx, authz.TypeFeedback, authz.ActionRead, authz.RelationNone)
}

// CanReadContacts reports whether the caller may read contact details: LO
// officers and admins only.
func (m *Manager) CanReadContacts(ctx context.Context) bool {
	return m.allowed(ctx, authz.TypeFeedbackContact, authz.ActionRead, authz.RelationNone)
}

// Contact returns the contact details of f, or nil when it has none or the
// caller may not read them. It uses the details loaded with f, when List
// loaded them.
func (m *Manager) Contact(ctx context.Context, f *ent.Feedback) (*ent.FeedbackContact, error) {
	if !m.CanReadContacts(ctx) {
		return nil, nil
	}
	c, err := f.Edges.ContactOrErr()
	if ent.IsNotLoaded(err) {
		c, err = f.QueryContact().Only(ctx)
	}
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load contact details of feedback %s: %w", f.ID, err)
	}
	return c, nil
}
