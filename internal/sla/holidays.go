package sla

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/bankholiday"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// BankHolidays returns the bank holidays in date order: those of year when
// it is given, or else all of them.
func (m *Manager) BankHolidays(ctx context.Context, year *int) ([]*ent.BankHoliday, error) {
	if err := m.authorize(ctx, authz.TypeBankHoliday, authz.ActionRead,
		"only providers and the LO team may read the bank holidays"); err != nil {
		return nil, err
	}
	query := m.reader(ctx).BankHoliday.Query()
	if year != nil {
		if *year < 1 || *year > 9999 {
			return nil, apperr.Input("year", "must be a year from 1 to 9999, such as 2027")
		}
		query.Where(
			bankholiday.DateGTE(schematype.NewDate(*year, time.January, 1)),
			bankholiday.DateLT(schematype.NewDate(*year+1, time.January, 1)),
		)
	}
	holidays, err := query.Order(ent.Asc(bankholiday.FieldDate)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list bank holidays: %w", err)
	}
	return holidays, nil
}

// NewBankHoliday is a bank holiday an LO admin adds, such as one a royal
// proclamation makes or those of a year the product does not ship with.
type NewBankHoliday struct {
	Date schematype.Date
	Name string
}

// AddBankHoliday adds a bank holiday. It does not move the dates of review
// cycles that exist already; LO admins correct those with
// UpdateReviewCycle. Default cycles made afterwards take it into account.
func (m *Manager) AddBankHoliday(ctx context.Context, in NewBankHoliday) (*ent.BankHoliday, error) {
	if err := m.authorize(ctx, authz.TypeBankHoliday, authz.ActionCreate,
		"you may not add a bank holiday: only LO admins manage the SLA calendar"); err != nil {
		return nil, err
	}
	name, err := cleanText("input.name", in.Name, maxNameLength)
	if err != nil {
		return nil, err
	}
	if weekday := in.Date.Weekday(); weekday == time.Saturday || weekday == time.Sunday {
		return nil, apperr.Input("input.date", "%s is a %s, which is never a working day: add the substitute day, the weekday the holiday moves to, instead",
			in.Date, weekday)
	}

	var created *ent.BankHoliday
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		existing, err := tx.BankHoliday.Query().Where(bankholiday.DateEQ(in.Date)).Only(system(ctx))
		if err == nil {
			return fmt.Errorf("%s is already a bank holiday, %q: %w", in.Date, existing.Name, apperr.ErrConflict)
		}
		if !ent.IsNotFound(err) {
			return fmt.Errorf("look up bank holiday %s: %w", in.Date, err)
		}
		created, err = tx.BankHoliday.Create().SetDate(in.Date).SetName(name).Save(system(ctx))
		if ent.IsConstraintError(err) {
			return fmt.Errorf("%s was added as a bank holiday meanwhile: %w", in.Date, apperr.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("add bank holiday %s: %w", in.Date, err)
		}
		pending.Add(audit.Event{
			Action: "bank_holiday.added", ObjectType: authz.TypeBankHoliday, ObjectID: created.ID,
			Detail: fmt.Sprintf("%s %s", created.Date, created.Name),
		})
		return nil
	})
	return created, err
}

// RemoveBankHoliday deletes a bank holiday, such as one added by mistake,
// and returns it as it was. Like AddBankHoliday, it moves no existing
// review cycle's dates.
func (m *Manager) RemoveBankHoliday(ctx context.Context, id uuid.UUID) (*ent.BankHoliday, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var removed *ent.BankHoliday
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		holiday, err := tx.BankHoliday.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFound("no bank holiday with id %s", id)
		}
		if err != nil {
			return fmt.Errorf("load bank holiday %s: %w", id, err)
		}
		if !m.allowed(ctx, authz.TypeBankHoliday, authz.ActionRemove, authz.RelationNone) {
			return fmt.Errorf("you may not remove the bank holiday on %s: only LO admins manage the SLA calendar: %w", holiday.Date, apperr.ErrForbidden)
		}
		if err := tx.BankHoliday.DeleteOne(holiday).Exec(system(ctx)); err != nil {
			return fmt.Errorf("remove bank holiday %s: %w", holiday.Date, err)
		}
		pending.Add(audit.Event{
			Action: "bank_holiday.removed", ObjectType: authz.TypeBankHoliday, ObjectID: holiday.ID,
			Detail: fmt.Sprintf("%s %s", holiday.Date, holiday.Name),
		})
		removed = holiday
		return nil
	})
	return removed, err
}
