package httpserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/authz/entrule"
	"github.com/localoffer/localoffer/internal/viewer"
)

type requestIDKey struct{}

// validRequestID accepts a caller's X-Request-Id only when it is short and
// plain, so that it is safe to log and echo.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// RequestIDFromContext returns the request id set by the middleware, or "-".
func RequestIDFromContext(ctx context.Context) string {
	if id, ok := ctx.Value(requestIDKey{}).(string); ok {
		return id
	}
	return "-"
}

// withRequestID takes the caller's X-Request-Id or makes one, stores it in
// the request context and echoes it in the response.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !validRequestID.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

func newRequestID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(b)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// withAccessLog logs one line per request: method, path, status, size and
// duration, with the request id and, for a partner, the API key's prefix. It
// never logs query strings or bodies, which
// may carry personal data.
func withAccessLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		ctx, extra := withAccessLogAttributes(r.Context())
		next.ServeHTTP(rec, r.WithContext(ctx))
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			return
		}
		attrs := []slog.Attr{
			slog.String("request_id", RequestIDFromContext(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)),
		}
		if extra.apiKey != "" {
			attrs = append(attrs, slog.String("api_key", extra.apiKey))
		}
		logger.LogAttrs(r.Context(), slog.LevelInfo, "http request", attrs...)
	})
}

// withRecover turns a panic outside the GraphQL executor into a 500 and a log
// line, so one bad request does not stop the server.
func withRecover(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				logger.Error("http handler panicked", "request_id", RequestIDFromContext(r.Context()), "panic", p)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// withPublicCORS lets any web page read the public API. Credentials are not
// allowed, so a browser never sends cookies cross-origin. A request with an
// API key gets its own origin back rather than *: withAPIKey has already
// refused origins the key does not allow.
func withPublicCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if origin := r.Header.Get("Origin"); origin != "" {
			h.Set("Access-Control-Allow-Origin", "*")
			if viewer.FromContext(r.Context()).APIKeyID != uuid.Nil {
				h.Set("Access-Control-Allow-Origin", origin)
				h.Add("Vary", "Origin")
			}
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Api-Key, X-Request-Id")
			h.Set("Access-Control-Expose-Headers", "X-Request-Id")
			h.Set("Access-Control-Max-Age", "600")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withViewer starts the request's viewer as the anonymous public, with its
// request id and client address (from X-Forwarded-For only behind a trusted
// proxy), and puts the authorizer where the privacy rules look for it.
// Authentication middleware then fills in who is calling.
func withViewer(a *authz.Authorizer, trustedProxies []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := entrule.WithAuthorizer(r.Context(), a)
		ctx = viewer.NewContext(ctx, viewer.Viewer{
			RequestID:     RequestIDFromContext(ctx),
			ClientAddress: clientAddress(r, trustedProxies),
		})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// remoteHost returns the host part of a connection's remote address.
func remoteHost(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}
