package graph_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	"github.com/localoffer/localoffer/ent/schema/schematype"
)

// monitoredCycleName names the review cycle addCycleReviews adds to the
// matrix world.
const monitoredCycleName = "Matrix monitoring cycle"

// addCycleReviews adds a past review cycle that asked for reviews of four
// pieces of content. The lead leads the published service and page, which
// the content manager manages and the commissioner commissions. The other
// lead leads the third service, and the orphan service has no lead.
func addCycleReviews(t *testing.T, w *matrixWorld) {
	t.Helper()
	ctx := w.app.SystemContext()
	c := w.app.Client
	cycle := c.ReviewCycle.Create().SetName(monitoredCycleName).
		SetFeedbackCirculatedOn(schematype.NewDate(2025, time.May, 6)).
		SetResponsesDueOn(schematype.NewDate(2025, time.June, 9)).
		SetUpdateNotificationsOn(schematype.NewDate(2025, time.June, 16)).
		SetUpdatesDueOn(schematype.NewDate(2025, time.July, 14)).
		SaveX(ctx)
	notified := time.Date(2025, time.June, 16, 9, 0, 0, 0, time.UTC)
	for _, s := range []*ent.Service{w.published, w.otherService, w.orphan} {
		c.CycleReview.Create().SetReviewCycle(cycle).SetNotifiedAt(notified).
			SetContentType(cyclereview.ContentTypeService).SetServiceID(s.ID).
			SetNillableLeadID(s.LeadID).SetNillableCommissionerID(s.CommissionerID).SaveX(ctx)
	}
	c.CycleReview.Create().SetReviewCycle(cycle).SetNotifiedAt(notified).
		SetContentType(cyclereview.ContentTypeInformationPage).SetInformationPageID(w.publishedPage.ID).
		SetNillableLeadID(w.publishedPage.LeadID).SetNillableCommissionerID(w.publishedPage.CommissionerID).SaveX(ctx)
}

// askedCount summarizes an SLAMonitoring by its totals' asked count.
func askedCount(_ *matrixWorld, _ string, result json.RawMessage) string {
	var view struct {
		Totals *struct{ Asked int }
	}
	if err := json.Unmarshal(result, &view); err != nil || view.Totals == nil {
		return "unexpected " + string(result)
	}
	return fmt.Sprint(view.Totals.Asked)
}

// monitoringReadRows are the reads of the SLA monitoring. Each provider
// counts the content they lead, manage or commission, and the LO team
// counts all four.
func monitoringReadRows() []readRow {
	monitoredCycle := func(w *matrixWorld) uuid.UUID {
		return w.app.Client.ReviewCycle.Query().Where(reviewcycle.Name(monitoredCycleName)).OnlyIDX(w.app.SystemContext())
	}
	leadReview := func(w *matrixWorld) uuid.UUID {
		return w.app.Client.CycleReview.Query().Where(cyclereview.ServiceID(w.published.ID)).OnlyIDX(w.app.SystemContext())
	}
	return []readRow{
		{
			name:     "slaMonitoring totals",
			document: `query($id: ID!) { result: slaMonitoring(reviewCycleId: $id) { totals { asked } } }`,
			id:       monitoredCycle, summarize: askedCount,
			want: byActor(unauthenticated, forbidden, "2", "2", "1", "2", "4", "4", forbidden),
		},
		{
			name:     "cycleReviews",
			document: `{ result: cycleReviews { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, forbidden, "2", "2", "1", "2", "4", "4", forbidden),
		},
		nodeRow("the lead's cycle review", leadReview, actorContentManager, actorLead, actorCommissioner, actorOfficer, actorAdmin),
	}
}

// TestAuthzMatrixMonitoringReads runs the reads of the SLA monitoring as
// every actor, in one world.
func TestAuthzMatrixMonitoringReads(t *testing.T) {
	t.Parallel()
	w := newMatrixWorld(t)
	addCycleReviews(t, w)
	for _, row := range monitoringReadRows() {
		t.Run(row.name, func(t *testing.T) { runReadRow(t, w, row) })
	}
}
