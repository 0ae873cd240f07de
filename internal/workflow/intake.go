package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/revision"
	"github.com/localoffer/localoffer/ent/service"
)

// This file is the workflow's side of content that arrives by other
// routes: imports and approved provider sign-ups. They write through tx,
// their own transaction, as the system.

// HoldServiceForReview puts a pending service in the moderation queue as a
// submitted create request. authorID is who asked for it (the provider
// whose sign-up it came with), or nil for an import. A service that has an
// open request already keeps it; one that the product began itself (an
// earlier import) is brought up to date with the service, so that
// approving it publishes what the feed now says.
func HoldServiceForReview(ctx context.Context, tx *ent.Client, serviceID uuid.UUID, authorID *uuid.UUID, reason string, now time.Time) error {
	ctx = system(ctx)
	open, err := tx.ChangeRequest.Query().
		Where(changerequest.ServiceID(serviceID), changerequest.StateIn(changerequest.StateDraft, changerequest.StateSubmitted)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("look up open change requests of service %s: %w", serviceID, err)
	}
	current, err := LoadServiceContent(ctx, tx, serviceID)
	if err != nil {
		return err
	}
	version, err := tx.Service.Query().Where(service.ID(serviceID)).Select(service.FieldVersion).Int(ctx)
	if err != nil {
		return fmt.Errorf("load version of service %s: %w", serviceID, err)
	}
	proposed, err := Snapshot{Service: current}.encode()
	if err != nil {
		return err
	}
	if len(open) > 0 {
		return refreshHeldRequests(ctx, tx, open, proposed, version)
	}
	err = tx.ChangeRequest.Create().
		SetKind(changerequest.KindCreate).
		SetState(changerequest.StateSubmitted).
		SetContentType(changerequest.ContentTypeService).
		SetServiceID(serviceID).
		SetBaseVersion(version).
		SetProposed(proposed).
		SetNillableAuthorID(authorID).
		SetReason(reason).
		SetSubmittedAt(now.UTC().Truncate(time.Second)).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("hold service %s for review: %w", serviceID, err)
	}
	return nil
}

// refreshHeldRequests sets the proposed content of the create requests
// that the product began itself (no author) to the service as it is now.
// Requests a person works on are theirs, and are left alone.
func refreshHeldRequests(ctx context.Context, tx *ent.Client, open []*ent.ChangeRequest, proposed json.RawMessage, version int) error {
	for _, cr := range open {
		if cr.AuthorID != nil || cr.Kind != changerequest.KindCreate {
			continue
		}
		err := tx.ChangeRequest.UpdateOne(cr).SetProposed(proposed).SetBaseVersion(version).Exec(ctx)
		if err != nil {
			return fmt.Errorf("bring change request %s up to date: %w", cr.ID, err)
		}
	}
	return nil
}

// HoldPendingContent gives every pending service and information page that
// has no open change request a submitted create request, so that content
// held for review before the workflow existed (or written straight to the
// database) shows in the moderation queue. It returns how many it added.
func HoldPendingContent(ctx context.Context, client *ent.Client, now time.Time) (int, error) {
	ctx = system(ctx)
	services, err := client.Service.Query().
		Where(service.StatusEQ(service.StatusPending), withoutOpenRequest(changerequest.FieldServiceID, service.FieldID)).
		IDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("find pending services: %w", err)
	}
	for _, id := range services {
		if err := HoldServiceForReview(ctx, client, id, nil, "", now); err != nil {
			return 0, err
		}
	}
	pages, err := client.InformationPage.Query().
		Where(informationpage.StatusEQ(informationpage.StatusPending), withoutOpenRequest(changerequest.FieldInformationPageID, informationpage.FieldID)).
		All(ctx)
	if err != nil {
		return 0, fmt.Errorf("find pending information pages: %w", err)
	}
	for _, p := range pages {
		if err := holdPageForReview(ctx, client, p, now); err != nil {
			return 0, err
		}
	}
	return len(services) + len(pages), nil
}

// withoutOpenRequest matches content with no draft or submitted change
// request: column is the change request's column that points at the
// content, and idColumn the content's id column.
func withoutOpenRequest(column, idColumn string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		requests := sql.Table(changerequest.Table)
		s.Where(sql.NotExists(
			sql.Select(requests.C(changerequest.FieldID)).From(requests).Where(sql.And(
				sql.ColumnsEQ(requests.C(column), s.C(idColumn)),
				sql.In(requests.C(changerequest.FieldState), string(changerequest.StateDraft), string(changerequest.StateSubmitted)),
			)),
		))
	}
}

