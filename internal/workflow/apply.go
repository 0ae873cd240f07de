package workflow

import (
	"context"
	"fmt"
	"reflect"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/educationdetails"
	"github.com/localoffer/localoffer/ent/location"
)

// writeServiceContent makes a service's rows hold c, given that they hold
// old now. Child records are matched by id: those only in old are removed
// (a location is unlinked, since other services may share it), those in
// both are updated when they differ, and those only in c are created with
// the id c gives them. It writes as the system, in tx.
func writeServiceContent(ctx context.Context, tx *ent.Client, id uuid.UUID, old, c *ServiceContent, update *ent.ServiceUpdateOne) error {
	ctx = system(ctx)
	setServiceFields(update.Mutation(), c)
	update.ClearTaxonomyTerms().AddTaxonomyTermIDs(c.TaxonomyTermIDs...)
	if err := writeLocations(ctx, tx, update, old.Locations, c.Locations); err != nil {
		return err
	}
	if err := update.Exec(ctx); err != nil {
		return fmt.Errorf("write service %s: %w", id, err)
	}
	if err := writeContacts(ctx, tx, id, old.Contacts, c.Contacts); err != nil {
		return err
	}
	if err := writeSchedules(ctx, tx, id, old.Schedules, c.Schedules); err != nil {
		return err
	}
	if err := writeCostOptions(ctx, tx, id, old.CostOptions, c.CostOptions); err != nil {
		return err
	}
	return writeEducationDetails(ctx, tx, id, old.EducationDetails, c.EducationDetails)
}

func setServiceFields(m *ent.ServiceMutation, c *ServiceContent) {
	m.SetOrganizationID(c.OrganizationID)
	m.SetName(c.Name)
	m.SetSummary(c.Summary)
	m.SetEasyReadSummary(c.EasyReadSummary)
	m.SetDescription(c.Description)
	m.SetWebsite(c.Website)
	m.SetEmail(c.Email)
	setOrClear(c.MinAge, m.SetMinAge, m.ClearMinAge)
	setOrClear(c.MaxAge, m.SetMaxAge, m.ClearMaxAge)
	m.SetCoverage(c.Coverage)
	m.SetAccessRoutes(c.AccessRoutes)
	m.SetHowToAccess(c.HowToAccess)
	m.SetEligibility(c.Eligibility)
	m.SetEligibilityDecision(c.EligibilityDecision)
	m.SetHowToComplain(c.HowToComplain)
	m.SetPersonalBudget(c.PersonalBudget)
	setOrClear(c.ShortBreakTier, m.SetShortBreakTier, m.ClearShortBreakTier)
	m.SetAdulthoodThemes(c.AdulthoodThemes)
	m.SetLanguages(c.Languages)
	m.SetAudiences(c.Audiences)
	setOrClear(c.InclusionBasis, m.SetInclusionBasis, m.ClearInclusionBasis)
	setOrClear(c.ContractEndDate, m.SetContractEndDate, m.ClearContractEndDate)
	m.SetIsFree(c.IsFree)
}

func setOrClear[T any](value *T, set func(T), clear func()) {
	if value != nil {
		set(*value)
	} else {
		clear()
	}
}

// byID indexes child records by id.
func byID[T any](items []T, id func(T) uuid.UUID) map[uuid.UUID]T {
	out := make(map[uuid.UUID]T, len(items))
	for _, item := range items {
		out[id(item)] = item
	}
	return out
}

func writeLocations(ctx context.Context, tx *ent.Client, update *ent.ServiceUpdateOne, old, locations []LocationContent) error {
	before := byID(old, func(l LocationContent) uuid.UUID { return l.ID })
	after := byID(locations, func(l LocationContent) uuid.UUID { return l.ID })
	for id := range before {
		if _, kept := after[id]; !kept {
			update.RemoveLocationIDs(id)
		}
	}
	for _, l := range locations {
		previous, existed := before[l.ID]
		if existed && reflect.DeepEqual(previous, l) {
			continue
		}
		if !existed {
			update.AddLocationIDs(l.ID)
		}
		if err := writeLocation(ctx, tx, l); err != nil {
			return err
		}
	}
	return nil
}

