package sla_test

import (
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/seed"
	"github.com/localoffer/localoffer/internal/sla"
)

func day(year int, month time.Month, d int) schematype.Date {
	return schematype.NewDate(year, month, d)
}

// shippedCalendar is the calendar with the bank holidays the product ships
// with, 2025 to 2028.
func shippedCalendar() sla.Calendar {
	var dates []schematype.Date
	for _, h := range seed.EnglandAndWalesBankHolidays {
		dates = append(dates, h.Date)
	}
	return sla.NewCalendar(dates)
}

func TestIsWorkingDay(t *testing.T) {
	t.Parallel()
	c := shippedCalendar()
	tests := []struct {
		date schematype.Date
		want bool
	}{
		{day(2026, time.December, 4), true},   // a Friday
		{day(2026, time.December, 5), false},  // a Saturday
		{day(2026, time.December, 6), false},  // a Sunday
		{day(2026, time.December, 25), false}, // Christmas Day, a Friday
		{day(2026, time.December, 28), false}, // Boxing Day's substitute, a Monday
		{day(2026, time.December, 29), true},  // the Tuesday after
		{day(2027, time.March, 29), false},    // Easter Monday
		{day(2029, time.January, 1), true},    // a holiday the calendar was not given
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(tt.date); got != tt.want {
			t.Errorf("IsWorkingDay(%s, a %s) = %t, want %t", tt.date, tt.date.Weekday(), got, tt.want)
		}
	}
}

func TestNextWorkingDay(t *testing.T) {
	t.Parallel()
	c := shippedCalendar()
	tests := []struct {
		name       string
		date, want schematype.Date
	}{
		{"a working day stays", day(2026, time.November, 3), day(2026, time.November, 3)},
		{"a Saturday moves to Monday", day(2026, time.December, 5), day(2026, time.December, 7)},
		{"a Sunday moves to Monday", day(2025, time.December, 7), day(2025, time.December, 8)},
		{"a bank holiday Monday moves to Tuesday", day(2027, time.May, 3), day(2027, time.May, 4)},
		{"a weekend before a bank holiday moves past both", day(2026, time.May, 3), day(2026, time.May, 5)},
		{"Christmas and Boxing Day substitutes after a weekend", day(2027, time.December, 25), day(2027, time.December, 29)},
		{"Easter from Good Friday to the Tuesday", day(2028, time.April, 14), day(2028, time.April, 18)},
		{"New Year's Day substitute", day(2028, time.January, 1), day(2028, time.January, 4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.NextWorkingDay(tt.date); got != tt.want {
				t.Errorf("NextWorkingDay(%s) = %s, want %s", tt.date, got, tt.want)
			}
		})
	}
}

func TestDefaultCycle(t *testing.T) {
	t.Parallel()
	c := shippedCalendar()
	tests := []struct {
		season                                              sla.Season
		year                                                int
		key, name                                           string
		feedback, responses, notifications, updates, reason string
	}{
		{sla.Summer, 2025, "summer-2025", "Summer 2025", "2025-05-06", "2025-06-09", "2025-06-16", "2025-07-14",
			"3 May is a Saturday and 5 May the early May bank holiday; the other three dates are Sundays"},
		{sla.Winter, 2025, "winter-2025", "Winter 2025-26", "2025-11-03", "2025-12-01", "2025-12-08", "2026-01-13",
			"7 December is a Sunday"},
		{sla.Summer, 2026, "summer-2026", "Summer 2026", "2026-05-05", "2026-06-08", "2026-06-15", "2026-07-13",
			"3 May is a Sunday and 4 May the early May bank holiday"},
		{sla.Winter, 2026, "winter-2026", "Winter 2026-27", "2026-11-03", "2026-12-01", "2026-12-07", "2027-01-13",
			"every date is a working day"},
		{sla.Summer, 2027, "summer-2027", "Summer 2027", "2027-05-04", "2027-06-08", "2027-06-15", "2027-07-13",
			"3 May is the early May bank holiday, a Monday"},
		{sla.Winter, 2027, "winter-2027", "Winter 2027-28", "2027-11-03", "2027-12-01", "2027-12-07", "2028-01-13",
			"every date is a working day"},
		{sla.Winter, 2028, "winter-2028", "Winter 2028-29", "2028-11-03", "2028-12-01", "2028-12-07", "2029-01-15",
			"13 January 2029 is a Saturday"},
		{sla.Winter, 2099, "winter-2099", "Winter 2099-00", "2099-11-03", "2099-12-01", "2099-12-07", "2100-01-13",
			"the name's second year wraps to 00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.DefaultCycle(tt.season, tt.year)

			if got.Key != tt.key || got.Name != tt.name {
				t.Errorf("key, name = %q, %q; want %q, %q", got.Key, got.Name, tt.key, tt.name)
			}
			dates := []struct {
				label string
				got   schematype.Date
				want  string
			}{
				{"feedback circulated", got.FeedbackCirculatedOn, tt.feedback},
				{"responses due", got.ResponsesDueOn, tt.responses},
				{"update notifications", got.UpdateNotificationsOn, tt.notifications},
				{"updates due", got.UpdatesDueOn, tt.updates},
			}
			for _, d := range dates {
				if d.got.String() != d.want {
					t.Errorf("%s = %s, want %s (%s)", d.label, d.got, d.want, tt.reason)
				}
			}
		})
	}
}

