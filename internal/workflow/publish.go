package workflow

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/revision"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/events"
)

// mergeSnapshots returns current with the changes proposed makes to base,
// and the units that current also changed, differently: the conflicts.
// With conflicts the merge still holds proposed's values, which is what a
// rebase of the author's own draft wants.
func mergeSnapshots(typ changerequest.ContentType, base, current, proposed Snapshot) (Snapshot, []string, error) {
	b, err := units(base.part())
	if err != nil {
		return Snapshot{}, nil, err
	}
	c, err := units(current.part())
	if err != nil {
		return Snapshot{}, nil, err
	}
	p, err := units(proposed.part())
	if err != nil {
		return Snapshot{}, nil, err
	}
	merged, conflicts := mergeUnits(b, c, p)

	var out Snapshot
	if typ == changerequest.ContentTypeService {
		out.Service = &ServiceContent{}
		err = fromUnits(merged, out.Service)
	} else {
		out.InformationPage = &InformationPageContent{}
		err = fromUnits(merged, out.InformationPage)
	}
	return out, conflicts, err
}

// describeUnits names units for a person: "name", "locations (id …)".
func describeUnits(keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		field, id, isMember := strings.Cut(k, "/")
		if isMember {
			names[i] = fmt.Sprintf("%s (id %s)", field, id)
		} else {
			names[i] = field
		}
	}
	return strings.Join(names, ", ")
}

// publication records how a state came to be published.
type publication struct {
	origin        revision.Origin
	changeRequest *ent.ChangeRequest
	authorID      *uuid.UUID
	approverID    *uuid.UUID
	restoredFrom  *uuid.UUID
}

// publish makes next the published content of t, which holds current now,
// and records the revision. The version guard makes a concurrent
// publication of the same content fail with CONFLICT instead of
// overwriting it.
func (w *Workflow) publish(ctx context.Context, tx *ent.Client, t *target, current, next Snapshot, p publication) (*ent.Revision, error) {
	now := w.clock()
	if err := w.setStatus(ctx, tx, t, "PUBLISHED", now); err != nil {
		return nil, err
	}
	// The baseline comes after the version guard: two publications at once
	// would otherwise both insert it, and the second would fail on the
	// unique version instead of with CONFLICT.
	if err := recordBaseline(ctx, tx, t, current, now); err != nil {
		return nil, err
	}
	if err := dropMissingReferences(ctx, tx, &next); err != nil {
		return nil, err
	}
	if err := writeContent(ctx, tx, t, current, next); err != nil {
		return nil, err
	}

	// A first publication changes every field it sets.
	before := current.part()
	if !t.published() {
		before = nil
	}
	changes, err := Diff(before, next.part())
	if err != nil {
		return nil, err
	}
	changed := changedFieldNames(changes)
	stored, err := next.encode()
	if err != nil {
		return nil, err
	}
	create := tx.Revision.Create().
		SetCreatedAt(now).
		SetContentType(revision.ContentType(t.typ)).
		SetVersion(t.version + 1).
		SetOrigin(p.origin).
		SetSnapshot(stored).
		SetChangedFields(changed).
		SetNillableAuthorID(p.authorID).
		SetNillableApproverID(p.approverID).
		SetNillableRestoredFromID(p.restoredFrom)
	if p.changeRequest != nil {
		create.SetChangeRequestID(p.changeRequest.ID)
	}
	if t.typ == changerequest.ContentTypeService {
		create.SetServiceID(t.id)
	} else {
		create.SetInformationPageID(t.id)
	}
	rev, err := create.Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("record revision %d of %s %s: %w", t.version+1, t.noun(), t.id, err)
	}

	w.emit(ctx, events.Published, t, t.version+1)
	return rev, nil
}

