package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent/bankholiday"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/seed"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// easterSunday returns Easter Sunday of year in the Gregorian calendar, by
// the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func easterSunday(year int) schematype.Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return schematype.NewDate(year, time.Month(month), day)
}

// mondayOnOrAfter returns the first Monday on or after d.
func mondayOnOrAfter(d schematype.Date) schematype.Date {
	for d.Weekday() != time.Monday {
		d = d.AddDays(1)
	}
	return d
}

// englandAndWalesByRule returns the usual bank holidays of year, as the
// dates and names GOV.UK lists them: fixed days that fall on a weekend move
// to the next weekday that is not already a holiday.
func englandAndWalesByRule(year int) []seed.BankHoliday {
	easter := easterSunday(year)
	lastMonday := func(month time.Month) schematype.Date {
		d := schematype.NewDate(year, month+1, 1).AddDays(-7)
		return mondayOnOrAfter(d)
	}
	taken := map[schematype.Date]bool{}
	fixed := func(d schematype.Date, name string) seed.BankHoliday {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			taken[d] = true
			return seed.BankHoliday{Date: d, Name: name}
		}
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || taken[d] {
			d = d.AddDays(1)
		}
		taken[d] = true
		return seed.BankHoliday{Date: d, Name: name + " (substitute day)"}
	}
	return []seed.BankHoliday{
		fixed(schematype.NewDate(year, time.January, 1), "New Year's Day"),
		{Date: easter.AddDays(-2), Name: "Good Friday"},
		{Date: easter.AddDays(1), Name: "Easter Monday"},
		{Date: mondayOnOrAfter(schematype.NewDate(year, time.May, 1)), Name: "Early May bank holiday"},
		{Date: lastMonday(time.May), Name: "Spring bank holiday"},
		{Date: lastMonday(time.August), Name: "Summer bank holiday"},
		fixed(schematype.NewDate(year, time.December, 25), "Christmas Day"),
		fixed(schematype.NewDate(year, time.December, 26), "Boxing Day"),
	}
}

// TestBankHolidaysFollowTheRules recomputes the shipped bank holidays from
// the rules that make them, so that a mistyped date fails.
func TestBankHolidaysFollowTheRules(t *testing.T) {
	var want []seed.BankHoliday
	for year := 2025; year <= 2028; year++ {
		want = append(want, englandAndWalesByRule(year)...)
	}
	got := seed.EnglandAndWalesBankHolidays

	if len(got) != len(want) {
		t.Fatalf("%d bank holidays, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("holiday %d = %s %q, want %s %q", i, got[i].Date, got[i].Name, want[i].Date, want[i].Name)
		}
	}
}

func TestEasterSunday(t *testing.T) {
	for year, want := range map[int]string{2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2028: "2028-04-16"} {
		if got := easterSunday(year).String(); got != want {
			t.Errorf("Easter %d = %s, want %s", year, got, want)
		}
	}
}

// TestEnsureBankHolidaysKeepsRemovals removes one shipped holiday of 2026 and
// all of 2027: at the next start 2026 stays as the LO admin left it, and
// 2027 is filled in again, since a year with none is one the table lacks.
func TestEnsureBankHolidaysKeepsRemovals(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())
	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatal(err)
	}
	inYear := func(year int) int {
		return client.BankHoliday.Query().
			Where(bankholiday.DateGTE(schematype.NewDate(year, time.January, 1)), bankholiday.DateLT(schematype.NewDate(year+1, time.January, 1))).
			CountX(ctx)
	}
	client.BankHoliday.Delete().Where(bankholiday.DateEQ(schematype.NewDate(2026, time.December, 28))).ExecX(ctx)
	client.BankHoliday.Delete().Where(bankholiday.DateGTE(schematype.NewDate(2027, time.January, 1)), bankholiday.DateLT(schematype.NewDate(2028, time.January, 1))).ExecX(ctx)

	if err := seed.EnsureReference(ctx, client); err != nil {
		t.Fatal(err)
	}

	for year, want := range map[int]int{2025: 8, 2026: 7, 2027: 8, 2028: 8} {
		if got := inYear(year); got != want {
			t.Errorf("bank holidays in %d = %d, want %d", year, got, want)
		}
	}
}

func TestEnsureReferencePublishesTheAgreementOnce(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())

	for run := 1; run <= 2; run++ {
		if err := seed.EnsureReference(ctx, client); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}

	versions := client.SLAVersion.Query().AllX(ctx)
	if len(versions) != 1 {
		t.Fatalf("%d versions of the agreement, want 1", len(versions))
	}
	if versions[0].Version != 1 {
		t.Errorf("version = %d, want 1", versions[0].Version)
	}
	if versions[0].Text != seed.DefaultAgreement {
		t.Errorf("text = %q, want the default agreement", versions[0].Text)
	}
}
