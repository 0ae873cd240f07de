package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/content"
)

// demoServices lists every demo service, grouped by the kind of provider.
func demoServices() []demoService {
	return slices.Concat(councilServices, healthServices, educationServices, communityServices)
}

func (b *demoBuilder) createService(ctx context.Context, i int, spec demoService) error {
	organizationID, ok := b.organizations[spec.Organization]
	if !ok {
		return fmt.Errorf("service %s: unknown organisation %s", spec.Slug, spec.Organization)
	}
	locationIDs, err := b.venueIDs(spec.Venues)
	if err != nil {
		return fmt.Errorf("service %s: %w", spec.Slug, err)
	}
	termIDs, err := b.serviceTermIDs(spec)
	if err != nil {
		return fmt.Errorf("service %s: %w", spec.Slug, err)
	}
	published, reviewed, due := b.reviewDates(i, spec.ReviewOverdue)

	create := b.client.Service.Create().
		SetOrganizationID(organizationID).
		SetSlug(spec.Slug).
		SetName(spec.Name).
		SetSummary(spec.Summary).
		SetEasyReadSummary(spec.EasyRead).
		SetDescription(content.SanitizeHTML(spec.Description)).
		SetStatus(service.StatusPublished).
		SetPublishedAt(published).
		SetMinAge(spec.MinAge).
		SetMaxAge(spec.MaxAge).
		SetCoverage(serviceCoverage(spec)).
		SetAccessRoutes(spec.AccessRoutes).
		SetHowToAccess(spec.HowToAccess).
		SetEligibility(spec.Eligibility).
		SetEligibilityDecision(spec.EligibilityDecision).
		SetHowToComplain(spec.HowToComplain).
		SetPersonalBudget(spec.PersonalBudget).
		SetAdulthoodThemes(spec.AdulthoodThemes).
		SetLanguages(serviceLanguages(spec)).
		SetAudiences(spec.Audiences).
		SetInclusionBasis(spec.InclusionBasis).
		SetIsFree(spec.IsFree).
		SetLastReviewedAt(reviewed).
		SetReviewDueAt(due).
		AddLocationIDs(locationIDs...).
		AddTaxonomyTermIDs(termIDs...)
	if spec.ShortBreakTier != "" {
		create.SetShortBreakTier(spec.ShortBreakTier)
	}

	created, err := create.Save(ctx)
	if err != nil {
		return fmt.Errorf("create service %s: %w", spec.Slug, err)
	}
	b.report.Services++

	return b.createServiceChildren(ctx, created, spec)
}

// serviceLanguages returns the languages the service is offered in, English
// unless spec lists others.
func serviceLanguages(spec demoService) []string {
	if len(spec.Languages) == 0 {
		return []string{"English"}
	}
	return spec.Languages
}

