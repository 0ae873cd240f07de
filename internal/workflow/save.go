package workflow

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Save is one save of a change request.
type Save struct {
	// ChangeRequestID names the draft to change. Without it, the caller's
	// open request of the same kind on the content is changed, or a new one
	// begun.
	ChangeRequestID *uuid.UUID
	// ServiceID or InformationPageID names the content; neither proposes a
	// new service or page.
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	// Kind is REMOVE to ask for removal. Otherwise it follows from the
	// content: CREATE for content never published, UPDATE for the rest.
	Kind            *changerequest.Kind
	Service         *ServiceChanges
	InformationPage *InformationPageChanges
	// Reason is required for a removal; otherwise a note to the LO team.
	Reason *string
	// Submit submits the request in the same step.
	Submit bool
}

const maxReasonRunes = 2000

// SaveChangeRequest saves the caller's draft change request and, when asked,
// submits it. The published content does not change.
func (w *Workflow) SaveChangeRequest(ctx context.Context, in Save) (*ent.ChangeRequest, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var out *ent.ChangeRequest
	err := w.run(ctx, func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error {
		cr, err := w.save(ctx, tx, in, pending)
		if err != nil {
			return err
		}
		if in.Submit {
			cr, err = w.submit(ctx, tx, cr, pending)
		}
		out = cr
		return err
	})
	return out, err
}

func (w *Workflow) save(ctx context.Context, tx *ent.Client, in Save, pending *audit.Pending) (*ent.ChangeRequest, error) {
	if in.ServiceID != nil && in.InformationPageID != nil {
		return nil, apperr.Input("input.serviceId", "give serviceId or informationPageId, not both")
	}
	if in.Service != nil && in.InformationPage != nil {
		return nil, apperr.Input("input.service", "give service or informationPage changes, not both")
	}
	reason, err := trimmedReason("input.reason", in.Reason)
	if err != nil {
		return nil, err
	}

	if in.ChangeRequestID != nil {
		cr, err := loadChangeRequest(ctx, tx, *in.ChangeRequestID)
		if err != nil {
			return nil, err
		}
		return w.saveDraft(ctx, tx, cr, in, reason, pending)
	}
	if in.ServiceID == nil && in.InformationPageID == nil {
		return w.saveNewContent(ctx, tx, in, reason, pending)
	}

	typ, id := changerequest.ContentTypeService, in.ServiceID
	if in.InformationPageID != nil {
		typ, id = changerequest.ContentTypeInformationPage, in.InformationPageID
	}
	t, err := loadTarget(ctx, tx, typ, *id)
	if err != nil {
		return nil, err
	}
	kind, err := kindFor(t, in.Kind)
	if err != nil {
		return nil, err
	}
	existing, err := openRequest(ctx, tx, t, kind)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return w.saveDraft(ctx, tx, existing, in, reason, pending)
	}
	return w.beginDraft(ctx, tx, t, kind, in, reason, pending)
}

// kindFor returns the kind of change the caller asks for on t.
func kindFor(t *target, asked *changerequest.Kind) (changerequest.Kind, error) {
	if t.archived() {
		return "", apperr.Input(t.field(), "%s %s is archived: archived content cannot be changed", t.noun(), t.id)
	}
	kind := changerequest.KindUpdate
	if !t.published() {
		kind = changerequest.KindCreate
	}
	if asked == nil {
		return kind, nil
	}
	switch {
	case *asked == changerequest.KindRemove:
		return changerequest.KindRemove, nil
	case *asked == changerequest.KindCreate && t.published():
		return "", apperr.Input("input.kind", "%s %s is already published: propose an UPDATE, or leave kind out", t.noun(), t.id)
	}
	return kind, nil
}

