package apikey

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/apikey"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Limits of a key's settings.
const (
	// MaxNameBytes matches the name column's limit in the ent schema.
	MaxNameBytes = 200
	// DefaultRateLimitPerMinute matches the column default in the ent schema.
	DefaultRateLimitPerMinute = 600
	MinRateLimitPerMinute     = 1
	MaxRateLimitPerMinute     = 100_000
)

// CreateInput is the settings of a new key.
type CreateInput struct {
	Name string
	// AllowedOrigins are the origins (scheme://host[:port]) browsers may
	// send the key from; empty allows any origin.
	AllowedOrigins []string
	// RateLimitPerMinute is nil for DefaultRateLimitPerMinute.
	RateLimitPerMinute *int
}

// Created is a new key with its full value, which is never available again.
type Created struct {
	Key *ent.APIKey
	// Secret is the whole key to send in X-Api-Key, "lo_<prefix>_<secret>".
	Secret string
}

// Create stores a new key for an LO admin and returns it with its secret.
// The api_key.created audit event is recorded once the request's transaction
// commits.
func (s *Service) Create(ctx context.Context, input CreateInput) (*Created, error) {
	if err := checkRight(ctx, authz.TypeAPIKey, authz.ActionCreate, "API keys"); err != nil {
		return nil, err
	}
	name, origins, rateLimit, err := validateCreate(input)
	if err != nil {
		return nil, err
	}

	client := s.clientFor(ctx)
	system := viewer.SystemContext(ctx)
	prefix, secret, secretHash, err := s.unusedKey(system, client)
	if err != nil {
		return nil, err
	}
	create := client.APIKey.Create().
		SetName(name).
		SetPrefix(prefix).
		SetSecretHash(secretHash).
		SetAllowedOrigins(origins).
		SetRateLimitPerMinute(rateLimit)
	if v := viewer.FromContext(ctx); v.SignedIn() {
		create.SetCreatedByID(v.UserID)
	}
	key, err := create.Save(system)
	if err != nil {
		return nil, fmt.Errorf("create API key %q: %w", name, err)
	}

	audit.AfterCommit(ctx, func() {
		s.cache.forget(prefix)
		s.record(ctx, ActionCreated, key, []string{"name", "allowed_origins", "rate_limit_per_minute"})
	})
	return &Created{Key: key, Secret: secret}, nil
}

// unusedKey returns a new key whose prefix no stored key has. With 48 random
// bits a clash is very unlikely. Checking first keeps a clash from failing
// the insert, because on PostgreSQL that would also abort the transaction.
func (s *Service) unusedKey(ctx context.Context, client *ent.Client) (prefix, secret, secretHash string, err error) {
	for range 3 {
		prefix, secret, secretHash = newKey()
		taken, err := client.APIKey.Query().Where(apikey.Prefix(prefix)).Exist(ctx)
		if err != nil {
			return "", "", "", fmt.Errorf("check API key prefix: %w", err)
		}
		if !taken {
			return prefix, secret, secretHash, nil
		}
	}
	return "", "", "", fmt.Errorf("find an unused API key prefix: three random prefixes were taken")
}

func validateCreate(input CreateInput) (name string, origins []string, rateLimit int, err error) {
	name = strings.TrimSpace(input.Name)
	switch {
	case name == "":
		return "", nil, 0, apperr.Input("input.name", "is empty: give the partner website's name, such as \"Riverside Families Hub\"")
	case len(name) > MaxNameBytes:
		return "", nil, 0, apperr.Input("input.name", "is %d bytes long: use at most %d bytes of UTF-8", len(name), MaxNameBytes)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "", nil, 0, apperr.Input("input.name", "contains a control character such as a line break: use one line of text")
	}

	origins, err = NormaliseOrigins("input.allowedOrigins", input.AllowedOrigins)
	if err != nil {
		return "", nil, 0, err
	}

	rateLimit = DefaultRateLimitPerMinute
	if input.RateLimitPerMinute != nil {
		rateLimit = *input.RateLimitPerMinute
	}
	if rateLimit < MinRateLimitPerMinute || rateLimit > MaxRateLimitPerMinute {
		return "", nil, 0, apperr.Input("input.rateLimitPerMinute", "%d is out of range: give requests per minute from %d to %d",
			rateLimit, MinRateLimitPerMinute, MaxRateLimitPerMinute)
	}
	return name, origins, rateLimit, nil
}

// List returns a page of keys, newest first, for an LO admin. Revoked keys
// are left out unless includeRevoked is set.
func (s *Service) List(ctx context.Context, page directory.Page, includeRevoked bool) (*ent.APIKeyConnection, error) {
	if err := checkRight(ctx, authz.TypeAPIKey, authz.ActionRead, "API keys"); err != nil {
		return nil, err
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	query := s.clientFor(ctx).APIKey.Query()
	if !includeRevoked {
		query.Where(apikey.RevokedAtIsNil())
	}
	order := &ent.APIKeyOrder{Direction: entgql.OrderDirectionDesc, Field: ent.APIKeyOrderFieldCreatedAt}
	conn, err := query.Paginate(ctx, page.After, page.First, page.Before, page.Last, ent.WithAPIKeyOrder(order))
	if err != nil {
		return nil, fmt.Errorf("list API keys: %w", err)
	}
	return conn, nil
}

// Revoke stops a key from working, at once in this process and within the
// cache lifetime in others. Revoking a revoked key returns it unchanged and
// records nothing.
func (s *Service) Revoke(ctx context.Context, id uuid.UUID) (*ent.APIKey, error) {
	v := viewer.FromContext(ctx)
	if !v.System && !v.SignedIn() && v.APIKeyID == uuid.Nil {
		return nil, fmt.Errorf("revoke API key: %w", apperr.ErrUnauthenticated)
	}

	// A caller who may not read keys learns nothing about which ids exist.
	client := s.clientFor(ctx)
	key, err := client.APIKey.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no API key with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load API key %s: %w", id, err)
	}
	if err := checkRight(ctx, authz.TypeAPIKey, authz.ActionRevoke, "API keys"); err != nil {
		return nil, err
	}
	if key.RevokedAt != nil {
		return key, nil
	}

	key, err = key.Update().SetRevokedAt(s.now().UTC()).Save(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("revoke API key %s: %w", id, err)
	}
	audit.AfterCommit(ctx, func() {
		s.cache.forget(key.Prefix)
		s.record(ctx, ActionRevoked, key, []string{"revoked_at"})
	})
	return key, nil
}

// record writes an audit event about key with the root client. The event
// names the key by its prefix, never by its secret. A failure is logged, not
// returned: the change it describes has already committed.
func (s *Service) record(ctx context.Context, action string, key *ent.APIKey, changed []string) {
	err := audit.Record(ctx, s.client, audit.Event{
		Action:        action,
		ObjectType:    authz.TypeAPIKey,
		ObjectID:      key.ID,
		ChangedFields: changed,
		Detail:        "key prefix " + keyPrefix + key.Prefix,
	})
	if err != nil {
		s.logger.ErrorContext(ctx, "API key audit event not recorded",
			"action", action, "api_key_id", key.ID, "request_id", viewer.FromContext(ctx).RequestID, "error", err)
	}
}
