package scalar

import (
	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"
)

// MarshalCursor writes a Relay cursor as entgql encodes it.
func MarshalCursor(c entgql.Cursor[uuid.UUID]) graphql.Marshaler {
	return c
}

// UnmarshalCursor reads a Relay cursor, reporting a malformed one as an input
// error rather than an internal one.
func UnmarshalCursor(v any) (entgql.Cursor[uuid.UUID], error) {
	var c entgql.Cursor[uuid.UUID]
	if err := c.UnmarshalGQL(v); err != nil {
		return c, &InputError{Message: "invalid cursor: use a cursor from this connection's pageInfo or edges"}
	}
	return c, nil
}
