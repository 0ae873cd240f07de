package graph

import "github.com/localoffer/localoffer/internal/ownership"

// ownership returns the ownership operations with the resolver's
// dependencies. It is cheap to build, so each resolver builds its own.
func (r *Resolver) ownership() *ownership.Manager {
	return ownership.New(r.Client, r.Authz, r.PublicURL, r.Logger)
}
