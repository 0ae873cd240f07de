package ownership

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/notify"
)

// signature ends every email this package sends.
const signature = "\nThe Local Offer team\n"

// enqueue writes an email to the outbox in the transaction of the change. The
// event key gets a fresh UUID because each call is a distinct event: a
// retried request runs in a new transaction, and the old one's rows are gone.
func enqueue(ctx context.Context, tx *ent.Client, template, recipient, subject, body string) error {
	_, err := notify.Enqueue(ctx, tx, notify.Message{
		EventKey:  template + ":" + uuid.Must(uuid.NewV7()).String(),
		Template:  template,
		Recipient: recipient,
		Subject:   subject,
		Body:      body + signature,
	})
	return err
}

// emailNewLead emails a user the records they now lead.
func (m *Manager) emailNewLead(ctx context.Context, tx *ent.Client, lead *ent.User, records []record) error {
	var list strings.Builder
	for _, r := range records {
		fmt.Fprintf(&list, "- %s (%s)\n", r.title(), r.noun())
	}
	body := fmt.Sprintf("Hello %s,\n\nYou are now the lead for:\n\n%s\n"+
		"As lead you are responsible for keeping this content accurate, for answering feedback about it, "+
		"and for reviewing it every six months. You can add content managers to help you.\n",
		lead.Name, list.String())
	return enqueue(ctx, tx, "lead_assigned", lead.Email, "You are now a lead on the Local Offer", body)
}

// emailContentManagerAdded emails an existing user the record they can now
// manage. Invited users get the invitation email instead.
func (m *Manager) emailContentManagerAdded(ctx context.Context, tx *ent.Client, u *ent.User, r record) error {
	body := fmt.Sprintf("Hello %s,\n\nYou can now help keep this %s on the Local Offer up to date:\n\n- %s\n",
		u.Name, r.noun(), r.title())
	return enqueue(ctx, tx, "content_manager_added", u.Email, "You can now edit "+r.title(), body)
}
