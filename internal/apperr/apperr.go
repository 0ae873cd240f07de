// Package apperr defines the expected failures that the API reports with a
// stable code, so that domain packages can return them without knowing
// GraphQL.
package apperr

import (
	"errors"
	"fmt"
	"strings"
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

// UnauthenticatedError is ErrUnauthenticated with a message of its own, such
// as the error for a wrong email or password.
type UnauthenticatedError struct {
	Message string
}

func (e *UnauthenticatedError) Error() string {
	return e.Message
}

// Is makes errors.Is(err, ErrUnauthenticated) hold.
func (e *UnauthenticatedError) Is(target error) bool {
	return target == ErrUnauthenticated
}

// NotFoundError is ErrNotFound with a message for the caller that names what
// was looked for. The message must not depend on whether the record exists
// or is only hidden from the caller.
type NotFoundError struct {
	Message string
}

func (e *NotFoundError) Error() string { return e.Message }

func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// NotFound returns a NotFoundError with a formatted message.
func NotFound(format string, args ...any) error {
	return &NotFoundError{Message: fmt.Sprintf(format, args...)}
}

// Classify returns the stable code of an expected failure and its message
// for the caller, with the sentinel's word cut from the end. ok is false
// for any other error, which must be logged and reported as internal.
func Classify(err error) (code, message string, ok bool) {
	var (
		inputErr    *InputError
		notFoundErr *NotFoundError
		authErr     *UnauthenticatedError
	)
	switch {
	case errors.As(err, &inputErr):
		return "BAD_USER_INPUT", inputErr.Error(), true
	case errors.As(err, &notFoundErr):
		return "NOT_FOUND", notFoundErr.Message, true
	case errors.As(err, &authErr):
		return "UNAUTHENTICATED", authErr.Message, true
	case errors.Is(err, ErrUnauthenticated):
		return "UNAUTHENTICATED", "sign in first", true
	case errors.Is(err, ErrForbidden):
		return "FORBIDDEN", strings.TrimSuffix(err.Error(), ": "+ErrForbidden.Error()), true
	case errors.Is(err, ErrConflict):
		return "CONFLICT", strings.TrimSuffix(err.Error(), ": "+ErrConflict.Error()), true
	}
	return "", "", false
}
