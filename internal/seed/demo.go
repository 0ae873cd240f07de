package seed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/viewer"
)

// ErrNotEmpty is wrapped by the error Demo returns when the database
// already has organisations, services or information pages. Callers that seed
// at every start, such as `serve --demo`, can test for it with errors.Is and
// carry on.
var ErrNotEmpty = errors.New("database is not empty")

// DemoReport counts the rows Demo created.
type DemoReport struct {
	Organizations    int
	Services         int
	EducationDetails int
	Locations        int
	Contacts         int
	Schedules        int
	CostOptions      int
	InformationPages int
}

func (r DemoReport) String() string {
	return fmt.Sprintf("%d organisations, %d services (%d with education details), %d locations, %d contacts, %d schedules, %d cost options and %d information pages",
		r.Organizations, r.Services, r.EducationDetails, r.Locations, r.Contacts, r.Schedules, r.CostOptions, r.InformationPages)
}

// Demo ensures the reference data, then adds the fictional demo content of
// Harrowmere Vale: organisations, published services with their locations
// and education details, and information pages. It adds content only to a
// database without organisations, services or information pages, and
// otherwise returns an error wrapping ErrNotEmpty, so running it twice
// never duplicates anything. The content is written in one transaction, so a
// failure leaves none of it behind. Demo runs as the system viewer. With a
// transactional client, Demo writes in the caller's transaction instead.
func Demo(ctx context.Context, client *ent.Client) (DemoReport, error) {
	ctx = viewer.SystemContext(ctx)

	if err := EnsureReference(ctx, client); err != nil {
		return DemoReport{}, err
	}

	var report DemoReport
	err := inTx(ctx, client, func(tx *ent.Client) error {
		if err := checkEmpty(ctx, tx); err != nil {
			return err
		}

		terms, err := loadTermIndex(ctx, tx)
		if err != nil {
			return err
		}

		builder := demoBuilder{client: tx, terms: terms, now: time.Now(), report: &report}
		return builder.build(ctx)
	})
	if err != nil {
		return DemoReport{}, err
	}
	return report, nil
}

func checkEmpty(ctx context.Context, client *ent.Client) error {
	organizations, err := client.Organization.Query().Count(ctx)
	if err != nil {
		return fmt.Errorf("count organisations: %w", err)
	}
	services, err := client.Service.Query().Count(ctx)
	if err != nil {
		return fmt.Errorf("count services: %w", err)
	}
	pages, err := client.InformationPage.Query().Count(ctx)
	if err != nil {
		return fmt.Errorf("count information pages: %w", err)
	}

	if organizations+services+pages > 0 {
		return fmt.Errorf("%w: it has %d organisations, %d services and %d information pages, and demo content is added only to an empty database",
			ErrNotEmpty, organizations, services, pages)
	}
	return nil
}

func loadTermIndex(ctx context.Context, client *ent.Client) (termIndex, error) {
	terms, err := client.TaxonomyTerm.Query().WithTaxonomy().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load taxonomy terms: %w", err)
	}

	index := make(termIndex, len(terms))
	for _, term := range terms {
		index[termKey(term.Edges.Taxonomy.Slug, term.Slug)] = term.ID
	}
	return index, nil
}

// demoBuilder writes the demo content through one transactional client.
type demoBuilder struct {
	client        *ent.Client
	terms         termIndex
	now           time.Time
	report        *DemoReport
	organizations map[string]uuid.UUID // by slug
	venues        map[string]uuid.UUID // by key
}

func (b *demoBuilder) build(ctx context.Context) error {
	if err := b.createOrganizations(ctx); err != nil {
		return err
	}
	if err := b.createVenues(ctx); err != nil {
		return err
	}

	for i, spec := range demoServices() {
		if err := b.createService(ctx, i, spec); err != nil {
			return err
		}
	}

	for i, page := range demoPages {
		if err := b.createPage(ctx, i, page); err != nil {
			return err
		}
	}
	return nil
}

