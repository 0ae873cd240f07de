package ratelimit_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/localoffer/localoffer/internal/ratelimit"
)

// clock is a settable time source.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time          { return c.now }
func (c *clock) Advance(d time.Duration) { c.now = c.now.Add(d) }
func newClock() *clock                   { return &clock{now: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)} }
func newLimiter(c *clock, maxKeys int) *ratelimit.Memory {
	return ratelimit.NewMemory(maxKeys).WithClock(c.Now)
}

var _ ratelimit.Limiter = (*ratelimit.Memory)(nil)

func allow(t *testing.T, m *ratelimit.Memory, key string, limit int) (bool, time.Duration) {
	t.Helper()
	ok, retryAfter, err := m.Allow(context.Background(), key, limit, time.Minute)
	if err != nil {
		t.Fatalf("Allow(%q): %v", key, err)
	}
	return ok, retryAfter
}

func TestMemoryAllowsUpToLimit(t *testing.T) {
	c := newClock()
	m := newLimiter(c, 0)
	for i := range 3 {
		if ok, _ := allow(t, m, "a", 3); !ok {
			t.Fatalf("request %d refused, want allowed", i+1)
		}
	}
	ok, retryAfter := allow(t, m, "a", 3)
	if ok {
		t.Fatal("fourth request allowed, want refused")
	}
	if retryAfter <= 0 || retryAfter > 2*time.Minute {
		t.Errorf("retryAfter = %s, want between 0 and 2m", retryAfter)
	}
}

func TestMemoryKeysAreIndependent(t *testing.T) {
	c := newClock()
	m := newLimiter(c, 0)
	allow(t, m, "a", 1)
	if ok, _ := allow(t, m, "b", 1); !ok {
		t.Error("first request under b refused after a used its limit")
	}
}

func TestMemoryRetryAfterIsExact(t *testing.T) {
	c := newClock()
	m := newLimiter(c, 0)
	c.Advance(15 * time.Second)
	for range 4 {
		allow(t, m, "a", 4)
	}
	ok, retryAfter := allow(t, m, "a", 4)
	if ok {
		t.Fatal("fifth request allowed, want refused")
	}

	c.Advance(retryAfter - time.Millisecond)
	if ok, _ := allow(t, m, "a", 4); ok {
		t.Errorf("request 1ms before retryAfter (%s) allowed, want refused", retryAfter)
	}
	c.Advance(time.Millisecond)
	if ok, _ := allow(t, m, "a", 4); !ok {
		t.Errorf("request at retryAfter (%s) refused, want allowed", retryAfter)
	}
}

func TestMemoryWindowSlides(t *testing.T) {
	c := newClock()
	m := newLimiter(c, 0)
	// Ten requests late in one minute: with fixed windows, ten more would
	// fit at the start of the next minute.
	c.Advance(50 * time.Second)
	for range 10 {
		allow(t, m, "a", 10)
	}
	c.Advance(15 * time.Second) // 5s into the next minute, the previous one still counts 9.17.
	if ok, _ := allow(t, m, "a", 10); !ok {
		t.Fatal("first request 15s later refused, want allowed (estimate 9.17)")
	}
	if ok, _ := allow(t, m, "a", 10); ok {
		t.Error("second request 15s later allowed, want refused (estimate 10.17)")
	}
}

func TestMemoryRecoversAfterTwoWindows(t *testing.T) {
	c := newClock()
	m := newLimiter(c, 0)
	for range 5 {
		allow(t, m, "a", 5)
	}
	c.Advance(2 * time.Minute)
	for i := range 5 {
		if ok, _ := allow(t, m, "a", 5); !ok {
			t.Fatalf("request %d two minutes later refused, want allowed", i+1)
		}
	}
}

func TestMemoryRefusedRequestsAreNotCounted(t *testing.T) {
	c := newClock()
	m := newLimiter(c, 0)
	allow(t, m, "a", 1)
	for range 100 {
		allow(t, m, "a", 1)
	}
	c.Advance(2 * time.Minute)
	if ok, _ := allow(t, m, "a", 1); !ok {
		t.Error("request after two quiet minutes refused: refused requests were counted")
	}
}

func TestMemoryEvictsStaleKeys(t *testing.T) {
	c := newClock()
	m := newLimiter(c, 0)
	for i := range 50 {
		allow(t, m, fmt.Sprintf("k%d", i), 1)
	}
	c.Advance(2 * time.Minute)
	allow(t, m, "fresh", 1)
	if got := m.Len(); got != 1 {
		t.Errorf("Len() = %d after two idle minutes, want 1", got)
	}
}

func TestMemoryBoundsKeys(t *testing.T) {
	c := newClock()
	m := newLimiter(c, 3)
	for _, key := range []string{"a", "b", "c", "d"} {
		allow(t, m, key, 1)
	}
	if got := m.Len(); got != 3 {
		t.Fatalf("Len() = %d, want 3", got)
	}
	// "a" was least recently used, so it was dropped and counts from zero.
	if ok, _ := allow(t, m, "a", 1); !ok {
		t.Error("evicted key a refused, want a fresh count")
	}
	// "d" is still tracked.
	if ok, _ := allow(t, m, "d", 1); ok {
		t.Error("tracked key d allowed past its limit")
	}
}

func TestMemoryRejectsInvalidLimit(t *testing.T) {
	m := ratelimit.NewMemory(0)
	for _, tc := range []struct {
		limit  int
		window time.Duration
	}{{0, time.Minute}, {-1, time.Minute}, {1, 0}} {
		if _, _, err := m.Allow(context.Background(), "a", tc.limit, tc.window); err == nil {
			t.Errorf("Allow(limit %d, window %s) returned no error", tc.limit, tc.window)
		}
	}
}

func TestMemoryConcurrentCallsCountExactly(t *testing.T) {
	c := newClock()
	m := newLimiter(c, 0)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		allowed int
	)
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, err := m.Allow(context.Background(), "a", 50, time.Hour)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if allowed != 50 {
		t.Errorf("%d of 200 concurrent requests allowed, want 50", allowed)
	}
}
