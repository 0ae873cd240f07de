package sla

import (
	"context"
	"fmt"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/notify"
)

// TemplateAgreementPublished is the template of the email that asks leads to
// accept a new version of the agreement.
const TemplateAgreementPublished = "sla_agreement_published"

// emailLeadsOfNewVersion asks every active provider who leads a service or
// information page that is not archived to accept version. Until they do,
// changes to their content cannot be submitted, so they hear of it at once.
func emailLeadsOfNewVersion(ctx context.Context, tx *ent.Client, version *ent.SLAVersion) error {
	leads, err := tx.User.Query().
		Where(
			user.RoleEQ(user.RoleProvider),
			user.StatusEQ(user.StatusActive),
			user.Or(
				user.HasLedServicesWith(service.StatusNEQ(service.StatusArchived)),
				user.HasLedPagesWith(informationpage.StatusNEQ(informationpage.StatusArchived)),
			),
		).
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
