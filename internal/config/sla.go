package config

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// day is 24 hours, the unit of the SLA settings given in days.
const day = 24 * time.Hour

// SLA holds the settings of the SLA's periodic sweeps.
type SLA struct {
	// RecentReview leaves out of a cycle's request to review the content
	// reviewed this long before the cycle's notification date.
	RecentReview time.Duration
	// ReminderEvery is the shortest time between two reminders to one
	// person about content past its review due date.
	ReminderEvery time.Duration
	// EscalationDelay is the time between the steps of the escalation after
	// a cycle's updates deadline.
	EscalationDelay time.Duration
}

// BindSLA binds the SLA settings. Each takes a Go duration, such as 336h,
// or a number of days, such as 14d or 14.
func BindSLA(f *Flags, s *SLA) {
	f.Days(&s.RecentReview, "sla-recent-review", "LOCALOFFER_SLA_RECENT_REVIEW", 90*day,
		"content reviewed this long before a review cycle's notification date is left out of it, as days (90d) or a duration")
	f.Days(&s.ReminderEvery, "sla-reminder-every", "LOCALOFFER_SLA_REMINDER_EVERY", 14*day,
		"shortest time between two reminders to one person about content past its review due date, as days (14d) or a duration")
	f.Days(&s.EscalationDelay, "sla-escalation-delay", "LOCALOFFER_SLA_ESCALATION_DELAY", 14*day,
		"time from the reminder after a cycle's updates deadline to telling the commissioner, and on to the partnership board list, as days (14d) or a duration")
}

// ValidateSLA checks the SLA settings.
func ValidateSLA(s *SLA) error {
	var errs []error
	check := func(value time.Duration, flagName, variable string) {
		if value < time.Hour {
			errs = append(errs, fmt.Errorf("%s (--%s, %s) is too short: use at least 1h, such as 14d", value, flagName, variable))
		}
	}
	check(s.RecentReview, "sla-recent-review", "LOCALOFFER_SLA_RECENT_REVIEW")
	check(s.ReminderEvery, "sla-reminder-every", "LOCALOFFER_SLA_REMINDER_EVERY")
	check(s.EscalationDelay, "sla-escalation-delay", "LOCALOFFER_SLA_ESCALATION_DELAY")
	return errors.Join(errs...)
}

// Days binds a duration setting that also takes a number of days, such as
// 14d or 14.
func (f *Flags) Days(p *time.Duration, name, variable string, value time.Duration, usage string) {
	*p = value
	if v, ok := os.LookupEnv(variable); ok {
		parsed, err := parseDays(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("%s=%q is invalid: use a number of days such as 14d, or a duration such as 336h", variable, v))
		} else {
			*p = parsed
		}
	}
	f.set.Var((*daysValue)(p), name, usage+" (env "+variable+")")
}

// daysValue is a flag.Value for Flags.Days.
type daysValue time.Duration

func (d *daysValue) String() string {
	if d == nil {
		return ""
	}
	value := time.Duration(*d)
	if value > 0 && value%day == 0 {
		return strconv.FormatInt(int64(value/day), 10) + "d"
	}
	return value.String()
}

func (d *daysValue) Set(s string) error {
	parsed, err := parseDays(s)
	if err != nil {
		return errors.New("use a number of days such as 14d, or a duration such as 336h")
	}
	*d = daysValue(parsed)
	return nil
}

// parseDays parses "14d" or "14" as days, and anything else as a Go
// duration.
func parseDays(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	digits := strings.TrimSuffix(s, "d")
	if n, err := strconv.Atoi(digits); err == nil {
		if n < 0 || n > 3650 {
			return 0, fmt.Errorf("%d days is out of range", n)
		}
		return time.Duration(n) * day, nil
	}
	return time.ParseDuration(s)
}