// TestCurrentAndNextAcrossAYear walks every day of 2026 and checks which
// default cycle is in progress. Summer 2026 starts on 5 May, not 3 May,
// because 3 May is a Sunday and 4 May a bank holiday.
func TestCurrentAndNextAcrossAYear(t *testing.T) {
	t.Parallel()
	c := shippedCalendar()
	for d := day(2026, time.January, 1); d.Year() == 2026; d = d.AddDays(1) {
		wantCurrent, wantNext := "Winter 2025-26", "Summer 2026"
		switch {
		case !d.Before(day(2026, time.November, 3)):
			wantCurrent, wantNext = "Winter 2026-27", "Summer 2027"
		case !d.Before(day(2026, time.May, 5)):
			wantCurrent, wantNext = "Summer 2026", "Winter 2026-27"
		}

		current, next := c.CurrentAndNext(d)

		if current.Name != wantCurrent || next.Name != wantNext {
			t.Errorf("on %s: current, next = %s, %s; want %s, %s", d, current.Name, next.Name, wantCurrent, wantNext)
		}
	}
}

func TestDeadlineIsEndOfDayInLondon(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		date schematype.Date
		want string
	}{
		{"summer: 23:00 UTC the same day", day(2026, time.July, 13), "2026-07-13T23:00:00Z"},
		{"winter: midnight UTC the next day", day(2027, time.January, 13), "2027-01-14T00:00:00Z"},
		{"the day before the clocks go forward", day(2026, time.March, 28), "2026-03-29T00:00:00Z"},
		{"the day the clocks go forward, 23 hours long", day(2026, time.March, 29), "2026-03-29T23:00:00Z"},
		{"the day before the clocks go back", day(2026, time.October, 24), "2026-10-24T23:00:00Z"},
		{"the day the clocks go back, 25 hours long", day(2026, time.October, 25), "2026-10-26T00:00:00Z"},
		{"the end of the year", day(2026, time.December, 31), "2027-01-01T00:00:00Z"},
		{"the end of February in a leap year", day(2028, time.February, 29), "2028-03-01T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sla.Deadline(tt.date)
			if got.Format(time.RFC3339) != tt.want {
				t.Errorf("Deadline(%s) = %s, want %s", tt.date, got.Format(time.RFC3339), tt.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("Deadline(%s) is in %s, want UTC", tt.date, got.Location())
			}
		})
	}
}

// TestDeadlineBoundary checks that an instant one second before the deadline
// is still on the deadline day in London, and the deadline itself is not.
func TestDeadlineBoundary(t *testing.T) {
	t.Parallel()
	for _, d := range []schematype.Date{day(2026, time.July, 13), day(2027, time.January, 13), day(2026, time.March, 29), day(2026, time.October, 25)} {
		deadline := sla.Deadline(d)
		if got := sla.Today(deadline.Add(-time.Second)); got != d {
			t.Errorf("a second before the deadline of %s is on %s in London, want %s", d, got, d)
		}
		if got := sla.Today(deadline); got != d.AddDays(1) {
			t.Errorf("the deadline of %s is on %s in London, want %s", d, got, d.AddDays(1))
		}
	}
}

func TestToday(t *testing.T) {
	t.Parallel()
	tests := []struct {
		now  string
		want schematype.Date
	}{
		{"2026-07-13T23:30:00Z", day(2026, time.July, 14)},    // 00:30 BST
		{"2026-07-13T22:59:59Z", day(2026, time.July, 13)},    // 23:59:59 BST
		{"2027-01-13T23:30:00Z", day(2027, time.January, 13)}, // 23:30 GMT
		{"2026-12-31T23:59:59Z", day(2026, time.December, 31)},
		{"2026-05-04T23:00:00+00:00", day(2026, time.May, 5)},
	}
	for _, tt := range tests {
		now, err := time.Parse(time.RFC3339, tt.now)
		if err != nil {
			t.Fatal(err)
		}
		if got := sla.Today(now); got != tt.want {
			t.Errorf("Today(%s) = %s, want %s", tt.now, got, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	t.Parallel()
	c := sla.NewCalendar([]schematype.Date{schematype.NewDate(2026, time.December, 25), schematype.NewDate(2026, time.December, 28)})
	tests := []struct {
		from schematype.Date
		n    int
		want schematype.Date
	}{
		{schematype.NewDate(2026, time.December, 1), 1, schematype.NewDate(2026, time.December, 2)},
		// Friday to Monday.
		{schematype.NewDate(2026, time.December, 4), 1, schematype.NewDate(2026, time.December, 7)},
		// From a Saturday, the next working day is Monday.
		{schematype.NewDate(2026, time.December, 5), 1, schematype.NewDate(2026, time.December, 7)},
		// Christmas Eve (Thursday) to Tuesday 29th, over Christmas Day, the
		// weekend and the substitute Boxing Day.
		{schematype.NewDate(2026, time.December, 24), 1, schematype.NewDate(2026, time.December, 29)},
		{schematype.NewDate(2026, time.December, 21), 5, schematype.NewDate(2026, time.December, 30)},
	}
	for _, tt := range tests {
		if got := c.AddWorkingDays(tt.from, tt.n); got != tt.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}
