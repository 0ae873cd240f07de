package config

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func bindSLA(t *testing.T, env map[string]string, args ...string) (SLA, error) {
	t.Helper()
	for name, value := range env {
		t.Setenv(name, value)
	}
	var s SLA
	set := flag.NewFlagSet("serve", flag.ContinueOnError)
	set.SetOutput(new(strings.Builder))
	f := NewFlags(set)
	BindSLA(f, &s)
	if err := set.Parse(args); err != nil {
		return s, err
	}
	return s, f.Err()
}

func TestSLADefaults(t *testing.T) {
	s, err := bindSLA(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := SLA{RecentReview: 90 * day, ReminderEvery: 14 * day, EscalationDelay: 14 * day}
	if s != want {
		t.Errorf("defaults = %+v, want %+v", s, want)
	}
	if err := ValidateSLA(&s); err != nil {
		t.Errorf("defaults rejected: %v", err)
	}
}

func TestSLADaysOrDuration(t *testing.T) {
	s, err := bindSLA(t, map[string]string{
		"LOCALOFFER_SLA_RECENT_REVIEW":    "60d",
		"LOCALOFFER_SLA_REMINDER_EVERY":   "7",
		"LOCALOFFER_SLA_ESCALATION_DELAY": "36h",
	}, "--sla-escalation-delay", "10d")
	if err != nil {
		t.Fatal(err)
	}
	want := SLA{RecentReview: 60 * day, ReminderEvery: 7 * day, EscalationDelay: 10 * day}
	if s != want {
		t.Errorf("settings = %+v, want %+v", s, want)
	}
}

func TestSLAInvalidVariable(t *testing.T) {
	_, err := bindSLA(t, map[string]string{"LOCALOFFER_SLA_REMINDER_EVERY": "a fortnight"})
	if err == nil || !strings.Contains(err.Error(), "LOCALOFFER_SLA_REMINDER_EVERY") {
		t.Errorf("error = %v, want one naming LOCALOFFER_SLA_REMINDER_EVERY", err)
	}
}

func TestSLAInvalidFlag(t *testing.T) {
	if _, err := bindSLA(t, nil, "--sla-recent-review", "-3d"); err == nil {
		t.Error("negative days accepted, want an error")
	}
}

func TestValidateSLARejectsTooShort(t *testing.T) {
	s := SLA{RecentReview: 90 * day, ReminderEvery: time.Minute, EscalationDelay: 0}
	err := ValidateSLA(&s)
	if err == nil {
		t.Fatal("a one-minute rhythm and a zero delay were accepted")
	}
	for _, want := range []string{"LOCALOFFER_SLA_REMINDER_EVERY", "LOCALOFFER_SLA_ESCALATION_DELAY"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}
