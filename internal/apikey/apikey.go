// Package apikey manages the API keys partner websites use to read published
// content: LO admins create, list and revoke them, and the HTTP middleware
// authenticates each request's X-Api-Key through Service.Authenticate.
//
// A key reads "lo_<prefix>_<secret>". The prefix is stored in clear so that a
// key can be found and distinguished in lists; only a SHA-256 hash of the secret
// is stored, so the full key is shown once, when it is created.
package apikey

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/authz/entrule"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Audit actions recorded for API keys.
const (
	ActionCreated = "api_key.created"
	ActionRevoked = "api_key.revoked"
)

const (
	// keyPrefix starts every key, so that a leaked key is recognisable to
	// secret scanners and people alike.
	keyPrefix = "lo_"
	// prefixBytes is the random part of the stored prefix: 48 bits, written
	// as 12 hex digits.
	prefixBytes  = 6
	prefixLength = 2 * prefixBytes
)

// Service creates, lists, revokes and authenticates API keys. One Service
// serves both the GraphQL resolvers and the HTTP middleware of a process, so
// that a revocation clears the key from the cache the middleware reads.
type Service struct {
	client  *ent.Client
	dialect string
	logger  *slog.Logger
	now     func() time.Time
	cache   *keyCache
	usage   *usageThrottle
}

// Options configures a Service.
type Options struct {
	// Client is the root client, used for reads and writes outside a request's
	// transaction: key lookups, last-used times and audit events.
	Client *ent.Client
	// Dialect is the ent dialect of the database, "sqlite3" or "postgres".
	Dialect string
	Logger  *slog.Logger
	// CacheTTL is how long a key looked up by the middleware is trusted
	// before it is read again; zero means DefaultCacheTTL. A revocation in
	// this process takes effect at once; one made by another replica takes
	// up to CacheTTL to reach this one.
	CacheTTL time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// DefaultCacheTTL is how long a key lookup is cached unless configured
// otherwise.
const DefaultCacheTTL = 30 * time.Second

// New returns a Service.
func New(opts Options) *Service {
	if opts.CacheTTL <= 0 {
		opts.CacheTTL = DefaultCacheTTL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{
		client:  opts.Client,
		dialect: opts.Dialect,
		logger:  opts.Logger,
		now:     opts.Now,
		cache:   newKeyCache(opts.CacheTTL),
		usage:   newUsageThrottle(),
	}
}

// newKey returns a fresh prefix, the full key to hand to the partner, and
// the hash of its secret to store.
func newKey() (prefix, fullKey, secretHash string) {
	b := make([]byte, prefixBytes)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	prefix = hex.EncodeToString(b)
	secret, secretHash := auth.NewToken()
	return prefix, keyPrefix + prefix + "_" + secret, secretHash
}

// hashSecret returns the stored form of a key's secret, the same as for
// every other token: the secret has 256 random bits, so a fast hash is enough.
func hashSecret(secret string) string {
	return auth.HashToken(secret)
}

// parseKey splits a presented key into its prefix and secret; ok is false
// when it does not have the shape of a key.
func parseKey(presented string) (prefix, secret string, ok bool) {
	rest, found := strings.CutPrefix(presented, keyPrefix)
	if !found || len(rest) < prefixLength+2 || rest[prefixLength] != '_' {
		return "", "", false
	}
	prefix, secret = rest[:prefixLength], rest[prefixLength+1:]
	if _, err := hex.DecodeString(prefix); err != nil || strings.ToLower(prefix) != prefix {
		return "", "", false
	}
	return prefix, secret, true
}

// checkRight returns nil when the caller may perform action on records of
// typ, apperr.ErrUnauthenticated when the caller brought no credentials, and
// apperr.ErrForbidden otherwise.
func checkRight(ctx context.Context, typ, action, what string) error {
	v := viewer.FromContext(ctx)
	if v.System {
		return nil
	}
	a, err := entrule.Authorizer(ctx)
	if err != nil {
		return fmt.Errorf("load policy: %w", err)
	}
	if a.Allowed(v.PolicyRole(), typ, action) {
		return nil
	}
	if !v.SignedIn() && v.APIKeyID == uuid.Nil {
		return fmt.Errorf("%s %s: %w", action, what, apperr.ErrUnauthenticated)
	}
	return fmt.Errorf("only LO admins may %s %s: %w", action, what, apperr.ErrForbidden)
}

// clientFor returns the request's transactional client, or the root client
// outside a transaction.
func (s *Service) clientFor(ctx context.Context) *ent.Client {
	if client := ent.FromContext(ctx); client != nil {
		return client
	}
	return s.client
}
