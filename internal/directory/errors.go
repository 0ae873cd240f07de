package directory

import "errors"

// ErrNotFound is returned, wrapped, when a record does not exist or the caller
// may not read it; the two are not told apart.
var ErrNotFound = errors.New("not found")

// InputError is a problem with one argument of a request, which the caller can
// fix.
type InputError struct {
	// Field is the argument's path, such as "where.age".
	Field string
	// Message says what is wrong and how to fix it.
	Message string
}

func (e *InputError) Error() string {
	return e.Field + ": " + e.Message
}
