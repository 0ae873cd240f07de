// Package apperr defines the expected failures that the API reports with a
// stable code, so that domain packages can return them without knowing
// GraphQL.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors, returned wrapped with what failed.
var (
	// ErrNotFound: the record does not exist or the caller may not read it;
	// the two are not told apart.
	ErrNotFound = errors.New("not found")
	// ErrForbidden: the caller may read the record but not change it.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthenticated: the operation needs a signed-in user.
	ErrUnauthenticated = errors.New("sign in first")
	// ErrConflict: the record changed since the caller read it, or the value
	// is already taken.
	ErrConflict = errors.New("conflict")
)

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

// Input returns an InputError for field.
func Input(field, format string, args ...any) error {
	return &InputError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// RateLimitedError says the caller made too many attempts and when to try
// again.
type RateLimitedError struct {
	Message    string
	RetryAfter time.Duration
}

func (e *RateLimitedError) Error() string {
	return e.Message
}