// writeLocation makes the location with l's id hold l, creating it when it
// does not exist. One that exists but was not the service's is another
// service's location, which the change links to.
func writeLocation(ctx context.Context, tx *ent.Client, l LocationContent) error {
	exists, err := tx.Location.Query().Where(location.ID(l.ID)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("look up location %s: %w", l.ID, err)
	}
	if !exists {
		err := tx.Location.Create().SetID(l.ID).
			SetName(l.Name).SetDescription(l.Description).
			SetAddress1(l.Address1).SetAddress2(l.Address2).SetCity(l.City).SetPostcode(l.Postcode).
			SetNillableLatitude(l.Latitude).SetNillableLongitude(l.Longitude).
			SetAccessibility(l.Accessibility).SetMaskAddress(l.MaskAddress).
			AddAccessibilityFeatureIDs(l.AccessibilityFeatureIDs...).
			Exec(ctx)
		if err != nil {
			return fmt.Errorf("create location %s: %w", l.ID, err)
		}
		return nil
	}

	update := tx.Location.UpdateOneID(l.ID).
		SetName(l.Name).SetDescription(l.Description).
		SetAddress1(l.Address1).SetAddress2(l.Address2).SetCity(l.City).SetPostcode(l.Postcode).
		SetAccessibility(l.Accessibility).SetMaskAddress(l.MaskAddress).
		ClearAccessibilityFeatures().AddAccessibilityFeatureIDs(l.AccessibilityFeatureIDs...)
	m := update.Mutation()
	setOrClear(l.Latitude, m.SetLatitude, m.ClearLatitude)
	setOrClear(l.Longitude, m.SetLongitude, m.ClearLongitude)
	if err := update.Exec(ctx); err != nil {
		return fmt.Errorf("write location %s: %w", l.ID, err)
	}
	return nil
}

func writeContacts(ctx context.Context, tx *ent.Client, serviceID uuid.UUID, old, contacts []ContactContent) error {
	before := byID(old, func(c ContactContent) uuid.UUID { return c.ID })
	after := byID(contacts, func(c ContactContent) uuid.UUID { return c.ID })
	for id := range before {
		if _, kept := after[id]; !kept {
			if err := tx.Contact.DeleteOneID(id).Exec(ctx); err != nil {
				return fmt.Errorf("remove contact %s: %w", id, err)
			}
		}
	}
	for _, c := range contacts {
		previous, existed := before[c.ID]
		var err error
		switch {
		case existed && previous == c:
			continue
		case existed:
			err = tx.Contact.UpdateOneID(c.ID).
				SetName(c.Name).SetTitle(c.Title).SetEmail(c.Email).SetPhone(c.Phone).Exec(ctx)
		default:
			err = tx.Contact.Create().SetID(c.ID).SetServiceID(serviceID).
				SetName(c.Name).SetTitle(c.Title).SetEmail(c.Email).SetPhone(c.Phone).Exec(ctx)
		}
		if err != nil {
			return fmt.Errorf("write contact %s: %w", c.ID, err)
		}
	}
	return nil
}

func writeSchedules(ctx context.Context, tx *ent.Client, serviceID uuid.UUID, old, schedules []ScheduleContent) error {
	before := byID(old, func(s ScheduleContent) uuid.UUID { return s.ID })
	after := byID(schedules, func(s ScheduleContent) uuid.UUID { return s.ID })
	for id := range before {
		if _, kept := after[id]; !kept {
			if err := tx.Schedule.DeleteOneID(id).Exec(ctx); err != nil {
				return fmt.Errorf("remove schedule %s: %w", id, err)
			}
		}
	}
	for _, s := range schedules {
		previous, existed := before[s.ID]
		if existed && reflect.DeepEqual(previous, s) {
			continue
		}
		if existed {
			if err := tx.Schedule.DeleteOneID(s.ID).Exec(ctx); err != nil {
				return fmt.Errorf("replace schedule %s: %w", s.ID, err)
			}
		}
		// A schedule has nothing pointing at it, so a changed one is
		// replaced under the same id, which clears its unset fields simply.
		err := tx.Schedule.Create().SetID(s.ID).SetServiceID(serviceID).
			SetNillableWeekday(s.Weekday).SetOpensAt(s.OpensAt).SetClosesAt(s.ClosesAt).
			SetNillableValidFrom(s.ValidFrom).SetNillableValidTo(s.ValidTo).
			SetDescription(s.Description).Exec(ctx)
		if err != nil {
			return fmt.Errorf("write schedule %s: %w", s.ID, err)
		}
	}
	return nil
}

