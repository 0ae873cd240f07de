package oruk

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/internal/content"
)

// placeholderSourceID is the source id of a source's placeholder
// organisation. ORUK ids are UUIDs, so it cannot clash with a real one.
const placeholderSourceID = "#organisation-not-given"

// placeholderName names the organisation that holds a source's services
// whose records name none.
func placeholderName(source string) string {
	return fmt.Sprintf("Organisation not given (%s)", source)
}

// organization returns the id of the service's organisation, creating or
// updating it from the record.
func (w *recordWriter) organization(ctx context.Context, rec *serviceRecord) (uuid.UUID, error) {
	if rec.Organization != nil {
		return w.upsertOrganization(ctx, rec.Organization)
	}

	// A 3.0 record may name its organisation by id alone.
	if rec.OrganizationSourceID != "" {
		id, err := w.tx.Organization.Query().
			Where(organization.Source(w.source), organization.SourceID(rec.OrganizationSourceID)).
			OnlyID(ctx)
		if err == nil {
			return id, nil
		}
		if !ent.IsNotFound(err) {
			return uuid.Nil, fmt.Errorf("look up organisation %s: %w", rec.OrganizationSourceID, err)
		}
		w.warn("organization_id %s is not an organisation imported from this source; the service goes under the placeholder organisation", rec.OrganizationSourceID)
	}
	return w.placeholderOrganization(ctx)
}

func (w *recordWriter) upsertOrganization(ctx context.Context, org *organizationRecord) (uuid.UUID, error) {
	existing, err := w.tx.Organization.Query().
		Where(organization.Source(w.source), organization.SourceID(org.SourceID)).
		Only(ctx)
	if ent.IsNotFound(err) {
		return w.createOrganization(ctx, org)
	}
	if err != nil {
		return uuid.Nil, fmt.Errorf("look up organisation %s: %w", org.SourceID, err)
	}
	if existing.SourceHash == org.Hash {
		return existing.ID, nil
	}

	// The slug stays as it was, so the organisation's URL does not change.
	err = w.tx.Organization.UpdateOne(existing).
		SetName(org.Name).
		SetDescription(org.Description).
		SetWebsite(org.Website).
		SetEmail(org.Email).
		SetPhone(org.Phone).
		SetSourceHash(org.Hash).
		AddVersion(1).
		Exec(ctx)
	if err != nil {
		return uuid.Nil, fmt.Errorf("update organisation %s: %w", org.SourceID, err)
	}
	w.result.organizationUpdated = existing.ID
	return existing.ID, nil
}

func (w *recordWriter) createOrganization(ctx context.Context, org *organizationRecord) (uuid.UUID, error) {
	slug, err := w.freeOrganizationSlug(ctx, content.Slugify(org.Name))
	if err != nil {
		return uuid.Nil, err
	}
	created, err := w.tx.Organization.Create().
		SetSource(w.source).
		SetSourceID(org.SourceID).
		SetSourceHash(org.Hash).
		SetName(org.Name).
		SetSlug(slug).
		SetDescription(org.Description).
		SetWebsite(org.Website).
		SetEmail(org.Email).
		SetPhone(org.Phone).
		Save(ctx)
	if err != nil {
		return uuid.Nil, fmt.Errorf("create organisation %s: %w", org.SourceID, err)
	}
	w.result.organizationCreated = created.ID
	return created.ID, nil
}

// placeholderOrganization returns the source's placeholder organisation,
// creating it the first time. LO officers move each of its services to the
// right organisation.
func (w *recordWriter) placeholderOrganization(ctx context.Context) (uuid.UUID, error) {
	id, err := w.tx.Organization.Query().
		Where(organization.Source(w.source), organization.SourceID(placeholderSourceID)).
		OnlyID(ctx)
	if err == nil {
		return id, nil
	}
	if !ent.IsNotFound(err) {
		return uuid.Nil, fmt.Errorf("look up placeholder organisation: %w", err)
	}

	name := []rune(placeholderName(w.source))
	if len(name) > maxNameLength {
		name = name[:maxNameLength]
	}
	slug, err := w.freeOrganizationSlug(ctx, content.Slugify(string(name)))
	if err != nil {
		return uuid.Nil, err
	}
	created, err := w.tx.Organization.Create().
		SetSource(w.source).
		SetSourceID(placeholderSourceID).
		SetName(string(name)).
		SetSlug(slug).
		SetDescription(fmt.Sprintf("Holds the services imported from %s whose records name no organisation.", w.source)).
		Save(ctx)
	if err != nil {
		return uuid.Nil, fmt.Errorf("create placeholder organisation: %w", err)
	}
	w.result.organizationCreated = created.ID
	return created.ID, nil
}

// freeOrganizationSlug returns base, or base with the lowest suffix from -2
// up that no organisation uses yet.
func (w *recordWriter) freeOrganizationSlug(ctx context.Context, base string) (string, error) {
	usedSlugs, err := w.tx.Organization.Query().
		Where(organization.Or(organization.Slug(base), organization.SlugHasPrefix(base+"-"))).
		Select(organization.FieldSlug).
		Strings(ctx)
	if err != nil {
		return "", fmt.Errorf("look up organisation slugs like %s: %w", base, err)
	}
	return firstFreeSlug(base, usedSlugs), nil
}
