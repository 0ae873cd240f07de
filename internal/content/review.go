package content

import (
	"time"
	_ "time/tzdata" // Europe/London must load in a static binary too
)

// London is the time zone in which the council's dates are computed.
var London = mustLoadLocation("Europe/London")

// ReviewInterval is the number of months between reviews of a page. Six
// months is the council's service level agreement, a local policy rather
// than a statutory one.
const ReviewInterval = 6

// ReviewDueAfter returns when content reviewed at t is next due for review:
// ReviewInterval months later, computed on the London calendar at the same
// London time of day, and returned in UTC. A day that the target month lacks
// moves back to that month's last day, so 31 August is due on 28 February
// (29 in a leap year), not in March.
func ReviewDueAfter(t time.Time) time.Time {
	return AddMonthsClamped(t.In(London), ReviewInterval).UTC()
}

// AddMonthsClamped adds months to t in t's location, moving a day that the
// target month lacks back to the month's last day. time.Time.AddDate would
// instead roll it into the next month (31 August + 6 months = 3 March).
func AddMonthsClamped(t time.Time, months int) time.Time {
	year, month, day := t.Date()
	hour, minute, second := t.Clock()

	// Day 0 of the month after the target is the target month's last day.
	lastDay := time.Date(year, month+time.Month(months)+1, 0, 0, 0, 0, 0, t.Location()).Day()
	day = min(day, lastDay)

	return time.Date(year, month+time.Month(months), day, hour, minute, second, t.Nanosecond(), t.Location())
}

func mustLoadLocation(name string) *time.Location {
	location, err := time.LoadLocation(name)
	if err != nil {
		panic("load time zone " + name + ": " + err.Error())
	}
	return location
}