func writeCostOptions(ctx context.Context, tx *ent.Client, serviceID uuid.UUID, old, options []CostOptionContent) error {
	before := byID(old, func(c CostOptionContent) uuid.UUID { return c.ID })
	after := byID(options, func(c CostOptionContent) uuid.UUID { return c.ID })
	for id := range before {
		if _, kept := after[id]; !kept {
			if err := tx.CostOption.DeleteOneID(id).Exec(ctx); err != nil {
				return fmt.Errorf("remove cost option %s: %w", id, err)
			}
		}
	}
	for _, c := range options {
		previous, existed := before[c.ID]
		if existed && reflect.DeepEqual(previous, c) {
			continue
		}
		if existed {
			if err := tx.CostOption.DeleteOneID(c.ID).Exec(ctx); err != nil {
				return fmt.Errorf("replace cost option %s: %w", c.ID, err)
			}
		}
		err := tx.CostOption.Create().SetID(c.ID).SetServiceID(serviceID).
			SetOption(c.Option).SetNillableAmount(c.Amount).SetCurrency(c.Currency).
			SetAmountDescription(c.AmountDescription).Exec(ctx)
		if err != nil {
			return fmt.Errorf("write cost option %s: %w", c.ID, err)
		}
	}
	return nil
}

func writeEducationDetails(ctx context.Context, tx *ent.Client, serviceID uuid.UUID, old, e *EducationDetailsContent) error {
	if reflect.DeepEqual(old, e) {
		return nil
	}
	if old != nil {
		_, err := tx.EducationDetails.Delete().Where(educationdetails.ServiceID(serviceID)).Exec(ctx)
		if err != nil {
			return fmt.Errorf("replace education details of service %s: %w", serviceID, err)
		}
	}
	if e == nil {
		return nil
	}
	err := tx.EducationDetails.Create().SetServiceID(serviceID).
		SetUrn(e.URN).SetEstablishmentType(e.EstablishmentType).SetResourcedProvision(e.ResourcedProvision).
		SetSencoName(e.SencoName).SetSencoEmail(e.SencoEmail).SetSencoPhone(e.SencoPhone).
		SetSenInformationReportURL(e.SenInformationReportURL).SetNillableSenInformationReportDate(e.SenInformationReportDate).
		SetTeachingApproach(e.TeachingApproach).SetCurriculumAdaptation(e.CurriculumAdaptation).
		SetAdditionalSupport(e.AdditionalSupport).SetProgressAssessment(e.ProgressAssessment).
		SetEffectivenessEvaluation(e.EffectivenessEvaluation).SetFacilitiesAccess(e.FacilitiesAccess).
		SetActivitiesBeyondCurriculum(e.ActivitiesBeyondCurriculum).SetOtherSupport(e.OtherSupport).
		SetStaffExpertise(e.StaffExpertise).SetEmotionalSocialDevelopment(e.EmotionalSocialDevelopment).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("write education details of service %s: %w", serviceID, err)
	}
	return nil
}

// writeInformationPageContent sets an information page's content fields on
// update.
func writeInformationPageContent(c *InformationPageContent, update *ent.InformationPageUpdateOne) {
	update.SetTitle(c.Title).
		SetTopic(c.Topic).
		SetAudiences(c.Audiences).
		SetSummary(c.Summary).
		SetBody(c.Body).
		SetEasyReadSummary(c.EasyReadSummary)
	m := update.Mutation()
	setOrClear(c.SectionID, m.SetSectionID, m.ClearSectionID)
}
