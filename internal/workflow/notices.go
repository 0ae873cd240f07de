package workflow

import (
	"context"
	"fmt"
	"strings"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/notify"
)

// signature ends every email this package sends.
const signature = "\nThe Local Offer team\n"

// noticeSubmitted tells every active LO officer that a request waits for
// them, and the author that it was received.
func (w *Workflow) noticeSubmitted(ctx context.Context, tx *ent.Client, cr *ent.ChangeRequest, t *target) error {
	officers, err := tx.User.Query().
		Where(user.RoleIn(user.RoleLOOfficer, user.RoleLOAdmin), user.StatusEQ(user.StatusActive)).
		All(system(ctx))
	if err != nil {
		return fmt.Errorf("list LO officers to email: %w", err)
	}
	// A request can be submitted again after its author changed it, so the
	// submission time is part of the event.
	event := fmt.Sprintf("change_request_submitted:%s:%d", cr.ID, cr.SubmittedAt.Unix())
	subject := "To approve: " + requestTitle(cr, t)
	for _, officer := range officers {
		body := fmt.Sprintf("Hello %s,\n\n%s\n\nChange request: %s\n", officer.Name, describeRequest(cr, t), cr.ID)
		if cr.Reason != "" {
			body += fmt.Sprintf("\nThe author's note:\n\n%s\n", cr.Reason)
		}
		if err := w.enqueue(ctx, tx, event+":"+officer.ID.String(), "change_request_submitted", officer.Email, subject, body); err != nil {
			return err
		}
	}

	author, err := w.author(ctx, tx, cr)
	if err != nil || author == nil {
		return err
	}
	body := fmt.Sprintf("Hello %s,\n\nThank you: we have your %s. "+
		"The Local Offer team will look at it, and we will email you when they decide.\n",
		author.Name, yourRequest(cr, t))
	if cr.Kind == changerequest.KindUpdate {
		body += fmt.Sprintf("\nFamilies keep seeing the published version until then. "+
			"Submitting counts as your six-monthly review of this %s.\n", t.noun())
	}
	return w.enqueue(ctx, tx, event+":author", "change_request_received", author.Email, "We have your "+yourRequest(cr, t), body)
}

// noticeDecided tells the author of a decided request what was decided.
// An officer deciding their own request is not emailed.
func (w *Workflow) noticeDecided(ctx context.Context, tx *ent.Client, cr *ent.ChangeRequest, t *target) error {
	author, err := w.author(ctx, tx, cr)
	if err != nil || author == nil {
		return err
	}
	if cr.ReviewerID != nil && *cr.ReviewerID == author.ID {
		return nil
	}
	var template, subject, body string
	switch cr.State {
	case changerequest.StateApproved:
		template, subject = "change_request_approved", "Published: "+t.title
		body = fmt.Sprintf("Hello %s,\n\nYour %s is approved, and %s is live on the Local Offer.\n", author.Name, yourRequest(cr, t), t.title)
		if cr.Kind == changerequest.KindRemove {
			subject = "Removed: " + t.title
			body = fmt.Sprintf("Hello %s,\n\n%s has been removed from the Local Offer, as you asked. We keep its record.\n", author.Name, t.title)
		}
		if len(cr.ReviewerEditedFields) > 0 {
			body += fmt.Sprintf("\nThe Local Offer team edited these fields before publishing: %s.\n", strings.Join(cr.ReviewerEditedFields, ", "))
		}
	case changerequest.StateRejected:
		template, subject = "change_request_rejected", "Not published: "+t.title
		body = fmt.Sprintf("Hello %s,\n\nThe Local Offer team did not approve your %s.\n", author.Name, yourRequest(cr, t))
	default:
		return nil
	}
	if cr.DecisionNote != "" {
		body += fmt.Sprintf("\nThe Local Offer team's note:\n\n%s\n", cr.DecisionNote)
	}
	if cr.State == changerequest.StateRejected {
		body += "\nYou can change your draft and submit it again. If you disagree, reply to the Local Offer team.\n"
	}
	body += fmt.Sprintf("\nChange request: %s\n", cr.ID)
	return w.enqueue(ctx, tx, fmt.Sprintf("%s:%s", template, cr.ID), template, author.Email, subject, body)
}

