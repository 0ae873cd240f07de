// Package ratelimit counts requests per key in a time window. The Limiter
// interface has an in-process implementation here; a shared one (Redis)
// implements the same interface for several replicas.
package ratelimit

import (
	"context"
	"time"
)

// Limiter decides whether one more request under key fits within limit
// requests per window.
type Limiter interface {
	// Allow counts one request under key when it fits. When it does not,
	// allowed is false and retryAfter is the wait until one would fit. A
	// rejected request is not counted. err reports a failing backend, in which
	// case allowed and retryAfter mean nothing.
	Allow(ctx context.Context, key string, limit int, window time.Duration) (allowed bool, retryAfter time.Duration, err error)
}
