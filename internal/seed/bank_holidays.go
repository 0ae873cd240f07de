package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/bankholiday"
	"github.com/localoffer/localoffer/ent/schema/schematype"
)

// BankHoliday is one bank holiday of the seed data.
type BankHoliday struct {
	Date schematype.Date
	Name string
}

// EnglandAndWalesBankHolidays are the bank holidays in England and Wales
// from 2025 to 2028, in date order. Each year has New Year's Day, Good
// Friday, Easter Monday, the first and last Mondays of May, the last Monday
// of August, Christmas Day and Boxing Day. A holiday that falls on a
// Saturday or Sunday is replaced by a substitute day: the next weekday that
// is not already a holiday. LO admins add later years, and any extra
// holiday a royal proclamation makes, through the API.
var EnglandAndWalesBankHolidays = []BankHoliday{
	{date(2025, time.January, 1), "New Year's Day"},
	{date(2025, time.April, 18), "Good Friday"},
	{date(2025, time.April, 21), "Easter Monday"},
	{date(2025, time.May, 5), "Early May bank holiday"},
	{date(2025, time.May, 26), "Spring bank holiday"},
	{date(2025, time.August, 25), "Summer bank holiday"},
	{date(2025, time.December, 25), "Christmas Day"},
	{date(2025, time.December, 26), "Boxing Day"},

	{date(2026, time.January, 1), "New Year's Day"},
	{date(2026, time.April, 3), "Good Friday"},
	{date(2026, time.April, 6), "Easter Monday"},
	{date(2026, time.May, 4), "Early May bank holiday"},
	{date(2026, time.May, 25), "Spring bank holiday"},
	{date(2026, time.August, 31), "Summer bank holiday"},
	{date(2026, time.December, 25), "Christmas Day"},
	{date(2026, time.December, 28), "Boxing Day (substitute day)"},

	{date(2027, time.January, 1), "New Year's Day"},
	{date(2027, time.March, 26), "Good Friday"},
	{date(2027, time.March, 29), "Easter Monday"},
	{date(2027, time.May, 3), "Early May bank holiday"},
	{date(2027, time.May, 31), "Spring bank holiday"},
	{date(2027, time.August, 30), "Summer bank holiday"},
	{date(2027, time.December, 27), "Christmas Day (substitute day)"},
	{date(2027, time.December, 28), "Boxing Day (substitute day)"},

	{date(2028, time.January, 3), "New Year's Day (substitute day)"},
	{date(2028, time.April, 14), "Good Friday"},
	{date(2028, time.April, 17), "Easter Monday"},
	{date(2028, time.May, 1), "Early May bank holiday"},
	{date(2028, time.May, 29), "Spring bank holiday"},
	{date(2028, time.August, 28), "Summer bank holiday"},
	{date(2028, time.December, 25), "Christmas Day"},
	{date(2028, time.December, 26), "Boxing Day"},
}

func date(year int, month time.Month, day int) schematype.Date {
	return schematype.NewDate(year, month, day)
}

// ensureBankHolidays creates the seed data's bank holidays of each year in
// which the table has none. A year that has any is left alone, so a holiday
// an LO admin removed does not come back at the next start.
func ensureBankHolidays(ctx context.Context, client *ent.Client) error {
	byYear := map[int][]BankHoliday{}
	var years []int
	for _, h := range EnglandAndWalesBankHolidays {
		if _, seen := byYear[h.Date.Year()]; !seen {
			years = append(years, h.Date.Year())
		}
		byYear[h.Date.Year()] = append(byYear[h.Date.Year()], h)
	}

	for _, year := range years {
		if err := ensureBankHolidayYear(ctx, client, year, byYear[year]); err != nil {
			return err
		}
	}
	return nil
}

func ensureBankHolidayYear(ctx context.Context, client *ent.Client, year int, holidays []BankHoliday) error {
	known, err := client.BankHoliday.Query().
		Where(bankholiday.DateGTE(date(year, time.January, 1)), bankholiday.DateLT(date(year+1, time.January, 1))).
		Exist(ctx)
	if err != nil {
		return fmt.Errorf("look up bank holidays of %d: %w", year, err)
	}
	if known {
		return nil
	}

	creates := make([]*ent.BankHolidayCreate, 0, len(holidays))
	for _, h := range holidays {
		creates = append(creates, client.BankHoliday.Create().SetDate(h.Date).SetName(h.Name))
	}
	if err := client.BankHoliday.CreateBulk(creates...).Exec(ctx); err != nil {
		return fmt.Errorf("create bank holidays of %d: %w", year, err)
	}
	return nil
}
