package workflow

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/contact"
	"github.com/localoffer/localoffer/ent/costoption"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
)

// LoadServiceContent reads a service's content as it is in the database,
// children included, as the system: callers check rights first.
func LoadServiceContent(ctx context.Context, client *ent.Client, id uuid.UUID) (*ServiceContent, error) {
	s, err := client.Service.Query().
		Where(service.ID(id)).
		WithLocations(func(q *ent.LocationQuery) {
			q.Order(ent.Asc(location.FieldID)).WithAccessibilityFeatures(func(q *ent.TaxonomyTermQuery) {
				q.Select(taxonomyterm.FieldID)
			})
		}).
		WithContacts(func(q *ent.ContactQuery) { q.Order(ent.Asc(contact.FieldID)) }).
		WithSchedules(func(q *ent.ScheduleQuery) { q.Order(ent.Asc(schedule.FieldID)) }).
		WithCostOptions(func(q *ent.CostOptionQuery) { q.Order(ent.Asc(costoption.FieldID)) }).
		WithTaxonomyTerms(func(q *ent.TaxonomyTermQuery) { q.Select(taxonomyterm.FieldID) }).
		WithEducationDetails().
		Only(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("load service %s: %w", id, err)
	}
	return serviceContentOf(s), nil
}

// serviceContentOf converts a service loaded with every edge.
func serviceContentOf(s *ent.Service) *ServiceContent {
	c := &ServiceContent{
		OrganizationID:      s.OrganizationID,
		Name:                s.Name,
		Summary:             s.Summary,
		EasyReadSummary:     s.EasyReadSummary,
		Description:         s.Description,
		Website:             s.Website,
		Email:               s.Email,
		MinAge:              s.MinAge,
		MaxAge:              s.MaxAge,
		Coverage:            s.Coverage,
		AccessRoutes:        s.AccessRoutes,
		HowToAccess:         s.HowToAccess,
		Eligibility:         s.Eligibility,
		EligibilityDecision: s.EligibilityDecision,
		HowToComplain:       s.HowToComplain,
		PersonalBudget:      s.PersonalBudget,
		ShortBreakTier:      s.ShortBreakTier,
		AdulthoodThemes:     s.AdulthoodThemes,
		Languages:           s.Languages,
		Audiences:           s.Audiences,
		InclusionBasis:      s.InclusionBasis,
		ContractEndDate:     s.ContractEndDate,
		IsFree:              s.IsFree,
		TaxonomyTermIDs:     termIDs(s.Edges.TaxonomyTerms),
	}
	for _, l := range s.Edges.Locations {
		c.Locations = append(c.Locations, locationContentOf(l))
	}
	for _, ct := range s.Edges.Contacts {
		c.Contacts = append(c.Contacts, ContactContent{ID: ct.ID, Name: ct.Name, Title: ct.Title, Email: ct.Email, Phone: ct.Phone})
	}
	for _, sc := range s.Edges.Schedules {
		c.Schedules = append(c.Schedules, ScheduleContent{
			ID: sc.ID, Weekday: sc.Weekday, OpensAt: sc.OpensAt, ClosesAt: sc.ClosesAt,
			ValidFrom: sc.ValidFrom, ValidTo: sc.ValidTo, Description: sc.Description,
		})
	}
	for _, co := range s.Edges.CostOptions {
		c.CostOptions = append(c.CostOptions, CostOptionContent{
			ID: co.ID, Option: co.Option, Amount: co.Amount, Currency: co.Currency, AmountDescription: co.AmountDescription,
		})
	}
	if e := s.Edges.EducationDetails; e != nil {
		c.EducationDetails = &EducationDetailsContent{
			URN: e.Urn, EstablishmentType: e.EstablishmentType, ResourcedProvision: e.ResourcedProvision,
			SencoName: e.SencoName, SencoEmail: e.SencoEmail, SencoPhone: e.SencoPhone,
			SenInformationReportURL: e.SenInformationReportURL, SenInformationReportDate: e.SenInformationReportDate,
			TeachingApproach: e.TeachingApproach, CurriculumAdaptation: e.CurriculumAdaptation,
			AdditionalSupport: e.AdditionalSupport, ProgressAssessment: e.ProgressAssessment,
			EffectivenessEvaluation: e.EffectivenessEvaluation, FacilitiesAccess: e.FacilitiesAccess,
			ActivitiesBeyondCurriculum: e.ActivitiesBeyondCurriculum, OtherSupport: e.OtherSupport,
			StaffExpertise: e.StaffExpertise, EmotionalSocialDevelopment: e.EmotionalSocialDevelopment,
		}
	}
	return c
}

// LoadInformationPageContent reads an information page's content as it is
// in the database, as the system.
func LoadInformationPageContent(ctx context.Context, client *ent.Client, id uuid.UUID) (*InformationPageContent, error) {
	p, err := client.InformationPage.Get(system(ctx), id)
	if err != nil {
		return nil, fmt.Errorf("load information page %s: %w", id, err)
	}
	return &InformationPageContent{
		Title:           p.Title,
		Topic:           p.Topic,
		Audiences:       p.Audiences,
		Summary:         p.Summary,
		Body:            p.Body,
		EasyReadSummary: p.EasyReadSummary,
		SectionID:       p.SectionID,
	}, nil
}

// termIDs returns the ids of terms, sorted, since a set of terms has no
// order.
func termIDs(terms []*ent.TaxonomyTerm) []uuid.UUID {
	ids := make([]uuid.UUID, 0, len(terms))
	for _, t := range terms {
		ids = append(ids, t.ID)
	}
	sortIDs(ids)
	return ids
}

func sortIDs(ids []uuid.UUID) {
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
}

// locationContentOf converts a location loaded with its accessibility
// features.
func locationContentOf(l *ent.Location) LocationContent {
	return LocationContent{
		ID: l.ID, Name: l.Name, Description: l.Description,
		Address1: l.Address1, Address2: l.Address2, City: l.City, Postcode: l.Postcode,
		Latitude: l.Latitude, Longitude: l.Longitude,
		Accessibility: l.Accessibility, MaskAddress: l.MaskAddress,
		AccessibilityFeatureIDs: termIDs(l.Edges.AccessibilityFeatures),
	}
}
