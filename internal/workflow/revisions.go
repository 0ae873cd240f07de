package workflow

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/revision"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Restore asks for an earlier revision to be published again.
type Restore struct {
	RevisionID uuid.UUID
}

// RestoreRevision publishes the content of an earlier revision again, as a
// new revision: history is never rewritten. Only LO officers may, for
// content that is published, or archived, which this brings back.
// Taxonomy terms that no longer exist are left out.
func (w *Workflow) RestoreRevision(ctx context.Context, in Restore) (*Decided, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var out *Decided
	err := w.run(ctx, func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error {
		rev, err := loadRevision(ctx, tx, in.RevisionID)
		if err != nil {
			return err
		}
		typ, id := revisionTarget(rev)
		t, err := loadTarget(ctx, tx, typ, id)
		if err != nil {
			return err
		}
		if err := authorize(ctx, tx, t, authz.ActionRestore, "restore revisions of this "+t.noun()); err != nil {
			return err
		}
		if !t.published() && !t.archived() {
			return apperr.Input("input.revisionId", "%s %s is %s: only published or archived content can have a revision restored",
				t.noun(), t.id, stateName(changerequest.State(t.status)))
		}
		current, err := loadContent(ctx, tx, t)
		if err != nil {
			return err
		}
		next, err := decodeSnapshot(rev.Snapshot)
		if err != nil {
			return err
		}
		if t.published() {
			same, err := Diff(current.part(), next.part())
			if err != nil {
				return err
			}
			if len(same) == 0 {
				return apperr.Input("input.revisionId", "revision %s holds the published content already: there is nothing to restore", rev.ID)
			}
		}
		restored, err := w.publish(ctx, tx, t, current, next, publication{
			origin:       revision.OriginRestore,
			authorID:     callerID(ctx),
			approverID:   callerID(ctx),
			restoredFrom: &rev.ID,
		})
		if err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action:        t.policyType() + ".revision_restored",
			ObjectType:    t.policyType(),
			ObjectID:      t.id,
			ChangedFields: restored.ChangedFields,
			Detail:        fmt.Sprintf("restored version %d as version %d", rev.Version, restored.Version),
		})
		out = &Decided{Revision: restored}
		return nil
	})
	return out, err
}

// loadRevision reads a revision through the privacy rules: one the caller
// may not read is NOT_FOUND.
func loadRevision(ctx context.Context, tx *ent.Client, id uuid.UUID) (*ent.Revision, error) {
	rev, err := tx.Revision.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no revision with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load revision %s: %w", id, err)
	}
	return rev, nil
}

func revisionTarget(rev *ent.Revision) (changerequest.ContentType, uuid.UUID) {
	if rev.ServiceID != nil {
		return changerequest.ContentTypeService, *rev.ServiceID
	}
	var id uuid.UUID
	if rev.InformationPageID != nil {
		id = *rev.InformationPageID
	}
	return changerequest.ContentTypeInformationPage, id
}

// RevisionContent is the content a revision holds.
func RevisionContent(rev *ent.Revision) (Snapshot, error) {
	return decodeSnapshot(rev.Snapshot)
}

// RevisionChanges lists what a revision changed from the revision before
// it. The first revision, and one whose predecessor predates the workflow,
// lists every field it sets.
func RevisionChanges(ctx context.Context, client *ent.Client, rev *ent.Revision) ([]*FieldChange, error) {
	q := client.Revision.Query().Where(revision.VersionLT(rev.Version))
	if rev.ServiceID != nil {
		q.Where(revision.ServiceID(*rev.ServiceID))
	} else {
		q.Where(revision.InformationPageIDEQ(derefID(rev.InformationPageID)))
	}
	previous, err := q.Order(ent.Desc(revision.FieldVersion)).First(system(ctx))
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("load revision before %s: %w", rev.ID, err)
	}
	next, err := decodeSnapshot(rev.Snapshot)
	if err != nil {
		return nil, err
	}
	if previous == nil {
		return Diff(nil, next.part())
	}
	before, err := decodeSnapshot(previous.Snapshot)
	if err != nil {
		return nil, err
	}
	return Diff(before.part(), next.part())
}

// CompareRevisions lists the differences from one revision to another of
// the same content. Both must be readable by the caller.
func CompareRevisions(ctx context.Context, client *ent.Client, fromID, toID uuid.UUID) ([]*FieldChange, error) {
	from, err := loadRevision(ctx, client, fromID)
	if err != nil {
		return nil, err
	}
	to, err := loadRevision(ctx, client, toID)
	if err != nil {
		return nil, err
	}
	fromType, fromContent := revisionTarget(from)
	toType, toContent := revisionTarget(to)
	if fromType != toType || fromContent != toContent {
		return nil, apperr.Input("to", "revisions %s and %s are of different content: compare two revisions of one service or page", fromID, toID)
	}
	before, err := decodeSnapshot(from.Snapshot)
	if err != nil {
		return nil, err
	}
	after, err := decodeSnapshot(to.Snapshot)
	if err != nil {
		return nil, err
	}
	return Diff(before.part(), after.part())
}

func derefID(id *uuid.UUID) uuid.UUID {
	if id == nil {
		return uuid.Nil
	}
	return *id
}
