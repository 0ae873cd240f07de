package report

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/content"
)

// AcademicYear is a school year in England: 1 September to 31 August,
// London time. "2025-26" is the year that starts in 2025.
type AcademicYear struct {
	startYear int
}

var academicYearPattern = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})$`)

// ParseAcademicYear reads an academic year such as "2025-26", whose second
// part must be the last two digits of the year after the first. field names
// the argument in the InputError it returns otherwise.
func ParseAcademicYear(field, text string) (AcademicYear, error) {
	match := academicYearPattern.FindStringSubmatch(text)
	if match == nil {
		return AcademicYear{}, apperr.Input(field, `%q is not an academic year: use the year it starts, a hyphen and the last two digits of the next year, such as "2025-26"`, text)
	}
	start, _ := strconv.Atoi(match[1])
	end, _ := strconv.Atoi(match[2])
	if end != (start+1)%100 {
		return AcademicYear{}, apperr.Input(field, `%q is not an academic year: the year after %d ends in %02d, so use "%d-%02d"`, text, start, (start+1)%100, start, (start+1)%100)
	}
	return AcademicYear{startYear: start}, nil
}

// String returns the year in the form "2025-26".
func (y AcademicYear) String() string {
	return fmt.Sprintf("%d-%02d", y.startYear, (y.startYear+1)%100)
}

// FirstDay is 1 September of the year's first calendar year.
func (y AcademicYear) FirstDay() schematype.Date {
	return schematype.NewDate(y.startYear, time.September, 1)
}

// LastDay is 31 August of the year's second calendar year.
func (y AcademicYear) LastDay() schematype.Date {
	return schematype.NewDate(y.startYear+1, time.August, 31)
}

// Start is the instant the year begins: midnight at the start of 1
// September in London, in UTC.
func (y AcademicYear) Start() time.Time {
	return y.FirstDay().In(content.London).UTC()
}

// End is the instant the year ends, which is when the next one begins.
// The year covers the instants from Start up to, but not including, End.
func (y AcademicYear) End() time.Time {
	return y.LastDay().AddDays(1).In(content.London).UTC()
}

// contains reports whether t falls within the year.
func (y AcademicYear) contains(t time.Time) bool {
	return !t.Before(y.Start()) && t.Before(y.End())
}