// recordBaseline records the published content of t as a revision when it
// has none at its current version: content seeded or imported before
// revisions were kept. Without it the first change's revision would have
// nothing to compare with, and the old state could not be restored.
func recordBaseline(ctx context.Context, tx *ent.Client, t *target, current Snapshot, now time.Time) error {
	if !t.published() {
		return nil
	}
	q := tx.Revision.Query().Where(revision.Version(t.version))
	if t.typ == changerequest.ContentTypeService {
		q.Where(revision.ServiceID(t.id))
	} else {
		q.Where(revision.InformationPageID(t.id))
	}
	exists, err := q.Exist(system(ctx))
	if err != nil || exists {
		return err
	}
	stored, err := current.encode()
	if err != nil {
		return err
	}
	create := tx.Revision.Create().
		SetCreatedAt(now).
		SetContentType(revision.ContentType(t.typ)).
		SetVersion(t.version).
		SetOrigin(revision.OriginBaseline).
		SetSnapshot(stored)
	if t.typ == changerequest.ContentTypeService {
		create.SetServiceID(t.id)
	} else {
		create.SetInformationPageID(t.id)
	}
	if err := create.Exec(system(ctx)); err != nil {
		return fmt.Errorf("record baseline revision %d of %s %s: %w", t.version, t.noun(), t.id, err)
	}
	return nil
}

// archive takes t out of publication for good, keeping it as a record, and
// withdraws its open change requests other than except.
func (w *Workflow) archive(ctx context.Context, tx *ent.Client, t *target, except uuid.UUID, reason string) error {
	if err := w.setStatus(ctx, tx, t, "ARCHIVED", w.clock()); err != nil {
		return err
	}
	if err := withdrawOpen(ctx, tx, t, except, reason, w.clock()); err != nil {
		return err
	}
	w.emit(ctx, events.Archived, t, t.version+1)
	return nil
}

// emit publishes the event once the transaction commits.
func (w *Workflow) emit(ctx context.Context, action events.Action, t *target, version int) {
	e := events.ContentChanged{Action: action, ContentType: t.policyType(), ID: t.id, Version: version}
	audit.AfterCommit(ctx, func() { w.events.Publish(ctx, e) })
}

// setStatus sets t's status and increments its version, provided the
// version is still the one t was read at.
func (w *Workflow) setStatus(ctx context.Context, tx *ent.Client, t *target, status string, now time.Time) error {
	var n int
	var err error
	if t.typ == changerequest.ContentTypeService {
		update := tx.Service.Update().
			Where(service.ID(t.id), service.Version(t.version)).
			SetStatus(service.Status(status)).
			AddVersion(1).
			SetUpdatedAt(now)
		if status == "PUBLISHED" && t.publishedAt == nil {
			update.SetPublishedAt(now)
		}
		n, err = update.Save(system(ctx))
	} else {
		update := tx.InformationPage.Update().
			Where(informationpage.ID(t.id), informationpage.Version(t.version)).
			SetStatus(informationpage.Status(status)).
			AddVersion(1).
			SetUpdatedAt(now)
		if status == "PUBLISHED" && t.publishedAt == nil {
			update.SetPublishedAt(now)
		}
		n, err = update.Save(system(ctx))
	}
	if err != nil {
		return fmt.Errorf("set %s %s to %s: %w", t.noun(), t.id, strings.ToLower(status), err)
	}
	if n == 0 {
		return &contentMovedError{noun: t.noun(), id: t.id}
	}
	return nil
}

// setReviewStatus moves unpublished content between draft and pending. It
// leaves the version alone: nothing public changes.
func setReviewStatus(ctx context.Context, tx *ent.Client, t *target, status string) error {
	if t.published() || t.archived() || t.status == status {
		return nil
	}
	var err error
	if t.typ == changerequest.ContentTypeService {
		err = tx.Service.UpdateOneID(t.id).SetStatus(service.Status(status)).Exec(system(ctx))
	} else {
		err = tx.InformationPage.UpdateOneID(t.id).SetStatus(informationpage.Status(status)).Exec(system(ctx))
	}
	if err != nil {
		return fmt.Errorf("set %s %s to %s: %w", t.noun(), t.id, strings.ToLower(status), err)
	}
	t.status = status
	return nil
}

