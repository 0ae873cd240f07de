package feedback

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackcontact"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Maximum lengths, in characters, of what an officer writes in triage.
const (
	maxSummaryLength       = 2000
	maxExclusionNoteLength = 2000
)

// Triage is an LO officer's triage of an item of feedback. A nil field
// keeps its value.
type Triage struct {
	ID uuid.UUID
	// Version is the version of the item the officer read; a change since
	// is a conflict.
	Version          int
	ResponsibleParty *feedback.ResponsibleParty
	// CommissionerID is the provider responsible under COMMISSIONER. Left
	// out, it is the commissioner of the item's service or page.
	CommissionerID *uuid.UUID
	// ServiceID or InformationPageID sets or changes the content the item
	// is about; at most one is set.
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	// Summary is the anonymised summary that is circulated and published.
	Summary *string
	// SectionID is a term of the Local Offer sections taxonomy. Left out
	// of an item without one, it is the section of the item's page.
	SectionID *uuid.UUID
	// AcknowledgePersonalData accepts a new summary in which
	// FindPersonalData finds likely personal data, after the officer
	// checked it; without it such a summary is refused.
	AcknowledgePersonalData bool
}

// Exclusion is an LO officer's decision to leave an item out of the cycle.
type Exclusion struct {
	ID      uuid.UUID
	Version int
	Reason  feedback.ExclusionReason
	// Note is the officer's reason in their own words.
	Note string
}

// Excluded is an excluded item, with the complaints route to give the
// sender of one about a service provided to a particular person.
type Excluded struct {
	Feedback *ent.Feedback
	// ComplaintsRoute is set for INDIVIDUAL_SERVICE.
	ComplaintsRoute *string
}

// TriageFeedback sets an item's responsible party, content, anonymised
// summary and section. A NEW item becomes TRIAGED once it has a
// responsible party and a summary. Once circulated, only the summary and
// the section can change. Safeguarding items are triaged only after an
// officer clears them, because triage prepares an item for circulation.
func (m *Manager) TriageFeedback(ctx context.Context, in Triage) (*ent.Feedback, error) {
	var f *ent.Feedback
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		var err error
		f, err = m.loadForChange(ctx, tx, in.ID, "you may not triage feedback: only the LO team does")
		if err != nil {
			return err
		}
		if err := checkVersion(f, in.Version); err != nil {
			return err
		}
		if err := checkTriageable(f, in); err != nil {
			return err
		}
		plan, err := m.planTriage(ctx, tx, f, in)
		if err != nil {
			return err
		}

		f, err = m.save(ctx, tx, f, in.Version, plan.apply)
		if err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "feedback.triaged", ObjectType: authz.TypeFeedback, ObjectID: f.ID, ChangedFields: plan.changed,
		})
		return nil
	})
	return f, err
}

// checkTriageable returns BAD_USER_INPUT when f cannot take the triage in:
// f is excluded or flagged for safeguarding, or already circulated while
// in changes who is responsible.
func checkTriageable(f *ent.Feedback, in Triage) error {
	switch {
	case in.ResponsibleParty == nil && in.CommissionerID == nil && in.ServiceID == nil &&
		in.InformationPageID == nil && in.Summary == nil && in.SectionID == nil:
		return apperr.Input("input", "give at least one of responsibleParty, commissionerId, serviceId, informationPageId, summary and sectionId")
	case in.ServiceID != nil && in.InformationPageID != nil:
		return apperr.Input("input.serviceId", "give serviceId or informationPageId, not both")
	case f.ExcludedAt != nil:
		return apperr.Input("input.id", "feedback %s was excluded at %s and cannot be triaged", f.ID, formatTime(*f.ExcludedAt))
	case f.Safeguarding && f.ReferralRecordedAt != nil:
		return apperr.Input("input.id", "feedback %s was referred for safeguarding at %s: it stays with the LO team and is never circulated", f.ID, formatTime(*f.ReferralRecordedAt))
	case f.Safeguarding:
		return apperr.Input("input.id", "feedback %s is flagged or suggested for safeguarding: it cannot be triaged for circulation until an officer clears it with clearSafeguarding", f.ID)
	}
	circulated := f.Status != feedback.StatusNew && f.Status != feedback.StatusTriaged
	if circulated && (in.ResponsibleParty != nil || in.CommissionerID != nil || in.ServiceID != nil || in.InformationPageID != nil) {
		return apperr.Input("input.responsibleParty", "feedback %s is %s: its responsible party and content can no longer change, only its summary and section", f.ID, f.Status)
	}
	return nil
}