func (b *demoBuilder) venueIDs(keys []string) ([]uuid.UUID, error) {
	if len(keys) == 0 {
		return nil, fmt.Errorf("no location: every demo service needs one")
	}
	ids := make([]uuid.UUID, 0, len(keys))
	for _, key := range keys {
		id, ok := b.venues[key]
		if !ok {
			return nil, fmt.Errorf("unknown location %s", key)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// serviceTermIDs returns the ids of the service's section, need and condition
// terms, and of the audience terms that match its audiences.
func (b *demoBuilder) serviceTermIDs(spec demoService) ([]uuid.UUID, error) {
	audienceSlugs := make([]string, 0, len(spec.Audiences))
	for _, audience := range spec.Audiences {
		audienceSlugs = append(audienceSlugs, audienceTermSlug(audience))
	}

	var ids []uuid.UUID
	for _, group := range []struct {
		taxonomy string
		slugs    []string
	}{
		{SectionsTaxonomy, spec.Sections},
		{SENDNeedsTaxonomy, spec.Needs},
		{ConditionsTaxonomy, spec.Conditions},
		{AudiencesTaxonomy, audienceSlugs},
	} {
		groupIDs, err := b.termIDs(group.taxonomy, group.slugs)
		if err != nil {
			return nil, err
		}
		ids = append(ids, groupIDs...)
	}
	return ids, nil
}

// audienceTermSlug returns the slug of the audiences taxonomy term whose code
// is audience.
func audienceTermSlug(audience schematype.Audience) string {
	for _, term := range audiencesTaxonomy.Terms {
		if term.Code == string(audience) {
			return term.Slug
		}
	}
	return string(audience)
}

func (b *demoBuilder) createServiceChildren(ctx context.Context, created *ent.Service, spec demoService) error {
	if err := b.createContacts(ctx, created.ID, spec); err != nil {
		return err
	}
	if err := b.createSchedules(ctx, created.ID, spec); err != nil {
		return err
	}
	if err := b.createCostOptions(ctx, created.ID, spec); err != nil {
		return err
	}
	if spec.Education != nil {
		return b.createEducationDetails(ctx, created.ID, spec)
	}
	return nil
}

func (b *demoBuilder) createContacts(ctx context.Context, serviceID uuid.UUID, spec demoService) error {
	builders := make([]*ent.ContactCreate, 0, len(spec.Contacts))
	for _, contact := range spec.Contacts {
		builders = append(builders, b.client.Contact.Create().
			SetServiceID(serviceID).
			SetName(contact.Name).
			SetTitle(contact.Title).
			SetEmail(contact.Email).
			SetPhone(contact.Phone))
	}
	if err := b.client.Contact.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("create contacts of service %s: %w", spec.Slug, err)
	}
	b.report.Contacts += len(builders)
	return nil
}

func (b *demoBuilder) createSchedules(ctx context.Context, serviceID uuid.UUID, spec demoService) error {
	builders := make([]*ent.ScheduleCreate, 0, len(spec.Schedules))
	for _, s := range spec.Schedules {
		builders = append(builders, b.client.Schedule.Create().
			SetServiceID(serviceID).
			SetWeekday(s.Weekday).
			SetOpensAt(s.Opens).
			SetClosesAt(s.Closes).
			SetDescription(s.Description))
	}
	if err := b.client.Schedule.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("create schedules of service %s: %w", spec.Slug, err)
	}
	b.report.Schedules += len(builders)
	return nil
}

func (b *demoBuilder) createCostOptions(ctx context.Context, serviceID uuid.UUID, spec demoService) error {
	builders := make([]*ent.CostOptionCreate, 0, len(spec.Costs))
	for _, cost := range spec.Costs {
		builders = append(builders, b.client.CostOption.Create().
			SetServiceID(serviceID).
			SetOption(cost.Option).
			SetAmount(cost.Amount).
			SetCurrency("GBP").
			SetAmountDescription(cost.Description))
	}
	if err := b.client.CostOption.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("create cost options of service %s: %w", spec.Slug, err)
	}
	b.report.CostOptions += len(builders)
	return nil
}

func (b *demoBuilder) createEducationDetails(ctx context.Context, serviceID uuid.UUID, spec demoService) error {
	education := spec.Education
	answers := education.Answers

	create := b.client.EducationDetails.Create().
		SetServiceID(serviceID).
		SetUrn(education.URN).
		SetEstablishmentType(education.Type).
		SetResourcedProvision(education.Resourced).
		SetSencoName(education.SENCOName).
		SetSencoEmail(education.SENCOEmail).
		SetSencoPhone(education.SENCOPhone).
		SetTeachingApproach(answers.TeachingApproach).
		SetCurriculumAdaptation(answers.CurriculumAdaptation).
		SetAdditionalSupport(answers.AdditionalSupport).
		SetProgressAssessment(answers.ProgressAssessment).
		SetEffectivenessEvaluation(answers.EffectivenessEvaluation).
		SetFacilitiesAccess(answers.FacilitiesAccess).
		SetActivitiesBeyondCurriculum(answers.ActivitiesBeyondCurriculum).
		SetOtherSupport(answers.OtherSupport).
		SetStaffExpertise(answers.StaffExpertise).
		SetEmotionalSocialDevelopment(answers.EmotionalSocialDevelopment)

	// Only maintained schools, maintained nursery schools and academies must
	// publish a SEN information report, so the other settings have none.
	if education.ReportURL != "" {
		create.
			SetSenInformationReportURL(education.ReportURL).
			SetSenInformationReportDate(b.now.AddDate(0, 0, -education.ReportAge).UTC().Truncate(24 * time.Hour))
	}

	if err := create.Exec(ctx); err != nil {
		return fmt.Errorf("create education details of service %s: %w", spec.Slug, err)
	}
	b.report.EducationDetails++
	return nil
}
