package seed_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/seed"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// seededDemo is one database with the demo content, shared by the read-only
// checks below.
type seededDemo struct {
	ctx      context.Context
	client   *ent.Client
	report   seed.DemoReport
	services []*ent.Service
}

func newSeededDemo(t *testing.T) seededDemo {
	t.Helper()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(context.Background())

	report, err := seed.Demo(ctx, client)
	if err != nil {
		t.Fatalf("Demo: %v", err)
	}

	t.Logf("seeded %s", report)

	services, err := client.Service.Query().
		WithOrganization().
		WithLocations(func(q *ent.LocationQuery) { q.WithAccessibilityFeatures() }).
		WithContacts().
		WithSchedules().
		WithCostOptions().
		WithTaxonomyTerms(func(q *ent.TaxonomyTermQuery) { q.WithTaxonomy() }).
		WithEducationDetails().
		All(ctx)
	if err != nil {
		t.Fatalf("load services: %v", err)
	}
	return seededDemo{ctx: ctx, client: client, report: report, services: services}
}

func TestDemo(t *testing.T) {
	demo := newSeededDemo(t)

	t.Run("report matches database", func(t *testing.T) {
		checkCount(t, "organisations", demo.report.Organizations, demo.client.Organization.Query().CountX(demo.ctx))
		checkCount(t, "services", demo.report.Services, demo.client.Service.Query().CountX(demo.ctx))
		checkCount(t, "locations", demo.report.Locations, demo.client.Location.Query().CountX(demo.ctx))
		checkCount(t, "contacts", demo.report.Contacts, demo.client.Contact.Query().CountX(demo.ctx))
		checkCount(t, "schedules", demo.report.Schedules, demo.client.Schedule.Query().CountX(demo.ctx))
		checkCount(t, "cost options", demo.report.CostOptions, demo.client.CostOption.Query().CountX(demo.ctx))
		checkCount(t, "education details", demo.report.EducationDetails, demo.client.EducationDetails.Query().CountX(demo.ctx))
		checkCount(t, "information pages", demo.report.InformationPages, demo.client.InformationPage.Query().CountX(demo.ctx))
	})

	t.Run("minimum sizes", func(t *testing.T) {
		if demo.report.Services < 40 {
			t.Errorf("services = %d, want at least 40", demo.report.Services)
		}
		if demo.report.Organizations < 12 {
			t.Errorf("organisations = %d, want at least 12", demo.report.Organizations)
		}
		if demo.report.EducationDetails < 5 {
			t.Errorf("services with education details = %d, want at least 5", demo.report.EducationDetails)
		}
		if demo.report.InformationPages < 8 {
			t.Errorf("information pages = %d, want at least 8", demo.report.InformationPages)
		}
	})

	t.Run("organisation kinds", func(t *testing.T) {
		for _, kind := range []organization.Kind{
			organization.KindLocalAuthority, organization.KindNHS, organization.KindSchool, organization.KindCollege,
			organization.KindEarlyYears, organization.KindVoluntary, organization.KindPrivate,
		} {
			if n := demo.client.Organization.Query().Where(organization.KindEQ(kind)).CountX(demo.ctx); n == 0 {
				t.Errorf("no organisation of kind %s", kind)
			}
		}
	})

	t.Run("services", func(t *testing.T) {
		for _, s := range demo.services {
			checkService(t, s)
		}
	})

	t.Run("information pages", func(t *testing.T) {
		pages := demo.client.InformationPage.Query().WithSection().AllX(demo.ctx)
		topics := map[informationpage.Topic]bool{}
		for _, page := range pages {
			topics[page.Topic] = true
			if page.Status != informationpage.StatusPublished || page.PublishedAt == nil {
				t.Errorf("page %s: status %s, published at %v; want published", page.Slug, page.Status, page.PublishedAt)
			}
			if page.Summary == "" || !strings.Contains(page.Body, "<p>") {
				t.Errorf("page %s: missing summary or HTML body", page.Slug)
			}
			if page.Edges.Section == nil {
				t.Errorf("page %s: no section", page.Slug)
			}
		}
		for _, topic := range []informationpage.Topic{
			informationpage.TopicEHCNeedsAssessment, informationpage.TopicShortBreaks, informationpage.TopicPersonalBudgets,
			informationpage.TopicPreparingForAdulthood, informationpage.TopicInformationAdviceSupport,
			informationpage.TopicTravel, informationpage.TopicComplaints, informationpage.TopicFunding,
		} {
			if !topics[topic] {
				t.Errorf("no information page on topic %s", topic)
			}
		}
	})

	t.Run("search fixtures", func(t *testing.T) {
		names := make([]string, 0, len(demo.services))
		for _, s := range demo.services {
			names = append(names, s.Name)
		}
		for _, fragment := range []string{"Autism Outreach Team", "ADHD", "CAMHS", "Speech and Language Therapy", "Dyslexia", "Short Breaks", "SENDIASS", "Travel Training", "Preparing for Adulthood", "Deaf", "Down's Syndrome", "After-School"} {
			if !slices.ContainsFunc(names, func(name string) bool { return strings.Contains(name, fragment) }) {
				t.Errorf("no service named with %q", fragment)
			}
		}

		autism := demo.client.Service.Query().
			Where(service.HasTaxonomyTermsWith(taxonomyterm.Slug("autism"), taxonomyterm.HasTaxonomyWith(taxonomy.Slug(seed.SENDNeedsTaxonomy)))).
			CountX(demo.ctx)
		if autism < 3 {
			t.Errorf("services tagged autism = %d, want at least 3", autism)
		}
	})

	t.Run("variety", func(t *testing.T) {
		var free, charged, weekend, overdue, withFeatures, resourced int
		for _, s := range demo.services {
			if s.IsFree {
				free++
			}
			for _, cost := range s.Edges.CostOptions {
				if cost.Amount != nil && *cost.Amount > 0 {
					charged++
					break
				}
			}
			if slices.ContainsFunc(s.Edges.Schedules, func(sc *ent.Schedule) bool {
				return sc.Weekday != nil && (sc.Weekday.String() == "SATURDAY" || sc.Weekday.String() == "SUNDAY")
			}) {
				weekend++
			}
			if s.ReviewDueAt != nil && s.ReviewDueAt.Before(time.Now()) {
				overdue++
			}
			if slices.ContainsFunc(s.Edges.Locations, func(l *ent.Location) bool { return len(l.Edges.AccessibilityFeatures) > 0 }) {
				withFeatures++
			}
			if d := s.Edges.EducationDetails; d != nil && len(d.ResourcedProvision) > 0 {
				resourced++
			}
		}
		for name, n := range map[string]int{
			"free": free, "charged": charged, "with weekend hours": weekend, "past review date": overdue,
			"with accessibility features": withFeatures, "with resourced provision": resourced,
		} {
			if n == 0 {
				t.Errorf("no service %s", name)
			}
		}
		if overdue > len(demo.services)/4 {
			t.Errorf("%d services past review date, want only a few", overdue)
		}
	})
}

