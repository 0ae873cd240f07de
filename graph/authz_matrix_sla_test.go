package graph_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/bankholiday"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/slaacceptance"
	"github.com/localoffer/localoffer/ent/slaversion"
)

func init() {
	moreMutationRows = append(moreMutationRows, slaMatrixRows)
	moreSnapshotLines = append(moreSnapshotLines, slaSnapshot)
}

// Outcomes of the SLA mutations. LO admins manage the calendar and the
// agreement. Every provider and the LO team can read review cycles and bank
// holidays, so a change to one is FORBIDDEN for them. A pending applicant
// and a partner cannot read them, so for them it is NOT_FOUND.
var (
	slaAdminCreates = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: forbidden, actorContentManager: forbidden, actorLead: forbidden,
		actorOtherLead: forbidden, actorCommissioner: forbidden, actorOfficer: forbidden, actorAdmin: allowed, actorPartner: forbidden,
	}
	slaAdminChanges = with(slaAdminCreates, map[string]string{actorApplicant: notFound, actorPartner: notFound})
	// Providers accept the agreement; the LO team is not bound by it.
	providersAccept = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: allowed, actorLead: allowed,
		actorOtherLead: allowed, actorCommissioner: allowed, actorOfficer: forbidden, actorAdmin: forbidden, actorPartner: notFound,
	}
)

// slaSnapshot describes the SLA tables for the matrix's check that a
// refused mutation wrote nothing.
func slaSnapshot(t *testing.T, w *matrixWorld) []string {
	t.Helper()
	ctx := w.app.SystemContext()
	c := w.app.Client
	var lines []string
	for _, cycle := range c.ReviewCycle.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("review cycle %s %q %s %s %s %s", cycle.ID, cycle.Name,
			cycle.FeedbackCirculatedOn, cycle.ResponsesDueOn, cycle.UpdateNotificationsOn, cycle.UpdatesDueOn))
	}
	for _, h := range c.BankHoliday.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("bank holiday %s %s %q", h.ID, h.Date, h.Name))
	}
	for _, v := range c.SLAVersion.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("sla version %s %d", v.ID, v.Version))
	}
	for _, a := range c.SLAAcceptance.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("sla acceptance %s %s %s", a.ID, a.UserID, a.SLAVersionID))
	}
	return lines
}

// actorIndex numbers the actors, for dates and names unique to each.
func actorIndex(actor string) int {
	return slices.Index(matrixActors, actor)
}

// actorCycleYear is the year of the actor's cycle: one each, because
// cycles may not overlap.
func actorCycleYear(actor string) int {
	return 2031 + actorIndex(actor)
}

// actorCycle creates a review cycle for the actor's cell to act on.
func (w *matrixWorld) actorCycle(t *testing.T, actor string) *ent.ReviewCycle {
	t.Helper()
	year := actorCycleYear(actor)
	return w.app.Client.ReviewCycle.Create().
		SetName("Cycle of the " + actor).
		SetFeedbackCirculatedOn(schematype.NewDate(year, time.May, 6)).
		SetResponsesDueOn(schematype.NewDate(year, time.June, 9)).
		SetUpdateNotificationsOn(schematype.NewDate(year, time.June, 16)).
		SetUpdatesDueOn(schematype.NewDate(year, time.July, 14)).
		SaveX(w.app.SystemContext())
}

// actorHoliday creates a bank holiday for the actor's cell to act on, on a
// Monday of 2031 unique to the actor.
func (w *matrixWorld) actorHoliday(t *testing.T, actor string) *ent.BankHoliday {
	t.Helper()
	date := schematype.NewDate(2031, time.January, 6).AddDays(7 * actorIndex(actor))
	return w.app.Client.BankHoliday.Create().SetDate(date).SetName("Holiday of the " + actor).
		SaveX(w.app.SystemContext())
}

func (w *matrixWorld) currentAgreement(t *testing.T) *ent.SLAVersion {
	t.Helper()
	return w.app.Client.SLAVersion.Query().Order(ent.Desc(slaversion.FieldVersion)).FirstX(w.app.SystemContext())
}

