package report

import (
	"errors"
	"testing"
	"time"

	"github.com/localoffer/localoffer/internal/apperr"
)

func TestParseAcademicYear(t *testing.T) {
	year, err := ParseAcademicYear("academicYear", "2025-26")
	if err != nil {
		t.Fatal(err)
	}
	if year.String() != "2025-26" || year.FirstDay().String() != "2025-09-01" || year.LastDay().String() != "2026-08-31" {
		t.Errorf("2025-26 = %s, %s to %s", year, year.FirstDay(), year.LastDay())
	}
	// 1 September and 31 August fall in British Summer Time: the year
	// runs from 23:00 UTC on 31 August to 23:00 UTC a year later.
	if want := time.Date(2025, time.August, 31, 23, 0, 0, 0, time.UTC); !year.Start().Equal(want) {
		t.Errorf("start = %s, want %s", year.Start(), want)
	}
	if want := time.Date(2026, time.August, 31, 23, 0, 0, 0, time.UTC); !year.End().Equal(want) {
		t.Errorf("end = %s, want %s", year.End(), want)
	}
	if !year.contains(year.Start()) || year.contains(year.End()) || !year.contains(year.End().Add(-time.Second)) {
		t.Errorf("contains does not cover [start, end)")
	}

	if century, err := ParseAcademicYear("academicYear", "2099-00"); err != nil || century.LastDay().String() != "2100-08-31" {
		t.Errorf("2099-00 = %v, %v; want 1 September 2099 to 31 August 2100", century, err)
	}
	for _, bad := range []string{"2025-27", "2025", "25-26", "2025/26", " 2025-26", "2025-2026", ""} {
		_, err := ParseAcademicYear("input.academicYear", bad)
		var inputErr *apperr.InputError
		if !errors.As(err, &inputErr) || inputErr.Field != "input.academicYear" {
			t.Errorf("ParseAcademicYear(%q) = %v, want an input error on input.academicYear", bad, err)
		}
	}
}
