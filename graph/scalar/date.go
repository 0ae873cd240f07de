package scalar

import (
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/localoffer/localoffer/ent/schema/schematype"
)

// MarshalDate writes a calendar date as YYYY-MM-DD.
func MarshalDate(d schematype.Date) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(d.String()))
	})
}

// UnmarshalDate reads a calendar date in the form YYYY-MM-DD, reporting
// anything else, such as a day the month lacks, as an input error.
func UnmarshalDate(v any) (schematype.Date, error) {
	s, ok := v.(string)
	if !ok {
		return schematype.Date{}, &InputError{Message: fmt.Sprintf("invalid date: expected a string such as 2026-11-03, got %T", v)}
	}
	d, err := schematype.ParseDate(s)
	if err != nil {
		return schematype.Date{}, &InputError{Message: err.Error()}
	}
	return d, nil
}
