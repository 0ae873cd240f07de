package ownership

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/providerapplication"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/viewer"
	"github.com/localoffer/localoffer/internal/workflow"
)

// Length limits of sign-up text, in bytes. Names follow the schema; the free
// text limits keep a public form from storing essays.
const (
	maxTitleBytes   = 300
	maxSummaryBytes = 2000
	maxReasonBytes  = 5000
)

// SignUp is a provider's request for an account and for a service to be
// listed.
type SignUp struct {
	Name             string
	Email            string
	OrganizationName string
	ServiceName      string
	ServiceSummary   *string
	InclusionBasis   providerapplication.InclusionBasis
	Reason           string
}

// SignUpProvider creates an account waiting for approval, with no password,
// and a pending application. The account can neither sign in nor do
// anything until an LO officer approves the application, which invites the
// applicant to set a password. An email that already has an account is a
// conflict.
func (m *Manager) SignUpProvider(ctx context.Context, in SignUp) (*ent.ProviderApplication, error) {
	v := viewer.FromContext(ctx)
	if !m.allowed(v, authz.TypeProviderApplication, authz.ActionCreate, authz.RelationNone) {
		return nil, fmt.Errorf("you may not sign up as a provider: %w", apperr.ErrForbidden)
	}
	in, email, err := validateSignUp(in)
	if err != nil {
		return nil, err
	}

	var application *ent.ProviderApplication
	err = m.run(ctx, func(tx *ent.Client, c *change) error {
		applicant, err := createApplicant(ctx, tx, in, email)
		if err != nil {
			return err
		}
		application, err = tx.ProviderApplication.Create().
			SetApplicant(applicant).
			SetOrganizationName(in.OrganizationName).
			SetServiceName(in.ServiceName).
			SetNillableServiceSummary(in.ServiceSummary).
			SetInclusionBasis(in.InclusionBasis).
			SetReason(in.Reason).
			Save(system(ctx))
		if err != nil {
			return fmt.Errorf("create provider application: %w", err)
		}

		body := fmt.Sprintf("Hello %s,\n\nThank you for asking to list %s on the Local Offer. "+
			"The Local Offer team will review your application and email you their decision.\n\n"+
			"If you did not sign up, you can ignore this email: the account cannot be used until the team approves it.\n",
			applicant.Name, in.ServiceName)
		if err := enqueue(ctx, tx, "provider_application_received", email, "We have received your application", body); err != nil {
			return err
		}
		c.audit(audit.Event{
			Action:     "provider_application.submitted",
			ObjectType: authz.TypeProviderApplication,
			ObjectID:   application.ID,
			ActorID:    applicant.ID,
			ActorEmail: applicant.Email,
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return application, nil
}

// validateSignUp trims the sign-up's text and checks it, returning the
// normalised email.
func validateSignUp(in SignUp) (SignUp, string, error) {
	email, err := auth.NormalizeEmail("input.email", in.Email)
	if err != nil {
		return in, "", err
	}
	in.Name = strings.TrimSpace(in.Name)
	in.OrganizationName = strings.TrimSpace(in.OrganizationName)
	in.ServiceName = strings.TrimSpace(in.ServiceName)
	in.Reason = strings.TrimSpace(in.Reason)
	if in.ServiceSummary != nil {
		summary := strings.TrimSpace(*in.ServiceSummary)
		in.ServiceSummary = &summary
		if summary == "" {
			in.ServiceSummary = nil
		}
	}

	checks := []struct {
		field, value string
		max          int
	}{
		{"input.name", in.Name, maxNameBytes},
		{"input.organizationName", in.OrganizationName, maxTitleBytes},
		{"input.serviceName", in.ServiceName, maxTitleBytes},
		{"input.reason", in.Reason, maxReasonBytes},
	}
	for _, check := range checks {
		if err := requireText(check.field, check.value, check.max); err != nil {
			return in, "", err
		}
	}
	if in.ServiceSummary != nil && len(*in.ServiceSummary) > maxSummaryBytes {
		return in, "", tooLong("input.serviceSummary", *in.ServiceSummary, maxSummaryBytes)
	}
	if err := providerapplication.InclusionBasisValidator(in.InclusionBasis); err != nil {
		return in, "", apperr.Input("input.inclusionBasis", "%q is not an inclusion basis", in.InclusionBasis)
	}
	return in, email, nil
}

// requireText checks that a trimmed value is present and at most max bytes.
func requireText(field, value string, max int) error {
	if value == "" {
		return apperr.Input(field, "is missing: give some text")
	}
	if len(value) > max {
		return tooLong(field, value, max)
	}
	return nil
}

func tooLong(field, value string, max int) error {
	return apperr.Input(field, "is too long (%d bytes); shorten it to at most %d", len(value), max)
}

// createApplicant creates the applicant's account, or reports the conflict
// when the email already has one.
func createApplicant(ctx context.Context, tx *ent.Client, in SignUp, email string) (*ent.User, error) {
	ctx = system(ctx)
	existing, err := tx.User.Query().Where(user.Email(email)).Only(ctx)
	switch {
	case err == nil:
		return nil, emailTaken(email, existing.Status)
	case !ent.IsNotFound(err):
		return nil, fmt.Errorf("look up user by email: %w", err)
	}

	u, err := tx.User.Create().
		SetEmail(email).
		SetName(in.Name).
		SetRole(user.RoleProvider).
		SetStatus(user.StatusPendingApproval).
		SetOrganizationName(in.OrganizationName).
		Save(ctx)
	if ent.IsConstraintError(err) {
		// Another sign-up with the same email committed in the meantime.
		return nil, emailTaken(email, user.StatusPendingApproval)
	}
	if err != nil {
		return nil, fmt.Errorf("create applicant: %w", err)
	}
	return u, nil
}

func emailTaken(email string, status user.Status) error {
	switch status {
	case user.StatusPendingApproval:
		return fmt.Errorf("a sign-up for %s is already waiting for the Local Offer team's decision: %w", email, apperr.ErrConflict)
	case user.StatusDeclined:
		return fmt.Errorf("a sign-up for %s was declined; contact the Local Offer team to apply again: %w", email, apperr.ErrConflict)
	default:
		return fmt.Errorf("%s already has an account; sign in, or reset the password if it is lost: %w", email, apperr.ErrConflict)
	}
}

// Approval is an LO officer's approval of a provider application.
type Approval struct {
	ID uuid.UUID
	// OrganizationID names an existing organisation for the service; without
	// it, one is created from the application.
	OrganizationID *uuid.UUID
}

// Approved is an approved application and the pending service it created.
type Approved struct {
	Application *ent.ProviderApplication
	Service     *ent.Service
}

// ApproveProviderApplication approves a pending application: it creates the
// proposed service as a PENDING service led by the applicant, in the given
// organisation or a new one, invites the applicant to set a password and
// emails them the decision.
func (m *Manager) ApproveProviderApplication(ctx context.Context, in Approval) (*Approved, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	out := &Approved{}
	err = m.run(ctx, func(tx *ent.Client, c *change) error {
		application, applicant, err := m.loadApplicationToDecide(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		organizationID, err := organizationFor(ctx, tx, application, in.OrganizationID)
		if err != nil {
			return err
		}
		created, err := createPendingService(ctx, tx, application, organizationID)
		if err != nil {
			return err
		}

		application, err = application.Update().
			SetState(providerapplication.StateApproved).
			SetDecidedAt(time.Now().UTC()).
			SetNillableDecidedByID(actorID(v)).
			SetService(created).
			Save(system(ctx))
		if err != nil {
			return fmt.Errorf("approve provider application %s: %w", in.ID, err)
		}
		if err := m.inviteApplicant(ctx, tx, applicant, created); err != nil {
			return err
		}
		c.audit(audit.Event{
			Action:        "provider_application.approved",
			ObjectType:    authz.TypeProviderApplication,
			ObjectID:      application.ID,
			ChangedFields: []string{"state"},
			Detail:        "pending service " + created.ID.String() + " led by " + userRef(&applicant.ID),
		})

		out.Application, err = tx.ProviderApplication.Get(ctx, application.ID)
		if err != nil {
			return fmt.Errorf("reload provider application %s: %w", application.ID, err)
		}
		out.Service, err = tx.Service.Get(ctx, created.ID)
		if err != nil {
			return fmt.Errorf("reload service %s: %w", created.ID, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// loadApplicationToDecide loads a pending application and its applicant,
// after checking that the caller may decide it.
func (m *Manager) loadApplicationToDecide(ctx context.Context, tx *ent.Client, id uuid.UUID) (*ent.ProviderApplication, *ent.User, error) {
	application, err := tx.ProviderApplication.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil, apperr.NotFound("no provider application with id %s", id)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load provider application %s: %w", id, err)
	}
	v := viewer.FromContext(ctx)
	relation := authz.RelationNone
	if v.SignedIn() && application.ApplicantID == v.UserID {
		relation = authz.RelationSelf
	}
	if !m.allowed(v, authz.TypeProviderApplication, authz.ActionDecide, relation) {
		return nil, nil, fmt.Errorf("only LO officers may decide provider applications: %w", apperr.ErrForbidden)
	}
	if application.State != providerapplication.StatePending {
		return nil, nil, fmt.Errorf("provider application %s is already %s: %w",
			id, strings.ToLower(string(application.State)), apperr.ErrConflict)
	}

	applicant, err := tx.User.Get(system(ctx), application.ApplicantID)
	if err != nil {
		return nil, nil, fmt.Errorf("load applicant %s: %w", application.ApplicantID, err)
	}
	if applicant.Status != user.StatusPendingApproval {
		return nil, nil, fmt.Errorf("the applicant's account is %s, no longer waiting for approval: %w",
			strings.ToLower(string(applicant.Status)), apperr.ErrConflict)
	}
	return application, applicant, nil
}

// organizationFor returns the organisation the approved service belongs to:
// the one given, or a new one of kind OTHER named as in the application.
func organizationFor(ctx context.Context, tx *ent.Client, application *ent.ProviderApplication, id *uuid.UUID) (uuid.UUID, error) {
	ctx = system(ctx)
	if id != nil {
		exists, err := tx.Organization.Query().Where(organization.ID(*id)).Exist(ctx)
		if err != nil {
			return uuid.Nil, fmt.Errorf("look up organisation %s: %w", *id, err)
		}
		if !exists {
			return uuid.Nil, apperr.Input("input.organizationId", "no organisation has id %s", *id)
		}
		return *id, nil
	}

	slug, err := freeSlug(ctx, application.OrganizationName, func(base string) ([]string, error) {
		return tx.Organization.Query().
			Where(organization.Or(organization.Slug(base), organization.SlugHasPrefix(base+"-"))).
			Select(organization.FieldSlug).
			Strings(ctx)
	})
	if err != nil {
		return uuid.Nil, err
	}
	created, err := tx.Organization.Create().
		SetName(application.OrganizationName).
		SetSlug(slug).
		SetKind(organization.KindOther).
		Save(ctx)
	if err != nil {
		return uuid.Nil, fmt.Errorf("create organisation for provider application %s: %w", application.ID, err)
	}
	return created.ID, nil
}

// createPendingService creates the application's service, led by the
// applicant, as a pending create change request in the moderation queue:
// approving the sign-up accepts the provider, not yet their service.
func createPendingService(ctx context.Context, tx *ent.Client, application *ent.ProviderApplication, organizationID uuid.UUID) (*ent.Service, error) {
	ctx = system(ctx)
	slug, err := freeSlug(ctx, application.ServiceName, func(base string) ([]string, error) {
		return tx.Service.Query().
			Where(service.Or(service.Slug(base), service.SlugHasPrefix(base+"-"))).
			Select(service.FieldSlug).
			Strings(ctx)
	})
	if err != nil {
		return nil, err
	}
	basis := service.InclusionBasis(application.InclusionBasis)
	create := tx.Service.Create().
		SetOrganizationID(organizationID).
		SetName(application.ServiceName).
		SetSlug(slug).
		SetStatus(service.StatusPending).
		SetInclusionBasis(basis).
		SetLeadID(application.ApplicantID)
	if application.ServiceSummary != "" {
		create.SetSummary(application.ServiceSummary)
	}
	created, err := create.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create service for provider application %s: %w", application.ID, err)
	}
	err = workflow.HoldServiceForReview(ctx, tx, created.ID, &application.ApplicantID, application.Reason, time.Now())
	if err != nil {
		return nil, err
	}
	return created, nil
}

// freeSlug returns the slug of name, or that slug with the lowest suffix
// from -2 up that is not taken. taken lists the slugs in use that equal the
// base or start with it and a hyphen.
func freeSlug(ctx context.Context, name string, taken func(base string) ([]string, error)) (string, error) {
	base := content.Slugify(name)
	used, err := taken(base)
	if err != nil {
		return "", fmt.Errorf("look up slugs like %s: %w", base, err)
	}
	inUse := make(map[string]bool, len(used))
	for _, s := range used {
		inUse[s] = true
	}
	if !inUse[base] {
		return base, nil
	}
	for n := 2; ; n++ {
		candidate := fmt.Sprintf("%s-%d", base, n)
		if !inUse[candidate] {
			return candidate, nil
		}
	}
}

// inviteApplicant turns the approved applicant's account into an invited
// one and sends the decision and the link to set a password. auth.Invite
// writes the link; the account becomes active when the applicant uses it.
func (m *Manager) inviteApplicant(ctx context.Context, tx *ent.Client, applicant *ent.User, created *ent.Service) error {
	err := tx.User.UpdateOne(applicant).SetStatus(user.StatusInvited).Exec(system(ctx))
	if err != nil {
		return fmt.Errorf("invite applicant %s: %w", applicant.ID, err)
	}
	body := fmt.Sprintf("Hello %s,\n\nThe Local Offer team has approved your application. "+
		"You are the lead for %s, which the team will check before it appears on the Local Offer.\n\n"+
		"A separate email has a link to set your password. Once you have set it, you can sign in "+
		"to complete the service's details.\n", applicant.Name, created.Name)
	if err := enqueue(ctx, tx, "provider_application_approved", applicant.Email, "Your Local Offer application is approved", body); err != nil {
		return err
	}
	_, err = auth.Invite(ctx, tx, m.publicURL, auth.Invitation{
		Email: applicant.Email,
		Name:  applicant.Name,
		Role:  user.RoleProvider,
	})
	return err
}

// Decline is an LO officer's refusal of a provider application.
type Decline struct {
	ID     uuid.UUID
	Reason string
}

// DeclineProviderApplication declines a pending application, marks the
// applicant's account declined and emails them the reason.
func (m *Manager) DeclineProviderApplication(ctx context.Context, in Decline) (*ent.ProviderApplication, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	reason := strings.TrimSpace(in.Reason)
	var out *ent.ProviderApplication
	err = m.run(ctx, func(tx *ent.Client, c *change) error {
		application, applicant, err := m.loadApplicationToDecide(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		if err := requireText("input.reason", reason, maxReasonBytes); err != nil {
			return err
		}

		err = application.Update().
			SetState(providerapplication.StateDeclined).
			SetDeclineReason(reason).
			SetDecidedAt(time.Now().UTC()).
			SetNillableDecidedByID(actorID(v)).
			Exec(system(ctx))
		if err != nil {
			return fmt.Errorf("decline provider application %s: %w", in.ID, err)
		}
		err = tx.User.UpdateOne(applicant).SetStatus(user.StatusDeclined).Exec(system(ctx))
		if err != nil {
			return fmt.Errorf("decline applicant %s: %w", applicant.ID, err)
		}
		body := fmt.Sprintf("Hello %s,\n\nThe Local Offer team has declined your application to list %s, "+
			"for this reason:\n\n%s\n\nIf you have questions about the decision, contact the Local Offer team.\n",
			applicant.Name, application.ServiceName, reason)
		if err := enqueue(ctx, tx, "provider_application_declined", applicant.Email, "Your Local Offer application", body); err != nil {
			return err
		}
		c.audit(audit.Event{
			Action:        "provider_application.declined",
			ObjectType:    authz.TypeProviderApplication,
			ObjectID:      application.ID,
			ChangedFields: []string{"state", "decline_reason"},
		})

		out, err = tx.ProviderApplication.Get(ctx, application.ID)
		if err != nil {
			return fmt.Errorf("reload provider application %s: %w", application.ID, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