// openRequest returns the open change request a save on t continues: for
// content never published, its one create request, whoever began it; for
// published content, the caller's own open request of that kind.
func openRequest(ctx context.Context, tx *ent.Client, t *target, kind changerequest.Kind) (*ent.ChangeRequest, error) {
	q := tx.ChangeRequest.Query().Where(
		changerequest.KindEQ(kind),
		changerequest.StateIn(changerequest.StateDraft, changerequest.StateSubmitted),
	)
	if t.typ == changerequest.ContentTypeService {
		q.Where(changerequest.ServiceID(t.id))
	} else {
		q.Where(changerequest.InformationPageID(t.id))
	}
	if kind != changerequest.KindCreate {
		author := callerID(ctx)
		if author == nil {
			q.Where(changerequest.AuthorIDIsNil())
		} else {
			q.Where(changerequest.AuthorID(*author))
		}
	}
	cr, err := q.Order(ent.Desc(changerequest.FieldCreatedAt)).First(system(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up open change request of %s %s: %w", t.noun(), t.id, err)
	}
	return cr, nil
}

// authorizeKind checks the caller's right to propose a change of kind on t.
func authorizeKind(ctx context.Context, tx *ent.Client, t *target, kind changerequest.Kind) error {
	if kind == changerequest.KindRemove {
		return authorize(ctx, tx, t, authz.ActionRemove, "ask for this "+t.noun()+" to be removed")
	}
	return authorize(ctx, tx, t, authz.ActionUpdate, "change this "+t.noun())
}

// beginDraft starts a change request on existing content.
func (w *Workflow) beginDraft(ctx context.Context, tx *ent.Client, t *target, kind changerequest.Kind, in Save, reason string, pending *audit.Pending) (*ent.ChangeRequest, error) {
	if err := authorizeKind(ctx, tx, t, kind); err != nil {
		return nil, err
	}
	current, err := loadContent(ctx, tx, t)
	if err != nil {
		return nil, err
	}
	create := tx.ChangeRequest.Create().
		SetKind(kind).
		SetContentType(t.typ).
		SetBaseVersion(t.version).
		SetNillableAuthorID(callerID(ctx))
	if t.typ == changerequest.ContentTypeService {
		create.SetServiceID(t.id)
	} else {
		create.SetInformationPageID(t.id)
	}
	if kind != changerequest.KindCreate {
		stored, err := current.encode()
		if err != nil {
			return nil, err
		}
		create.SetBase(stored)
	}
	cr, err := create.Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("begin change request on %s %s: %w", t.noun(), t.id, err)
	}
	pending.Add(requestEvent(cr, "change_request.begun", nil))
	return w.writeDraft(ctx, tx, cr, t, current, current, in, reason)
}

// saveDraft changes an open change request.
func (w *Workflow) saveDraft(ctx context.Context, tx *ent.Client, cr *ent.ChangeRequest, in Save, reason string, pending *audit.Pending) (*ent.ChangeRequest, error) {
	if !isOpen(cr.State) {
		return nil, apperr.Input("input.changeRequestId", "change request %s is %s: only a draft or submitted request can be changed; begin a new one",
			cr.ID, stateName(cr.State))
	}
	if in.Kind != nil && *in.Kind != cr.Kind {
		return nil, apperr.Input("input.kind", "change request %s is a %s request: leave kind out, or begin a new request",
			cr.ID, strings.ToLower(string(cr.Kind)))
	}
	typ, id := targetOf(cr)
	if (in.ServiceID != nil && (typ != changerequest.ContentTypeService || *in.ServiceID != id)) ||
		(in.InformationPageID != nil && (typ != changerequest.ContentTypeInformationPage || *in.InformationPageID != id)) {
		return nil, apperr.Input("input.changeRequestId", "change request %s is about other content than the one named", cr.ID)
	}
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
	if t.archived() {
		return nil, apperr.Input("input.changeRequestId", "%s %s is archived: archived content cannot be changed", t.noun(), t.id)
	}

	current, err := loadContent(ctx, tx, t)
	if err != nil {
		return nil, err
	}
	proposed, err := decodeSnapshot(cr.Proposed)
	if err != nil {
		return nil, err
	}
	update := tx.ChangeRequest.UpdateOne(cr)
	if cr.Kind == changerequest.KindCreate {
		proposed = current
	} else if t.version != cr.BaseVersion {
		// The content was published again since the draft was based on
		// it: rebase the draft, keeping the author's own changes.
		base, err := decodeSnapshot(cr.Base)
		if err != nil {
			return nil, err
		}
		if cr.Kind == changerequest.KindUpdate {
			if proposed, _, err = mergeSnapshots(t.typ, base, current, proposed); err != nil {
				return nil, err
			}
		}
		stored, err := current.encode()
		if err != nil {
			return nil, err
		}
		update.SetBase(stored).SetBaseVersion(t.version)
	}
	if cr.State == changerequest.StateSubmitted {
		// A changed request goes back to the author until submitted again,
		// so that an officer never approves what they have not seen.
		update.SetState(changerequest.StateDraft).ClearSubmittedAt()
	}
	if author := callerID(ctx); cr.AuthorID == nil && author != nil {
		update.SetAuthorID(*author)
	}
	cr, err = update.Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("save change request %s: %w", cr.ID, err)
	}
	pending.Add(requestEvent(cr, "change_request.saved", nil))
	return w.writeDraft(ctx, tx, cr, t, current, proposed, in, reason)
}