// triagePlan is the change a triage makes, and the columns it changes.
type triagePlan struct {
	serviceID, pageID *uuid.UUID
	contentChanged    bool
	party             *feedback.ResponsibleParty
	commissionerID    *uuid.UUID
	summary           *string
	sectionID         *uuid.UUID
	status            feedback.Status
	triagedBy         *uuid.UUID
	changed           []string
}

// planTriage checks in against f and the records it names, and works out
// the change.
func (m *Manager) planTriage(ctx context.Context, tx *ent.Client, f *ent.Feedback, in Triage) (*triagePlan, error) {
	p := &triagePlan{serviceID: f.ServiceID, pageID: f.InformationPageID, party: f.ResponsibleParty,
		commissionerID: f.CommissionerID, sectionID: f.SectionID, status: f.Status, triagedBy: callerID(ctx)}
	if in.ServiceID != nil {
		p.serviceID, p.pageID, p.contentChanged = in.ServiceID, nil, true
	}
	if in.InformationPageID != nil {
		p.serviceID, p.pageID, p.contentChanged = nil, in.InformationPageID, true
	}
	subject, err := loadSubject(ctx, tx, p.serviceID, p.pageID)
	if err != nil {
		return nil, err
	}
	if err := p.planParty(ctx, tx, in, subject); err != nil {
		return nil, err
	}
	if err := p.planSummaryAndSection(ctx, tx, f, in, subject); err != nil {
		return nil, err
	}
	if p.status == feedback.StatusNew && p.party != nil && *p.summary != "" {
		p.status = feedback.StatusTriaged
	}
	p.changed = p.changedColumns(f)
	return p, nil
}

// changedColumns names the columns the plan changes on f, for the audit
// event.
func (p *triagePlan) changedColumns(f *ent.Feedback) []string {
	var changed []string
	add := func(differs bool, column string) {
		if differs {
			changed = append(changed, column)
		}
	}
	add(!sameID(p.serviceID, f.ServiceID), "service_id")
	add(!sameID(p.pageID, f.InformationPageID), "information_page_id")
	add(p.party != nil && (f.ResponsibleParty == nil || *p.party != *f.ResponsibleParty), "responsible_party")
	add(!sameID(p.commissionerID, f.CommissionerID), "commissioner_id")
	add(*p.summary != f.Summary, "summary")
	add(!sameID(p.sectionID, f.SectionID), "section_id")
	add(p.status != f.Status, "status")
	return changed
}

func sameID(a, b *uuid.UUID) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// subject is the service or information page an item is about.
type subject struct {
	service *ent.Service
	page    *ent.InformationPage
}

func (s subject) commissionerID() *uuid.UUID {
	switch {
	case s.service != nil:
		return s.service.CommissionerID
	case s.page != nil:
		return s.page.CommissionerID
	}
	return nil
}

// loadSubject loads the content an item is about, through the caller's
// privacy rules; an id the caller cannot read is BAD_USER_INPUT.
func loadSubject(ctx context.Context, tx *ent.Client, serviceID, pageID *uuid.UUID) (subject, error) {
	var s subject
	var err error
	if serviceID != nil {
		s.service, err = tx.Service.Get(ctx, *serviceID)
		if ent.IsNotFound(err) {
			return s, apperr.Input("input.serviceId", "no service has id %s", *serviceID)
		}
		if err != nil {
			return s, fmt.Errorf("load service %s: %w", *serviceID, err)
		}
	}
	if pageID != nil {
		s.page, err = tx.InformationPage.Get(ctx, *pageID)
		if ent.IsNotFound(err) {
			return s, apperr.Input("input.informationPageId", "no information page has id %s", *pageID)
		}
		if err != nil {
			return s, fmt.Errorf("load information page %s: %w", *pageID, err)
		}
	}
	return s, nil
}

