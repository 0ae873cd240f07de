package oruk

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/workflow"
)

// saveRecord writes one service record, with everything it carries, in a
// transaction of its own.
func (imp *importer) saveRecord(ctx context.Context, rec *serviceRecord) (recordResult, error) {
	tx, err := imp.client.Tx(ctx)
	if err != nil {
		return recordResult{}, fmt.Errorf("begin transaction: %w", err)
	}
	w := &recordWriter{tx: tx, source: imp.source, publish: imp.publish, now: imp.now().UTC()}

	result, err := w.write(ctx, rec)
	if err != nil {
		if rollbackErr := tx.Rollback(); rollbackErr != nil {
			err = errors.Join(err, fmt.Errorf("roll back: %w", rollbackErr))
		}
		return recordResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return recordResult{}, fmt.Errorf("commit: %w", err)
	}
	return result, nil
}

// recordWriter writes one record inside its transaction.
type recordWriter struct {
	tx      *ent.Tx
	source  string
	publish bool
	now     time.Time
	result  recordResult
}

func (w *recordWriter) warn(format string, args ...any) {
	w.result.warnings = append(w.result.warnings, fmt.Sprintf(format, args...))
}

func (w *recordWriter) write(ctx context.Context, rec *serviceRecord) (recordResult, error) {
	existing, err := w.tx.Service.Query().
		Where(service.Source(w.source), service.SourceID(rec.SourceID)).
		Only(ctx)
	switch {
	case ent.IsNotFound(err):
		err = w.createService(ctx, rec)
	case err != nil:
		err = fmt.Errorf("look up service %s: %w", rec.SourceID, err)
	default:
		err = w.updateService(ctx, existing, rec)
	}
	return w.result, err
}

func (w *recordWriter) createService(ctx context.Context, rec *serviceRecord) error {
	organizationID, err := w.organization(ctx, rec)
	if err != nil {
		return err
	}
	slug, err := w.freeServiceSlug(ctx, content.Slugify(rec.Name))
	if err != nil {
		return err
	}

	// NOTE: a service normally has a named lead who is responsible for it.
	// The schema has no lead yet, so nothing is stored: imported services are
	// led by the LO team until a lead is named.
	create := w.tx.Service.Create().
		SetSource(w.source).
		SetSourceID(rec.SourceID).
		SetSourceHash(rec.Hash).
		SetOrganizationID(organizationID).
		SetSlug(slug)
	w.setServiceFields(create.Mutation(), rec, nil)

	created, err := create.Save(ctx)
	if err != nil {
		return fmt.Errorf("create service %s: %w", rec.SourceID, err)
	}
	if err := w.replaceChildren(ctx, created, rec); err != nil {
		return err
	}
	if err := w.recordWorkflow(ctx, created.ID, created.Status); err != nil {
		return err
	}
	w.result.outcome = outcomeCreated
	return nil
}

// recordWorkflow keeps the editorial workflow in step with what the import
// wrote: a published service gets its revision, a pending one waits in the
// moderation queue as a create request, and an archived one has its open
// change requests withdrawn.
func (w *recordWriter) recordWorkflow(ctx context.Context, id uuid.UUID, status service.Status) error {
	client := w.tx.Client()
	switch status {
	case service.StatusPublished:
		// Open requests here are ones the import began itself, since a
		// person's request leaves the service alone (workflow.ChangedLocally).
		if err := workflow.WithdrawOpenRequests(ctx, client, id, "The import from "+w.source+" published the service.", w.now); err != nil {
			return err
		}
		return workflow.RecordImportedRevision(ctx, client, id, w.now)
	case service.StatusPending:
		return workflow.HoldServiceForReview(ctx, client, id, nil, "Imported from "+w.source+".", w.now)
	case service.StatusArchived:
		return workflow.WithdrawOpenRequests(ctx, client, id, "The feed "+w.source+" withdrew the service.", w.now)
	}
	return nil
}

func (w *recordWriter) updateService(ctx context.Context, existing *ent.Service, rec *serviceRecord) error {
	if existing.SourceHash == rec.Hash && !w.mustPublish(existing, rec) {
		w.result.outcome = outcomeUnchanged
		return nil
	}
	local, err := workflow.ChangedLocally(ctx, w.tx.Client(), existing.ID)
	if err != nil {
		return err
	}
	if local {
		w.result.outcome = outcomeChangedLocally
		w.result.serviceID = existing.ID
		return nil
	}
	if existing.SourceHash == rec.Hash {
		return w.publishOnly(ctx, existing)
	}

	organizationID, err := w.organization(ctx, rec)
	if err != nil {
		return err
	}
	update := w.tx.Service.UpdateOne(existing).
		SetSourceHash(rec.Hash).
		SetOrganizationID(organizationID).
		AddVersion(1)
	w.setServiceFields(update.Mutation(), rec, existing)

	updated, err := update.Save(ctx)
	if err != nil {
		return fmt.Errorf("update service %s: %w", rec.SourceID, err)
	}
	if err := w.replaceChildren(ctx, updated, rec); err != nil {
		return err
	}
	if err := w.recordWorkflow(ctx, updated.ID, updated.Status); err != nil {
		return err
	}
	w.result.outcome = outcomeUpdated
	return nil
}

// mustPublish reports whether an unchanged record still needs writing
// because this import publishes and the service is not yet published.
func (w *recordWriter) mustPublish(existing *ent.Service, rec *serviceRecord) bool {
	return w.publish && !rec.Withdrawn && existing.Status != service.StatusPublished
}

