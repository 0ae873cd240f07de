package sla

import (
	"context"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/notify"
)

// SetEnqueue replaces how s writes emails to the outbox, so that a test can
// make a sweep fail part way.
func SetEnqueue(s *Sweeper, fn func(ctx context.Context, client *ent.Client, m notify.Message) (*ent.Notification, error)) {
	s.enqueue = fn
}
