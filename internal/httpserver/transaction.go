package httpserver

import (
	"context"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
)

// transactioner runs each mutation in a transaction, as entgql.Transactioner
// does. It also lets through responses that have no operation, such as the
// error for a body that is not valid JSON: entgql's version panics on them.
type transactioner struct {
	entgql.Transactioner
}

func (t transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	return t.Transactioner.InterceptResponse(ctx, next)
}
