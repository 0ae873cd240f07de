package sla

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/slaacceptance"
	"github.com/localoffer/localoffer/ent/slaversion"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxAgreementLength is the longest text of a version of the agreement, in
// characters: several times the length of the default agreement.
const maxAgreementLength = 50000

// CurrentAgreement returns the current version of the agreement, the one
// with the highest number.
func (m *Manager) CurrentAgreement(ctx context.Context) (*ent.SLAVersion, error) {
	if err := m.authorize(ctx, authz.TypeSLAVersion, authz.ActionRead,
		"only providers and the LO team may read the service level agreement"); err != nil {
		return nil, err
	}
	return currentVersion(ctx, m.reader(ctx))
}

// currentVersion returns the version with the highest number that the
// caller in ctx may read.
func currentVersion(ctx context.Context, client *ent.Client) (*ent.SLAVersion, error) {
	current, err := client.SLAVersion.Query().Order(ent.Desc(slaversion.FieldVersion)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no version of the service level agreement has been published")
	}
	if err != nil {
		return nil, fmt.Errorf("load the current service level agreement: %w", err)
	}
	return current, nil
}

// PublishAgreement publishes text as the next version of the agreement. It
// becomes current at once: leads must accept it before their content's
// change requests can be submitted again, and each is emailed to say so.
func (m *Manager) PublishAgreement(ctx context.Context, text string) (*ent.SLAVersion, error) {
	if err := m.authorize(ctx, authz.TypeSLAVersion, authz.ActionCreate,
		"you may not publish the service level agreement: only LO admins do"); err != nil {
		return nil, err
	}
	text, err := cleanText("input.text", text, maxAgreementLength)
	if err != nil {
		return nil, err
	}

	var published *ent.SLAVersion
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		number := 1
		latest, err := currentVersion(system(ctx), tx)
		switch {
		case err == nil:
			if latest.Text == text {
				return apperr.Input("input.text", "is the same as version %d, the current version: change the text, or leave the agreement as it is", latest.Version)
			}
			number = latest.Version + 1
		case !errors.Is(err, apperr.ErrNotFound):
			return err
		}

		published, err = tx.SLAVersion.Create().
			SetVersion(number).
			SetText(text).
			SetPublishedAt(m.clock()).
			SetNillablePublishedByID(callerID(ctx)).
			Save(system(ctx))
		if ent.IsConstraintError(err) {
			return fmt.Errorf("another version %d of the service level agreement was published meanwhile: read it and try again: %w", number, apperr.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("publish version %d of the service level agreement: %w", number, err)
		}
		if err := emailLeadsOfNewVersion(ctx, tx, published); err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "sla.published", ObjectType: authz.TypeSLAVersion, ObjectID: published.ID,
			Detail: fmt.Sprintf("version %d", number),
		})
		return nil
	})
	return published, err
}

// Acceptance returns the caller's acceptance of version, or nil when they
// have not accepted it or are not a signed-in user.
func (m *Manager) Acceptance(ctx context.Context, version *ent.SLAVersion) (*ent.SLAAcceptance, error) {
	caller := callerID(ctx)
	if caller == nil {
		return nil, nil
	}
	acceptance, err := m.reader(ctx).SLAAcceptance.Query().
		Where(slaacceptance.UserID(*caller), slaacceptance.SLAVersionID(version.ID)).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load acceptance of version %d of the service level agreement: %w", version.Version, err)
	}
	return acceptance, nil
}

// Acceptances returns a page of the acceptances of version that the caller
// may read, oldest first: their own, or every one for the LO team.
func (m *Manager) Acceptances(ctx context.Context, version *ent.SLAVersion, page directory.Page) (*ent.SLAAcceptanceConnection, error) {
	if err := page.Validate(); err != nil {
		return nil, err
	}
	conn, err := m.reader(ctx).SLAAcceptance.Query().
		Where(slaacceptance.SLAVersionID(version.ID)).
		Paginate(ctx, page.After, page.First, page.Before, page.Last)
	if err != nil {
		return nil, fmt.Errorf("list acceptances of version %d of the service level agreement: %w", version.Version, err)
	}
	return conn, nil
}