func holdPageForReview(ctx context.Context, client *ent.Client, p *ent.InformationPage, now time.Time) error {
	current, err := LoadInformationPageContent(ctx, client, p.ID)
	if err != nil {
		return err
	}
	proposed, err := Snapshot{InformationPage: current}.encode()
	if err != nil {
		return err
	}
	err = client.ChangeRequest.Create().
		SetKind(changerequest.KindCreate).
		SetState(changerequest.StateSubmitted).
		SetContentType(changerequest.ContentTypeInformationPage).
		SetInformationPageID(p.ID).
		SetBaseVersion(p.Version).
		SetProposed(proposed).
		SetNillableAuthorID(p.LeadID).
		SetSubmittedAt(now.UTC().Truncate(time.Second)).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("hold information page %s for review: %w", p.ID, err)
	}
	return nil
}

// RecordImportedRevision records the published state of a service that an
// import wrote, as a revision of origin IMPORT at the service's version.
// Call it after the import's writes, in the same transaction, for a service
// that is published.
func RecordImportedRevision(ctx context.Context, tx *ent.Client, serviceID uuid.UUID, now time.Time) error {
	ctx = system(ctx)
	s, err := tx.Service.Get(ctx, serviceID)
	if err != nil {
		return fmt.Errorf("load service %s: %w", serviceID, err)
	}
	current, err := LoadServiceContent(ctx, tx, serviceID)
	if err != nil {
		return err
	}
	stored, err := Snapshot{Service: current}.encode()
	if err != nil {
		return err
	}
	changed, err := changedSinceLastRevision(ctx, tx, serviceID, current)
	if err != nil {
		return err
	}
	err = tx.Revision.Create().
		SetCreatedAt(now.UTC().Truncate(time.Second)).
		SetContentType(revision.ContentTypeService).
		SetServiceID(serviceID).
		SetVersion(s.Version).
		SetOrigin(revision.OriginImport).
		SetSnapshot(stored).
		SetChangedFields(changed).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("record imported revision %d of service %s: %w", s.Version, serviceID, err)
	}
	return nil
}

// changedSinceLastRevision names the fields of content that differ from the
// service's latest revision, or every field it sets when it has none.
func changedSinceLastRevision(ctx context.Context, tx *ent.Client, serviceID uuid.UUID, content *ServiceContent) ([]string, error) {
	last, err := tx.Revision.Query().Where(revision.ServiceID(serviceID)).
		Order(ent.Desc(revision.FieldVersion)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("load latest revision of service %s: %w", serviceID, err)
	}
	var before any
	if last != nil {
		previous, err := decodeSnapshot(last.Snapshot)
		if err != nil {
			return nil, err
		}
		before = previous.part()
	}
	changes, err := Diff(before, content)
	if err != nil {
		return nil, err
	}
	return changedFieldNames(changes), nil
}

// ChangedLocally reports whether a service was changed here since it was
// imported: a revision published by any route but an import, or a change
// request someone is working on. An LO officer approving, unedited, the
// create request the import began is not a local change: it publishes what
// the feed said. A re-import leaves a service changed locally alone.
func ChangedLocally(ctx context.Context, tx *ent.Client, serviceID uuid.UUID) (bool, error) {
	ctx = system(ctx)
	revisions, err := tx.Revision.Query().
		Where(revision.ServiceID(serviceID), revision.OriginNotIn(revision.OriginImport, revision.OriginBaseline)).
		WithChangeRequest().
		All(ctx)
	if err != nil {
		return false, fmt.Errorf("look for local revisions of service %s: %w", serviceID, err)
	}
	for _, rev := range revisions {
		if !publishedImport(rev) {
			return true, nil
		}
	}
	drafted, err := tx.ChangeRequest.Query().
		Where(
			changerequest.ServiceID(serviceID),
			changerequest.StateIn(changerequest.StateDraft, changerequest.StateSubmitted),
			changerequest.AuthorIDNotNil(),
		).
		Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("look for open change requests of service %s: %w", serviceID, err)
	}
	return drafted, nil
}

// publishedImport reports whether a revision is the approval, without
// edits, of a create request the product began itself.
func publishedImport(rev *ent.Revision) bool {
	cr := rev.Edges.ChangeRequest
	return rev.Origin == revision.OriginChangeRequest && cr != nil &&
		cr.AuthorID == nil && cr.Kind == changerequest.KindCreate && len(cr.ReviewerEditedFields) == 0
}

// WithdrawOpenRequests withdraws the open change requests of a service that
// another route archived, such as a feed that withdrew it.
func WithdrawOpenRequests(ctx context.Context, tx *ent.Client, serviceID uuid.UUID, reason string, now time.Time) error {
	t := &target{typ: changerequest.ContentTypeService, id: serviceID}
	return withdrawOpen(system(ctx), tx, t, uuid.Nil, reason, now.UTC().Truncate(time.Second))
}
