package oruk

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/contact"
	"github.com/localoffer/localoffer/ent/costoption"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/schedule"
)

// Child records are replaced as a set. A row whose source id the record
// still has is updated in place and keeps its UUID, because change requests
// refer to child rows by UUID. Other rows are deleted, and new entries are
// created.

// locations creates or updates the record's locations and returns their ids.
// A location may be shared by several services, so it is matched across the
// whole source, and one no service links to any more is left in place.
func (w *recordWriter) locations(ctx context.Context, recs []locationRecord) ([]uuid.UUID, error) {
	ids := make([]uuid.UUID, 0, len(recs))
	for _, loc := range recs {
		id, err := w.upsertLocation(ctx, loc)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (w *recordWriter) upsertLocation(ctx context.Context, loc locationRecord) (uuid.UUID, error) {
	existing, err := w.tx.Location.Query().
		Where(location.Source(w.source), location.SourceID(loc.SourceID)).
		Only(ctx)
	if ent.IsNotFound(err) {
		created, err := w.tx.Location.Create().
			SetSource(w.source).
			SetSourceID(loc.SourceID).
			SetSourceHash(loc.Hash).
			SetName(loc.Name).
			SetDescription(loc.Description).
			SetAddress1(loc.Address1).
			SetAddress2(loc.Address2).
			SetCity(loc.City).
			SetPostcode(loc.Postcode).
			SetNillableLatitude(loc.Latitude).
			SetNillableLongitude(loc.Longitude).
			SetAccessibility(loc.Accessibility).
			Save(ctx)
		if err != nil {
			return uuid.Nil, fmt.Errorf("create location %s: %w", loc.SourceID, err)
		}
		return created.ID, nil
	}
	if err != nil {
		return uuid.Nil, fmt.Errorf("look up location %s: %w", loc.SourceID, err)
	}
	if existing.SourceHash == loc.Hash {
		return existing.ID, nil
	}

	// mask_address is the LO team's decision, so the feed never changes it.
	update := w.tx.Location.UpdateOne(existing).
		SetSourceHash(loc.Hash).
		SetName(loc.Name).
		SetDescription(loc.Description).
		SetAddress1(loc.Address1).
		SetAddress2(loc.Address2).
		SetCity(loc.City).
		SetPostcode(loc.Postcode).
		SetAccessibility(loc.Accessibility).
		AddVersion(1)
	setOrClear(loc.Latitude, func(v float64) { update.SetLatitude(v) }, func() { update.ClearLatitude() }, true)
	setOrClear(loc.Longitude, func(v float64) { update.SetLongitude(v) }, func() { update.ClearLongitude() }, true)
	if err := update.Exec(ctx); err != nil {
		return uuid.Nil, fmt.Errorf("update location %s: %w", loc.SourceID, err)
	}
	return existing.ID, nil
}

func (w *recordWriter) replaceContacts(ctx context.Context, serviceID uuid.UUID, recs []contactRecord) error {
	existing, err := w.tx.Contact.Query().Where(contact.ServiceID(serviceID)).All(ctx)
	if err != nil {
		return fmt.Errorf("load contacts: %w", err)
	}
	unmatched := newChildRows(existing, func(c *ent.Contact) uuid.UUID { return c.ID }, func(c *ent.Contact) string { return c.SourceID })

	for _, rec := range recs {
		if match, ok := unmatched.take(rec.SourceID); ok {
			err = w.tx.Contact.UpdateOne(match).
				SetName(rec.Name).SetTitle(rec.Title).SetEmail(rec.Email).SetPhone(rec.Phone).
				Exec(ctx)
		} else {
			err = w.tx.Contact.Create().
				SetServiceID(serviceID).SetSourceID(rec.SourceID).
				SetName(rec.Name).SetTitle(rec.Title).SetEmail(rec.Email).SetPhone(rec.Phone).
				Exec(ctx)
		}
		if err != nil {
			return fmt.Errorf("save contact %s: %w", rec.SourceID, err)
		}
	}

	if _, err := w.tx.Contact.Delete().Where(contact.IDIn(unmatched.ids()...)).Exec(ctx); err != nil {
		return fmt.Errorf("delete contacts: %w", err)
	}
	return nil
}

func (w *recordWriter) replaceSchedules(ctx context.Context, serviceID uuid.UUID, recs []scheduleRecord) error {
	existing, err := w.tx.Schedule.Query().Where(schedule.ServiceID(serviceID)).All(ctx)
	if err != nil {
		return fmt.Errorf("load schedules: %w", err)
	}
	unmatched := newChildRows(existing, func(s *ent.Schedule) uuid.UUID { return s.ID }, func(s *ent.Schedule) string { return s.SourceID })

	for _, rec := range recs {
		var m *ent.ScheduleMutation
		var save func(context.Context) error
		match, isUpdate := unmatched.take(rec.SourceID)
		if isUpdate {
			update := w.tx.Schedule.UpdateOne(match)
			m, save = update.Mutation(), update.Exec
		} else {
			create := w.tx.Schedule.Create().SetServiceID(serviceID).SetSourceID(rec.SourceID)
			m, save = create.Mutation(), create.Exec
		}

		// Each field is either set or, on update, cleared: a mutation that
		// does both writes the column twice, which PostgreSQL rejects. The
		// schema checks times against HH:MM, which "" fails, so a missing
		// time is cleared rather than set to "".
		m.SetDescription(rec.Description)
		setOrClear(rec.Weekday, m.SetWeekday, m.ClearWeekday, isUpdate)
		setOrClear(nonEmpty(rec.OpensAt), m.SetOpensAt, m.ClearOpensAt, isUpdate)
		setOrClear(nonEmpty(rec.ClosesAt), m.SetClosesAt, m.ClearClosesAt, isUpdate)
		setOrClear(rec.ValidFrom, m.SetValidFrom, m.ClearValidFrom, isUpdate)
		setOrClear(rec.ValidTo, m.SetValidTo, m.ClearValidTo, isUpdate)
		if err := save(ctx); err != nil {
			return fmt.Errorf("save schedule %s: %w", rec.SourceID, err)
		}
	}

	if _, err := w.tx.Schedule.Delete().Where(schedule.IDIn(unmatched.ids()...)).Exec(ctx); err != nil {
		return fmt.Errorf("delete schedules: %w", err)
	}
	return nil
}

func (w *recordWriter) replaceCostOptions(ctx context.Context, serviceID uuid.UUID, recs []costOptionRecord) error {
	existing, err := w.tx.CostOption.Query().Where(costoption.ServiceID(serviceID)).All(ctx)
	if err != nil {
		return fmt.Errorf("load cost options: %w", err)
	}
	unmatched := newChildRows(existing, func(c *ent.CostOption) uuid.UUID { return c.ID }, func(c *ent.CostOption) string { return c.SourceID })

	for _, rec := range recs {
		if match, ok := unmatched.take(rec.SourceID); ok {
			update := w.tx.CostOption.UpdateOne(match).
				SetOption(rec.Option).SetAmountDescription(rec.AmountDescription).SetCurrency(rec.Currency)
			setOrClear(rec.Amount, func(v float64) { update.SetAmount(v) }, func() { update.ClearAmount() }, true)
			err = update.Exec(ctx)
		} else {
			err = w.tx.CostOption.Create().
				SetServiceID(serviceID).SetSourceID(rec.SourceID).
				SetOption(rec.Option).SetNillableAmount(rec.Amount).
				SetAmountDescription(rec.AmountDescription).SetCurrency(rec.Currency).
				Exec(ctx)
		}
		if err != nil {
			return fmt.Errorf("save cost option %s: %w", rec.SourceID, err)
		}
	}

	if _, err := w.tx.CostOption.Delete().Where(costoption.IDIn(unmatched.ids()...)).Exec(ctx); err != nil {
		return fmt.Errorf("delete cost options: %w", err)
	}
	return nil
}

// nonEmpty returns a pointer to s, or nil for "".
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// childRows holds a service's existing child rows that no feed entry has
// matched yet.
type childRows[T any] struct {
	bySource  map[string]T
	unmatched map[uuid.UUID]bool
	idOf      func(T) uuid.UUID
}

func newChildRows[T any](rows []T, idOf func(T) uuid.UUID, sourceIDOf func(T) string) *childRows[T] {
	c := &childRows[T]{bySource: map[string]T{}, unmatched: map[uuid.UUID]bool{}, idOf: idOf}
	for _, row := range rows {
		c.unmatched[idOf(row)] = true
		if id := sourceIDOf(row); id != "" {
			if _, duplicate := c.bySource[id]; !duplicate {
				c.bySource[id] = row
			}
		}
	}
	return c
}

// take returns the unmatched row with this source id and marks it matched.
func (c *childRows[T]) take(sourceID string) (T, bool) {
	row, ok := c.bySource[sourceID]
	if sourceID == "" || !ok {
		var none T
		return none, false
	}
	delete(c.bySource, sourceID)
	delete(c.unmatched, c.idOf(row))
	return row, true
}

// ids returns the ids of the rows left unmatched.
func (c *childRows[T]) ids() []uuid.UUID {
	ids := make([]uuid.UUID, 0, len(c.unmatched))
	for id := range c.unmatched {
		ids = append(ids, id)
	}
	return ids
}
