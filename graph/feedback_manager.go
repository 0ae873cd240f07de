package graph

import "github.com/localoffer/localoffer/internal/feedback"

// feedback returns the feedback operations with the resolver's
// dependencies. They read the sign-in service's clock, as review dates do.
func (r *Resolver) feedback() *feedback.Manager {
	return feedback.New(feedback.Options{
		Root: r.Client, Authz: r.Authz, Logger: r.Logger, Now: r.now,
		Settings: r.FeedbackSettings, PublicURL: r.PublicURL, Limiter: r.RateLimiter,
	})
}
