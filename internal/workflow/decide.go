package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/reviewrecord"
	"github.com/localoffer/localoffer/ent/revision"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/viewer"
)

// SubmitChangeRequest submits the caller's draft for approval. It counts as
// the provider's review of the content when the caller leads or manages it.
// An LO officer's submission, or one for a trusted organisation's service,
// is published at once. A provider's submission is rejected until the
// content's lead has accepted the current service level agreement.
func (w *Workflow) SubmitChangeRequest(ctx context.Context, id uuid.UUID) (*ent.ChangeRequest, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var out *ent.ChangeRequest
	err := w.run(ctx, func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error {
		cr, err := loadChangeRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		out, err = w.submit(ctx, tx, cr, pending)
		return err
	})
	return out, err
}

func (w *Workflow) submit(ctx context.Context, tx *ent.Client, cr *ent.ChangeRequest, pending *audit.Pending) (*ent.ChangeRequest, error) {
	if cr.State != changerequest.StateDraft {
		return nil, apperr.Input("input.changeRequestId", "change request %s is %s: only a draft can be submitted", cr.ID, stateName(cr.State))
	}
	typ, id := targetOf(cr)
	t, err := loadTarget(ctx, tx, typ, id)
	if err != nil {
		return nil, err
	}
	if err := authorizeKind(ctx, tx, t, cr.Kind); err != nil {
		return nil, err
	}
	if err := mayEditDraft(ctx, cr); err != nil {
		return nil, err
	}
	if err := checkSubmittable(cr); err != nil {
		return nil, err
	}
	if err := sla.RequireAcceptance(ctx, tx, t.leadID); err != nil {
		return nil, err
	}

	now := w.clock()
	cr, err = tx.ChangeRequest.UpdateOne(cr).
		SetState(changerequest.StateSubmitted).
		SetSubmittedAt(now).
		Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("submit change request %s: %w", cr.ID, err)
	}
	if cr.Kind == changerequest.KindCreate {
		if err := setReviewStatus(ctx, tx, t, "PENDING"); err != nil {
			return nil, err
		}
	}
	if err := w.countAsReview(ctx, tx, t, now); err != nil {
		return nil, err
	}
	if err := sla.ClearAmendmentFlags(ctx, tx, t.id, cr.ID, now); err != nil {
		return nil, err
	}
	pending.Add(requestEvent(cr, "change_request.submitted", nil))
	return w.afterSubmit(ctx, tx, cr, t, pending)
}

// checkSubmittable fails for a request that would change nothing.
func checkSubmittable(cr *ent.ChangeRequest) error {
	switch cr.Kind {
	case changerequest.KindRemove:
		if cr.Reason == "" {
			return apperr.Input("input.reason", "is missing: say why the content should be removed")
		}
	case changerequest.KindUpdate:
		base, err := decodeSnapshot(cr.Base)
		if err != nil {
			return err
		}
		proposed, err := decodeSnapshot(cr.Proposed)
		if err != nil {
			return err
		}
		changes, err := Diff(base.part(), proposed.part())
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return apperr.Input("input.changeRequestId", "change request %s changes nothing: save a change first, or use confirmStillAccurate to confirm the content as it is", cr.ID)
		}
	}
	return nil
}

// afterSubmit publishes at once what needs no approval: an LO officer's own
// change, or a change to a published service of a trusted organisation,
// which is still recorded and listed as published without review. New
// services and removals, and services the LO team unpublished, wait for an
// officer whatever the organisation's trust. Anything else waits, and the
// team and the author are emailed.
func (w *Workflow) afterSubmit(ctx context.Context, tx *ent.Client, cr *ent.ChangeRequest, t *target, pending *audit.Pending) (*ent.ChangeRequest, error) {
	officer, err := may(ctx, tx, t, authz.ActionApprove)
	if err != nil {
		return nil, err
	}
	if officer {
		d, err := w.approve(ctx, tx, cr.ID, nil, "", revision.OriginDirectEdit, pending)
		if err != nil {
			return nil, err
		}
		return d.ChangeRequest, nil
	}
	isTrusted, err := trusted(ctx, tx, t)
	if err != nil {
		return nil, err
	}
	if isTrusted && cr.Kind == changerequest.KindUpdate {
		d, err := w.approve(ctx, tx, cr.ID, nil, "", revision.OriginTrusted, pending)
		if err != nil {
			return nil, err
		}
		return d.ChangeRequest, nil
	}
	if err := w.noticeSubmitted(ctx, tx, cr, t); err != nil {
		return nil, err
	}
	return cr, nil
}

