package graph

import "github.com/localoffer/localoffer/internal/taxonomy"

// taxonomy returns the taxonomy operations with the resolver's dependencies.
// It is cheap to build, so each resolver builds its own.
func (r *Resolver) taxonomy() *taxonomy.Manager {
	return taxonomy.New(r.Client, r.Authz, r.Logger)
}