func checkCount(t *testing.T, rows string, reported, counted int) {
	t.Helper()
	if reported != counted {
		t.Errorf("report says %d %s, database has %d", reported, rows, counted)
	}
}

// checkService checks what every demo service must have.
func checkService(t *testing.T, s *ent.Service) {
	t.Helper()

	if s.Status != service.StatusPublished || s.PublishedAt == nil {
		t.Errorf("service %s: status %s, published at %v; want published", s.Slug, s.Status, s.PublishedAt)
	}
	if s.Edges.Organization == nil || s.Summary == "" || !strings.Contains(s.Description, "<p>") {
		t.Errorf("service %s: missing organisation, summary or HTML description", s.Slug)
	}
	if s.MinAge == nil || s.MaxAge == nil || *s.MinAge < 0 || *s.MaxAge > 25 || *s.MinAge > *s.MaxAge {
		t.Errorf("service %s: ages %v to %v, want 0 <= min <= max <= 25", s.Slug, s.MinAge, s.MaxAge)
	}
	if len(s.AccessRoutes) == 0 || s.HowToAccess == "" || s.Eligibility == "" || len(s.Audiences) == 0 {
		t.Errorf("service %s: missing access routes, how to access, eligibility or audiences", s.Slug)
	}
	if !s.IsFree && len(s.Edges.CostOptions) == 0 {
		t.Errorf("service %s: neither free nor priced", s.Slug)
	}
	if len(s.Edges.Schedules) == 0 || len(s.Edges.Contacts) == 0 {
		t.Errorf("service %s: %d schedules and %d contacts, want at least one of each", s.Slug, len(s.Edges.Schedules), len(s.Edges.Contacts))
	}
	for _, sc := range s.Edges.Schedules {
		if sc.Weekday == nil || sc.OpensAt == "" || sc.ClosesAt == "" || sc.OpensAt >= sc.ClosesAt {
			t.Errorf("service %s: schedule %v %s to %s is incomplete or closes before it opens", s.Slug, sc.Weekday, sc.OpensAt, sc.ClosesAt)
		}
	}

	if len(s.Edges.Locations) == 0 {
		t.Errorf("service %s: no location", s.Slug)
	}
	for _, l := range s.Edges.Locations {
		if l.Latitude == nil || l.Longitude == nil || l.Postcode == "" || l.Address1 == "" {
			t.Errorf("service %s: location %s lacks an address, postcode or coordinates", s.Slug, l.Name)
		}
	}

	checkServiceTerms(t, s)
	checkReviewDates(t, s)
}

