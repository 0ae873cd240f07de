package sla

import (
	"fmt"
	"time"

	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/content"
)

// Season is the half of the year a review cycle falls in.
type Season int

const (
	// Summer cycles run from May to July of one year.
	Summer Season = iota
	// Winter cycles run from November of one year to January of the next.
	Winter
)

// Cycle is a review cycle's name and dates, as the default calendar makes
// them, before it is stored.
type Cycle struct {
	// Key names the cycle stably, such as "winter-2026", so that a cycle
	// made before is found again even after an LO admin renames it.
	Key                   string
	Name                  string
	FeedbackCirculatedOn  schematype.Date
	ResponsesDueOn        schematype.Date
	UpdateNotificationsOn schematype.Date
	UpdatesDueOn          schematype.Date
}

// calendarDate is one date of the council's default calendar: a day of a
// month, in the cycle's year or the year after it.
type calendarDate struct {
	month    time.Month
	day      int
	nextYear bool
}

// defaultCalendar is the council's calendar of the four dates of each
// cycle: feedback circulated, responses due, update notifications and
// updates due.
var defaultCalendar = map[Season][4]calendarDate{
	Summer: {{month: time.May, day: 3}, {month: time.June, day: 8}, {month: time.June, day: 15}, {month: time.July, day: 13}},
	Winter: {{month: time.November, day: 3}, {month: time.December, day: 1}, {month: time.December, day: 7}, {month: time.January, day: 13, nextYear: true}},
}

// Calendar is the set of working days: Mondays to Fridays that are not bank
// holidays in England and Wales.
type Calendar struct {
	holidays map[schematype.Date]bool
}

// NewCalendar returns a Calendar with the given bank holidays. Dates it is
// not given are working days unless they fall on a weekend.
func NewCalendar(bankHolidays []schematype.Date) Calendar {
	c := Calendar{holidays: make(map[schematype.Date]bool, len(bankHolidays))}
	for _, d := range bankHolidays {
		c.holidays[d] = true
	}
	return c
}

// IsWorkingDay reports whether d is a weekday that is not a bank holiday.
func (c Calendar) IsWorkingDay(d schematype.Date) bool {
	weekday := d.Weekday()
	if weekday == time.Saturday || weekday == time.Sunday {
		return false
	}
	return !c.holidays[d]
}

// NextWorkingDay returns d when it is a working day, and otherwise the first
// working day after it: the council's rule for a date of its calendar that
// falls on a weekend or a bank holiday.
func (c Calendar) NextWorkingDay(d schematype.Date) schematype.Date {
	for !c.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddWorkingDays returns the nth working day after d: with n 1, the next
// working day, whatever d is.
func (c Calendar) AddWorkingDays(d schematype.Date, n int) schematype.Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// DefaultCycle returns the cycle of the council's default calendar for the
// season of year, each date moved to the next working day. Winter 2026 is
// "Winter 2026-27", whose updates are due in January 2027.
func (c Calendar) DefaultCycle(season Season, year int) Cycle {
	dates := defaultCalendar[season]
	var moved [4]schematype.Date
	for i, d := range dates {
		y := year
		if d.nextYear {
			y++
		}
		moved[i] = c.NextWorkingDay(schematype.NewDate(y, d.month, d.day))
	}

	cycle := Cycle{
		FeedbackCirculatedOn:  moved[0],
		ResponsesDueOn:        moved[1],
		UpdateNotificationsOn: moved[2],
		UpdatesDueOn:          moved[3],
	}
	if season == Summer {
		cycle.Key = fmt.Sprintf("summer-%d", year)
		cycle.Name = fmt.Sprintf("Summer %d", year)
	} else {
		cycle.Key = fmt.Sprintf("winter-%d", year)
		cycle.Name = fmt.Sprintf("Winter %d-%02d", year, (year+1)%100)
	}
	return cycle
}

// CurrentAndNext returns the default cycle in progress on today, which is the
// last one whose feedback was circulated on or before today, and the cycle
// after it.
func (c Calendar) CurrentAndNext(today schematype.Date) (current, next Cycle) {
	year := today.Year()
	sequence := []Cycle{
		c.DefaultCycle(Winter, year-1),
		c.DefaultCycle(Summer, year),
		c.DefaultCycle(Winter, year),
		c.DefaultCycle(Summer, year+1),
	}

	// Winter of the year before started in November of that year, so it
	// has always started by today.
	i := 0
	for i+1 < len(sequence)-1 && !sequence[i+1].FeedbackCirculatedOn.After(today) {
		i++
	}
	return sequence[i], sequence[i+1]
}

// Today returns the date it is in London at now.
func Today(now time.Time) schematype.Date {
	return schematype.DateOf(now.In(content.London))
}

// Deadline returns the instant a deadline on d passes: midnight at the end
// of d in London, in UTC. The SLA gives leads until the end of the deadline
// day, London time, so work done before this instant is on time. In summer
// (British Summer Time) this is 23:00 UTC on d; in winter, 00:00 UTC on the
// day after.
func Deadline(d schematype.Date) time.Time {
	return d.AddDays(1).In(content.London).UTC()
}
