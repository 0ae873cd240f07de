package feedback_test

import (
	"testing"

	"github.com/localoffer/localoffer/internal/feedback"
)

func TestPhoneDigits(t *testing.T) {
	t.Parallel()
	for phone, want := range map[string]string{
		"07700 900123":        "07700900123",
		"+44 7700 900123":     "07700900123",
		"+44 (0) 7700 900123": "07700900123",
		"0044 7700 900123":    "07700900123",
		"(01632) 960-123":     "01632960123",
		"441632960001":        "01632960001",
		" 07700 900123 ":      "07700900123",
		"+1 202 555 0143":     "12025550143",
	} {
		if got := feedback.PhoneDigits(phone); got != want {
			t.Errorf("PhoneDigits(%q) = %q, want %q", phone, got, want)
		}
	}
}