// countAsReview records the provider's review of t at now when the caller
// leads or manages it. Review dates are metadata: neither the version nor
// updated_at changes.
func (w *Workflow) countAsReview(ctx context.Context, tx *ent.Client, t *target, now time.Time) error {
	owner, err := isOwner(ctx, tx, t)
	if err != nil || !owner {
		return err
	}
	review := sla.Review{Kind: reviewrecord.KindSubmission, ReviewerID: callerID(ctx), At: now}
	if t.typ == changerequest.ContentTypeService {
		review.ServiceID = &t.id
	} else {
		review.InformationPageID = &t.id
	}
	if err := sla.RecordReview(ctx, tx, review); err != nil {
		return err
	}

	due := content.ReviewDueAfter(now)
	if t.typ == changerequest.ContentTypeService {
		s, err := tx.Service.Get(system(ctx), t.id)
		if err != nil {
			return fmt.Errorf("load service %s: %w", t.id, err)
		}
		err = tx.Service.UpdateOne(s).SetLastReviewedAt(now).SetReviewDueAt(due).SetUpdatedAt(s.UpdatedAt).Exec(system(ctx))
		if err != nil {
			return fmt.Errorf("record review of service %s: %w", t.id, err)
		}
		return nil
	}
	p, err := tx.InformationPage.Get(system(ctx), t.id)
	if err != nil {
		return fmt.Errorf("load information page %s: %w", t.id, err)
	}
	err = tx.InformationPage.UpdateOne(p).SetLastReviewedAt(now).SetReviewDueAt(due).SetUpdatedAt(p.UpdatedAt).Exec(system(ctx))
	if err != nil {
		return fmt.Errorf("record review of information page %s: %w", t.id, err)
	}
	return nil
}

// Approval is an LO officer's approval of one change request, optionally
// with their own edits to what it proposes.
type Approval struct {
	ChangeRequestID uuid.UUID
	Service         *ServiceChanges
	InformationPage *InformationPageChanges
	// Note is shown to the author.
	Note *string
}

// Decided is a change request after its decision, with the revision an
// approval published (none for a removal or a rejection).
type Decided struct {
	ChangeRequest *ent.ChangeRequest
	Revision      *ent.Revision
}

// maxApprovalAttempts bounds the retries of an approval that lost a race
// with another publication of the same content.
const maxApprovalAttempts = 3

// ConflictError is returned when a change request cannot be approved
// because the published content changed the same fields since the request
// was based on it.
type ConflictError struct {
	ChangeRequestID uuid.UUID
	Fields          string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("change request %s conflicts with changes published since it was made, in %s: the author must update the draft, which bases it on the published version",
		e.ChangeRequestID, e.Fields)
}

func (e *ConflictError) Unwrap() error { return apperr.ErrConflict }

// ApproveChangeRequest approves a submitted change request and publishes
// it, in one transaction with its revision and audit event. When the
// published content changed the same fields since the request was based
// on it, nothing is written, the author is asked to update the draft and
// the error is CONFLICT. Of two approvals of one request at once, exactly
// one succeeds; the other is CONFLICT.
func (w *Workflow) ApproveChangeRequest(ctx context.Context, in Approval) (*Decided, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	note, err := trimmedReason("input.note", in.Note)
	if err != nil {
		return nil, err
	}
	var out *Decided
	approve := func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error {
		cr, err := loadChangeRequest(ctx, tx, in.ChangeRequestID)
		if err != nil {
			return err
		}
		if err := w.authorizeDecision(ctx, tx, cr); err != nil {
			return err
		}
		out, err = w.approve(ctx, tx, cr.ID, &in, note, revision.OriginChangeRequest, pending)
		return err
	}
	err = w.run(ctx, approve)
	// Another approval of the same content committed between this one's
	// reading and writing it. With a transaction of its own, the approval
	// starts again on the new version, where changes to other fields merge.
	var moved *contentMovedError
	for attempt := 1; errors.As(err, &moved) && ent.TxFromContext(ctx) == nil && attempt < maxApprovalAttempts; attempt++ {
		err = w.run(ctx, approve)
	}
	var conflict *ConflictError
	if errors.As(err, &conflict) && ent.TxFromContext(ctx) == nil {
		w.askToUpdate(ctx, conflict)
	}
	if err != nil {
		return nil, err
	}
	return w.reloaded(ctx, out)
}