// mayEditDraft lets the author change their own draft. A create request is
// shared by everyone who may change the content, and one begun by the
// product (an import, a sign-up) is adopted by whoever saves it first.
func mayEditDraft(ctx context.Context, cr *ent.ChangeRequest) error {
	if cr.Kind == changerequest.KindCreate || cr.AuthorID == nil {
		return nil
	}
	if id := callerID(ctx); id != nil && *id == *cr.AuthorID {
		return nil
	}
	if viewer.FromContext(ctx).System {
		return nil
	}
	return fmt.Errorf("change request %s is another person's draft: begin your own: %w", cr.ID, apperr.ErrForbidden)
}

// writeDraft applies the save's changes to proposed, checks the result and
// stores it. For content never published the draft row itself is written
// too, so that the content can be read like any other while it waits.
func (w *Workflow) writeDraft(ctx context.Context, tx *ent.Client, cr *ent.ChangeRequest, t *target, current, proposed Snapshot, in Save, reason string) (*ent.ChangeRequest, error) {
	update := tx.ChangeRequest.UpdateOne(cr)
	if in.Reason != nil {
		update.SetReason(reason)
	}
	if cr.Kind == changerequest.KindRemove {
		if in.Service != nil || in.InformationPage != nil {
			return nil, apperr.Input("input.service", "a removal request carries no content: give only the reason")
		}
		cr, err := update.ClearProposed().Save(system(ctx))
		if err != nil {
			return nil, fmt.Errorf("save change request %s: %w", cr.ID, err)
		}
		return cr, nil
	}

	linked, err := checkChildIDs(ctx, tx, t, current, proposed, in.Service)
	if err != nil {
		return nil, err
	}
	next, err := applyChanges(t.typ, proposed, in, linked)
	if err != nil {
		return nil, err
	}
	if err := checkReferences(ctx, tx, &next); err != nil {
		return nil, err
	}
	stored, err := next.encode()
	if err != nil {
		return nil, err
	}
	cr, err = update.SetProposed(stored).Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("save change request %s: %w", cr.ID, err)
	}
	if cr.Kind == changerequest.KindCreate {
		if err := writeContent(ctx, tx, t, current, next); err != nil {
			return nil, err
		}
	}
	return cr, nil
}

