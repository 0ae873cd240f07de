package sla_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/bankholiday"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	_ "github.com/localoffer/localoffer/ent/runtime" // schema defaults and privacy policies
	"github.com/localoffer/localoffer/internal/seed"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// newCalendarDatabase returns a migrated database with the reference data,
// bank holidays included, and no review cycles.
func newCalendarDatabase(t *testing.T) (*ent.Client, context.Context) {
	t.Helper()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())
	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatalf("seed reference data: %v", err)
	}
	return client, ctx
}

// london returns an instant given as London wall-clock time.
func london(t *testing.T, value string) time.Time {
	t.Helper()
	location, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now, err := time.ParseInLocation("2006-01-02 15:04", value, location)
	if err != nil {
		t.Fatal(err)
	}
	return now
}

// cycleNames returns the names of the stored cycles, earliest first.
func cycleNames(t *testing.T, ctx context.Context, client *ent.Client) []string {
	t.Helper()
	cycles, err := client.ReviewCycle.Query().Order(ent.Asc(reviewcycle.FieldFeedbackCirculatedOn)).All(ctx)
	if err != nil {
		t.Fatalf("list review cycles: %v", err)
	}
	names := make([]string, 0, len(cycles))
	for _, c := range cycles {
		names = append(names, c.Name)
	}
	return names
}

func discardLogger() *slog.Logger {
	return slog.New(slog.DiscardHandler)
}

// TestEnsureDefaultCyclesThroughAYear starts the product again and again
// across 2026, from a clock that moves on, and checks the cycles it has
// after each start.
func TestEnsureDefaultCyclesThroughAYear(t *testing.T) {
	t.Parallel()
	client, ctx := newCalendarDatabase(t)

	steps := []struct {
		now  string
		want []string
	}{
		{"2026-01-10 09:00", []string{"Winter 2025-26", "Summer 2026"}},
		{"2026-05-04 23:59", []string{"Winter 2025-26", "Summer 2026"}}, // 4 May is a bank holiday
		{"2026-05-05 00:00", []string{"Winter 2025-26", "Summer 2026", "Winter 2026-27"}},
		{"2026-10-25 01:30", []string{"Winter 2025-26", "Summer 2026", "Winter 2026-27"}}, // the clocks go back
		{"2026-11-03 00:00", []string{"Winter 2025-26", "Summer 2026", "Winter 2026-27", "Summer 2027"}},
		{"2026-12-31 23:59", []string{"Winter 2025-26", "Summer 2026", "Winter 2026-27", "Summer 2027"}},
	}
	for _, step := range steps {
		if err := sla.EnsureDefaultCycles(ctx, client, london(t, step.now), discardLogger()); err != nil {
			t.Fatalf("start at %s: %v", step.now, err)
		}
		if got := cycleNames(t, ctx, client); strings.Join(got, ", ") != strings.Join(step.want, ", ") {
			t.Errorf("after a start at %s: cycles = %v, want %v", step.now, got, step.want)
		}
	}

	summer := client.ReviewCycle.Query().Where(reviewcycle.Name("Summer 2026")).OnlyX(ctx)
	if got := summer.FeedbackCirculatedOn.String(); got != "2026-05-05" {
		t.Errorf("Summer 2026 feedback circulated on %s, want 2026-05-05 (after the weekend and the bank holiday)", got)
	}
	if got := summer.UpdatesDueOn.String(); got != "2026-07-13" {
		t.Errorf("Summer 2026 updates due on %s, want 2026-07-13", got)
	}
	if summer.DefaultKey == nil || *summer.DefaultKey != "summer-2026" {
		t.Errorf("Summer 2026 default key = %v, want summer-2026", summer.DefaultKey)
	}
}

func TestEnsureDefaultCyclesKeepsAdminChanges(t *testing.T) {
	t.Parallel()
	client, ctx := newCalendarDatabase(t)
	now := london(t, "2026-12-04 12:00")
	if err := sla.EnsureDefaultCycles(ctx, client, now, discardLogger()); err != nil {
		t.Fatal(err)
	}

	// An LO admin renames one default cycle and moves its deadline, and
	// creates next summer's cycle under the default name before a start
	// could.
	winter := client.ReviewCycle.Query().Where(reviewcycle.Name("Winter 2026-27")).OnlyX(ctx)
	client.ReviewCycle.UpdateOne(winter).SetName("Winter 2026/27").SetUpdatesDueOn(day(2027, time.January, 20)).ExecX(ctx)
	summer := client.ReviewCycle.Query().Where(reviewcycle.Name("Summer 2027")).OnlyX(ctx)
	client.ReviewCycle.DeleteOne(summer).ExecX(ctx)
	client.ReviewCycle.Create().SetName("Summer 2027").
		SetFeedbackCirculatedOn(day(2027, time.May, 10)).SetResponsesDueOn(day(2027, time.June, 10)).
		SetUpdateNotificationsOn(day(2027, time.June, 17)).SetUpdatesDueOn(day(2027, time.July, 15)).ExecX(ctx)

	if err := sla.EnsureDefaultCycles(ctx, client, now, discardLogger()); err != nil {
		t.Fatal(err)
	}

	if got := cycleNames(t, ctx, client); strings.Join(got, ", ") != "Winter 2026/27, Summer 2027" {
		t.Errorf("cycles = %v, want the renamed winter and the admin's summer only", got)
	}
	winter = client.ReviewCycle.GetX(ctx, winter.ID)
	if winter.UpdatesDueOn != day(2027, time.January, 20) {
		t.Errorf("winter updates due on %s, want the admin's 2027-01-20", winter.UpdatesDueOn)
	}
}