func checkServiceTerms(t *testing.T, s *ent.Service) {
	t.Helper()
	taxonomies := map[string]bool{}
	for _, term := range s.Edges.TaxonomyTerms {
		taxonomies[term.Edges.Taxonomy.Slug] = true
	}
	for _, slug := range []string{seed.SectionsTaxonomy, seed.SENDNeedsTaxonomy, seed.AudiencesTaxonomy} {
		if !taxonomies[slug] {
			t.Errorf("service %s: no term of taxonomy %s", s.Slug, slug)
		}
	}
}

func checkReviewDates(t *testing.T, s *ent.Service) {
	t.Helper()
	if s.LastReviewedAt == nil || s.ReviewDueAt == nil {
		t.Errorf("service %s: review dates missing", s.Slug)
		return
	}
	if want := content.ReviewDueAfter(*s.LastReviewedAt); !s.ReviewDueAt.Equal(want) {
		t.Errorf("service %s: review due %v, want six months after %v: %v", s.Slug, s.ReviewDueAt, s.LastReviewedAt, want)
	}
	if s.PublishedAt != nil && s.PublishedAt.After(*s.LastReviewedAt) {
		t.Errorf("service %s: published %v after last review %v", s.Slug, s.PublishedAt, s.LastReviewedAt)
	}
}

func TestDemoSchoolsHaveEducationDetails(t *testing.T) {
	demo := newSeededDemo(t)

	for _, s := range demo.services {
		details := s.Edges.EducationDetails
		if details == nil {
			continue
		}
		answers := []string{
			details.TeachingApproach, details.CurriculumAdaptation, details.AdditionalSupport,
			details.ProgressAssessment, details.EffectivenessEvaluation, details.FacilitiesAccess,
			details.ActivitiesBeyondCurriculum, details.OtherSupport, details.StaffExpertise,
			details.EmotionalSocialDevelopment,
		}
		if slices.Contains(answers, "") {
			t.Errorf("service %s: not all ten Schedule 2 answers are given", s.Slug)
		}
		if details.SencoName == "" {
			t.Errorf("service %s: no SENCO or named contact", s.Slug)
		}
		if (details.SenInformationReportURL == "") != (details.SenInformationReportDate == nil) {
			t.Errorf("service %s: SEN information report URL and date must come together", s.Slug)
		}
	}
}