// applyChanges returns proposed with the save's changes, normalised.
// linked holds the content of other services' locations the save links to.
func applyChanges(typ changerequest.ContentType, proposed Snapshot, in Save, linked map[uuid.UUID]LocationContent) (Snapshot, error) {
	var next Snapshot
	if typ == changerequest.ContentTypeService {
		if in.InformationPage != nil {
			return next, apperr.Input("input.informationPage", "this is a service: give service changes")
		}
		c := in.Service.applyTo(derefService(proposed.Service), linked)
		if err := c.normalize("input.service"); err != nil {
			return next, err
		}
		next.Service = &c
		return next, nil
	}
	if in.Service != nil {
		return next, apperr.Input("input.service", "this is an information page: give informationPage changes")
	}
	var base InformationPageContent
	if proposed.InformationPage != nil {
		base = *proposed.InformationPage
	}
	c := in.InformationPage.applyTo(base)
	if err := c.normalize("input.informationPage"); err != nil {
		return next, err
	}
	next.InformationPage = &c
	return next, nil
}

func derefService(c *ServiceContent) ServiceContent {
	if c == nil {
		return ServiceContent{Coverage: service.DefaultCoverage}
	}
	return *c
}

// checkReferences checks that what next points at exists: its
// organisation, taxonomy terms and section.
func checkReferences(ctx context.Context, tx *ent.Client, next *Snapshot) error {
	if p := next.InformationPage; p != nil {
		if p.SectionID != nil {
			return checkTerms(ctx, tx, "input.informationPage.sectionId", []uuid.UUID{*p.SectionID})
		}
		return nil
	}
	c := next.Service
	if _, err := tx.Organization.Get(system(ctx), c.OrganizationID); err != nil {
		if ent.IsNotFound(err) {
			return apperr.Input("input.service.organizationId", "no organisation with id %s: choose an existing organisation", c.OrganizationID)
		}
		return fmt.Errorf("check organisation %s: %w", c.OrganizationID, err)
	}
	if err := checkTerms(ctx, tx, "input.service.taxonomyTermIds", c.TaxonomyTermIDs); err != nil {
		return err
	}
	for i, l := range c.Locations {
		field := fmt.Sprintf("input.service.locations[%d].accessibilityFeatureIds", i)
		if err := checkTerms(ctx, tx, field, l.AccessibilityFeatureIDs); err != nil {
			return err
		}
	}
	return nil
}

// checkChildIDs checks the ids the caller gave to child records: each must
// be one of the content's own records, in the database or in the draft. A
// location may also be another service's, which the save links to as it
// is: it returns those locations' content. A provider may not change a
// location that other services share, since its change would show on
// services they do not look after; an LO officer may.
func checkChildIDs(ctx context.Context, tx *ent.Client, t *target, current, proposed Snapshot, ch *ServiceChanges) (map[uuid.UUID]LocationContent, error) {
	if ch == nil {
		return nil, nil
	}
	if err := ch.checkFlags("input.service"); err != nil {
		return nil, err
	}
	known := map[uuid.UUID]bool{}
	for _, c := range []*ServiceContent{current.Service, proposed.Service} {
		if c == nil {
			continue
		}
		for _, id := range childIDs(c) {
			known[id] = true
		}
	}

	linked := map[uuid.UUID]LocationContent{}
	for i, l := range ch.Locations {
		if l.ID == nil {
			continue
		}
		field := fmt.Sprintf("input.service.locations[%d]", i)
		if !known[*l.ID] {
			content, err := loadLocation(ctx, tx, *l.ID)
			if ent.IsNotFound(err) {
				return nil, apperr.Input(field+".id", "no location with id %s: leave id out for a new location", *l.ID)
			}
			if err != nil {
				return nil, err
			}
			if !l.isLink() {
				return nil, apperr.Input(field, "location %s is another service's: give only its id to share it as it is, or leave id out to add a new location with these details", *l.ID)
			}
			linked[*l.ID] = content
			continue
		}
		if l.isLink() {
			continue
		}
		if err := checkUnshared(ctx, tx, t, *l.ID, field); err != nil {
			return nil, err
		}
	}

	given := map[string][]*uuid.UUID{
		"contacts":    pointerIDs(ch.Contacts, func(x ContactChanges) *uuid.UUID { return x.ID }),
		"schedules":   pointerIDs(ch.Schedules, func(x ScheduleChanges) *uuid.UUID { return x.ID }),
		"costOptions": pointerIDs(ch.CostOptions, func(x CostOptionChanges) *uuid.UUID { return x.ID }),
	}
	for field, ids := range given {
		for i, id := range ids {
			if id != nil && !known[*id] {
				return nil, apperr.Input(fmt.Sprintf("input.service.%s[%d].id", field, i),
					"this %s has no record with id %s: leave id out for a new one", t.noun(), *id)
			}
		}
	}
	return linked, nil
}

