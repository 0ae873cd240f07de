package workflow

import (
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/schedule"
)

// A save gives child records (locations, contacts, schedules, cost
// options) as changes, like the service's own fields: a record named by id
// keeps the fields the save leaves out, and a record without an id is new.
// The list as a whole still replaces the service's list, so a record left
// out of it is removed.

// LocationChanges is one location in a save.
type LocationChanges struct {
	// ID names a location the service has, or another service's location
	// to link to as it is. Without it the location is new.
	ID            *uuid.UUID
	Name          *string
	Description   *string
	Address1      *string
	Address2      *string
	City          *string
	Postcode      *string
	Latitude      *float64
	Longitude     *float64
	Accessibility *string
	MaskAddress   *bool
	// ClearCoordinates removes the latitude and longitude.
	ClearCoordinates        bool
	AccessibilityFeatureIDs []uuid.UUID
}

// ContactChanges is one contact in a save.
type ContactChanges struct {
	ID    *uuid.UUID
	Name  *string
	Title *string
	Email *string
	Phone *string
}

// ScheduleChanges is one opening time in a save.
type ScheduleChanges struct {
	ID             *uuid.UUID
	Weekday        *schedule.Weekday
	ClearWeekday   bool
	OpensAt        *string
	ClosesAt       *string
	ValidFrom      *time.Time
	ClearValidFrom bool
	ValidTo        *time.Time
	ClearValidTo   bool
	Description    *string
}

// CostOptionChanges is one price in a save.
type CostOptionChanges struct {
	ID                *uuid.UUID
	Option            *string
	Amount            *float64
	ClearAmount       bool
	Currency          *string
	AmountDescription *string
}

// isLink reports whether the change only names a location by id, which is
// how a service links to another service's location without changing it.
func (ch LocationChanges) isLink() bool {
	fields := []bool{
		ch.Name == nil, ch.Description == nil, ch.Address1 == nil, ch.Address2 == nil, ch.City == nil,
		ch.Postcode == nil, ch.Latitude == nil, ch.Longitude == nil, ch.Accessibility == nil,
		ch.MaskAddress == nil, !ch.ClearCoordinates, ch.AccessibilityFeatureIDs == nil,
	}
	for _, unset := range fields {
		if !unset {
			return false
		}
	}
	return ch.ID != nil
}

func (ch LocationChanges) applyTo(l LocationContent) LocationContent {
	setIf(&l.Name, ch.Name)
	setIf(&l.Description, ch.Description)
	setIf(&l.Address1, ch.Address1)
	setIf(&l.Address2, ch.Address2)
	setIf(&l.City, ch.City)
	setIf(&l.Postcode, ch.Postcode)
	setOptional(&l.Latitude, ch.Latitude, ch.ClearCoordinates)
	setOptional(&l.Longitude, ch.Longitude, ch.ClearCoordinates)
	setIf(&l.Accessibility, ch.Accessibility)
	setIf(&l.MaskAddress, ch.MaskAddress)
	setList(&l.AccessibilityFeatureIDs, ch.AccessibilityFeatureIDs)
	return l
}

func (ch ContactChanges) applyTo(c ContactContent) ContactContent {
	setIf(&c.Name, ch.Name)
	setIf(&c.Title, ch.Title)
	setIf(&c.Email, ch.Email)
	setIf(&c.Phone, ch.Phone)
	return c
}

func (ch ScheduleChanges) applyTo(s ScheduleContent) ScheduleContent {
	setOptional(&s.Weekday, ch.Weekday, ch.ClearWeekday)
	setIf(&s.OpensAt, ch.OpensAt)
	setIf(&s.ClosesAt, ch.ClosesAt)
	setOptional(&s.ValidFrom, ch.ValidFrom, ch.ClearValidFrom)
	setOptional(&s.ValidTo, ch.ValidTo, ch.ClearValidTo)
	setIf(&s.Description, ch.Description)
	return s
}

func (ch CostOptionChanges) applyTo(c CostOptionContent) CostOptionContent {
	setIf(&c.Option, ch.Option)
	setOptional(&c.Amount, ch.Amount, ch.ClearAmount)
	setIf(&c.Currency, ch.Currency)
	setIf(&c.AmountDescription, ch.AmountDescription)
	return c
}

// mergeChildren returns the list a save gives: each change applied to the
// record with its id in have (or in linked, for a location of another
// service), or to a new record. nil changes keep have as it is.
func mergeChildren[C any, R any](have []R, changes []C, id func(C) *uuid.UUID, recordID func(R) uuid.UUID, apply func(C, R) R, fresh func() R, linked map[uuid.UUID]R) []R {
	if changes == nil {
		return have
	}
	existing := byID(have, recordID)
	out := make([]R, 0, len(changes))
	for _, ch := range changes {
		record := fresh()
		if given := id(ch); given != nil {
			if r, ok := existing[*given]; ok {
				record = r
			} else if r, ok := linked[*given]; ok {
				record = r
			}
		}
		out = append(out, apply(ch, record))
	}
	return out
}

// applyChildren applies the save's child record changes to c. linked holds
// the content of other services' locations that the save links to.
func (ch *ServiceChanges) applyChildren(c *ServiceContent, linked map[uuid.UUID]LocationContent) {
	c.Locations = mergeChildren(c.Locations, ch.Locations,
		func(x LocationChanges) *uuid.UUID { return x.ID },
		func(x LocationContent) uuid.UUID { return x.ID },
		func(x LocationChanges, r LocationContent) LocationContent { return x.applyTo(r) },
		func() LocationContent { return LocationContent{} }, linked)
	c.Contacts = mergeChildren(c.Contacts, ch.Contacts,
		func(x ContactChanges) *uuid.UUID { return x.ID },
		func(x ContactContent) uuid.UUID { return x.ID },
		func(x ContactChanges, r ContactContent) ContactContent { return x.applyTo(r) },
		func() ContactContent { return ContactContent{} }, nil)
	c.Schedules = mergeChildren(c.Schedules, ch.Schedules,
		func(x ScheduleChanges) *uuid.UUID { return x.ID },
		func(x ScheduleContent) uuid.UUID { return x.ID },
		func(x ScheduleChanges, r ScheduleContent) ScheduleContent { return x.applyTo(r) },
		func() ScheduleContent { return ScheduleContent{} }, nil)
	c.CostOptions = mergeChildren(c.CostOptions, ch.CostOptions,
		func(x CostOptionChanges) *uuid.UUID { return x.ID },
		func(x CostOptionContent) uuid.UUID { return x.ID },
		func(x CostOptionChanges, r CostOptionContent) CostOptionContent { return x.applyTo(r) },
		func() CostOptionContent { return CostOptionContent{Currency: "GBP"} }, nil)
}