// AcceptAgreement records that the caller accepts version of the agreement.
// It must be the current version, so that a lead accepts only the text they
// read. Accepting a version again returns the first acceptance unchanged.
func (m *Manager) AcceptAgreement(ctx context.Context, version int) (*ent.SLAAcceptance, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var accepted *ent.SLAAcceptance
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		current, err := currentVersion(ctx, tx)
		if err != nil {
			return err
		}
		if !m.allowed(ctx, authz.TypeSLAAcceptance, authz.ActionCreate, authz.RelationSelf) {
			return fmt.Errorf("you may not accept the service level agreement: only providers accept it, and the LO team is not bound by it: %w", apperr.ErrForbidden)
		}
		if err := checkCurrent(version, current); err != nil {
			return err
		}
		accepted, err = m.accept(ctx, tx, current, pending)
		return err
	})
	return accepted, err
}

// checkCurrent fails unless version is the current version's number.
func checkCurrent(version int, current *ent.SLAVersion) error {
	switch {
	case version == current.Version:
		return nil
	case version < 1 || version > current.Version:
		return apperr.Input("input.version", "there is no version %d of the service level agreement: the current version is %d", version, current.Version)
	}
	return fmt.Errorf("version %d of the service level agreement is no longer current: read version %d and accept that: %w",
		version, current.Version, apperr.ErrConflict)
}

// accept records the caller's acceptance of version, unless they accepted
// it before.
func (m *Manager) accept(ctx context.Context, tx *ent.Client, version *ent.SLAVersion, pending *audit.Pending) (*ent.SLAAcceptance, error) {
	caller := viewer.FromContext(ctx).UserID
	existing, err := tx.SLAAcceptance.Query().
		Where(slaacceptance.UserID(caller), slaacceptance.SLAVersionID(version.ID)).
		Only(system(ctx))
	if err == nil {
		return existing, nil
	}
	if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("look up acceptance of version %d: %w", version.Version, err)
	}

	accepted, err := tx.SLAAcceptance.Create().
		SetUserID(caller).
		SetAgreement(version).
		SetAcceptedAt(m.clock()).
		Save(system(ctx))
	if ent.IsConstraintError(err) {
		return nil, fmt.Errorf("version %d was accepted from another request meanwhile: %w", version.Version, apperr.ErrConflict)
	}
	if err != nil {
		return nil, fmt.Errorf("record acceptance of version %d: %w", version.Version, err)
	}
	pending.Add(audit.Event{
		Action: "sla.accepted", ObjectType: authz.TypeSLAAcceptance, ObjectID: accepted.ID,
		Detail: fmt.Sprintf("version %d", version.Version),
	})
	return accepted, nil
}

// RequireAcceptance returns ErrForbidden, naming the acceptServiceLevelAgreement
// mutation, when a provider submits a change to content whose lead has not
// accepted the current version of the agreement. The caller may be the lead
// or one of the content's content managers. The agreement binds providers
// only. So it returns nil for callers who are not providers (LO officers'
// own edits, imports), for content without a lead, and for content led by
// someone who is not a provider, such as an LO officer. client is the
// caller's transaction.
func RequireAcceptance(ctx context.Context, client *ent.Client, leadID *uuid.UUID) error {
	v := viewer.FromContext(ctx)
	if v.System || v.Role != authz.RoleProvider || leadID == nil {
		return nil
	}
	ctx = system(ctx)

	lead, err := client.User.Get(ctx, *leadID)
	if err != nil {
		return fmt.Errorf("load lead %s: %w", *leadID, err)
	}
	if lead.Role != user.RoleProvider {
		return nil
	}
	current, err := currentVersion(ctx, client)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}

	accepted, err := client.SLAAcceptance.Query().
		Where(slaacceptance.UserID(lead.ID), slaacceptance.SLAVersionID(current.ID)).
		Exist(ctx)
	if err != nil {
		return fmt.Errorf("check acceptance of the service level agreement by %s: %w", lead.ID, err)
	}
	if accepted {
		return nil
	}
	if lead.ID == v.UserID {
		return fmt.Errorf("you have not accepted version %d of the service level agreement, which you must before you submit changes to content you lead: read it with the serviceLevelAgreement query, accept it with the acceptServiceLevelAgreement mutation, then submit again: %w",
			current.Version, apperr.ErrForbidden)
	}
	return fmt.Errorf("%s, the lead of this content, has not accepted version %d of the service level agreement: changes to it can be submitted once they accept it with the acceptServiceLevelAgreement mutation: %w",
		lead.Name, current.Version, apperr.ErrForbidden)
}