// reloaded reads d's records again with the root client when the caller
// has no transaction of its own: records read in a transaction that has
// committed cannot load their edges.
func (w *Workflow) reloaded(ctx context.Context, d *Decided) (*Decided, error) {
	if ent.TxFromContext(ctx) != nil {
		return d, nil
	}
	out := &Decided{}
	var err error
	if d.ChangeRequest != nil {
		if out.ChangeRequest, err = w.root.ChangeRequest.Get(system(ctx), d.ChangeRequest.ID); err != nil {
			return nil, fmt.Errorf("load change request %s: %w", d.ChangeRequest.ID, err)
		}
	}
	if d.Revision != nil {
		if out.Revision, err = w.root.Revision.Get(system(ctx), d.Revision.ID); err != nil {
			return nil, fmt.Errorf("load revision %s: %w", d.Revision.ID, err)
		}
	}
	return out, nil
}

// authorizeDecision checks that the caller may approve or reject changes
// to the content cr is about.
func (w *Workflow) authorizeDecision(ctx context.Context, tx *ent.Client, cr *ent.ChangeRequest) error {
	typ, id := targetOf(cr)
	t, err := loadTarget(ctx, tx, typ, id)
	if err != nil {
		return err
	}
	return authorize(ctx, tx, t, authz.ActionApprove, "decide change requests on this "+t.noun())
}

// approve publishes a submitted change request as the caller decides it.
// It first claims the request with a guarded update, so that of two
// concurrent approvals the second finds it decided.
func (w *Workflow) approve(ctx context.Context, tx *ent.Client, id uuid.UUID, edits *Approval, note string, origin revision.Origin, pending *audit.Pending) (*Decided, error) {
	now := w.clock()
	reviewer := callerID(ctx)
	claim := tx.ChangeRequest.Update().
		Where(changerequest.ID(id), changerequest.StateEQ(changerequest.StateSubmitted)).
		SetState(changerequest.StateApproved).
		SetDecidedAt(now).
		SetDecisionNote(note)
	if origin == revision.OriginTrusted {
		claim.SetPublishedWithoutReview(true)
	} else {
		claim.SetNillableReviewerID(reviewer)
	}
	if err := claimRequest(ctx, tx, id, claim); err != nil {
		return nil, err
	}
	cr, err := tx.ChangeRequest.Get(system(ctx), id)
	if err != nil {
		return nil, fmt.Errorf("load change request %s: %w", id, err)
	}
	typ, contentID := targetOf(cr)
	t, err := loadTarget(system(ctx), tx, typ, contentID)
	if err != nil {
		return nil, err
	}

	if cr.Kind == changerequest.KindRemove {
		if edits != nil && (edits.Service != nil || edits.InformationPage != nil) {
			return nil, apperr.Input("input.service", "a removal request carries no content to edit")
		}
		if err := w.archive(ctx, tx, t, cr.ID, "The content was removed."); err != nil {
			return nil, err
		}
		pending.Add(requestEvent(cr, "change_request.approved", nil))
		if err := w.noticeDecided(ctx, tx, cr, t); err != nil {
			return nil, err
		}
		return &Decided{ChangeRequest: cr}, nil
	}

	current, err := loadContent(ctx, tx, t)
	if err != nil {
		return nil, err
	}
	proposed, err := decodeSnapshot(cr.Proposed)
	if err != nil {
		return nil, err
	}
	var settled map[string]bool
	if edits != nil && (edits.Service != nil || edits.InformationPage != nil) {
		unedited := proposed
		if proposed, err = w.applyReviewerEdits(ctx, tx, cr, t, current, proposed, edits); err != nil {
			return nil, err
		}
		if settled, err = editedUnits(unedited, proposed); err != nil {
			return nil, err
		}
		if cr, err = tx.ChangeRequest.Get(system(ctx), id); err != nil {
			return nil, fmt.Errorf("load change request %s: %w", id, err)
		}
	}

	next := proposed
	if cr.Kind == changerequest.KindUpdate {
		base, err := decodeSnapshot(cr.Base)
		if err != nil {
			return nil, err
		}
		var conflicts []string
		next, conflicts, err = mergeSnapshots(t.typ, base, current, proposed)
		if err != nil {
			return nil, err
		}
		// A clash the officer edited is settled: their value is what they
		// chose to publish.
		conflicts = slices.DeleteFunc(conflicts, func(unit string) bool { return settled[unit] })
		if len(conflicts) > 0 {
			return nil, &ConflictError{ChangeRequestID: cr.ID, Fields: describeUnits(conflicts)}
		}
	}
	rev, err := w.publish(ctx, tx, t, current, next, publication{
		origin:        origin,
		changeRequest: cr,
		authorID:      cr.AuthorID,
		approverID:    cr.ReviewerID,
	})
	if err != nil {
		return nil, err
	}
	pending.Add(requestEvent(cr, "change_request.approved", rev.ChangedFields))
	if err := w.noticeDecided(ctx, tx, cr, t); err != nil {
		return nil, err
	}
	return &Decided{ChangeRequest: cr, Revision: rev}, nil
}

