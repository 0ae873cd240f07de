package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/localoffer/localoffer/internal/directory"
)

// DirectoryScope gives each GraphQL operation its own directory cache, so
// that a taxonomy tree with its children, parents and service counts loads in
// a fixed number of queries. Register it with handler.Server.AroundOperations.
func DirectoryScope(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(directory.NewRequestContext(ctx))
}
