package directory

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
)

// SENDNeedsTaxonomy is the slug of the taxonomy whose terms the sendNeed
// filter takes.
const SENDNeedsTaxonomy = "send-needs"

// Ages the Local Offer covers, in years: children and young people from
// birth to 25 (Children and Families Act 2014, section 30).
const (
	minAge = 0
	maxAge = 25
)

// clockTime is a time of day as HH:MM on the 24-hour clock.
var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// ServiceFilter narrows a list of services. Every field that is set must
// hold, and a nil or empty field does not filter.
type ServiceFilter struct {
	// TaxonomyTerms must each match, and a term also matches its descendants.
	TaxonomyTerms []uuid.UUID
	// SendNeed is a term of the SEND needs taxonomy, descendants included.
	SendNeed *uuid.UUID
	// Age in years must fall inside the service's age range. A range with no
	// lower or upper bound is open at that end.
	Age *int
	// FreeOnly keeps only services that are free of charge.
	FreeOnly bool
	// Coverage keeps services with any of these coverages.
	Coverage []service.Coverage
	// Audience keeps services written for this audience.
	Audience *schematype.Audience
	// Organization keeps the services of one organisation.
	Organization *uuid.UUID
	// OpenAt keeps services open at a time of the week.
	OpenAt *OpenAt
	// AccessibilityFeatures must each be on a location of the service, and a
	// term also matches its descendants.
	AccessibilityFeatures []uuid.UUID
	// Near keeps services with a location within a radius.
	Near *Near
}

// OpenAt is a moment in the week, in London time.
type OpenAt struct {
	Weekday schedule.Weekday
	// Time is HH:MM on the 24-hour clock.
	Time string
}

// servicePredicates checks the filter and turns it into query predicates. It
// looks up the terms and the organisation the filter names, so that an
// unknown id is an input error rather than an empty list.
func servicePredicates(ctx context.Context, client *ent.Client, f ServiceFilter) ([]predicate.Service, error) {
	var predicates []predicate.Service
	add := func(p predicate.Service, err error) error {
		if err == nil && p != nil {
			predicates = append(predicates, p)
		}
		return err
	}

	terms, err := loadTermsFor(ctx, client, f)
	if err != nil {
		return nil, err
	}
	for i, id := range f.TaxonomyTerms {
		field := fmt.Sprintf("where.taxonomyTerms[%d]", i)
		if err := add(terms.servicesTagged(field, id)); err != nil {
			return nil, err
		}
	}
	if f.SendNeed != nil {
		if err := add(terms.sendNeed(ctx, client, *f.SendNeed)); err != nil {
			return nil, err
		}
	}
	for i, id := range f.AccessibilityFeatures {
		field := fmt.Sprintf("where.accessibilityFeatures[%d]", i)
		if err := add(terms.servicesWithFeature(field, id)); err != nil {
			return nil, err
		}
	}

	steps := []func() (predicate.Service, error){
		func() (predicate.Service, error) { return agePredicate(f.Age) },
		func() (predicate.Service, error) { return freePredicate(f.FreeOnly), nil },
		func() (predicate.Service, error) { return coveragePredicate(f.Coverage) },
		func() (predicate.Service, error) { return audiencePredicate(f.Audience) },
		func() (predicate.Service, error) { return organizationPredicate(ctx, client, f.Organization) },
		func() (predicate.Service, error) { return openAtPredicate(f.OpenAt) },
		func() (predicate.Service, error) { return nearPredicate(f.Near) },
	}
	for _, step := range steps {
		if err := add(step()); err != nil {
			return nil, err
		}
	}
	return predicates, nil
}

// loadTermsFor loads the taxonomy terms once when the filter names any.
func loadTermsFor(ctx context.Context, client *ent.Client, f ServiceFilter) (*termForest, error) {
	if len(f.TaxonomyTerms) == 0 && f.SendNeed == nil && len(f.AccessibilityFeatures) == 0 {
		return nil, nil
	}
	return loadTermForest(ctx, client)
}

func (t *termForest) servicesTagged(field string, id uuid.UUID) (predicate.Service, error) {
	ids, err := t.subtree(field, id)
	if err != nil {
		return nil, err
	}
	return service.HasTaxonomyTermsWith(taxonomyterm.IDIn(ids...)), nil
}

func (t *termForest) servicesWithFeature(field string, id uuid.UUID) (predicate.Service, error) {
	ids, err := t.subtree(field, id)
	if err != nil {
		return nil, err
	}
	return service.HasLocationsWith(location.HasAccessibilityFeaturesWith(taxonomyterm.IDIn(ids...))), nil
}