// planParty works out the responsible party and the commissioner. Only a
// COMMISSIONER item keeps a commissioner, because the privacy rules let
// the commissioner named read the item.
func (p *triagePlan) planParty(ctx context.Context, tx *ent.Client, in Triage, s subject) error {
	if in.ResponsibleParty != nil {
		if err := feedback.ResponsiblePartyValidator(*in.ResponsibleParty); err != nil {
			return apperr.Input("input.responsibleParty", "%v", err)
		}
		p.party = in.ResponsibleParty
	}
	if in.CommissionerID != nil && (p.party == nil || *p.party != feedback.ResponsiblePartyCommissioner) {
		return apperr.Input("input.commissionerId", "a commissioner is named only when the responsible party is COMMISSIONER")
	}
	if p.party == nil {
		return nil
	}

	switch *p.party {
	case feedback.ResponsiblePartyContentOwners:
		if s.service == nil && s.page == nil {
			return apperr.Input("input.responsibleParty", "CONTENT_OWNERS needs the service or information page the feedback is about: give serviceId or informationPageId")
		}
		p.commissionerID = nil
	case feedback.ResponsiblePartyCommissioner:
		commissioner := in.CommissionerID
		switch {
		case commissioner == nil && p.commissionerID != nil:
			return nil
		case commissioner == nil:
			commissioner = s.commissionerID()
		}
		if commissioner == nil {
			return apperr.Input("input.commissionerId", "COMMISSIONER needs the commissioner responsible: give commissionerId, the id of their provider account")
		}
		if err := checkCommissioner(ctx, tx, *commissioner); err != nil {
			return err
		}
		p.commissionerID = commissioner
	case feedback.ResponsiblePartyLOTeam:
		p.commissionerID = nil
	}
	return nil
}

// checkCommissioner returns BAD_USER_INPUT unless id is an active provider
// account.
func checkCommissioner(ctx context.Context, tx *ent.Client, id uuid.UUID) error {
	u, err := tx.User.Get(system(ctx), id)
	if ent.IsNotFound(err) {
		return apperr.Input("input.commissionerId", "no user has id %s", id)
	}
	if err != nil {
		return fmt.Errorf("load user %s: %w", id, err)
	}
	if u.Role != user.RoleProvider || u.Status != user.StatusActive {
		return apperr.Input("input.commissionerId", "user %s is not an active provider account: name the commissioner's provider account", id)
	}
	return nil
}

// planSummaryAndSection checks the summary and the section, which falls
// back to the section of the item's information page.
func (p *triagePlan) planSummaryAndSection(ctx context.Context, tx *ent.Client, f *ent.Feedback, in Triage, s subject) error {
	p.summary = &f.Summary
	if in.Summary != nil {
		summary, err := cleanText("input.summary", *in.Summary, maxSummaryLength)
		if err != nil {
			return err
		}
		name, err := senderName(ctx, tx, f)
		if err != nil {
			return err
		}
		if err := checkPersonalData("input.summary", summary, in.AcknowledgePersonalData, name); err != nil {
			return err
		}
		p.summary = &summary
	}

	switch {
	case in.SectionID != nil:
		if err := checkSection(ctx, tx, *in.SectionID); err != nil {
			return err
		}
		p.sectionID = in.SectionID
	case p.sectionID == nil && s.page != nil && s.page.SectionID != nil:
		p.sectionID = s.page.SectionID
	}
	return nil
}

// checkSection returns BAD_USER_INPUT unless id is a current term of the
// Local Offer sections taxonomy.
func checkSection(ctx context.Context, tx *ent.Client, id uuid.UUID) error {
	ok, err := tx.TaxonomyTerm.Query().
		Where(taxonomyterm.ID(id), taxonomyterm.Retired(false), taxonomyterm.HasTaxonomyWith(taxonomy.Slug(directory.SectionsTaxonomy))).
		Exist(system(ctx))
	if err != nil {
		return fmt.Errorf("look up section %s: %w", id, err)
	}
	if !ok {
		return apperr.Input("input.sectionId", "%s is not a current term of the %s taxonomy", id, directory.SectionsTaxonomy)
	}
	return nil
}

// apply writes the plan into an update.
func (p *triagePlan) apply(u *ent.FeedbackUpdate) {
	if p.contentChanged {
		u.ClearServiceID().ClearInformationPageID().
			SetNillableServiceID(p.serviceID).SetNillableInformationPageID(p.pageID)
	}
	if p.party != nil {
		u.SetResponsibleParty(*p.party)
	}
	u.ClearCommissionerID().SetNillableCommissionerID(p.commissionerID)
	u.SetSummary(*p.summary).
		SetNillableSectionID(p.sectionID).
		SetStatus(p.status).
		SetNillableTriagedByID(p.triagedBy)
}

