package graph

import (
	"time"

	"github.com/localoffer/localoffer/internal/review"
)

// review returns the review operations with the resolver's dependencies.
// They read the sign-in service's clock, so that a test that moves that
// clock moves it for review dates too.
func (r *Resolver) review() *review.Reviewer {
	return review.New(r.Client, r.Events, r.PublicURL, r.Logger, r.now)
}

// now is the current time as the sign-in service's clock has it.
func (r *Resolver) now() time.Time {
	if r.Auth != nil {
		return r.Auth.Now()
	}
	return time.Now()
}
