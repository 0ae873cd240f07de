package apikey

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/apikey"
	"github.com/localoffer/localoffer/internal/viewer"
)

// ErrInvalidKey is returned, wrapped, by Authenticate for a key that is
// malformed, unknown, revoked or has the wrong secret. The error does not
// reveal which.
var ErrInvalidKey = errors.New("invalid or revoked API key")

// Partner is an authenticated key, as the middleware needs it.
type Partner struct {
	ID     uuid.UUID
	Name   string
	Prefix string
	// AllowedOrigins are normalised origins; empty allows any origin.
	AllowedOrigins     []string
	RateLimitPerMinute int
}

// AllowsOrigin reports whether a browser may send the key from origin, the
// request's Origin header.
func (p Partner) AllowsOrigin(origin string) bool {
	if len(p.AllowedOrigins) == 0 {
		return true
	}
	normalised, ok := NormaliseOrigin(origin)
	return ok && slices.Contains(p.AllowedOrigins, normalised)
}

// Authenticate checks a presented X-Api-Key value. Lookups are cached for the
// configured time, unknown prefixes included, so most requests do not reach
// the database.
func (s *Service) Authenticate(ctx context.Context, presented string) (Partner, error) {
	prefix, secret, ok := parseKey(presented)
	if !ok {
		return Partner{}, fmt.Errorf("parse API key: %w", ErrInvalidKey)
	}
	entry, err := s.lookup(ctx, prefix)
	if err != nil {
		return Partner{}, err
	}
	if entry.partner == nil {
		return Partner{}, fmt.Errorf("API key %s not found: %w", prefix, ErrInvalidKey)
	}
	if subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(entry.secretHash)) != 1 {
		return Partner{}, fmt.Errorf("API key %s has a wrong secret: %w", prefix, ErrInvalidKey)
	}
	if entry.revoked {
		return Partner{}, fmt.Errorf("API key %s is revoked: %w", prefix, ErrInvalidKey)
	}
	return *entry.partner, nil
}

// lookup returns the cached entry for prefix, reading the database when it
// is missing or expired.
func (s *Service) lookup(ctx context.Context, prefix string) (cacheEntry, error) {
	now := s.now()
	if entry, ok := s.cache.get(prefix, now); ok {
		return entry, nil
	}
	key, err := s.client.APIKey.Query().Where(apikey.Prefix(prefix)).Only(viewer.SystemContext(ctx))
	if err != nil && !ent.IsNotFound(err) {
		return cacheEntry{}, fmt.Errorf("look up API key %s: %w", prefix, err)
	}
	entry := cacheEntry{}
	if key != nil {
		entry = cacheEntry{
			partner: &Partner{
				ID: key.ID, Name: key.Name, Prefix: key.Prefix,
				AllowedOrigins: key.AllowedOrigins, RateLimitPerMinute: key.RateLimitPerMinute,
			},
			secretHash: key.SecretHash,
			revoked:    key.RevokedAt != nil,
		}
	}
	s.cache.put(prefix, entry, now)
	return entry, nil
}

// MarkUsed sets the key's last_used_at, at most once a minute per key in
// this process and, through the WHERE clause, across replicas. It writes with
// plain SQL because ent's update builder would also set updated_at, which
// records changes to the key's settings.
func (s *Service) MarkUsed(ctx context.Context, p Partner) error {
	now := s.now().UTC()
	if !s.usage.due(p.ID, now) {
		return nil
	}
	cutoff := now.Add(-usageInterval)
	query, args := sql.Dialect(s.dialect).Update(apikey.Table).
		Set(apikey.FieldLastUsedAt, now).
		Where(sql.And(
			sql.EQ(apikey.FieldID, p.ID),
			sql.Or(sql.IsNull(apikey.FieldLastUsedAt), sql.LT(apikey.FieldLastUsedAt, cutoff)),
		)).
		Query()
	if _, err := s.client.ExecContext(ctx, query, args...); err != nil {
		s.usage.forget(p.ID)
		return fmt.Errorf("record use of API key %s: %w", p.Prefix, err)
	}
	return nil
}

// usageInterval is the most often last_used_at is written for one key.
const usageInterval = time.Minute

// usageThrottle remembers when each key's last use was last written. It holds
// one entry per key that has been used, which the keys table bounds.
type usageThrottle struct {
	mu      sync.Mutex
	written map[uuid.UUID]time.Time
}

func newUsageThrottle() *usageThrottle {
	return &usageThrottle{written: map[uuid.UUID]time.Time{}}
}

// due reports whether a write for id is due at now, and if so claims it, so
// that concurrent requests do not all write.
func (u *usageThrottle) due(id uuid.UUID, now time.Time) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if last, ok := u.written[id]; ok && now.Sub(last) < usageInterval {
		return false
	}
	u.written[id] = now
	return true
}

// forget lets the next request retry a write that failed.
func (u *usageThrottle) forget(id uuid.UUID) {
	u.mu.Lock()
	defer u.mu.Unlock()
	delete(u.written, id)
}

// maxCachedKeys bounds the cache, which also holds unknown prefixes and so
// could otherwise grow with every made-up key a client sends.
const maxCachedKeys = 10_000

type cacheEntry struct {
	// partner is nil when no key has the prefix.
	partner    *Partner
	secretHash string
	revoked    bool
	expires    time.Time
}

// keyCache holds key lookups by prefix for a short time.
type keyCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	entries map[string]cacheEntry
}

func newKeyCache(ttl time.Duration) *keyCache {
	return &keyCache{ttl: ttl, entries: map[string]cacheEntry{}}
}

func (c *keyCache) get(prefix string, now time.Time) (cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	entry, ok := c.entries[prefix]
	if !ok || !now.Before(entry.expires) {
		return cacheEntry{}, false
	}
	return entry, true
}

// put stores entry; when the cache is full it first drops expired entries,
// and if that frees nothing, everything.
func (c *keyCache) put(prefix string, entry cacheEntry, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedKeys {
		for p, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, p)
			}
		}
		if len(c.entries) >= maxCachedKeys {
			clear(c.entries)
		}
	}
	entry.expires = now.Add(c.ttl)
	c.entries[prefix] = entry
}

// forget drops prefix, so that the next request reads the key again.
func (c *keyCache) forget(prefix string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, prefix)
}