// askToUpdate asks a request's author to update their draft after an
// approval failed on a conflict. The approval's transaction was rolled
// back, so this is written on its own; one email per request and content
// version is enough.
func (w *Workflow) askToUpdate(ctx context.Context, conflict *ConflictError) {
	tx, err := w.root.Tx(system(ctx))
	if err != nil {
		w.logger.ErrorContext(ctx, "ask author to update draft: begin transaction", "change_request_id", conflict.ChangeRequestID, "error", err)
		return
	}
	err = w.writeUpdateRequest(ctx, tx.Client(), conflict)
	if err == nil {
		err = tx.Commit()
	} else if rollbackErr := tx.Rollback(); rollbackErr != nil {
		err = fmt.Errorf("%w; roll back: %v", err, rollbackErr)
	}
	if err != nil {
		w.logger.ErrorContext(ctx, "ask author to update draft", "change_request_id", conflict.ChangeRequestID, "error", err)
	}
}

func (w *Workflow) writeUpdateRequest(ctx context.Context, tx *ent.Client, conflict *ConflictError) error {
	cr, err := tx.ChangeRequest.Get(system(ctx), conflict.ChangeRequestID)
	if err != nil {
		return fmt.Errorf("load change request %s: %w", conflict.ChangeRequestID, err)
	}
	typ, id := targetOf(cr)
	t, err := loadTarget(system(ctx), tx, typ, id)
	if err != nil {
		return err
	}
	author, err := w.author(ctx, tx, cr)
	if err != nil || author == nil {
		return err
	}
	body := fmt.Sprintf("Hello %s,\n\nYour %s could not be published: since you made it, "+
		"another change to the same fields was published (%s).\n\n"+
		"Please open your draft, check it against the published version and save it again. "+
		"Saving brings in the published changes and keeps yours; then submit it again.\n\nChange request: %s\n",
		author.Name, yourRequest(cr, t), conflict.Fields, cr.ID)
	event := fmt.Sprintf("change_request_conflict:%s:%d", cr.ID, t.version)
	return w.enqueue(ctx, tx, event, "change_request_conflict", author.Email, "Please update your change to "+t.title, body)
}

// author returns the request's author, or nil for one begun by the product.
func (w *Workflow) author(ctx context.Context, tx *ent.Client, cr *ent.ChangeRequest) (*ent.User, error) {
	if cr.AuthorID == nil {
		return nil, nil
	}
	u, err := tx.User.Get(system(ctx), *cr.AuthorID)
	if err != nil {
		return nil, fmt.Errorf("load author of change request %s: %w", cr.ID, err)
	}
	if u.Status != user.StatusActive {
		return nil, nil
	}
	return u, nil
}

func (w *Workflow) enqueue(ctx context.Context, tx *ent.Client, eventKey, template, recipient, subject, body string) error {
	_, err := notify.Enqueue(ctx, tx, notify.Message{
		EventKey:  eventKey,
		Template:  template,
		Recipient: recipient,
		Subject:   subject,
		Body:      body + signature,
	})
	return err
}

// yourRequest names a request as its author reads it: "change to Splash
// Club", "proposal for Splash Club", "request to remove Splash Club".
func yourRequest(cr *ent.ChangeRequest, t *target) string {
	switch cr.Kind {
	case changerequest.KindCreate:
		return "proposal for " + t.title
	case changerequest.KindRemove:
		return "request to remove " + t.title
	}
	return "change to " + t.title
}

// requestTitle names a request for the LO team: "change to Splash Club",
// "new service Splash Club", "removal of Splash Club".
func requestTitle(cr *ent.ChangeRequest, t *target) string {
	switch cr.Kind {
	case changerequest.KindCreate:
		return "new " + t.noun() + " " + t.title
	case changerequest.KindRemove:
		return "removal of " + t.title
	}
	return "change to " + t.title
}

func describeRequest(cr *ent.ChangeRequest, t *target) string {
	switch cr.Kind {
	case changerequest.KindCreate:
		return fmt.Sprintf("A new %s, %s, is proposed for the Local Offer and waits for approval.", t.noun(), t.title)
	case changerequest.KindRemove:
		return fmt.Sprintf("The removal of the %s %s is requested and waits for approval.\n\nReason given: %s", t.noun(), t.title, cr.Reason)
	}
	return fmt.Sprintf("A change to the %s %s waits for approval.", t.noun(), t.title)
}
