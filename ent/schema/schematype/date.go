package schematype

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// dateLayout is the ISO 8601 calendar date form in which a Date is stored
// and written in GraphQL.
const dateLayout = "2006-01-02"

// Date is a calendar date with no time of day and no time zone, such as the
// day of a review cycle's deadline. It is stored in a DATE column. The zero
// Date is not a valid date: IsZero reports it.
type Date struct {
	year  int
	month time.Month
	day   int
}

// NewDate returns the date of year, month and day. Values out of range are
// normalised as time.Date does, so 32 January is 1 February.
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	year, month, day := t.Date()
	return Date{year: year, month: month, day: day}
}

// ParseDate reads a date in the form YYYY-MM-DD, such as 2026-11-03. A day
// the month lacks, such as 2026-02-30, is an error.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: use the form YYYY-MM-DD, such as 2026-11-03", s)
	}
	return DateOf(t), nil
}

func (d Date) Year() int             { return d.year }
func (d Date) Month() time.Month     { return d.month }
func (d Date) Day() int              { return d.day }
func (d Date) IsZero() bool          { return d == Date{} }
func (d Date) Weekday() time.Weekday { return d.In(time.UTC).Weekday() }

// String returns the date in the form YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.year, d.month, d.day)
}

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.year, d.month, d.day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d; a negative n goes back.
func (d Date) AddDays(n int) Date {
	return NewDate(d.year, d.month, d.day+n)
}

// Compare returns -1 when d is before other, +1 when after and 0 when they
// are the same day.
func (d Date) Compare(other Date) int {
	return d.In(time.UTC).Compare(other.In(time.UTC))
}

func (d Date) Before(other Date) bool { return d.Compare(other) < 0 }
func (d Date) After(other Date) bool  { return d.Compare(other) > 0 }

// Value writes the date as YYYY-MM-DD text, which PostgreSQL and SQLite both
// read into a DATE column without converting it through a time zone.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, fmt.Errorf("store date: the zero date is not a calendar date")
	}
	return d.String(), nil
}

// Scan reads a DATE column. lib/pq returns a time.Time at midnight UTC and
// modernc.org/sqlite parses the stored text into one; text and bytes are
// read as YYYY-MM-DD with an optional time after it.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = DateOf(v)
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	}
	return fmt.Errorf("scan date: unsupported type %T", src)
}

func (d *Date) scanText(s string) error {
	if len(s) > len(dateLayout) {
		s = s[:len(dateLayout)]
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return fmt.Errorf("scan date: %w", err)
	}
	*d = parsed
	return nil
}

// MarshalText writes the date as YYYY-MM-DD, so that a Date in JSON, such as
// in an annual report's frozen figures, is that text. The zero date is an
// error, as in Value.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return nil, fmt.Errorf("marshal date: the zero date is not a calendar date")
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads a date written by MarshalText.
func (d *Date) UnmarshalText(text []byte) error {
	parsed, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
