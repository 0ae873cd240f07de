package auth

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/signinfailure"
	"github.com/localoffer/localoffer/internal/apperr"
)

// signInAttempt is one sign-in counted against the failures of its account
// and of its client address. Its own rows are written before the password is
// checked and stay only if the password is wrong.
type signInAttempt struct {
	s    *Service
	now  time.Time
	keys []string
	// ids are the attempt's own rows, one per key.
	ids []uuid.UUID
	// counts are the rows of each key within the window, the attempt's own
	// included.
	counts map[string]int
}

// failureKeys returns the keys failures are counted under: the account, by
// a hash of its normalised email so that mistyped addresses are not stored,
// and the client address when known.
func failureKeys(email, address string) []string {
	keys := []string{"account:" + HashToken(email)}
	if address != "" {
		keys = append(keys, "address:"+address)
	}
	return keys
}

// startAttempt writes the attempt's rows and counts each key's rows within
// the failure window.
func (s *Service) startAttempt(ctx context.Context, email, address string) (*signInAttempt, error) {
	a := &signInAttempt{s: s, now: s.now(), keys: failureKeys(email, address), counts: map[string]int{}}
	creates := make([]*ent.SignInFailureCreate, len(a.keys))
	for i, key := range a.keys {
		creates[i] = s.client.SignInFailure.Create().SetKey(key).SetFailedAt(a.now)
	}
	rows, err := s.client.SignInFailure.CreateBulk(creates...).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record sign-in attempt: %w", err)
	}
	for _, row := range rows {
		a.ids = append(a.ids, row.ID)
	}

	since := a.now.Add(-s.cfg.SignInFailureWindow)
	for _, key := range a.keys {
		n, err := s.client.SignInFailure.Query().
			Where(signinfailure.Key(key), signinfailure.FailedAtGT(since)).
			Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("count failed sign-ins: %w", err)
		}
		a.counts[key] = n
	}
	return a, nil
}

// maxCount returns the largest count of failures among the attempt's keys,
// its own included.
func (a *signInAttempt) maxCount() int {
	largest := 0
	for _, n := range a.counts {
		largest = max(largest, n)
	}
	return largest
}

// rejection returns RATE_LIMITED when, before this attempt, an account or
// address already had the maximum number of failures within the window.
func (a *signInAttempt) rejection(ctx context.Context) error {
	for _, key := range a.keys {
		if earlier := a.counts[key] - 1; earlier >= a.s.cfg.SignInMaxFailures {
			return a.rateLimited(ctx, key, earlier, true)
		}
	}
	return nil
}

// limitReached returns RATE_LIMITED when this failed attempt brought an
// account or address to the maximum.
func (a *signInAttempt) limitReached(ctx context.Context) error {
	for _, key := range a.keys {
		if a.counts[key] >= a.s.cfg.SignInMaxFailures {
			return a.rateLimited(ctx, key, a.counts[key], false)
		}
	}
	return nil
}

// rateLimited builds the error for key, which has count failures that stay
// in the window. excludeOwn leaves out the attempt's own rows, which a
// rejected attempt deletes. Sign-ins are allowed again once enough of the
// oldest failures have left the window to bring the count below the maximum.
func (a *signInAttempt) rateLimited(ctx context.Context, key string, count int, excludeOwn bool) error {
	retryAfter := a.s.cfg.SignInFailureWindow
	query := a.s.client.SignInFailure.Query().
		Where(signinfailure.Key(key), signinfailure.FailedAtGT(a.now.Add(-a.s.cfg.SignInFailureWindow)))
	if excludeOwn {
		query.Where(signinfailure.IDNotIn(a.ids...))
	}
	oldest, err := query.
		Order(ent.Asc(signinfailure.FieldFailedAt), ent.Asc(signinfailure.FieldID)).
		Offset(count - a.s.cfg.SignInMaxFailures).
		First(ctx)
	if err == nil {
		retryAfter = oldest.FailedAt.Add(a.s.cfg.SignInFailureWindow).Sub(a.now)
	}
	minutes := int(math.Ceil(retryAfter.Minutes()))
	return &apperr.RateLimitedError{
		Message:    fmt.Sprintf("too many failed sign-ins: try again in %d minute(s), or reset your password", max(minutes, 1)),
		RetryAfter: max(retryAfter, time.Second),
	}
}

// forget deletes the attempt's rows: the attempt was refused before the
// password was checked, or could not be checked.
func (a *signInAttempt) forget(ctx context.Context) {
	if _, err := a.s.client.SignInFailure.Delete().Where(signinfailure.IDIn(a.ids...)).Exec(ctx); err != nil {
		a.s.logger.WarnContext(ctx, "sign-in attempt not removed", "error", err)
	}
}

// succeed deletes the attempt's rows and the account's earlier failures,
// which a correct password ends. The address's failures stay, so that a
// caller cannot clear them by signing in to an account of their own between
// guesses.
func (a *signInAttempt) succeed(ctx context.Context) {
	_, err := a.s.client.SignInFailure.Delete().
		Where(signinfailure.Or(signinfailure.IDIn(a.ids...), signinfailure.Key(a.keys[0]))).
		Exec(ctx)
	if err != nil {
		a.s.logger.WarnContext(ctx, "failed sign-ins not cleared after sign-in", "error", err)
	}
}

// purgeExpired deletes every failure that has left the window, whatever its
// key, so that the table stays as small as the failures being counted.
func (a *signInAttempt) purgeExpired(ctx context.Context) {
	_, err := a.s.client.SignInFailure.Delete().
		Where(signinfailure.FailedAtLTE(a.now.Add(-a.s.cfg.SignInFailureWindow))).
		Exec(ctx)
	if err != nil {
		a.s.logger.WarnContext(ctx, "expired sign-in failures not purged", "error", err)
	}
}
