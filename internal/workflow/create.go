package workflow

import (
	"context"
	"fmt"
	"strings"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/authz/entrule"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/viewer"
)

// saveNewContent proposes a new service or information page. The content
// is created as a draft row led by the caller, which only its owners and
// the LO team can read, with a create request that publishes it once
// approved.
func (w *Workflow) saveNewContent(ctx context.Context, tx *ent.Client, in Save, reason string, pending *audit.Pending) (*ent.ChangeRequest, error) {
	if in.Kind != nil && *in.Kind != changerequest.KindCreate {
		return nil, apperr.Input("input.kind", "a %s request needs serviceId or informationPageId: name the content", strings.ToLower(string(*in.Kind)))
	}
	var t *target
	var err error
	switch {
	case in.Service != nil:
		t, err = w.createService(ctx, tx, in.Service)
	case in.InformationPage != nil:
		t, err = w.createInformationPage(ctx, tx, in.InformationPage)
	default:
		return nil, apperr.Input("input.service", "give the new service's content in service, or a new page's in informationPage; to change existing content give serviceId or informationPageId")
	}
	if err != nil {
		return nil, err
	}
	return w.beginDraft(ctx, tx, t, changerequest.KindCreate, in, reason, pending)
}

// mayCreate returns ErrForbidden unless the policy lets the caller create
// content of the type.
func mayCreate(ctx context.Context, policyType, noun string) error {
	allowed, err := granted(ctx, policyType, authz.ActionCreate)
	if err != nil {
		return err
	}
	if !allowed {
		return fmt.Errorf("you may not propose a new %s: %w", noun, apperr.ErrForbidden)
	}
	return nil
}

// granted reports whether the policy gives the caller any scope for action
// on the type: for creating, where no record exists yet to filter, and for
// rights over every record of a type.
func granted(ctx context.Context, policyType, action string) (bool, error) {
	a, err := entrule.Authorizer(ctx)
	if err != nil {
		return false, fmt.Errorf("load policy: %w", err)
	}
	v := viewer.FromContext(ctx)
	return v.System || len(a.Scopes(v.PolicyRole(), policyType, action)) > 0, nil
}

// createService creates the draft row of a proposed service with just its
// name and organisation; beginDraft writes the rest.
func (w *Workflow) createService(ctx context.Context, tx *ent.Client, ch *ServiceChanges) (*target, error) {
	if err := mayCreate(ctx, authz.TypeService, "service"); err != nil {
		return nil, err
	}
	if ch.OrganizationID == nil {
		return nil, apperr.Input("input.service.organizationId", "is missing: give the organisation that provides the service")
	}
	if ch.InclusionBasis == nil {
		return nil, apperr.Input("input.service.inclusionBasis", "is missing: say why the service belongs on the Local Offer (COUNCIL_PLACEMENT, COMMISSIONED or VOLUNTARY)")
	}
	if err := ch.checkFlags("input.service"); err != nil {
		return nil, err
	}
	c := ch.applyTo(derefService(nil), nil)
	if err := c.normalize("input.service"); err != nil {
		return nil, err
	}
	if err := checkReferences(ctx, tx, &Snapshot{Service: &c}); err != nil {
		return nil, err
	}
	slug, err := freeSlug(ctx, tx, changerequest.ContentTypeService, content.Slugify(c.Name))
	if err != nil {
		return nil, err
	}
	s, err := tx.Service.Create().
		SetOrganizationID(c.OrganizationID).
		SetName(c.Name).
		SetSlug(slug).
		SetStatus(service.StatusDraft).
		SetNillableLeadID(callerID(ctx)).
		SetReviewDueAt(content.ReviewDueAfter(w.clock())).
		Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("create service %q: %w", c.Name, err)
	}
	return &target{
		typ: changerequest.ContentTypeService, id: s.ID, title: s.Name, slug: s.Slug, status: string(s.Status),
		version: s.Version, organizationID: &s.OrganizationID, leadID: s.LeadID, updatedAt: s.UpdatedAt,
	}, nil
}

// createInformationPage is createService for an information page.
func (w *Workflow) createInformationPage(ctx context.Context, tx *ent.Client, ch *InformationPageChanges) (*target, error) {
	if err := mayCreate(ctx, authz.TypeInformationPage, "information page"); err != nil {
		return nil, err
	}
	c := ch.applyTo(InformationPageContent{})
	if err := c.normalize("input.informationPage"); err != nil {
		return nil, err
	}
	slug, err := freeSlug(ctx, tx, changerequest.ContentTypeInformationPage, content.Slugify(c.Title))
	if err != nil {
		return nil, err
	}
	p, err := tx.InformationPage.Create().
		SetTitle(c.Title).
		SetSlug(slug).
		SetBody(c.Body).
		SetStatus(informationpage.StatusDraft).
		SetNillableLeadID(callerID(ctx)).
		SetReviewDueAt(content.ReviewDueAfter(w.clock())).
		Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("create information page %q: %w", c.Title, err)
	}
	return &target{
		typ: changerequest.ContentTypeInformationPage, id: p.ID, title: p.Title, slug: p.Slug, status: string(p.Status),
		version: p.Version, leadID: p.LeadID, updatedAt: p.UpdatedAt,
	}, nil
}

// freeSlug returns base, or base with the lowest suffix from -2 up that no
// record of the type uses yet. Slugs stay with content for good, so an
// archived record's slug is not reused either.
func freeSlug(ctx context.Context, tx *ent.Client, typ changerequest.ContentType, base string) (string, error) {
	if base == "" {
		base = "untitled"
	}
	var used []string
	var err error
	if typ == changerequest.ContentTypeService {
		used, err = tx.Service.Query().Where(service.SlugHasPrefix(base)).Select(service.FieldSlug).Strings(system(ctx))
	} else {
		used, err = tx.InformationPage.Query().Where(informationpage.SlugHasPrefix(base)).Select(informationpage.FieldSlug).Strings(system(ctx))
	}
	if err != nil {
		return "", fmt.Errorf("find a free slug for %q: %w", base, err)
	}
	taken := map[string]bool{}
	for _, s := range used {
		taken[s] = true
	}
	slug := base
	for n := 2; taken[slug]; n++ {
		slug = fmt.Sprintf("%s-%d", base, n)
	}
	return slug, nil
}
