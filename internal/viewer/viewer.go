// Package viewer carries who is making a request through its context: the
// public, or the system itself (seeding, imports, scheduled work).
package viewer

import "context"

// Viewer describes the caller of a request.
type Viewer struct {
	// System marks work the product does on its own behalf, which privacy
	// rules let through unfiltered.
	System bool
	// APIKeyName names the partner key a request came with, if any.
	APIKeyName string
}

type contextKey struct{}

// NewContext returns a copy of ctx that carries v.
func NewContext(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, contextKey{}, v)
}

// FromContext returns the viewer carried by ctx; a context without one is the
// anonymous public.
func FromContext(ctx context.Context) Viewer {
	v, _ := ctx.Value(contextKey{}).(Viewer)
	return v
}

// SystemContext returns a copy of ctx in which the product acts on its own
// behalf. Use it only for work no user asked for directly.
func SystemContext(ctx context.Context) context.Context {
	return NewContext(ctx, Viewer{System: true})
}