func slaMatrixRows() []mutationRow {
	return []mutationRow{
		{
			name:     "createReviewCycle",
			field:    "createReviewCycle",
			document: `mutation($input: CreateReviewCycleInput!) { createReviewCycle(input: $input) { reviewCycle { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{
					"name": "Extra cycle by the " + actor, "feedbackCirculatedOn": "2030-05-07", "responsesDueOn": "2030-06-10",
					"updateNotificationsOn": "2030-06-17", "updatesDueOn": "2030-07-15",
				})
			},
			want: slaAdminCreates,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cycle := w.app.Client.ReviewCycle.Query().Where(reviewcycle.Name("Extra cycle by the " + actor)).OnlyX(w.app.SystemContext())
				if cycle.UpdatesDueOn.String() != "2030-07-15" {
					t.Errorf("updates due on %s, want 2030-07-15", cycle.UpdatesDueOn)
				}
				w.wantAudit(t, "review_cycle.created", cycle.ID)
			},
		},
		{
			name:     "updateReviewCycle",
			field:    "updateReviewCycle",
			document: `mutation($input: UpdateReviewCycleInput!) { updateReviewCycle(input: $input) { reviewCycle { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				cycle := w.actorCycle(t, actor)
				return input(map[string]any{"id": cycle.ID, "name": "Renamed by the " + actor, "updatesDueOn": fmt.Sprintf("%d-07-21", actorCycleYear(actor))})
			},
			want: slaAdminChanges,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cycle := w.app.Client.ReviewCycle.Query().Where(reviewcycle.Name("Renamed by the " + actor)).OnlyX(w.app.SystemContext())
				if want := fmt.Sprintf("%d-07-21", actorCycleYear(actor)); cycle.UpdatesDueOn.String() != want {
					t.Errorf("updates due on %s, want %s", cycle.UpdatesDueOn, want)
				}
				w.wantAudit(t, "review_cycle.updated", cycle.ID)
			},
		},
		{
			name:     "addBankHoliday",
			field:    "addBankHoliday",
			document: `mutation($input: AddBankHolidayInput!) { addBankHoliday(input: $input) { bankHoliday { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				date := schematype.NewDate(2030, time.June, 3).AddDays(7 * actorIndex(actor))
				return input(map[string]any{"date": date.String(), "name": "Added by the " + actor})
			},
			want: slaAdminCreates,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				date := schematype.NewDate(2030, time.June, 3).AddDays(7 * actorIndex(actor))
				holiday := w.app.Client.BankHoliday.Query().Where(bankholiday.DateEQ(date)).OnlyX(w.app.SystemContext())
				if holiday.Name != "Added by the "+actor {
					t.Errorf("holiday on %s = %q, want the one added", date, holiday.Name)
				}
				w.wantAudit(t, "bank_holiday.added", holiday.ID)
			},
		},
		{
			name:     "removeBankHoliday",
			field:    "removeBankHoliday",
			document: `mutation($input: RemoveBankHolidayInput!) { removeBankHoliday(input: $input) { bankHoliday { id date } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.actorHoliday(t, actor).ID})
			},
			want: slaAdminChanges,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				date := schematype.NewDate(2031, time.January, 6).AddDays(7 * actorIndex(actor))
				ctx := w.app.SystemContext()
				if n := w.app.Client.BankHoliday.Query().Where(bankholiday.DateEQ(date)).CountX(ctx); n != 0 {
					t.Errorf("bank holidays on %s = %d, want it removed", date, n)
				}
				n := w.app.Client.AuditEvent.Query().
					Where(auditevent.Action("bank_holiday.removed"), auditevent.DetailContains(date.String())).
					CountX(ctx)
				if n != 1 {
					t.Errorf("bank_holiday.removed audit events naming %s = %d, want 1", date, n)
				}
			},
		},
		{
			name:     "publishServiceLevelAgreement",
			field:    "publishServiceLevelAgreement",
			document: `mutation($input: PublishServiceLevelAgreementInput!) { publishServiceLevelAgreement(input: $input) { serviceLevelAgreement { id version } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"text": "The agreement as the " + actor + " would have it."})
			},
			want: slaAdminCreates,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				current := w.currentAgreement(t)
				if current.Version != 2 || current.Text != "The agreement as the "+actor+" would have it." {
					t.Errorf("current agreement = version %d %q, want version 2 with the text published", current.Version, current.Text)
				}
				w.wantAudit(t, "sla.published", current.ID)
			},
		},
		{
			name:     "acceptServiceLevelAgreement",
			field:    "acceptServiceLevelAgreement",
			document: `mutation($input: AcceptServiceLevelAgreementInput!) { acceptServiceLevelAgreement(input: $input) { acceptance { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				// Providers made by CreateUser have accepted already: take
				// that back, so that a success records a new acceptance.
				w.app.Client.SLAAcceptance.Delete().Where(slaacceptance.UserID(w.id(actor))).ExecX(w.app.SystemContext())
				return input(map[string]any{"version": w.currentAgreement(t).Version})
			},
			want: providersAccept,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				current := w.currentAgreement(t)
				acceptance := w.app.Client.SLAAcceptance.Query().
					Where(slaacceptance.UserID(w.users[actor].ID), slaacceptance.SLAVersionID(current.ID)).
					OnlyX(w.app.SystemContext())
				w.wantAudit(t, "sla.accepted", acceptance.ID)
			},
		},
	}
}

