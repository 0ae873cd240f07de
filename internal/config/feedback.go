package config

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// DefaultUrgentHelp is the urgent-help text the feedback form's answer
// carries until a council sets its own, with its children's social care
// contact.
const DefaultUrgentHelp = "If a child or young person is in immediate danger, call 999. " +
	"If you are worried that a child is being harmed or is at risk of harm, contact the council's " +
	"children's social care team straight away: do not wait for an answer to your feedback."

// DefaultSignOffSteps are the annual report's sign-off steps, in order.
var DefaultSignOffSteps = []string{
	"Director of Education and Learning",
	"Health and Wellbeing Board or Leader of the Council",
}

// Feedback holds the settings of feedback, its answers, the annual report
// and the retention of families' data.
type Feedback struct {
	// UrgentHelp is the text the public feedback mutation's answer
	// carries: emergency services and the children's social care contact.
	UrgentHelp string
	// SubmitLimit is how many items one client address may send in
	// SubmitWindow through the public form.
	SubmitLimit  int
	SubmitWindow time.Duration
	// MaxLength is the longest body of an item of feedback, in characters.
	MaxLength int
	// ConsentWording names the version of the consent wording the public
	// form shows, recorded with each consent.
	ConsentWording string
	// UrgentResponseDays is how many working days the responsible party
	// gets to answer an item sent to them at once, outside the cycle.
	UrgentResponseDays int
	// SignOffSteps are the annual report's sign-off steps, in order.
	SignOffSteps []string
	// ContactRetention is how long contact details are kept after their
	// item closes.
	ContactRetention time.Duration
	// TextRetention is how long the sender's own words are kept after the
	// annual report that answers them is published; the anonymised
	// summary stays.
	TextRetention time.Duration
	// EmailRetention is how long the bodies of sent emails are kept after
	// delivery.
	EmailRetention time.Duration
}

// BindFeedback binds the feedback settings.
func BindFeedback(f *Flags, s *Feedback) {
	f.String(&s.UrgentHelp, "feedback-urgent-help", "LOCALOFFER_FEEDBACK_URGENT_HELP", DefaultUrgentHelp,
		"urgent-help text returned with every item of feedback sent: emergency services and the children's social care contact")
	f.Int(&s.SubmitLimit, "feedback-submit-limit", "LOCALOFFER_FEEDBACK_SUBMIT_LIMIT", 10,
		"how many items of feedback one client address may send through the public form in the window")
	f.Duration(&s.SubmitWindow, "feedback-submit-window", "LOCALOFFER_FEEDBACK_SUBMIT_WINDOW", time.Hour,
		"the window of the feedback limit, such as 1h")
	f.Int(&s.MaxLength, "feedback-max-length", "LOCALOFFER_FEEDBACK_MAX_LENGTH", 5000,
		"longest body of an item of feedback, in characters")
	f.String(&s.ConsentWording, "feedback-consent-wording", "LOCALOFFER_FEEDBACK_CONSENT_WORDING", "2026-12",
		"version of the consent wording the feedback form shows, recorded with each consent")
	f.Int(&s.UrgentResponseDays, "feedback-urgent-response-days", "LOCALOFFER_FEEDBACK_URGENT_RESPONSE_DAYS", 10,
		"working days the responsible party gets to answer feedback sent to them at once, outside the cycle")
	s.SignOffSteps = DefaultSignOffSteps
	if v, ok := os.LookupEnv("LOCALOFFER_REPORT_SIGN_OFF_STEPS"); ok {
		s.SignOffSteps = splitSteps(v)
	}
	f.set.Func("report-sign-off-steps", "the annual report's sign-off steps in order, separated by semicolons (env LOCALOFFER_REPORT_SIGN_OFF_STEPS)",
		func(v string) error { s.SignOffSteps = splitSteps(v); return nil })
	f.Days(&s.ContactRetention, "retention-contact-details", "LOCALOFFER_RETENTION_CONTACT_DETAILS", 180*day,
		"how long feedback contact details are kept after the item closes, as days (180d) or a duration")
	f.Days(&s.TextRetention, "retention-feedback-text", "LOCALOFFER_RETENTION_FEEDBACK_TEXT", 30*day,
		"how long the sender's own words are kept after the annual report that answers them is published, as days (30d) or a duration")
	f.Days(&s.EmailRetention, "retention-email-bodies", "LOCALOFFER_RETENTION_EMAIL_BODIES", 30*day,
		"how long the bodies of sent emails are kept after delivery, as days (30d) or a duration")
}

