package workflow

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/events"
	"github.com/localoffer/localoffer/internal/viewer"
)

// ContentAction names the service or information page an LO officer takes
// out of publication, and why.
type ContentAction struct {
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	// Reason is recorded and emailed to the lead; required.
	Reason string
}

// ContentResult is the content after the action: exactly one of the two.
type ContentResult struct {
	Service         *ent.Service
	InformationPage *ent.InformationPage
}

// UnpublishContent takes published content out of public view at once and
// puts it back in the moderation queue, as a submitted create request that
// publishes it again when approved. Its lead is emailed the reason. LO officers may,
// for content that misleads families and cannot wait for a change request.
func (w *Workflow) UnpublishContent(ctx context.Context, in ContentAction) (*ContentResult, error) {
	return w.takeDown(ctx, in, "unpublish", func(ctx context.Context, tx *ent.Client, t *target, reason string, pending *audit.Pending) error {
		if !t.published() {
			return apperr.Input(t.field(), "%s %s is %s: only published content can be unpublished", t.noun(), t.id, stateName(changerequest.State(t.status)))
		}
		if err := w.setStatus(ctx, tx, t, "PENDING", w.clock()); err != nil {
			return err
		}
		if err := withdrawOpen(ctx, tx, t, uuid.Nil, "The LO team unpublished the content: "+reason, w.clock()); err != nil {
			return err
		}
		if err := w.queueRepublication(ctx, tx, t, reason); err != nil {
			return err
		}
		w.emit(ctx, events.Unpublished, t, t.version+1)
		pending.Add(contentEvent(t, "unpublished", reason))
		return w.noticeTakenDown(ctx, tx, t, "unpublished", reason)
	})
}

// ArchiveContent archives content (kept, not deleted) at once, withdrawing
// its open change requests. Its lead is emailed the reason. LO officers may, for
// content of any status but archived.
func (w *Workflow) ArchiveContent(ctx context.Context, in ContentAction) (*ContentResult, error) {
	return w.takeDown(ctx, in, "archive", func(ctx context.Context, tx *ent.Client, t *target, reason string, pending *audit.Pending) error {
		if t.archived() {
			return apperr.Input(t.field(), "%s %s is archived already", t.noun(), t.id)
		}
		if err := w.archive(ctx, tx, t, uuid.Nil, "The LO team archived the content: "+reason); err != nil {
			return err
		}
		pending.Add(contentEvent(t, "archived", reason))
		return w.noticeTakenDown(ctx, tx, t, "archived", reason)
	})
}

// takeDown runs an officer's action on the content in, after checking the
// caller may approve changes to it, and returns the content as it is then.
func (w *Workflow) takeDown(ctx context.Context, in ContentAction, verb string, act func(ctx context.Context, tx *ent.Client, t *target, reason string, pending *audit.Pending) error) (*ContentResult, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	reason, err := trimmedReason("input.reason", &in.Reason)
	if err != nil {
		return nil, err
	}
	if reason == "" {
		return nil, apperr.Input("input.reason", "is empty: say why, for the record and for the lead")
	}
	typ, id, err := namedContent(in.ServiceID, in.InformationPageID)
	if err != nil {
		return nil, err
	}
	out := &ContentResult{}
	err = w.run(ctx, func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error {
		t, err := loadTarget(ctx, tx, typ, id)
		if err != nil {
			return err
		}
		if err := authorize(ctx, tx, t, authz.ActionApprove, verb+" this "+t.noun()); err != nil {
			return err
		}
		if err := act(ctx, tx, t, reason, pending); err != nil {
			return err
		}
		if typ == changerequest.ContentTypeService {
			out.Service, err = tx.Service.Get(ctx, id)
		} else {
			out.InformationPage, err = tx.InformationPage.Get(ctx, id)
		}
		if err != nil {
			return fmt.Errorf("load %s %s: %w", t.noun(), id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// namedContent returns the one content id of a pair of inputs.
func namedContent(serviceID, pageID *uuid.UUID) (changerequest.ContentType, uuid.UUID, error) {
	switch {
	case serviceID != nil && pageID != nil:
		return "", uuid.Nil, apperr.Input("input.serviceId", "give serviceId or informationPageId, not both")
	case serviceID != nil:
		return changerequest.ContentTypeService, *serviceID, nil
	case pageID != nil:
		return changerequest.ContentTypeInformationPage, *pageID, nil
	}
	return "", uuid.Nil, apperr.Input("input.serviceId", "give serviceId or informationPageId")
}

// queueRepublication puts unpublished content back in the moderation queue
// as a submitted create request for its current content.
func (w *Workflow) queueRepublication(ctx context.Context, tx *ent.Client, t *target, reason string) error {
	current, err := loadContent(ctx, tx, t)
	if err != nil {
		return err
	}
	proposed, err := current.encode()
	if err != nil {
		return err
	}
	create := tx.ChangeRequest.Create().
		SetKind(changerequest.KindCreate).
		SetState(changerequest.StateSubmitted).
		SetContentType(t.typ).
		SetBaseVersion(t.version + 1).
		SetProposed(proposed).
		SetReason("Unpublished by the LO team: " + reason).
		SetSubmittedAt(w.clock())
	if t.typ == changerequest.ContentTypeService {
		create.SetServiceID(t.id)
	} else {
		create.SetInformationPageID(t.id)
	}
	if err := create.Exec(system(ctx)); err != nil {
		return fmt.Errorf("queue %s %s to publish again: %w", t.noun(), t.id, err)
	}
	return nil
}

func contentEvent(t *target, verb, reason string) audit.Event {
	return audit.Event{
		Action:        t.policyType() + "." + verb,
		ObjectType:    t.policyType(),
		ObjectID:      t.id,
		ChangedFields: []string{"status"},
		Detail:        reason,
	}
}

// noticeTakenDown emails the content's lead the reason the LO team
// unpublished or archived it.
func (w *Workflow) noticeTakenDown(ctx context.Context, tx *ent.Client, t *target, verb, reason string) error {
	if t.leadID == nil {
		return nil
	}
	lead, err := tx.User.Get(system(ctx), *t.leadID)
	if err != nil {
		return fmt.Errorf("load lead of %s %s: %w", t.noun(), t.id, err)
	}
	body := fmt.Sprintf("Hello %s,\n\nThe Local Offer team has %s %s, so families no longer see it.\n\nTheir reason:\n\n%s\n",
		lead.Name, verb, t.title, reason)
	if verb == "unpublished" {
		body += "\nIt waits for the team's approval to be published again. You can propose changes to it meanwhile.\n"
	}
	event := fmt.Sprintf("content_%s:%s:%d", verb, t.id, t.version+1)
	return w.enqueue(ctx, tx, event, "content_"+verb, lead.Email, fmt.Sprintf("%s has been %s", t.title, verb), body)
}
