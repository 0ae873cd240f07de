package directory

import "github.com/localoffer/localoffer/internal/apperr"

// ErrNotFound is returned, wrapped, when a record does not exist or the caller
// may not read it; the two are not told apart.
var ErrNotFound = apperr.ErrNotFound

// InputError is a problem with one argument of a request, which the caller can
// fix.
type InputError = apperr.InputError

// notFound returns ErrNotFound with a message that names the record looked
// for. The message must not depend on whether the record exists.
func notFound(format string, args ...any) error {
	return apperr.NotFound(format, args...)
}