// sendNeed checks that id is a term of the SEND needs taxonomy.
func (t *termForest) sendNeed(ctx context.Context, client *ent.Client, id uuid.UUID) (predicate.Service, error) {
	const field = "where.sendNeed"
	taxonomyID, err := taxonomyIDBySlug(ctx, client, SENDNeedsTaxonomy)
	if errors.Is(err, ErrNotFound) {
		return nil, &InputError{Field: field, Message: fmt.Sprintf("there is no %s taxonomy to filter by", SENDNeedsTaxonomy)}
	}
	if err != nil {
		return nil, err
	}
	term, ok := t.byID[id]
	if !ok || term.TaxonomyID != taxonomyID {
		return nil, &InputError{Field: field, Message: fmt.Sprintf("%s is not a term of the %s taxonomy", id, SENDNeedsTaxonomy)}
	}
	return t.servicesTagged(field, id)
}

func agePredicate(age *int) (predicate.Service, error) {
	if age == nil {
		return nil, nil
	}
	if *age < minAge || *age > maxAge {
		return nil, &InputError{Field: "where.age", Message: fmt.Sprintf("must be between %d and %d", minAge, maxAge)}
	}
	return service.And(
		service.Or(service.MinAgeIsNil(), service.MinAgeLTE(*age)),
		service.Or(service.MaxAgeIsNil(), service.MaxAgeGTE(*age)),
	), nil
}

func freePredicate(freeOnly bool) predicate.Service {
	if !freeOnly {
		return nil
	}
	return service.IsFree(true)
}

func coveragePredicate(coverage []service.Coverage) (predicate.Service, error) {
	if len(coverage) == 0 {
		return nil, nil
	}
	for i, c := range coverage {
		if err := service.CoverageValidator(c); err != nil {
			return nil, &InputError{Field: fmt.Sprintf("where.coverage[%d]", i), Message: fmt.Sprintf("unknown coverage %q", c)}
		}
	}
	return service.CoverageIn(coverage...), nil
}

func audiencePredicate(audience *schematype.Audience) (predicate.Service, error) {
	if audience == nil {
		return nil, nil
	}
	if err := validAudience(*audience); err != nil {
		return nil, err
	}
	return audienceContains(*audience), nil
}

func validAudience(audience schematype.Audience) error {
	if !slices.Contains(schematype.Audiences, audience) {
		return &InputError{Field: "where.audience", Message: fmt.Sprintf("unknown audience %q", audience)}
	}
	return nil
}

// audienceContains keeps rows whose audiences JSON list, a column of both
// services and information pages, holds the audience.
func audienceContains(audience schematype.Audience) func(*sql.Selector) {
	return func(s *sql.Selector) {
		s.Where(sqljson.ValueContains(s.C("audiences"), string(audience)))
	}
}

// organizationPredicate checks through the privacy rules that the caller can
// see the organisation, so that a hidden one reads as unknown.
func organizationPredicate(ctx context.Context, client *ent.Client, id *uuid.UUID) (predicate.Service, error) {
	if id == nil {
		return nil, nil
	}
	exists, err := client.Organization.Query().Where(organization.ID(*id)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("look up organisation %s: %w", *id, err)
	}
	if !exists {
		return nil, &InputError{Field: "where.organization", Message: fmt.Sprintf("unknown organisation %s", *id)}
	}
	return service.OrganizationID(*id), nil
}

// openAtPredicate keeps services with a schedule on the weekday that opens at
// or before the time and closes after it. Times are zero-padded HH:MM, so
// text comparison orders them, and "24:00" closes after every time.
func openAtPredicate(openAt *OpenAt) (predicate.Service, error) {
	if openAt == nil {
		return nil, nil
	}
	if err := schedule.WeekdayValidator(openAt.Weekday); err != nil {
		return nil, &InputError{Field: "where.openAt.weekday", Message: fmt.Sprintf("unknown weekday %q", openAt.Weekday)}
	}
	if !clockTime.MatchString(openAt.Time) {
		return nil, &InputError{Field: "where.openAt.time", Message: fmt.Sprintf("invalid time %q: use HH:MM on the 24-hour clock, such as 16:30", openAt.Time)}
	}
	return service.HasSchedulesWith(
		schedule.WeekdayEQ(openAt.Weekday),
		schedule.OpensAtNEQ(""),
		schedule.OpensAtLTE(openAt.Time),
		schedule.ClosesAtGT(openAt.Time),
	), nil
}
