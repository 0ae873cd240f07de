package schematype_test

import (
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent/schema/schematype"
)

func TestParseDate(t *testing.T) {
	valid := map[string]schematype.Date{
		"2026-11-03": schematype.NewDate(2026, time.November, 3),
		"2028-02-29": schematype.NewDate(2028, time.February, 29),
	}
	for input, want := range valid {
		got, err := schematype.ParseDate(input)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", input, got, err, want)
		}
	}
	for _, input := range []string{"", "2026-02-30", "2027-02-29", "2026-11-3", "03/11/2026", "2026-11-03T00:00:00Z"} {
		if got, err := schematype.ParseDate(input); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", input, got)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := schematype.NewDate(2027, time.December, 31)
	if got := d.AddDays(1).String(); got != "2028-01-01" {
		t.Errorf("AddDays(1) = %s, want 2028-01-01", got)
	}
	if got := schematype.NewDate(2028, time.February, 28).AddDays(1).String(); got != "2028-02-29" {
		t.Errorf("28 February 2028 + 1 day = %s, want the leap day", got)
	}
	if got := schematype.NewDate(2026, time.January, 32).String(); got != "2026-02-01" {
		t.Errorf("NewDate(2026, January, 32) = %s, want 2026-02-01", got)
	}
	if got := d.Weekday(); got != time.Friday {
		t.Errorf("Weekday of %s = %s, want Friday", d, got)
	}
	if !d.Before(d.AddDays(1)) || d.After(d.AddDays(1)) || d.Compare(d) != 0 {
		t.Errorf("comparisons of %s with the next day are wrong", d)
	}
	if !(schematype.Date{}).IsZero() || d.IsZero() {
		t.Error("IsZero holds for a real date, or not for the zero date")
	}
}

// TestDateScan checks every form the two database drivers return a DATE
// column in.
func TestDateScan(t *testing.T) {
	want := schematype.NewDate(2026, time.November, 3)
	sources := []any{
		time.Date(2026, time.November, 3, 0, 0, 0, 0, time.UTC),
		"2026-11-03",
		[]byte("2026-11-03"),
		"2026-11-03 00:00:00+00:00",
	}
	for _, src := range sources {
		var got schematype.Date
		if err := got.Scan(src); err != nil || got != want {
			t.Errorf("Scan(%#v) = %s, %v; want %s", src, got, err, want)
		}
	}
	var d schematype.Date
	if err := d.Scan(int64(20261103)); err == nil {
		t.Error("Scan of an integer succeeded, want an error")
	}
	if err := d.Scan("03/11/2026"); err == nil {
		t.Error("Scan of 03/11/2026 succeeded, want an error")
	}
}

func TestDateValue(t *testing.T) {
	value, err := schematype.NewDate(2026, time.November, 3).Value()
	if err != nil || value != "2026-11-03" {
		t.Errorf("Value = %v, %v; want 2026-11-03", value, err)
	}
	if _, err := (schematype.Date{}).Value(); err == nil {
		t.Error("Value of the zero date succeeded, want an error")
	}
}
