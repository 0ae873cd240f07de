package sla

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz/entrule"
)

// Content names one service or information page: exactly one of the two
// ids is set.
type Content struct {
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
}

// contentRecord is a service or an information page loaded with its lead
// and content managers. Exactly one of service and page is set.
type contentRecord struct {
	id        uuid.UUID
	title     string
	published bool
	pending   bool
	// lastReviewedAt and updatedAt are copied from the record, so that
	// review dates can be set without moving updated_at.
	lastReviewedAt *time.Time
	updatedAt      time.Time
	lead           *ent.User
	managers       []*ent.User
	service        *ent.Service
	page           *ent.InformationPage
}

// loadContent loads the service or information page c names, through the
// privacy rules: one the caller may not read is ErrNotFound. Its lead and
// content managers are loaded as the system, because a caller who may read
// the content need not be able to read its owners' accounts.
func loadContent(ctx context.Context, tx *ent.Client, c Content) (*contentRecord, error) {
	switch {
	case c.ServiceID != nil && c.InformationPageID != nil:
		return nil, apperr.Input("input.serviceId", "give serviceId or informationPageId, not both")
	case c.ServiceID != nil:
		return loadServiceRecord(ctx, tx, *c.ServiceID)
	case c.InformationPageID != nil:
		return loadPageRecord(ctx, tx, *c.InformationPageID)
	}
	return nil, apperr.Input("input.serviceId", "give serviceId or informationPageId")
}

func loadServiceRecord(ctx context.Context, tx *ent.Client, id uuid.UUID) (*contentRecord, error) {
	if _, err := tx.Service.Get(ctx, id); ent.IsNotFound(err) {
		return nil, apperr.NotFound("no service with id %s", id)
	} else if err != nil {
		return nil, fmt.Errorf("load service %s: %w", id, err)
	}
	s, err := tx.Service.Query().Where(service.ID(id)).WithLead().WithContentManagers().Only(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("load owners of service %s: %w", id, err)
	}
	return &contentRecord{
		id: id, title: s.Name, service: s,
		published:      s.Status == service.StatusPublished,
		pending:        s.Status == service.StatusPending,
		lastReviewedAt: s.LastReviewedAt, updatedAt: s.UpdatedAt,
		lead: s.Edges.Lead, managers: s.Edges.ContentManagers,
	}, nil
}

func loadPageRecord(ctx context.Context, tx *ent.Client, id uuid.UUID) (*contentRecord, error) {
	if _, err := tx.InformationPage.Get(ctx, id); ent.IsNotFound(err) {
		return nil, apperr.NotFound("no information page with id %s", id)
	} else if err != nil {
		return nil, fmt.Errorf("load information page %s: %w", id, err)
	}
	p, err := tx.InformationPage.Query().Where(informationpage.ID(id)).WithLead().WithContentManagers().Only(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("load owners of information page %s: %w", id, err)
	}
	return &contentRecord{
		id: id, title: p.Title, page: p,
		published:      p.Status == informationpage.StatusPublished,
		pending:        p.Status == informationpage.StatusPending,
		lastReviewedAt: p.LastReviewedAt, updatedAt: p.UpdatedAt,
		lead: p.Edges.Lead, managers: p.Edges.ContentManagers,
	}, nil
}

func (c *contentRecord) isService() bool { return c.service != nil }

// noun returns "service" or "information page".
func (c *contentRecord) noun() string {
	if c.isService() {
		return "service"
	}
	return "information page"
}

// idField returns the input field that named the record.
func (c *contentRecord) idField() string {
	if c.isService() {
		return "input.serviceId"
	}
	return "input.informationPageId"
}

// owners returns the lead and the content managers, each once.
func (c *contentRecord) owners() []*ent.User {
	var owners []*ent.User
	seen := map[uuid.UUID]bool{}
	for _, u := range append([]*ent.User{c.lead}, c.managers...) {
		if u != nil && !seen[u.ID] {
			seen[u.ID] = true
			owners = append(owners, u)
		}
	}
	return owners
}

// authorize returns ErrForbidden, saying the caller may not do attempt,
// unless the policy lets them perform action on the record. The caller has
// already read it, so a rejection is FORBIDDEN, not NOT_FOUND.
func (c *contentRecord) authorize(ctx context.Context, tx *ent.Client, action, attempt string) error {
	allowed, err := c.allows(ctx, tx, action)
	if err != nil {
		return err
	}
	if !allowed {
		return fmt.Errorf("you may not %s: %w", attempt, apperr.ErrForbidden)
	}
	return nil
}

// allows reports whether the policy lets the caller perform action on the
// record, as an SQL filter on it.
func (c *contentRecord) allows(ctx context.Context, tx *ent.Client, action string) (bool, error) {
	if c.isService() {
		filter, err := entrule.ServiceFilter(ctx, action)
		if err != nil {
			return false, fmt.Errorf("load policy: %w", err)
		}
		allowed, err := tx.Service.Query().Where(service.ID(c.id), filter).Exist(ctx)
		if err != nil {
			return false, fmt.Errorf("check rights on service %s: %w", c.id, err)
		}
		return allowed, nil
	}
	filter, err := entrule.InformationPageFilter(ctx, action)
	if err != nil {
		return false, fmt.Errorf("load policy: %w", err)
	}
	allowed, err := tx.InformationPage.Query().Where(informationpage.ID(c.id), filter).Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("check rights on information page %s: %w", c.id, err)
	}
	return allowed, nil
}