func (b *demoBuilder) createOrganizations(ctx context.Context) error {
	b.organizations = make(map[string]uuid.UUID, len(demoOrganizations))
	for _, spec := range demoOrganizations {
		created, err := b.client.Organization.Create().
			SetSlug(spec.Slug).
			SetName(spec.Name).
			SetKind(spec.Kind).
			SetDescription(spec.Description).
			SetWebsite(spec.Website).
			SetEmail(spec.Email).
			SetPhone(spec.Phone).
			SetTrusted(spec.Trusted).
			SetInspectionURL(spec.InspectionURL).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("create organisation %s: %w", spec.Slug, err)
		}
		b.organizations[spec.Slug] = created.ID
	}
	b.report.Organizations = len(b.organizations)
	return nil
}

func (b *demoBuilder) createVenues(ctx context.Context) error {
	b.venues = make(map[string]uuid.UUID, len(demoVenues))
	for _, spec := range demoVenues {
		features, err := b.termIDs(AccessibilityTaxonomy, spec.Features)
		if err != nil {
			return fmt.Errorf("location %s: %w", spec.Key, err)
		}

		created, err := b.client.Location.Create().
			SetName(spec.Name).
			SetAddress1(spec.Address1).
			SetAddress2(spec.Address2).
			SetCity(spec.City).
			SetPostcode(spec.Postcode).
			SetLatitude(spec.Latitude).
			SetLongitude(spec.Longitude).
			SetAccessibility(spec.Accessibility).
			SetMaskAddress(spec.MaskAddress).
			AddAccessibilityFeatureIDs(features...).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("create location %s: %w", spec.Key, err)
		}
		b.venues[spec.Key] = created.ID
	}
	b.report.Locations = len(b.venues)
	return nil
}

// termIDs returns the ids of the named terms of one taxonomy. An unknown slug
// is a mistake in the demo data, so it is an error rather than skipped.
func (b *demoBuilder) termIDs(taxonomySlug string, termSlugs []string) ([]uuid.UUID, error) {
	ids := make([]uuid.UUID, 0, len(termSlugs))
	for _, slug := range termSlugs {
		id, ok := b.terms[termKey(taxonomySlug, slug)]
		if !ok {
			return nil, fmt.Errorf("unknown taxonomy term %s", termKey(taxonomySlug, slug))
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// reviewDates returns when the i-th demo record was published and last
// reviewed, and when its next review is due. Last reviews are spread over the
// 171 days before seeding, which is shorter than any six months. An overdue
// record was last reviewed 200 to 289 days ago, and six months are at most 184
// days, so its review fell due at least 16 days before seeding.
func (b *demoBuilder) reviewDates(i int, overdue bool) (published, reviewed, due time.Time) {
	daysAgo := 7 + (i*23)%165
	if overdue {
		daysAgo = 200 + (i*11)%90
	}

	reviewed = b.now.AddDate(0, 0, -daysAgo).UTC()
	published = reviewed.AddDate(0, 0, -(30 + (i*41)%400))
	due = content.ReviewDueAfter(reviewed)
	return published, reviewed, due
}

func (b *demoBuilder) createPage(ctx context.Context, i int, spec demoPage) error {
	sectionID, ok := b.terms[termKey(SectionsTaxonomy, spec.Section)]
	if !ok {
		return fmt.Errorf("information page %s: unknown taxonomy term %s", spec.Slug, termKey(SectionsTaxonomy, spec.Section))
	}
	published, reviewed, due := b.reviewDates(i, false)

	err := b.client.InformationPage.Create().
		SetSlug(spec.Slug).
		SetTitle(spec.Title).
		SetTopic(spec.Topic).
		SetSectionID(sectionID).
		SetAudiences(spec.Audiences).
		SetSummary(spec.Summary).
		SetEasyReadSummary(spec.EasyRead).
		SetBody(content.SanitizeHTML(spec.Body)).
		SetStatus(informationpage.StatusPublished).
		SetPublishedAt(published).
		SetLastReviewedAt(reviewed).
		SetReviewDueAt(due).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("create information page %s: %w", spec.Slug, err)
	}
	b.report.InformationPages++
	return nil
}

// serviceCoverage returns the coverage of spec, LOCAL unless spec sets another.
func serviceCoverage(spec demoService) service.Coverage {
	if spec.Coverage == "" {
		return service.CoverageLocal
	}
	return spec.Coverage
}