// writeContent writes next over current in t's rows.
func writeContent(ctx context.Context, tx *ent.Client, t *target, current, next Snapshot) error {
	if t.typ == changerequest.ContentTypeService {
		old := current.Service
		if old == nil {
			old = &ServiceContent{}
		}
		return writeServiceContent(ctx, tx, t.id, old, next.Service, tx.Service.UpdateOneID(t.id))
	}
	update := tx.InformationPage.UpdateOneID(t.id)
	writeInformationPageContent(next.InformationPage, update)
	if err := update.Exec(system(ctx)); err != nil {
		return fmt.Errorf("write information page %s: %w", t.id, err)
	}
	return nil
}

// dropMissingReferences removes from s the taxonomy terms that no longer
// exist (merged or retired since the snapshot was taken) and fails when its
// organisation is gone. Terms are never deleted while content uses them,
// but an old revision or a long-lived draft may name one that was.
func dropMissingReferences(ctx context.Context, tx *ent.Client, s *Snapshot) error {
	if p := s.InformationPage; p != nil && p.SectionID != nil {
		ok, err := tx.TaxonomyTerm.Query().Where(taxonomyterm.ID(*p.SectionID)).Exist(system(ctx))
		if err != nil {
			return fmt.Errorf("check section %s: %w", *p.SectionID, err)
		}
		if !ok {
			p.SectionID = nil
		}
	}
	c := s.Service
	if c == nil {
		return nil
	}
	ok, err := tx.Organization.Query().Where(organization.ID(c.OrganizationID)).Exist(system(ctx))
	if err != nil {
		return fmt.Errorf("check organisation %s: %w", c.OrganizationID, err)
	}
	if !ok {
		return apperr.Input("input.service.organizationId", "no organisation with id %s: choose an existing organisation", c.OrganizationID)
	}
	if c.TaxonomyTermIDs, err = existingTerms(ctx, tx, c.TaxonomyTermIDs); err != nil {
		return err
	}
	for i := range c.Locations {
		l := &c.Locations[i]
		if l.AccessibilityFeatureIDs, err = existingTerms(ctx, tx, l.AccessibilityFeatureIDs); err != nil {
			return err
		}
	}
	return nil
}

func existingTerms(ctx context.Context, tx *ent.Client, ids []uuid.UUID) ([]uuid.UUID, error) {
	if len(ids) == 0 {
		return ids, nil
	}
	found, err := tx.TaxonomyTerm.Query().Where(taxonomyterm.IDIn(ids...)).IDs(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("check taxonomy terms: %w", err)
	}
	sortIDs(found)
	return found, nil
}

// changedFieldNames returns the distinct top-level fields of changes,
// sorted: what an audit event or revision lists.
func changedFieldNames(changes []*FieldChange) []string {
	seen := map[string]bool{}
	var names []string
	for _, c := range changes {
		name, _, _ := strings.Cut(c.Field, ".")
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// withdrawOpen withdraws every draft or submitted change request of t
// except one, because the content they would change is gone.
func withdrawOpen(ctx context.Context, tx *ent.Client, t *target, except uuid.UUID, reason string, now time.Time) error {
	update := tx.ChangeRequest.Update().
		Where(
			changerequest.StateIn(changerequest.StateDraft, changerequest.StateSubmitted),
			changerequest.IDNEQ(except),
		).
		SetState(changerequest.StateWithdrawn).
		SetDecidedAt(now).
		SetDecisionNote(reason)
	if t.typ == changerequest.ContentTypeService {
		update.Where(changerequest.ServiceID(t.id))
	} else {
		update.Where(changerequest.InformationPageID(t.id))
	}
	if _, err := update.Save(system(ctx)); err != nil {
		return fmt.Errorf("withdraw open change requests of %s %s: %w", t.noun(), t.id, err)
	}
	return nil
}

// contentMovedError is a publication that lost a race: another transaction
// published the content after this one read it. It is a CONFLICT for the
// caller, and a reason for an approval to try again on the new version.
type contentMovedError struct {
	noun string
	id   uuid.UUID
}

func (e *contentMovedError) Error() string {
	return fmt.Sprintf("%s %s changed while this was being saved: load it again and retry", e.noun, e.id)
}

func (e *contentMovedError) Unwrap() error { return apperr.ErrConflict }
