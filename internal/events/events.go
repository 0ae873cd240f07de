// Package events carries the one internal event about content: a service or
// information page was published in a new state, unpublished or archived.
// What families see changed, so caches, webhooks and the Open Referral feed
// subscribe to it.
//
// Events are delivered in process, after the change has committed, to every
// subscriber in turn. A subscriber that needs durability (a webhook) keeps
// its own queue.
package events

import (
	"context"
	"log/slog"
	"sync"

	"github.com/google/uuid"
)

// Action says how the public state of content changed.
type Action string

const (
	// Published: the content is public in a new state (first publication,
	// an approved change, a restored revision or a temporary closure).
	Published Action = "published"
	// Unpublished: the content is no longer public but is kept for work,
	// such as a service sent back for review.
	Unpublished Action = "unpublished"
	// Archived: the content is no longer public and is kept only as a
	// record.
	Archived Action = "archived"
)

// ContentChanged is the event.
type ContentChanged struct {
	Action Action
	// ContentType is "service" or "information_page", as the policy names
	// them.
	ContentType string
	ID          uuid.UUID
	// Version is the content's version after the change.
	Version int
}

// Subscriber handles one event. It runs on the goroutine of the request
// that made the change, so it must be quick.
type Subscriber func(ctx context.Context, e ContentChanged)

// Bus delivers events to its subscribers. The zero value has none; a nil
// *Bus drops every event.
type Bus struct {
	mu          sync.RWMutex
	subscribers []Subscriber
	logger      *slog.Logger
}

// NewBus returns a bus that logs each event it delivers at debug level.
func NewBus(logger *slog.Logger) *Bus {
	return &Bus{logger: logger}
}

// Subscribe adds fn to the subscribers.
func (b *Bus) Subscribe(fn Subscriber) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subscribers = append(b.subscribers, fn)
}

// Publish delivers e to every subscriber. Call it only after the change has
// committed.
func (b *Bus) Publish(ctx context.Context, e ContentChanged) {
	if b == nil {
		return
	}
	b.mu.RLock()
	subscribers := append([]Subscriber(nil), b.subscribers...)
	b.mu.RUnlock()
	if b.logger != nil {
		b.logger.DebugContext(ctx, "content changed", "action", e.Action,
			"content_type", e.ContentType, "content_id", e.ID, "version", e.Version)
	}
	for _, fn := range subscribers {
		fn(ctx, e)
	}
}
