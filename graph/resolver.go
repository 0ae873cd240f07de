// Package graph holds the GraphQL resolvers. They stay thin: each is one call
// into an internal package or one ent builder chain.
package graph

import (
	"log/slog"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/apikey"
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/events"
	"github.com/localoffer/localoffer/internal/ratelimit"
)

// Resolver carries the dependencies of every resolver.
type Resolver struct {
	Client *ent.Client
	// Dialect is the ent dialect of the database, "sqlite3" or "postgres".
	Dialect string
	// PublicURL is the base of links to the public site, without a trailing slash.
	PublicURL string
	// Authz decides what each caller may do.
	Authz  *authz.Authorizer
	Logger *slog.Logger
	// APIKeyService manages partner API keys; the HTTP middleware shares
	// it, so that a revocation clears its cache.
	APIKeyService *apikey.Service
	// Auth signs users in and out and runs the invitation and
	// password-reset flows; the bearer-token middleware shares it.
	Auth *auth.Service
	// Events receives the content events of the workflow; nil drops them.
	Events *events.Bus
	// FeedbackSettings holds the settings of feedback and the annual
	// report. The name Feedback belongs to the Feedback type's resolver,
	// which gqlgen generates.
	FeedbackSettings config.Feedback
	// RateLimiter limits the public feedback form per client address; the
	// partner keys' limits share it.
	RateLimiter ratelimit.Limiter
}
