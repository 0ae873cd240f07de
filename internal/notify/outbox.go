// Package notify writes emails to the outbox: Notification rows created in
// the same transaction as the change that causes them. Until SMTP delivery
// is configured, the outbox is where LO admins read them.
package notify

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/internal/viewer"
)

// MessageIDDomain is the right-hand side of every Message-ID.
const MessageIDDomain = "localoffer.invalid"

// Message is one email to write to the outbox.
type Message struct {
	// EventKey identifies the event the email is about, such as
	// "invitation:<token id>"; a second message with the same key is not
	// written.
	EventKey  string
	Template  string
	Recipient string
	Subject   string
	// Body is the plain-text body, always sent.
	Body string
	// HTMLBody is sent with Body as multipart/alternative. When it is
	// empty, Enqueue renders one from Body with HTMLFromText.
	HTMLBody string
}

// Enqueue writes m to the outbox through client, which should be the
// transaction of the change that causes the email. It returns the existing
// notification when one with the same event key is already there.
func Enqueue(ctx context.Context, client *ent.Client, m Message) (*ent.Notification, error) {
	ctx = viewer.SystemContext(ctx)
	existing, err := client.Notification.Query().Where(notification.EventKey(m.EventKey)).Only(ctx)
	if err == nil {
		return existing, nil
	}
	if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("look up notification %s: %w", m.EventKey, err)
	}
	if m.HTMLBody == "" {
		m.HTMLBody = HTMLFromText(m.Body)
	}
	id := uuid.Must(uuid.NewV7())
	n, err := client.Notification.Create().
		SetID(id).
		SetEventKey(m.EventKey).
		SetTemplate(m.Template).
		SetRecipient(strings.ToLower(strings.TrimSpace(m.Recipient))).
		SetSubject(m.Subject).
		SetBody(m.Body).
		SetHTMLBody(m.HTMLBody).
		SetMessageID(fmt.Sprintf("<%s@%s>", id, MessageIDDomain)).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("write notification %s: %w", m.EventKey, err)
	}
	return n, nil
}
