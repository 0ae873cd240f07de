package graph

import (
	"time"

	"github.com/localoffer/localoffer/internal/review"
)

// review returns the review operations with the resolver's dependencies.
// They read the sign-in service's clock, so that a test that moves that
// clock moves it for review dates too.
func (r *Resolver) review() *review.Reviewer {
	now := time.Now
	if r.Auth != nil {
		now = r.Auth.Now
	}
	return review.New(r.Client, r.Events, r.PublicURL, r.Logger, now)
}