// ExcludeFeedback leaves an item out of the cycle, with a reason and a
// note, and closes it. For an item about a service provided to a
// particular person, the result includes the complaints route to give
// the sender.
func (m *Manager) ExcludeFeedback(ctx context.Context, in Exclusion) (*Excluded, error) {
	var out Excluded
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		f, err := m.loadForChange(ctx, tx, in.ID, "you may not exclude feedback: only the LO team does")
		if err != nil {
			return err
		}
		if err := checkVersion(f, in.Version); err != nil {
			return err
		}
		if err := feedback.ExclusionReasonValidator(in.Reason); err != nil {
			return apperr.Input("input.reason", "%v", err)
		}
		note, err := cleanText("input.note", in.Note, maxExclusionNoteLength)
		if err != nil {
			return err
		}
		if err := checkExcludable(f); err != nil {
			return err
		}

		now := m.clock()
		out.Feedback, err = m.save(ctx, tx, f, in.Version, func(u *ent.FeedbackUpdate) {
			u.SetStatus(feedback.StatusExcluded).
				SetExclusionReason(in.Reason).
				SetExclusionNote(note).
				SetExcludedAt(now).
				SetClosedAt(now).
				SetNillableTriagedByID(callerID(ctx))
		})
		if err != nil {
			return err
		}
		if in.Reason == feedback.ExclusionReasonIndividualService {
			route, err := m.complaintsRoute(ctx, tx, out.Feedback)
			if err != nil {
				return err
			}
			out.ComplaintsRoute = &route
		}
		pending.Add(audit.Event{
			Action: "feedback.excluded", ObjectType: authz.TypeFeedback, ObjectID: f.ID,
			ChangedFields: []string{"status", "exclusion_reason", "exclusion_note", "excluded_at", "closed_at"},
			Detail:        "reason " + string(in.Reason),
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// checkExcludable returns BAD_USER_INPUT for an item already excluded or
// closed, or open for safeguarding: a possible risk to a child is dealt
// with before anything else.
func checkExcludable(f *ent.Feedback) error {
	switch {
	case f.ExcludedAt != nil:
		return apperr.Input("input.id", "feedback %s was already excluded at %s", f.ID, formatTime(*f.ExcludedAt))
	case f.Status == feedback.StatusClosed:
		return apperr.Input("input.id", "feedback %s is closed: its council response was approved", f.ID)
	case OpenSafeguarding(f):
		return apperr.Input("input.id", "feedback %s is in the safeguarding queue: record the referral or clear it before excluding it", f.ID)
	}
	return nil
}

// complaintsRoute returns what to tell the sender of feedback about a
// service provided to them or their child: the service's own complaints
// procedure, when it has one, and the Local Offer's published page on
// complaints, when there is one.
func (m *Manager) complaintsRoute(ctx context.Context, tx *ent.Client, f *ent.Feedback) (string, error) {
	lines := []string{"Feedback about a service provided to a particular person is a complaint: " +
		"it goes to the complaints route, not to the Local Offer's feedback cycle."}

	if f.ServiceID != nil {
		s, err := tx.Service.Get(system(ctx), *f.ServiceID)
		if err != nil {
			return "", fmt.Errorf("load service %s: %w", *f.ServiceID, err)
		}
		if procedure := strings.TrimSpace(s.HowToComplain); procedure != "" {
			lines = append(lines, fmt.Sprintf("How to complain about %s: %s", s.Name, procedure))
		}
	}
	page, err := tx.InformationPage.Query().
		Where(informationpage.TopicEQ(informationpage.TopicComplaints), informationpage.StatusEQ(informationpage.StatusPublished)).
		Order(ent.Asc(informationpage.FieldTitle), ent.Asc(informationpage.FieldID)).
		First(system(ctx))
	switch {
	case err == nil:
		lines = append(lines, fmt.Sprintf("The Local Offer's page %q explains how to complain: %s",
			page.Title, directory.InformationPageURL(strings.TrimRight(m.opts.PublicURL, "/"), page)))
	case !ent.IsNotFound(err):
		return "", fmt.Errorf("look up the complaints page: %w", err)
	}
	if len(lines) == 1 {
		lines = append(lines, "Point the sender to the complaints procedure of the service's provider, or to the council's complaints team.")
	}
	return strings.Join(lines, "\n\n"), nil
}

// loadForChange loads an item through the caller's privacy rules and
// checks that they may change it: NOT_FOUND when they cannot read it,
// FORBIDDEN with reason when they can read it but not change it.
func (m *Manager) loadForChange(ctx context.Context, tx *ent.Client, id uuid.UUID, reason string) (*ent.Feedback, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	f, err := tx.Feedback.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no feedback with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load feedback %s: %w", id, err)
	}
	if !m.allowed(ctx, authz.TypeFeedback, authz.ActionUpdate, authz.RelationNone) {
		return nil, fmt.Errorf("%s: %w", reason, apperr.ErrForbidden)
	}
	return f, nil
}

// checkVersion returns CONFLICT when f changed since the caller read
// version.
func checkVersion(f *ent.Feedback, version int) error {
	if f.Version != version {
		return versionConflict(f.ID, version)
	}
	return nil
}

func versionConflict(id uuid.UUID, version int) error {
	return fmt.Errorf("feedback %s changed since version %d: reload it and try again: %w", id, version, apperr.ErrConflict)
}

// save applies change to f only while f is still at version, adds one to
// its version and returns it reloaded. A concurrent change between the
// read and this write is a conflict.
func (m *Manager) save(ctx context.Context, tx *ent.Client, f *ent.Feedback, version int, change func(*ent.FeedbackUpdate)) (*ent.Feedback, error) {
	update := tx.Feedback.Update().Where(feedback.ID(f.ID), feedback.Version(version)).AddVersion(1)
	change(update)
	n, err := update.Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("update feedback %s: %w", f.ID, err)
	}
	if n == 0 {
		return nil, versionConflict(f.ID, version)
	}
	saved, err := tx.Feedback.Get(system(ctx), f.ID)
	if err != nil {
		return nil, fmt.Errorf("reload feedback %s: %w", f.ID, err)
	}
	return saved, nil
}

// checkPersonalData refuses text that is to be circulated or published and
// in which FindPersonalData finds likely personal data, or which contains
// the name the sender gave with their contact details, unless the officer
// acknowledged it. The message names what was found, by kind and place.
func checkPersonalData(field, text string, acknowledged bool, senderName string) error {
	if acknowledged {
		return nil
	}
	var found []string
	for _, m := range FindPersonalData(text) {
		found = append(found, fmt.Sprintf("%s at character %d", strings.ToLower(strings.ReplaceAll(string(m.Kind), "_", " ")), m.Start))
	}
	if at := nameIn(text, senderName); at >= 0 {
		found = append(found, fmt.Sprintf("the sender's name at character %d", at))
	}
	if len(found) == 0 {
		return nil
	}
	return apperr.Input(field, "may hold personal data (%s): remove it, or send acknowledgePersonalData: true if it is not personal data",
		strings.Join(found, ", "))
}

// senderName returns the name on the contact details of f, or "" when it
// has none.
func senderName(ctx context.Context, tx *ent.Client, f *ent.Feedback) (string, error) {
	contact, err := tx.FeedbackContact.Query().Where(feedbackcontact.FeedbackID(f.ID)).Only(system(ctx))
	if ent.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load the contact details of feedback %s: %w", f.ID, err)
	}
	return contact.Name, nil
}

// nameIn returns where in text, in characters, the sender's name first
// stands as whole words in any case, or one of its words of three or more
// letters as written (so "Parent" and not "parent"), or -1 when neither
// does.
func nameIn(text, name string) int {
	first := -1
	for i, word := range append([]string{name}, strings.Fields(name)...) {
		word = strings.TrimSpace(word)
		if utf8.RuneCountInString(word) < 3 {
			continue
		}
		flags := ""
		if i == 0 {
			flags = "(?i)"
		}
		pattern := regexp.MustCompile(flags + `\b` + strings.Join(strings.Fields(regexp.QuoteMeta(word)), `\s+`) + `\b`)
		if m := pattern.FindStringIndex(text); m != nil {
			at := utf8.RuneCountInString(text[:m[0]])
			if first < 0 || at < first {
				first = at
			}
		}
	}
	return first
}
