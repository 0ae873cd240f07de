package review

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/events"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxNoteRunes is the longest note a closure or reopening takes, in
// characters.
const maxNoteRunes = 2000

// Closure marks a published service temporarily closed or open again.
type Closure struct {
	ServiceID uuid.UUID
	Closed    bool
	// ReopeningDate is when the service expects to reopen. It must be in
	// the future, and may be given only with Closed.
	ReopeningDate *time.Time
	// Note is a short explanation for the LO team. It is emailed, not
	// stored or published.
	Note *string
}

// closureFields are the fields a closure or reopening writes, as audit
// events name them.
var closureFields = []string{"temporarily_closed", "reopening_date"}

// SetServiceTemporarilyClosed marks a published service temporarily closed,
// with its expected reopening date when known, or open again, which clears
// the date. The flag is public at once, because families need to know, and
// every active LO officer is emailed.
//
// The policy's update action decides who may do this, so for providers it
// is the service's lead and its content managers: the people the lead
// trusts to keep the listing current.
//
// The flag is a status, not content, so the change skips moderation and
// leaves version alone: a change request based on the version before still
// applies. updated_at does move, so the service shows in "What's new".
//
// A request that would change nothing (closing a closed service with the
// same reopening date, or opening an open one) writes nothing and emails
// no one.
func (rv *Reviewer) SetServiceTemporarilyClosed(ctx context.Context, in Closure) (*ent.Service, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var out *ent.Service
	err := rv.run(ctx, func(tx *ent.Client) ([]audit.Event, error) {
		s, err := loadService(ctx, tx, in.ServiceID)
		if err != nil {
			return nil, err
		}
		attempt := "reopen this service"
		if in.Closed {
			attempt = "mark this service temporarily closed"
		}
		if err := authorizeService(ctx, tx, s.ID, attempt); err != nil {
			return nil, err
		}
		note, err := rv.validateClosure(in, s)
		if err != nil {
			return nil, err
		}

		if s.TemporarilyClosed == in.Closed && sameTime(s.ReopeningDate, in.ReopeningDate) {
			out = s
			return nil, nil
		}
		update := tx.Service.UpdateOneID(s.ID).SetTemporarilyClosed(in.Closed)
		if in.Closed && in.ReopeningDate != nil {
			update.SetReopeningDate(in.ReopeningDate.UTC())
		} else {
			update.ClearReopeningDate()
		}
		if err := update.Exec(system(ctx)); err != nil {
			return nil, fmt.Errorf("set temporary closure of service %s: %w", s.ID, err)
		}
		if err := rv.emailOfficers(ctx, tx, s, in, note); err != nil {
			return nil, err
		}
		// The public page changed, though its content version did not.
		changed := events.ContentChanged{Action: events.Published, ContentType: authz.TypeService, ID: s.ID, Version: s.Version}
		audit.AfterCommit(ctx, func() { rv.events.Publish(ctx, changed) })

		out, err = loadService(ctx, tx, s.ID)
		return []audit.Event{closureEvent(s.ID, in)}, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// validateClosure checks the request against the service as it is, and
// returns the trimmed note.
func (rv *Reviewer) validateClosure(in Closure, s *ent.Service) (note string, err error) {
	if s.Status != service.StatusPublished {
		return "", apperr.Input("input.serviceId", "service %s is %s, and only a published service can be marked temporarily closed or reopened",
			s.ID, strings.ToLower(string(s.Status)))
	}
	if in.ReopeningDate != nil {
		if !in.Closed {
			return "", apperr.Input("input.reopeningDate", "give a reopening date only with closed: true, because reopening the service clears the date")
		}
		if !in.ReopeningDate.After(rv.now()) {
			return "", apperr.Input("input.reopeningDate", "reopening date %s is not in the future: give the date the service expects to reopen, or leave it out if it is not known",
				in.ReopeningDate.UTC().Format(time.RFC3339))
		}
	}
	if in.Note != nil {
		note = strings.TrimSpace(*in.Note)
	}
	if n := utf8.RuneCountInString(note); n > maxNoteRunes {
		return "", apperr.Input("input.note", "is too long (%d characters); shorten it to at most %d", n, maxNoteRunes)
	}
	return note, nil
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

func closureEvent(id uuid.UUID, in Closure) audit.Event {
	e := audit.Event{
		Action:        "service.reopened",
		ObjectType:    authz.TypeService,
		ObjectID:      id,
		ChangedFields: closureFields,
	}
	if in.Closed {
		e.Action = "service.temporarily_closed"
		e.Detail = "no reopening date"
		if in.ReopeningDate != nil {
			e.Detail = "reopening " + in.ReopeningDate.UTC().Format(time.RFC3339)
		}
	}
	return e
}

// emailOfficers writes one email per active LO officer or admin to the
// outbox, in the transaction of the change. All of one change's emails share an event
// key prefix with a fresh UUID, because each request is a distinct change.
func (rv *Reviewer) emailOfficers(ctx context.Context, tx *ent.Client, s *ent.Service, in Closure, note string) error {
	officers, err := tx.User.Query().
		Where(user.RoleIn(user.RoleLOOfficer, user.RoleLOAdmin), user.StatusEQ(user.StatusActive)).
		All(system(ctx))
	if err != nil {
		return fmt.Errorf("list LO officers to email: %w", err)
	}

	template, subject := "service_reopened", s.Name+" has reopened"
	if in.Closed {
		template, subject = "service_temporarily_closed", s.Name+" is temporarily closed"
	}
	changeID := uuid.Must(uuid.NewV7())
	for _, officer := range officers {
		_, err := notify.Enqueue(ctx, tx, notify.Message{
			EventKey:  fmt.Sprintf("%s:%s:%s", template, changeID, officer.ID),
			Template:  template,
			Recipient: officer.Email,
			Subject:   subject,
			Body:      rv.closureEmailBody(officer, s, in, note),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (rv *Reviewer) closureEmailBody(officer *ent.User, s *ent.Service, in Closure, note string) string {
	var body strings.Builder
	fmt.Fprintf(&body, "Hello %s,\n\n", officer.Name)
	switch {
	case !in.Closed:
		fmt.Fprintf(&body, "%s is open again. The Local Offer no longer shows it as temporarily closed.\n", s.Name)
	case in.ReopeningDate != nil:
		fmt.Fprintf(&body, "%s is temporarily closed. It expects to reopen on %s.\n",
			s.Name, in.ReopeningDate.In(content.London).Format("Monday 2 January 2006"))
	default:
		fmt.Fprintf(&body, "%s is temporarily closed. No reopening date is known yet.\n", s.Name)
	}
	if note != "" {
		fmt.Fprintf(&body, "\nNote given with the change:\n\n%s\n", note)
	}
	fmt.Fprintf(&body, "\nThe Local Offer shows this to families now: %s\n", directory.ServiceURL(rv.publicURL, s))
	body.WriteString("\nThe Local Offer team\n")
	return body.String()
}
