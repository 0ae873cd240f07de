package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/localoffer/localoffer/ent"
)

// DefaultAgreement is version 1 of the service level agreement, the one the
// product ships with. LO admins publish their council's own wording as
// later versions.
const DefaultAgreement = `Service level agreement for providers on the Local Offer

This agreement is between the council's Local Offer team and everyone who provides a service or an information page on the Local Offer. The lead for each page accepts it for the content they lead. Content managers work under it on the lead's behalf, and the lead stays responsible.

1. Keep your content accurate
Families use the Local Offer to decide where to go for help. Make sure everything on your pages is correct: what you offer, who it is for, how to get it, what it costs, when it is open, where it is and how to contact you. When something changes, submit the change straight away rather than waiting for the next review.

2. Review your pages every six months
Twice a year, in each review cycle, we email you a list of your pages and the date by which to review them. By that deadline, either submit the changes each page needs or confirm that it is still accurate. A deadline means the end of that day, UK time. A page that has not been reviewed for six months is shown as possibly out of date.

3. Answer feedback by the deadline
We pass on comments from children, young people, parents and carers about your service. Answer each one by the deadline we give you, saying what you will do about it. At least once a year the council publishes a summary of the comments it has received and its response, without saying who made them.

4. Tell us when things change
Tell the Local Offer team as soon as you know that a service is closing, closing for a while, or moving to another organisation, or that someone else should now lead a page. We will update, hand over or take down the page, so that families are not sent to a service that is not there.

5. If a deadline is missed
We send you a reminder. If the page is still not reviewed, we tell the service's commissioner, where it has one, and then list the page for the SEND partnership board.

6. What we do
We check changes before they are published, unless your organisation is trusted to publish directly, and we tell you when we approve or reject a change, and why.

7. Changes to this agreement
If we change this agreement, we will ask you to accept the new version before you submit any more changes.`

// ensureAgreement publishes DefaultAgreement as version 1 when no version
// of the agreement exists yet. Once any version exists it does nothing, so
// an install keeps the wording its LO admins published.
func ensureAgreement(ctx context.Context, client *ent.Client) error {
	exists, err := client.SLAVersion.Query().Exist(ctx)
	if err != nil {
		return fmt.Errorf("look up the service level agreement: %w", err)
	}
	if exists {
		return nil
	}
	err = client.SLAVersion.Create().
		SetVersion(1).
		SetText(DefaultAgreement).
		SetPublishedAt(time.Now().UTC().Truncate(time.Second)).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("publish the default service level agreement: %w", err)
	}
	return nil
}
