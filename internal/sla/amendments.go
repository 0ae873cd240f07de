package sla

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/amendmentflag"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxAmendmentNoteLength is the maximum length of an amendment flag's note,
// in characters: room for a few paragraphs.
const maxAmendmentNoteLength = 5000

// NewAmendmentFlag is an LO officer's flag on a service or an information
// page: exactly one of ServiceID and InformationPageID is set.
type NewAmendmentFlag struct {
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	// Note is what needs changing, for the owners.
	Note string
}

// AmendmentFlagFilter narrows a listing of amendment flags. A nil field
// matches every flag.
type AmendmentFlagFilter struct {
	// Open true matches the flags not cleared yet, and false the cleared
	// ones.
	Open              *bool
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
}

// FlagForAmendment records that a service or an information page needs
// changes, and emails its lead and content managers the note, with the
// public link of published content. The flag stays open until a change
// to the content is submitted (ClearAmendmentFlags) or an LO officer
// clears it. publicURL is the base of the link.
func (m *Manager) FlagForAmendment(ctx context.Context, publicURL string, in NewAmendmentFlag) (*ent.AmendmentFlag, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	note, err := cleanText("input.note", in.Note, maxAmendmentNoteLength)
	if err != nil {
		return nil, err
	}

	var flag *ent.AmendmentFlag
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		t, err := loadContent(ctx, tx, Content{ServiceID: in.ServiceID, InformationPageID: in.InformationPageID})
		if err != nil {
			return err
		}
		if err := t.authorize(ctx, tx, authz.ActionFlag, "flag this "+t.noun()+" for amendment: only the LO team does"); err != nil {
			return err
		}

		create := tx.AmendmentFlag.Create().
			SetNote(note).
			SetNillableFlaggedByID(callerID(ctx))
		if t.isService() {
			create.SetContentType(amendmentflag.ContentTypeService).SetServiceID(t.id)
		} else {
			create.SetContentType(amendmentflag.ContentTypeInformationPage).SetInformationPageID(t.id)
		}
		flag, err = create.Save(system(ctx))
		if err != nil {
			return fmt.Errorf("flag %s %s for amendment: %w", t.noun(), t.id, err)
		}

		if err := emailOwnersOfFlag(ctx, tx, t, flag, strings.TrimRight(publicURL, "/")); err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "amendment_flag.created", ObjectType: authz.TypeAmendmentFlag, ObjectID: flag.ID,
			Detail: fmt.Sprintf("%s %s", t.noun(), t.id),
		})
		return nil
	})
	return flag, err
}