func (w *recordWriter) publishOnly(ctx context.Context, existing *ent.Service) error {
	update := w.tx.Service.UpdateOne(existing).
		SetStatus(service.StatusPublished).
		AddVersion(1)
	if existing.PublishedAt == nil {
		update.SetPublishedAt(w.now)
	}
	if err := update.Exec(ctx); err != nil {
		return fmt.Errorf("publish service %s: %w", existing.ID, err)
	}
	if err := w.recordWorkflow(ctx, existing.ID, service.StatusPublished); err != nil {
		return err
	}
	w.result.outcome = outcomeUpdated
	return nil
}

// setServiceFields sets the fields the feed provides. existing is nil for a
// new service. On update, a value the feed no longer has is cleared.
func (w *recordWriter) setServiceFields(m *ent.ServiceMutation, rec *serviceRecord, existing *ent.Service) {
	m.SetName(rec.Name)
	m.SetSummary(rec.Summary)
	m.SetDescription(rec.Description)
	m.SetWebsite(rec.URL)
	m.SetEmail(rec.Email)
	m.SetEligibility(rec.Eligibility)
	m.SetHowToAccess(rec.HowToAccess)
	m.SetTemporarilyClosed(rec.Closed)
	m.SetIsFree(rec.IsFree)

	status := w.status(existing, rec)
	m.SetStatus(status)
	if status == service.StatusPublished && (existing == nil || existing.PublishedAt == nil) {
		m.SetPublishedAt(w.now)
	}

	setOrClear(rec.MinAge, m.SetMinAge, m.ClearMinAge, existing != nil)
	setOrClear(rec.MaxAge, m.SetMaxAge, m.ClearMaxAge, existing != nil)
	if len(rec.Routes) > 0 {
		m.SetAccessRoutes(rec.Routes)
	} else if existing != nil {
		m.ClearAccessRoutes()
	}
	if len(rec.Languages) > 0 {
		m.SetLanguages(rec.Languages)
	} else if existing != nil {
		m.ClearLanguages()
	}

	w.setReviewDates(m, rec, existing)
}

// status returns the status an imported service gets: ARCHIVED when the feed
// withdraws it, PUBLISHED when this import publishes, and PENDING when it is
// new. Otherwise the service keeps its status, so that a re-import does not
// undo an LO officer's decision.
func (w *recordWriter) status(existing *ent.Service, rec *serviceRecord) service.Status {
	switch {
	case rec.Withdrawn:
		return service.StatusArchived
	case w.publish:
		return service.StatusPublished
	case existing == nil:
		return service.StatusPending
	}
	return existing.Status
}

// setReviewDates takes the last review from the feed's assured date, and
// puts the next review ReviewInterval months later, so that a record
// assured long ago is due at once. A newer review recorded in the Local
// Offer is kept. A record with no assured date is due for review now.
func (w *recordWriter) setReviewDates(m *ent.ServiceMutation, rec *serviceRecord, existing *ent.Service) {
	if rec.ReviewedAt != nil {
		if existing == nil || existing.LastReviewedAt == nil || rec.ReviewedAt.After(*existing.LastReviewedAt) {
			m.SetLastReviewedAt(*rec.ReviewedAt)
			m.SetReviewDueAt(content.ReviewDueAfter(*rec.ReviewedAt))
			return
		}
	}
	if existing == nil || existing.ReviewDueAt == nil {
		m.SetReviewDueAt(w.now)
	}
}

func setOrClear[T any](value *T, set func(T), clear func(), isUpdate bool) {
	if value != nil {
		set(*value)
	} else if isUpdate {
		clear()
	}
}

// freeServiceSlug returns base, or base with the lowest suffix from -2 up
// that no service in the database uses yet.
func (w *recordWriter) freeServiceSlug(ctx context.Context, base string) (string, error) {
	usedSlugs, err := w.tx.Service.Query().
		Where(service.Or(service.Slug(base), service.SlugHasPrefix(base+"-"))).
		Select(service.FieldSlug).
		Strings(ctx)
	if err != nil {
		return "", fmt.Errorf("look up slugs like %s: %w", base, err)
	}
	return firstFreeSlug(base, usedSlugs), nil
}

func firstFreeSlug(base string, usedSlugs []string) string {
	used := make(map[string]bool, len(usedSlugs))
	for _, slug := range usedSlugs {
		used[slug] = true
	}
	if !used[base] {
		return base
	}
	for n := 2; ; n++ {
		candidate := fmt.Sprintf("%s-%d", base, n)
		if !used[candidate] {
			return candidate
		}
	}
}

// replaceChildren makes the service's locations, contacts, schedules, cost
// options and imported taxonomy terms match the record.
func (w *recordWriter) replaceChildren(ctx context.Context, svc *ent.Service, rec *serviceRecord) error {
	locationIDs, err := w.locations(ctx, rec.Locations)
	if err != nil {
		return err
	}
	if err := w.tx.Service.UpdateOne(svc).ClearLocations().AddLocationIDs(locationIDs...).Exec(ctx); err != nil {
		return fmt.Errorf("link locations of service %s: %w", rec.SourceID, err)
	}
	if err := w.replaceContacts(ctx, svc.ID, rec.Contacts); err != nil {
		return err
	}
	if err := w.replaceSchedules(ctx, svc.ID, rec.Schedules); err != nil {
		return err
	}
	if err := w.replaceCostOptions(ctx, svc.ID, rec.CostOptions); err != nil {
		return err
	}
	return w.replaceTerms(ctx, svc, rec.Terms)
}