// agreementVersion summarizes serviceLevelAgreement by its version number.
func agreementVersion(_ *matrixWorld, _ string, result json.RawMessage) string {
	var version struct{ Version int }
	if err := json.Unmarshal(result, &version); err != nil {
		return "unexpected " + string(result)
	}
	return fmt.Sprint(version.Version)
}

// ownAcceptance summarizes the caller's acceptance of the agreement as
// "found" or "null".
func ownAcceptance(_ *matrixWorld, _ string, result json.RawMessage) string {
	var version struct{ Acceptance json.RawMessage }
	if err := json.Unmarshal(result, &version); err != nil {
		return "unexpected " + string(result)
	}
	return found(nil, "", version.Acceptance)
}

// acceptanceCount summarizes the acceptances of the agreement the caller
// can see.
func acceptanceCount(w *matrixWorld, actor string, result json.RawMessage) string {
	var version struct{ Acceptances json.RawMessage }
	if err := json.Unmarshal(result, &version); err != nil {
		return "unexpected " + string(result)
	}
	return totalCount(w, actor, version.Acceptances)
}

// slaReadRows are the reads of the SLA calendar and agreement. In the
// matrix world, every provider (the applicant included) has accepted
// version 1, and the calendar has the two cycles a new install makes.
func slaReadRows() []readRow {
	readers := []string{actorContentManager, actorLead, actorOtherLead, actorCommissioner, actorOfficer, actorAdmin}
	leadAcceptance := func(w *matrixWorld) uuid.UUID {
		return w.app.Client.SLAAcceptance.Query().Where(slaacceptance.UserID(w.users[actorLead].ID)).OnlyIDX(w.app.SystemContext())
	}
	firstCycle := func(w *matrixWorld) uuid.UUID {
		return w.app.Client.ReviewCycle.Query().FirstIDX(w.app.SystemContext())
	}
	firstHoliday := func(w *matrixWorld) uuid.UUID {
		return w.app.Client.BankHoliday.Query().FirstIDX(w.app.SystemContext())
	}
	return []readRow{
		{
			name: "reviewCycles", document: `{ result: reviewCycles { id } }`, summarize: listLength,
			want: byActor(unauthenticated, forbidden, "2", "2", "2", "2", "2", "2", forbidden),
		},
		{
			name: "bankHolidays of 2027", document: `{ result: bankHolidays(year: 2027) { id } }`, summarize: listLength,
			want: byActor(unauthenticated, forbidden, "8", "8", "8", "8", "8", "8", forbidden),
		},
		{
			name: "serviceLevelAgreement", document: `{ result: serviceLevelAgreement { version } }`, summarize: agreementVersion,
			want: byActor(unauthenticated, forbidden, "1", "1", "1", "1", "1", "1", forbidden),
		},
		{
			name: "serviceLevelAgreement acceptance", document: `{ result: serviceLevelAgreement { acceptance { id } } }`, summarize: ownAcceptance,
			want: byActor(unauthenticated, forbidden, isFound, isFound, isFound, isFound, isNull, isNull, forbidden),
		},
		{
			// Providers can read their own acceptance, and the LO team can
			// read those of the world's five providers.
			name:     "serviceLevelAgreement acceptances",
			document: `{ result: serviceLevelAgreement { acceptances { totalCount } } }`, summarize: acceptanceCount,
			want: byActor(unauthenticated, forbidden, "1", "1", "1", "1", "5", "5", forbidden),
		},
		nodeRow("a review cycle", firstCycle, readers...),
		nodeRow("a bank holiday", firstHoliday, readers...),
		nodeRow("the lead's acceptance of the agreement", leadAcceptance, actorLead, actorOfficer, actorAdmin),
	}
}

// TestAuthzMatrixSLAReads runs the reads of the SLA calendar and agreement
// as every actor, in one world.
func TestAuthzMatrixSLAReads(t *testing.T) {
	t.Parallel()
	w := newMatrixWorld(t)
	for _, row := range slaReadRows() {
		t.Run(row.name, func(t *testing.T) { runReadRow(t, w, row) })
	}
}