// TestEnsureDefaultCyclesConcurrently starts several replicas on one
// database at once: each cycle is created once, and none fails.
func TestEnsureDefaultCyclesConcurrently(t *testing.T) {
	t.Parallel()
	client, ctx := newCalendarDatabase(t)
	now := london(t, "2026-12-04 12:00")

	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = sla.EnsureDefaultCycles(ctx, client, now, discardLogger())
		}()
	}
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: %v", i, err)
		}
	}
	if got := cycleNames(t, ctx, client); strings.Join(got, ", ") != "Winter 2026-27, Summer 2027" {
		t.Errorf("cycles = %v, want each of the two once", got)
	}
}

// TestEnsureDefaultCyclesWarnsOfMissingHolidays runs past the bank
// holidays the product ships with: the cycle is still created, moved off
// weekends, and the log names the year whose holidays are missing.
func TestEnsureDefaultCyclesWarnsOfMissingHolidays(t *testing.T) {
	t.Parallel()
	client, ctx := newCalendarDatabase(t)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))

	if err := sla.EnsureDefaultCycles(ctx, client, london(t, "2028-11-20 12:00"), logger); err != nil {
		t.Fatal(err)
	}

	winter := client.ReviewCycle.Query().Where(reviewcycle.Name("Winter 2028-29")).OnlyX(ctx)
	if got := winter.UpdatesDueOn.String(); got != "2029-01-15" {
		t.Errorf("Winter 2028-29 updates due on %s, want 2029-01-15 (13 January 2029 is a Saturday)", got)
	}
	if !strings.Contains(logs.String(), "no bank holidays known") || !strings.Contains(logs.String(), "year=2029") {
		t.Errorf("log does not warn that 2029 has no bank holidays:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "year=2028") {
		t.Errorf("log warns about 2028, whose bank holidays are known:\n%s", logs.String())
	}
}

// TestEnsureDefaultCyclesUsesStoredHolidays checks that a bank holiday an
// LO admin adds moves the dates of cycles made afterwards.
func TestEnsureDefaultCyclesUsesStoredHolidays(t *testing.T) {
	t.Parallel()
	client, ctx := newCalendarDatabase(t)
	client.BankHoliday.Create().SetDate(day(2026, time.November, 3)).SetName("A one-off bank holiday").ExecX(ctx)

	if err := sla.EnsureDefaultCycles(ctx, client, london(t, "2026-11-04 09:00"), discardLogger()); err != nil {
		t.Fatal(err)
	}

	winter := client.ReviewCycle.Query().Where(reviewcycle.Name("Winter 2026-27")).OnlyX(ctx)
	if got := winter.FeedbackCirculatedOn.String(); got != "2026-11-04" {
		t.Errorf("feedback circulated on %s, want 2026-11-04, the day after the added holiday", got)
	}
}

func TestSeededBankHolidaysRoundTrip(t *testing.T) {
	t.Parallel()
	client, ctx := newCalendarDatabase(t)

	stored := client.BankHoliday.Query().Order(ent.Asc(bankholiday.FieldDate)).AllX(ctx)

	if len(stored) != len(seed.EnglandAndWalesBankHolidays) {
		t.Fatalf("stored %d bank holidays, want %d", len(stored), len(seed.EnglandAndWalesBankHolidays))
	}
	for i, h := range seed.EnglandAndWalesBankHolidays {
		if stored[i].Date != h.Date || stored[i].Name != h.Name {
			t.Errorf("holiday %d = %s %q, want %s %q", i, stored[i].Date, stored[i].Name, h.Date, h.Name)
		}
	}
	christmas := client.BankHoliday.Query().Where(bankholiday.DateEQ(day(2027, time.December, 27))).OnlyX(ctx)
	if christmas.Name != "Christmas Day (substitute day)" {
		t.Errorf("27 December 2027 = %q, want the Christmas Day substitute", christmas.Name)
	}
}