// applyReviewerEdits applies an officer's edits to what a request proposes,
// stores the result on the request with the fields the officer changed, and
// returns it.
func (w *Workflow) applyReviewerEdits(ctx context.Context, tx *ent.Client, cr *ent.ChangeRequest, t *target, current, proposed Snapshot, edits *Approval) (Snapshot, error) {
	in := Save{Service: edits.Service, InformationPage: edits.InformationPage}
	linked, err := checkChildIDs(ctx, tx, t, current, proposed, in.Service)
	if err != nil {
		return proposed, err
	}
	edited, err := applyChanges(t.typ, proposed, in, linked)
	if err != nil {
		return proposed, err
	}
	if err := checkReferences(ctx, tx, &edited); err != nil {
		return proposed, err
	}
	changes, err := Diff(proposed.part(), edited.part())
	if err != nil {
		return proposed, err
	}
	stored, err := edited.encode()
	if err != nil {
		return proposed, err
	}
	err = tx.ChangeRequest.UpdateOne(cr).
		SetProposed(stored).
		SetReviewerEditedFields(changedFieldNames(changes)).
		Exec(system(ctx))
	if err != nil {
		return proposed, fmt.Errorf("record reviewer's edits to change request %s: %w", cr.ID, err)
	}
	return edited, nil
}

// editedUnits returns the units an officer's edits changed in a request's
// proposal.
func editedUnits(before, after Snapshot) (map[string]bool, error) {
	a, err := units(before.part())
	if err != nil {
		return nil, err
	}
	b, err := units(after.part())
	if err != nil {
		return nil, err
	}
	edited := map[string]bool{}
	for _, unit := range changedUnits(a, b) {
		edited[unit] = true
	}
	return edited, nil
}

// claimRequest runs a guarded state change and, when it changed nothing,
// explains why: the request is already decided, or no longer exists.
func claimRequest(ctx context.Context, tx *ent.Client, id uuid.UUID, claim *ent.ChangeRequestUpdate) error {
	n, err := claim.Save(system(ctx))
	if err != nil {
		return fmt.Errorf("decide change request %s: %w", id, err)
	}
	if n == 1 {
		return nil
	}
	cr, err := tx.ChangeRequest.Get(system(ctx), id)
	if err != nil {
		return fmt.Errorf("load change request %s: %w", id, err)
	}
	if cr.State == changerequest.StateDraft {
		return apperr.Input("input.changeRequestId", "change request %s is a draft: its author has not submitted it", id)
	}
	return fmt.Errorf("change request %s is already %s: %w", id, stateName(cr.State), apperr.ErrConflict)
}

