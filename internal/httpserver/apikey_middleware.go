package httpserver

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/localoffer/localoffer/internal/apikey"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/ratelimit"
	"github.com/localoffer/localoffer/internal/viewer"
)

// APIKeyHeader carries a partner website's API key.
const APIKeyHeader = "X-Api-Key"

// withAPIKey authenticates a request that sends X-Api-Key and makes its
// viewer the partner key. It responds itself, with a GraphQL-shaped JSON
// error, when the key is invalid or revoked (401 UNAUTHENTICATED), when a
// browser sends it from an origin the key does not allow (403 FORBIDDEN), and
// when the key is over its rate limit (429 RATE_LIMITED with Retry-After).
// A request without Origin comes from a server and passes the origin check.
//
// A viewer that is already signed in (a bearer token checked earlier) keeps
// its user and role; the key is still checked and recorded on the viewer.
func withAPIKey(keys *apikey.Service, limiter ratelimit.Limiter, logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		presented := r.Header.Get(APIKeyHeader)
		if presented == "" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		requestID := RequestIDFromContext(ctx)

		partner, err := keys.Authenticate(ctx, presented)
		if errors.Is(err, apikey.ErrInvalidKey) {
			writeGraphQLError(w, http.StatusUnauthorized, CodeUnauthenticated,
				"invalid or revoked API key: check the X-Api-Key header, or ask the Local Offer team for a new key", nil)
			return
		}
		if err != nil {
			logger.ErrorContext(ctx, "API key lookup failed", "request_id", requestID, "error", err)
			writeGraphQLError(w, http.StatusInternalServerError, CodeInternal,
				"internal error (request id "+requestID+")", map[string]any{"requestId": requestID})
			return
		}
		setAccessLogAPIKey(ctx, partner.Prefix)

		if origin := r.Header.Get("Origin"); origin != "" && !partner.AllowsOrigin(origin) {
			writeGraphQLError(w, http.StatusForbidden, CodeForbidden,
				"this API key may not be used from origin "+strconv.Quote(origin)+": ask the Local Offer team to add it to the key's allowed origins", nil)
			return
		}

		allowed, retryAfter, err := limiter.Allow(ctx, "api_key:"+partner.ID.String(), partner.RateLimitPerMinute, time.Minute)
		if err != nil {
			// A failing limiter lets requests through: partners keep their
			// service, and the error is logged for the operators.
			logger.ErrorContext(ctx, "API key rate limit not checked", "request_id", requestID, "api_key", partner.Prefix, "error", err)
		} else if !allowed {
			seconds := int(math.Ceil(retryAfter.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(seconds))
			writeGraphQLError(w, http.StatusTooManyRequests, CodeRateLimited,
				"rate limit of "+strconv.Itoa(partner.RateLimitPerMinute)+" requests per minute reached: retry after "+strconv.Itoa(seconds)+" seconds",
				map[string]any{"retryAfterSeconds": seconds})
			return
		}

		if err := keys.MarkUsed(context.WithoutCancel(ctx), partner); err != nil {
			logger.WarnContext(ctx, "API key last use not recorded", "request_id", requestID, "api_key", partner.Prefix, "error", err)
		}
		next.ServeHTTP(w, r.WithContext(viewer.NewContext(ctx, partnerViewer(viewer.FromContext(ctx), partner))))
	})
}

// partnerViewer adds the key to v, and makes v the partner role unless a user
// is already signed in.
func partnerViewer(v viewer.Viewer, partner apikey.Partner) viewer.Viewer {
	v.APIKeyID = partner.ID
	v.APIKeyName = partner.Name
	if !v.SignedIn() {
		v.Role = authz.RolePartner
	}
	return v
}

// writeGraphQLError responds to a request the GraphQL server never sees with a
// response in the GraphQL shape, so that clients read every failure alike.
func writeGraphQLError(w http.ResponseWriter, status int, code, message string, extensions map[string]any) {
	if extensions == nil {
		extensions = map[string]any{}
	}
	extensions["code"] = code
	writeJSON(w, status, map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": extensions}},
	})
}

// accessLogKey carries the access log's per-request attributes that inner
// middleware fills in.
type accessLogKey struct{}

type accessLogAttributes struct {
	apiKey string
}

func withAccessLogAttributes(ctx context.Context) (context.Context, *accessLogAttributes) {
	attributes := &accessLogAttributes{}
	return context.WithValue(ctx, accessLogKey{}, attributes), attributes
}

// setAccessLogAPIKey names the request's API key, by its prefix, in the
// access log line.
func setAccessLogAPIKey(ctx context.Context, prefix string) {
	if attributes, ok := ctx.Value(accessLogKey{}).(*accessLogAttributes); ok {
		attributes.apiKey = prefix
	}
}