// checkUnshared fails when a provider's save changes a location that other
// services also use.
func checkUnshared(ctx context.Context, tx *ent.Client, t *target, id uuid.UUID, field string) error {
	officer, err := may(ctx, tx, t, authz.ActionApprove)
	if err != nil || officer {
		return err
	}
	others, err := tx.Location.Query().Where(location.ID(id)).
		QueryServices().Where(service.IDNEQ(t.id)).Count(system(ctx))
	if err != nil {
		return fmt.Errorf("count services at location %s: %w", id, err)
	}
	if others > 0 {
		return apperr.Input(field, "location %s is shared with %d other services, so only the LO team may change it: leave id out to give this service its own location with these details", id, others)
	}
	return nil
}

// loadLocation reads a location's content as the system.
func loadLocation(ctx context.Context, tx *ent.Client, id uuid.UUID) (LocationContent, error) {
	l, err := tx.Location.Query().Where(location.ID(id)).
		WithAccessibilityFeatures(func(q *ent.TaxonomyTermQuery) { q.Select(taxonomyterm.FieldID) }).
		Only(system(ctx))
	if err != nil {
		return LocationContent{}, err
	}
	return locationContentOf(l), nil
}

func pointerIDs[T any](items []T, id func(T) *uuid.UUID) []*uuid.UUID {
	ids := make([]*uuid.UUID, len(items))
	for i, item := range items {
		ids[i] = id(item)
	}
	return ids
}

// childIDs returns the ids of every child record of c.
func childIDs(c *ServiceContent) []uuid.UUID {
	var ids []uuid.UUID
	ids = append(ids, idsOf(c.Locations, func(x LocationContent) uuid.UUID { return x.ID })...)
	ids = append(ids, idsOf(c.Contacts, func(x ContactContent) uuid.UUID { return x.ID })...)
	ids = append(ids, idsOf(c.Schedules, func(x ScheduleContent) uuid.UUID { return x.ID })...)
	return append(ids, idsOf(c.CostOptions, func(x CostOptionContent) uuid.UUID { return x.ID })...)
}

func idsOf[T any](items []T, id func(T) uuid.UUID) []uuid.UUID {
	ids := make([]uuid.UUID, len(items))
	for i, item := range items {
		ids[i] = id(item)
	}
	return ids
}

// checkTerms fails, naming field, when any of ids is not a taxonomy term.
func checkTerms(ctx context.Context, tx *ent.Client, field string, ids []uuid.UUID) error {
	if len(ids) == 0 {
		return nil
	}
	found, err := tx.TaxonomyTerm.Query().Where(taxonomyterm.IDIn(ids...)).IDs(system(ctx))
	if err != nil {
		return fmt.Errorf("check taxonomy terms: %w", err)
	}
	have := map[uuid.UUID]bool{}
	for _, id := range found {
		have[id] = true
	}
	for _, id := range ids {
		if !have[id] {
			return apperr.Input(field, "no taxonomy term with id %s: choose terms from the taxonomies query", id)
		}
	}
	return nil
}

// trimmedReason trims a reason and checks its length.
func trimmedReason(field string, reason *string) (string, error) {
	if reason == nil {
		return "", nil
	}
	r := strings.TrimSpace(*reason)
	if n := utf8.RuneCountInString(r); n > maxReasonRunes {
		return "", apperr.Input(field, "is too long (%d characters); shorten it to at most %d", n, maxReasonRunes)
	}
	return r, nil
}
