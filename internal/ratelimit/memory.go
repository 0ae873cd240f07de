package ratelimit

import (
	"container/list"
	"context"
	"fmt"
	"math"
	"sync"
	"time"
)

// DefaultMaxKeys is the maximum number of keys a Memory limiter tracks when
// NewMemory is given none.
const DefaultMaxKeys = 100_000

// Memory is an in-process Limiter for a single replica. It uses a sliding
// window counter: the count of the current fixed window plus the previous
// window's count weighted by how much of it the sliding window still covers.
// That smooths the burst of up to twice the limit that plain fixed windows
// allow at a boundary, in constant memory per key.
//
// Memory holds at most maxKeys keys. A key untouched for two of its windows
// is forgotten, and when the table is full the least recently used key is
// dropped, which resets that key's count.
type Memory struct {
	mu      sync.Mutex
	maxKeys int
	now     func() time.Time
	entries map[string]*list.Element
	// recent orders entries from most to least recently used.
	recent *list.List
}

type window struct {
	key      string
	length   time.Duration
	start    time.Time
	current  int
	previous int
	lastUsed time.Time
}

// NewMemory returns an in-process limiter that tracks at most maxKeys keys;
// maxKeys <= 0 means DefaultMaxKeys.
func NewMemory(maxKeys int) *Memory {
	if maxKeys <= 0 {
		maxKeys = DefaultMaxKeys
	}
	return &Memory{maxKeys: maxKeys, now: time.Now, entries: map[string]*list.Element{}, recent: list.New()}
}

// WithClock returns m reading the time from now, for tests.
func (m *Memory) WithClock(now func() time.Time) *Memory {
	m.now = now
	return m
}

// Len returns the number of keys tracked.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

// Allow implements Limiter. It never returns an error other than for an
// invalid limit or window.
func (m *Memory) Allow(_ context.Context, key string, limit int, length time.Duration) (bool, time.Duration, error) {
	if limit <= 0 || length <= 0 {
		return false, 0, fmt.Errorf("rate limit for %q: limit %d and window %s must both be positive", key, limit, length)
	}
	m.mu.Lock()
	defer m.mu.Unlock()

	now := m.now()
	m.evictStale(now)
	w := m.window(key, length, now)
	w.advance(now)
	w.lastUsed = now

	elapsed := now.Sub(w.start)
	if w.estimate(elapsed) < float64(limit) {
		w.current++
		return true, 0, nil
	}
	return false, w.retryAfter(elapsed, limit), nil
}

// window returns key's entry, creating it and making room when needed, and
// marks it most recently used.
func (m *Memory) window(key string, length time.Duration, now time.Time) *window {
	if element, ok := m.entries[key]; ok {
		m.recent.MoveToFront(element)
		w := element.Value.(*window)
		if w.length != length {
			// A new window length restarts the count rather than mixing units.
			*w = window{key: key, length: length, start: now.Truncate(length)}
		}
		return w
	}
	for len(m.entries) >= m.maxKeys {
		m.remove(m.recent.Back())
	}
	w := &window{key: key, length: length, start: now.Truncate(length)}
	m.entries[key] = m.recent.PushFront(w)
	return w
}

// evictStale drops least recently used keys that have not been used for two
// of their windows, so their counts could no longer matter. It stops at the
// first key still in use, so a long-window key can keep shorter ones behind
// it until the table fills.
func (m *Memory) evictStale(now time.Time) {
	for element := m.recent.Back(); element != nil; element = m.recent.Back() {
		w := element.Value.(*window)
		if now.Sub(w.lastUsed) < 2*w.length {
			return
		}
		m.remove(element)
	}
}

func (m *Memory) remove(element *list.Element) {
	w := m.recent.Remove(element).(*window)
	delete(m.entries, w.key)
}

// advance moves the fixed window forward to the one containing now.
func (w *window) advance(now time.Time) {
	start := now.Truncate(w.length)
	switch {
	case !start.After(w.start):
		return
	case start.Sub(w.start) == w.length:
		w.previous = w.current
	default:
		w.previous = 0
	}
	w.current = 0
	w.start = start
}

// estimate is the number of requests in the sliding window that ends
// elapsed into the current fixed window.
func (w *window) estimate(elapsed time.Duration) float64 {
	previousShare := 1 - float64(elapsed)/float64(w.length)
	return float64(w.previous)*previousShare + float64(w.current)
}

// retryAfter returns how long until the estimate drops below limit, with no
// further requests counted meanwhile.
func (w *window) retryAfter(elapsed time.Duration, limit int) time.Duration {
	length := float64(w.length)
	var wait float64
	if w.current < limit && w.previous > 0 {
		// Solve previous*(1-(elapsed+t)/length) + current < limit for t.
		wait = length*(1-float64(limit-w.current)/float64(w.previous)) - float64(elapsed)
	} else {
		// The current window alone is full: wait for the next window, then
		// until the current count, as the previous one, has decayed enough.
		wait = (length - float64(elapsed)) + length*(1-float64(limit)/float64(w.current))
	}
	// At exactly the computed time the estimate equals the limit, which is
	// still refused, so the answer is one nanosecond later.
	return time.Duration(math.Ceil(wait)) + time.Nanosecond
}
