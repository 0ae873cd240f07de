// Package scalar holds the GraphQL encodings of Go types that gqlgen cannot
// bind by itself.
package scalar

import (
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"
)

// MarshalUUID writes a UUID as a GraphQL ID string.
func MarshalUUID(id uuid.UUID) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(id.String()))
	})
}

// UnmarshalUUID reads a GraphQL ID, which must be a UUID in its canonical
// 36-character form.
func UnmarshalUUID(v any) (uuid.UUID, error) {
	s, ok := v.(string)
	if !ok {
		return uuid.Nil, &InputError{Message: fmt.Sprintf("invalid ID: expected a UUID string, got %T", v)}
	}
	id, err := uuid.Parse(s)
	if err != nil || len(s) != 36 {
		return uuid.Nil, &InputError{Message: fmt.Sprintf("invalid ID %q: expected a UUID such as 0190a6f2-7c3e-7b1a-9c1d-2f3e4a5b6c7d", s)}
	}
	return id, nil
}

// InputError is a malformed scalar argument, such as an ID that is not a UUID.
type InputError struct {
	Message string
}

func (e *InputError) Error() string { return e.Message }
