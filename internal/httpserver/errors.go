package httpserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/privacy"
	"github.com/localoffer/localoffer/graph/scalar"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
)

// Error codes clients can rely on in extensions.code.
const (
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeNotFound        = "NOT_FOUND"
	CodeConflict        = "CONFLICT"
	CodeRateLimited     = "RATE_LIMITED"
	CodeInternal        = "INTERNAL"
	// CodeBadRequest: the HTTP request could not be read as a GraphQL request.
	CodeBadRequest = "BAD_REQUEST"
)

// errorPresenter turns a resolver's error into what the client sees: expected
// failures get a public message and a stable code; anything else is logged
// with the request id and reaches the client as "internal error" with that
// id, never with SQL, Go or encoding text.
func errorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		presented := graphql.DefaultErrorPresenter(ctx, err)
		if code, ok := presented.Extensions["code"].(string); ok && code != "" {
			return normaliseCode(presented, code)
		}

		var (
			inputErr    *apperr.InputError
			scalarErr   *scalar.InputError
			rateErr     *apperr.RateLimitedError
			authErr     *apperr.UnauthenticatedError
			notFoundErr *apperr.NotFoundError
			gqlErr      *gqlerror.Error
		)
		switch {
		case errors.As(err, &inputErr):
			presented.Message = inputErr.Error()
			setCode(presented, CodeBadUserInput)
			presented.Extensions["field"] = inputErr.Field
		case errors.As(err, &scalarErr):
			presented.Message = scalarErr.Message
			setCode(presented, CodeBadUserInput)
			presented.Extensions["field"] = argumentPath(ctx, presented.Path)
		case errors.As(err, &notFoundErr):
			presented.Message = notFoundErr.Message
			setCode(presented, CodeNotFound)
		case errors.Is(err, apperr.ErrNotFound), ent.IsNotFound(err):
			presented.Message = "not found"
			setCode(presented, CodeNotFound)
		case errors.As(err, &authErr):
			presented.Message = authErr.Message
			setCode(presented, CodeUnauthenticated)
		case errors.Is(err, apperr.ErrUnauthenticated):
			presented.Message = "sign in first: send Authorization: Bearer <token> from the login mutation"
			setCode(presented, CodeUnauthenticated)
		case errors.Is(err, apperr.ErrForbidden), errors.Is(err, authz.ErrDenied), errors.Is(err, privacy.Deny):
			presented.Message = publicMessage(err, presented.Message, "you may not do this")
			setCode(presented, CodeForbidden)
		case errors.Is(err, apperr.ErrConflict):
			presented.Message = publicMessage(err, presented.Message, "conflict")
			setCode(presented, CodeConflict)
		case errors.As(err, &rateErr):
			presented.Message = rateErr.Message
			setCode(presented, CodeRateLimited)
			presented.Extensions["retryAfterSeconds"] = int(rateErr.RetryAfter.Seconds() + 0.999)
		case errors.As(err, &gqlErr) && gqlErr.Err == nil && !graphql.HasOperationContext(ctx):
			// Without an operation the request itself could not be read, such
			// as a body that is not JSON or is too large.
			presented.Message = requestErrorMessage(gqlErr.Message)
			setCode(presented, CodeBadRequest)
		case errors.As(err, &gqlErr) && gqlErr.Err == nil:
			// A message-only gqlerror comes from gqlgen or entgql checking the
			// request itself, such as "Passing both first and last".
			setCode(presented, CodeBadUserInput)
		default:
			requestID := RequestIDFromContext(ctx)
			logger.ErrorContext(ctx, "graphql resolver failed",
				"request_id", requestID, "path", presented.Path.String(), "error", err)
			presented.Message = fmt.Sprintf("internal error (request id %s)", requestID)
			setCode(presented, CodeInternal)
			presented.Extensions["requestId"] = requestID
		}
		return presented
	}
}

// argumentPath returns the argument a scalar error is about, such as "after"
// or "where.sendNeed": the error's path is the path of the field being
// resolved followed by the path of the argument inside it.
func argumentPath(ctx context.Context, path ast.Path) string {
	if field := graphql.GetFieldContext(ctx); field != nil {
		if fieldPath := field.Path(); len(fieldPath) <= len(path) {
			path = path[len(fieldPath):]
		}
	}
	var b strings.Builder
	for _, element := range path {
		switch e := element.(type) {
		case ast.PathName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(e))
		case ast.PathIndex:
			fmt.Fprintf(&b, "[%d]", int(e))
		}
	}
	return b.String()
}

// publicMessage returns message, the presented text of err, when it was
// written for users: a domain error wraps a sentinel with a sentence that
// names the record and the rule. Errors from ent's privacy layer carry
// internal detail, so they get the fallback.
func publicMessage(err error, message, fallback string) string {
	if errors.Is(err, privacy.Deny) {
		return fallback
	}
	// Domain errors wrap a sentinel ("...: conflict"), whose word repeats
	// extensions.code, so it is cut from the end of the sentence.
	for _, sentinel := range []error{apperr.ErrConflict, apperr.ErrForbidden, authz.ErrDenied} {
		if trimmed, ok := strings.CutSuffix(message, ": "+sentinel.Error()); ok && trimmed != "" {
			return trimmed
		}
	}
	return message
}

// requestErrorMessage rewrites gqlgen's message for an unreadable request
// body, which quotes the body back, into one that names what to send.
func requestErrorMessage(message string) string {
	switch {
	case strings.Contains(message, "request body too large"):
		return fmt.Sprintf("request body too large: send at most %d bytes", maxBodyBytes)
	case strings.Contains(message, "json request body could not be decoded"):
		return `invalid request body: send a JSON object such as {"query": "{ services { totalCount } }", "variables": {}}`
	default:
		return message
	}
}

// normaliseCode maps entgql's pagination code to ours; the codes gqlgen sets
// for documents that do not parse or validate stay as they are.
func normaliseCode(presented *gqlerror.Error, code string) *gqlerror.Error {
	if code == "INVALID_PAGINATION" {
		setCode(presented, CodeBadUserInput)
	}
	return presented
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// recoverFunc logs a resolver panic with its request id and returns an
// internal error in its place.
func recoverFunc(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		requestID := RequestIDFromContext(ctx)
		logger.ErrorContext(ctx, "graphql resolver panicked", "request_id", requestID, "panic", fmt.Sprint(p))
		return &gqlerror.Error{
			Message:    fmt.Sprintf("internal error (request id %s)", requestID),
			Extensions: map[string]any{"code": CodeInternal, "requestId": requestID},
		}
	}
}
