package scalar

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalTime writes a time in RFC 3339 format, in UTC.
func MarshalTime(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.UTC().Format(time.RFC3339Nano)))
	})
}

// UnmarshalTime reads a time in RFC 3339 format with a time zone, reporting
// anything else as an input error.
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, &InputError{Message: fmt.Sprintf("invalid time: expected an RFC 3339 string such as 2026-12-04T09:30:00Z, got %T", v)}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, &InputError{Message: fmt.Sprintf("invalid time %q: expected RFC 3339 with a time zone, such as 2026-12-04T09:30:00Z", s)}
	}
	return t, nil
}