// RejectChangeRequest rejects a submitted change request with a reason the
// author sees. A rejected create request leaves the content a draft.
func (w *Workflow) RejectChangeRequest(ctx context.Context, id uuid.UUID, reason string) (*ent.ChangeRequest, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	reason, err := trimmedReason("input.reason", &reason)
	if err != nil {
		return nil, err
	}
	if reason == "" {
		return nil, apperr.Input("input.reason", "is empty: tell the author why the change was not approved and what to do")
	}
	var out *ent.ChangeRequest
	err = w.run(ctx, func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error {
		cr, err := loadChangeRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := w.authorizeDecision(ctx, tx, cr); err != nil {
			return err
		}
		claim := tx.ChangeRequest.Update().
			Where(changerequest.ID(id), changerequest.StateEQ(changerequest.StateSubmitted)).
			SetState(changerequest.StateRejected).
			SetDecidedAt(w.clock()).
			SetDecisionNote(reason).
			SetNillableReviewerID(callerID(ctx))
		if err := claimRequest(ctx, tx, id, claim); err != nil {
			return err
		}
		if out, err = tx.ChangeRequest.Get(system(ctx), id); err != nil {
			return fmt.Errorf("load change request %s: %w", id, err)
		}
		typ, contentID := targetOf(out)
		t, err := loadTarget(system(ctx), tx, typ, contentID)
		if err != nil {
			return err
		}
		if out.Kind == changerequest.KindCreate {
			if err := setReviewStatus(ctx, tx, t, "DRAFT"); err != nil {
				return err
			}
		}
		pending.Add(requestEvent(out, "change_request.rejected", nil))
		return w.noticeDecided(ctx, tx, out, t)
	})
	return out, err
}

// WithdrawChangeRequest withdraws a draft or submitted change request. Its
// author may, and so may LO officers. A withdrawn create request leaves the
// content a draft.
func (w *Workflow) WithdrawChangeRequest(ctx context.Context, id uuid.UUID) (*ent.ChangeRequest, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var out *ent.ChangeRequest
	err := w.run(ctx, func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error {
		cr, err := loadChangeRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		typ, contentID := targetOf(cr)
		t, err := loadTarget(system(ctx), tx, typ, contentID)
		if err != nil {
			return err
		}
		if err := mayWithdraw(ctx, tx, cr, t); err != nil {
			return err
		}
		claim := tx.ChangeRequest.Update().
			Where(changerequest.ID(id), changerequest.StateIn(changerequest.StateDraft, changerequest.StateSubmitted)).
			SetState(changerequest.StateWithdrawn).
			SetDecidedAt(w.clock())
		if err := claimRequest(ctx, tx, id, claim); err != nil {
			return err
		}
		if cr.Kind == changerequest.KindCreate {
			if err := setReviewStatus(ctx, tx, t, "DRAFT"); err != nil {
				return err
			}
		}
		if out, err = tx.ChangeRequest.Get(system(ctx), id); err != nil {
			return fmt.Errorf("load change request %s: %w", id, err)
		}
		pending.Add(requestEvent(out, "change_request.withdrawn", nil))
		return nil
	})
	return out, err
}

func mayWithdraw(ctx context.Context, tx *ent.Client, cr *ent.ChangeRequest, t *target) error {
	if id := callerID(ctx); id != nil && cr.AuthorID != nil && *id == *cr.AuthorID {
		return nil
	}
	officer, err := may(ctx, tx, t, authz.ActionApprove)
	if err != nil || officer {
		return err
	}
	if cr.Kind == changerequest.KindCreate || cr.AuthorID == nil {
		return authorize(ctx, tx, t, authz.ActionUpdate, "withdraw this change request")
	}
	return fmt.Errorf("only the author or an LO officer may withdraw change request %s: %w", cr.ID, apperr.ErrForbidden)
}

// requestEvent is the audit event of a step in a change request's life.
func requestEvent(cr *ent.ChangeRequest, action string, changed []string) audit.Event {
	_, contentID := targetOf(cr)
	return audit.Event{
		Action:        action,
		ObjectType:    authz.TypeChangeRequest,
		ObjectID:      cr.ID,
		ChangedFields: changed,
		Detail:        fmt.Sprintf("%s request on %s", stateName(changerequest.State(cr.Kind)), contentID),
	}
}