// splitSteps splits a semicolon-separated list of sign-off steps, dropping
// empty ones.
func splitSteps(v string) []string {
	var steps []string
	for _, step := range strings.Split(v, ";") {
		if step = strings.TrimSpace(step); step != "" {
			steps = append(steps, step)
		}
	}
	return steps
}

// ValidateFeedback checks the feedback settings.
func ValidateFeedback(s *Feedback) error {
	var errs []error
	s.UrgentHelp = strings.TrimSpace(s.UrgentHelp)
	if s.UrgentHelp == "" {
		errs = append(errs, errors.New("urgent-help text (--feedback-urgent-help, LOCALOFFER_FEEDBACK_URGENT_HELP) is empty: give the emergency and children's social care contacts"))
	}
	if s.SubmitLimit < 1 {
		errs = append(errs, fmt.Errorf("feedback limit %d (--feedback-submit-limit, LOCALOFFER_FEEDBACK_SUBMIT_LIMIT) must be at least 1, such as 10", s.SubmitLimit))
	}
	if s.SubmitWindow < time.Second {
		errs = append(errs, fmt.Errorf("feedback limit window %s (--feedback-submit-window, LOCALOFFER_FEEDBACK_SUBMIT_WINDOW) is too short: use at least 1s, such as 1h", s.SubmitWindow))
	}
	if s.MaxLength < 100 || s.MaxLength > 100000 {
		errs = append(errs, fmt.Errorf("feedback length %d (--feedback-max-length, LOCALOFFER_FEEDBACK_MAX_LENGTH) is out of range: use 100 to 100000, such as 5000", s.MaxLength))
	}
	if strings.TrimSpace(s.ConsentWording) == "" {
		errs = append(errs, errors.New("consent wording version (--feedback-consent-wording, LOCALOFFER_FEEDBACK_CONSENT_WORDING) is empty: give the version of the wording the form shows, such as 2026-12"))
	}
	if s.UrgentResponseDays < 1 || s.UrgentResponseDays > 60 {
		errs = append(errs, fmt.Errorf("urgent response time %d (--feedback-urgent-response-days, LOCALOFFER_FEEDBACK_URGENT_RESPONSE_DAYS) is out of range: use 1 to 60 working days, such as 10", s.UrgentResponseDays))
	}
	if len(s.SignOffSteps) == 0 {
		errs = append(errs, errors.New("sign-off steps (--report-sign-off-steps, LOCALOFFER_REPORT_SIGN_OFF_STEPS) are empty: give at least one, such as Director of Education and Learning"))
	}
	check := func(value time.Duration, flagName, variable string) {
		if value < time.Hour {
			errs = append(errs, fmt.Errorf("%s (--%s, %s) is too short: use at least 1h, such as 30d", value, flagName, variable))
		}
	}
	check(s.ContactRetention, "retention-contact-details", "LOCALOFFER_RETENTION_CONTACT_DETAILS")
	check(s.TextRetention, "retention-feedback-text", "LOCALOFFER_RETENTION_FEEDBACK_TEXT")
	check(s.EmailRetention, "retention-email-bodies", "LOCALOFFER_RETENTION_EMAIL_BODIES")
	return errors.Join(errs...)
}

// DefaultFeedback returns the feedback settings as BindFeedback defaults
// them, for tests and for commands that take no flags.
func DefaultFeedback() Feedback {
	return Feedback{
		UrgentHelp:         DefaultUrgentHelp,
		SubmitLimit:        10,
		SubmitWindow:       time.Hour,
		MaxLength:          5000,
		ConsentWording:     "2026-12",
		UrgentResponseDays: 10,
		SignOffSteps:       DefaultSignOffSteps,
		ContactRetention:   180 * day,
		TextRetention:      30 * day,
		EmailRetention:     30 * day,
	}
}
