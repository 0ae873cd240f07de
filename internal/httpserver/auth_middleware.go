package httpserver

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/viewer"
)

// withBearer signs in the caller of a request that carries
// `Authorization: Bearer <token>`: the viewer gets the user's role, id,
// email and session. A header that is malformed, or a token that is unknown,
// revoked or expired, gets 401 with a GraphQL-shaped UNAUTHENTICATED error
// instead of being served as the public, so that a client notices it was
// signed out. Requests without the header pass through as the public.
func withBearer(service *auth.Service, logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" || service == nil {
			next.ServeHTTP(w, r)
			return
		}
		scheme, token, ok := strings.Cut(header, " ")
		token = strings.TrimSpace(token)
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			writeUnauthenticated(w, "invalid Authorization header: send Authorization: Bearer <token> with the token from the login mutation")
			return
		}

		ctx := r.Context()
		principal, err := service.Authenticate(ctx, token)
		if errors.Is(err, auth.ErrInvalidToken) {
			logger.DebugContext(ctx, "bearer token refused", "request_id", RequestIDFromContext(ctx), "reason", err.Error())
			writeUnauthenticated(w, "invalid or expired token: sign in again with the login mutation")
			return
		}
		if err != nil {
			requestID := RequestIDFromContext(ctx)
			logger.ErrorContext(ctx, "bearer token check failed", "request_id", requestID, "error", err)
			writeJSON(w, http.StatusInternalServerError, map[string]any{
				"errors": []map[string]any{{
					"message":    "internal error (request id " + requestID + ")",
					"extensions": map[string]any{"code": CodeInternal, "requestId": requestID},
				}},
			})
			return
		}

		v := viewer.FromContext(ctx)
		v.Role = principal.Role
		v.UserID = principal.UserID
		v.Email = principal.Email
		v.SessionID = principal.SessionID
		next.ServeHTTP(w, r.WithContext(viewer.NewContext(ctx, v)))
	})
}

// writeUnauthenticated writes a 401 response with a GraphQL-shaped error and the
// WWW-Authenticate header of RFC 6750, section 3.
func writeUnauthenticated(w http.ResponseWriter, message string) {
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	writeJSON(w, http.StatusUnauthorized, map[string]any{
		"errors": []map[string]any{{
			"message":    message,
			"extensions": map[string]any{"code": CodeUnauthenticated},
		}},
	})
}
