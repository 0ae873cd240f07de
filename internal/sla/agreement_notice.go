package sla

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/slaacceptance"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/viewer"
)

// TemplateAgreementPublished is the template of the email that asks leads to
// accept a new version of the agreement.
const TemplateAgreementPublished = "sla_agreement_published"

// emailLeadsOfNewVersion asks every active provider who leads a service or
// information page that is not archived to accept version. Until they do,
// changes to their content cannot be submitted, so they hear of it at once.
func emailLeadsOfNewVersion(ctx context.Context, tx *ent.Client, version *ent.SLAVersion) error {
	leads, err := leadsQuery(tx).
		Order(ent.Asc(user.FieldEmail)).
		All(system(ctx))
	if err != nil {
		return fmt.Errorf("list leads to ask to accept version %d: %w", version.Version, err)
	}
	for _, lead := range leads {
		_, err := notify.Enqueue(ctx, tx, notify.Message{
			EventKey:  fmt.Sprintf("%s:%s:%s", TemplateAgreementPublished, version.ID, lead.ID),
			Template:  TemplateAgreementPublished,
			Recipient: lead.Email,
			Subject:   fmt.Sprintf("Please accept version %d of the Local Offer service level agreement", version.Version),
			Body: fmt.Sprintf("Hello %s,\n\n"+
				"The Local Offer team has published version %d of the service level agreement, "+
				"which sets out how providers keep their Local Offer pages up to date.\n\n"+
				"Please sign in, read it with the serviceLevelAgreement query and accept it with the "+
				"acceptServiceLevelAgreement mutation. Until you do, changes to the content you lead, "+
				"yours or your content managers', cannot be submitted for approval.\n\n"+
				"The Local Offer team\n",
				lead.Name, version.Version),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// LeadsNotAccepted returns the active providers who lead a service or
// information page that is not archived and have not accepted version,
// by name: the leads whose content's changes cannot be submitted. Only
// the LO team may list them.
func (m *Manager) LeadsNotAccepted(ctx context.Context, version *ent.SLAVersion) ([]*ent.User, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	if !v.System && !slices.Contains(m.authz.Scopes(v.PolicyRole(), authz.TypeSLAAcceptance, authz.ActionRead), authz.ScopeAll) {
		return nil, fmt.Errorf("only the LO team may list the leads who have not accepted: %w", apperr.ErrForbidden)
	}
	var accepted []uuid.UUID
	err := m.reader(ctx).SLAAcceptance.Query().
		Where(slaacceptance.SLAVersionID(version.ID)).
		Select(slaacceptance.FieldUserID).
		Scan(system(ctx), &accepted)
	if err != nil {
		return nil, fmt.Errorf("list acceptances of version %d: %w", version.Version, err)
	}
	leads, err := leadsQuery(m.reader(ctx)).
		Where(user.IDNotIn(accepted...)).
		Order(ent.Asc(user.FieldName), ent.Asc(user.FieldEmail)).
		All(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("list leads who have not accepted version %d: %w", version.Version, err)
	}
	return leads, nil
}

// leadsQuery selects the active providers who lead a service or
// information page that is not archived: those the agreement binds.
func leadsQuery(client *ent.Client) *ent.UserQuery {
	return client.User.Query().
		Where(
			user.RoleEQ(user.RoleProvider),
			user.StatusEQ(user.StatusActive),
			user.Or(
				user.HasLedServicesWith(service.StatusNEQ(service.StatusArchived)),
				user.HasLedPagesWith(informationpage.StatusNEQ(informationpage.StatusArchived)),
			),
		)
}