// emailOwnersOfFlag writes one email to each active owner of t: its lead
// and its content managers. A lead who is also a content manager gets one.
func emailOwnersOfFlag(ctx context.Context, tx *ent.Client, t *contentRecord, flag *ent.AmendmentFlag, publicURL string) error {
	for _, owner := range t.owners() {
		if owner.Status != user.StatusActive {
			continue
		}
		_, err := notify.Enqueue(ctx, tx, notify.Message{
			EventKey:  fmt.Sprintf("amendment_flagged:%s:%s", flag.ID, owner.ID),
			Template:  "amendment_flagged",
			Recipient: owner.Email,
			Subject:   "Changes needed: " + t.title,
			Body:      amendmentEmailBody(owner, t, flag, publicURL),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func amendmentEmailBody(owner *ent.User, t *contentRecord, flag *ent.AmendmentFlag, publicURL string) string {
	var body strings.Builder
	fmt.Fprintf(&body, "Hello %s,\n\n", owner.Name)
	fmt.Fprintf(&body, "The Local Offer team has flagged the %s %s as needing changes.\n\n", t.noun(), t.title)
	fmt.Fprintf(&body, "The team's note:\n\n%s\n\n", flag.Note)
	switch {
	case !t.published:
	case t.isService():
		fmt.Fprintf(&body, "Families see it here: %s\n\n", directory.ServiceURL(publicURL, t.service))
	default:
		fmt.Fprintf(&body, "Families see it here: %s\n\n", directory.InformationPageURL(publicURL, t.page))
	}
	body.WriteString("Please sign in, change the content and submit the change. " +
		"Submitting it clears the flag and counts as your review.\n")
	body.WriteString("\nThe Local Offer team\n")
	return body.String()
}

// ClearAmendmentFlag clears an open flag by hand, for an LO officer who
// finds the content corrected, or flagged it by mistake.
func (m *Manager) ClearAmendmentFlag(ctx context.Context, id uuid.UUID) (*ent.AmendmentFlag, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var flag *ent.AmendmentFlag
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		var err error
		flag, err = tx.AmendmentFlag.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFound("no amendment flag with id %s", id)
		}
		if err != nil {
			return fmt.Errorf("load amendment flag %s: %w", id, err)
		}
		t, err := loadContent(ctx, tx, Content{ServiceID: flag.ServiceID, InformationPageID: flag.InformationPageID})
		if err != nil {
			return err
		}
		if err := t.authorize(ctx, tx, authz.ActionFlag, "clear amendment flags: only the LO team does"); err != nil {
			return err
		}
		if flag.ClearedAt != nil {
			return apperr.Input("input.id", "amendment flag %s was already cleared at %s", id, flag.ClearedAt.UTC().Format(time.RFC3339))
		}

		flag, err = tx.AmendmentFlag.UpdateOne(flag).SetClearedAt(m.clock()).Save(system(ctx))
		if err != nil {
			return fmt.Errorf("clear amendment flag %s: %w", id, err)
		}
		pending.Add(audit.Event{
			Action: "amendment_flag.cleared", ObjectType: authz.TypeAmendmentFlag, ObjectID: id,
			ChangedFields: []string{"cleared_at"},
		})
		return nil
	})
	return flag, err
}

// ClearAmendmentFlags clears the open flags on the service or information
// page contentID in tx, the transaction that submits changeRequestID, a
// change to that content. Ids are unique across tables, so contentID needs
// no type.
func ClearAmendmentFlags(ctx context.Context, tx *ent.Client, contentID, changeRequestID uuid.UUID, at time.Time) error {
	_, err := tx.AmendmentFlag.Update().
		Where(
			amendmentflag.ClearedAtIsNil(),
			amendmentflag.Or(amendmentflag.ServiceID(contentID), amendmentflag.InformationPageID(contentID)),
		).
		SetClearedAt(at.UTC().Truncate(time.Second)).
		SetClearedByChangeRequestID(changeRequestID).
		Save(system(ctx))
	if err != nil {
		return fmt.Errorf("clear amendment flags on %s for change request %s: %w", contentID, changeRequestID, err)
	}
	return nil
}

// AmendmentFlags returns a page of the flags the caller may read, newest
// first: every flag for the LO team, and for providers those on content
// they lead, manage or commission.
func (m *Manager) AmendmentFlags(ctx context.Context, page directory.Page, filter AmendmentFlagFilter) (*ent.AmendmentFlagConnection, error) {
	if err := m.authorizeList(ctx, authz.TypeAmendmentFlag, "amendment flags"); err != nil {
		return nil, err
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}

	query := m.reader(ctx).AmendmentFlag.Query()
	if filter.Open != nil && *filter.Open {
		query.Where(amendmentflag.ClearedAtIsNil())
	}
	if filter.Open != nil && !*filter.Open {
		query.Where(amendmentflag.ClearedAtNotNil())
	}
	if filter.ServiceID != nil {
		query.Where(amendmentflag.ServiceID(*filter.ServiceID))
	}
	if filter.InformationPageID != nil {
		query.Where(amendmentflag.InformationPageID(*filter.InformationPageID))
	}
	newestFirst := &ent.AmendmentFlagOrder{Direction: entgql.OrderDirectionDesc, Field: ent.AmendmentFlagOrderFieldCreatedAt}
	conn, err := query.Paginate(ctx, page.After, page.First, page.Before, page.Last, ent.WithAmendmentFlagOrder(newestFirst))
	if err != nil {
		return nil, fmt.Errorf("list amendment flags: %w", err)
	}
	return conn, nil
}

// authorizeList returns ErrUnauthenticated for a caller without credentials
// and ErrForbidden for one whose role reads no records of typ at all. The
// privacy rules filter the rows of the others.
func (m *Manager) authorizeList(ctx context.Context, typ, what string) error {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return err
	}
	v := viewer.FromContext(ctx)
	if v.System || len(m.authz.Scopes(v.PolicyRole(), typ, authz.ActionRead)) > 0 {
		return nil
	}
	return fmt.Errorf("you may not read %s: only the LO team and the content's owners and commissioner do: %w", what, apperr.ErrForbidden)
}

// OpenAmendmentFlags returns every open flag the caller may read, newest
// first, for resolvers that show the flags of many records from one query.
// Callers who read no flags, such as the public, get none without a query.
//
// NOTE: this loads all of the caller's readable open flags at once. It
// assumes open flags stay few, because each is cleared by the next change
// submitted to its content.
func (m *Manager) OpenAmendmentFlags(ctx context.Context) ([]*ent.AmendmentFlag, error) {
	v := viewer.FromContext(ctx)
	if !v.System && len(m.authz.Scopes(v.PolicyRole(), authz.TypeAmendmentFlag, authz.ActionRead)) == 0 {
		return nil, nil
	}
	flags, err := m.reader(ctx).AmendmentFlag.Query().
		Where(amendmentflag.ClearedAtIsNil()).
		Order(ent.Desc(amendmentflag.FieldCreatedAt), ent.Desc(amendmentflag.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list open amendment flags: %w", err)
	}
	return flags, nil
}
