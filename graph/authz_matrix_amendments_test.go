package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/amendmentflag"
	"github.com/localoffer/localoffer/ent/reviewrecord"
)

func init() {
	moreMutationRows = append(moreMutationRows, amendmentMatrixRows)
	moreSnapshotLines = append(moreSnapshotLines, amendmentSnapshot)
}

// Outcomes of clearAmendmentFlag. The lead, the content manager and the
// commissioner read the flags on their content, so clearing one is
// FORBIDDEN for them. The other actors cannot read the flag: NOT_FOUND.
var officersClearFlags = map[string]string{
	actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: forbidden, actorLead: forbidden,
	actorOtherLead: notFound, actorCommissioner: forbidden, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
}

// amendmentSnapshot describes amendment flags and review records for the
// matrix's check that a refused mutation wrote nothing.
func amendmentSnapshot(t *testing.T, w *matrixWorld) []string {
	t.Helper()
	ctx := w.app.SystemContext()
	var lines []string
	for _, f := range w.app.Client.AmendmentFlag.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("amendment flag %s %v %v %q %v", f.ID, f.ServiceID, f.InformationPageID, f.Note, f.ClearedAt))
	}
	for _, r := range w.app.Client.ReviewRecord.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("review record %s %v %v %v %v", r.ID, r.ServiceID, r.InformationPageID, r.ReviewerID, r.RecordedByID))
	}
	for _, s := range w.app.Client.Service.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("service review dates %s %v %v", s.ID, s.LastReviewedAt, s.ReviewDueAt))
	}
	for _, p := range w.app.Client.InformationPage.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("page review dates %s %v %v", p.ID, p.LastReviewedAt, p.ReviewDueAt))
	}
	return lines
}

// openFlag creates an open amendment flag on the published service, for
// clearAmendmentFlag to act on.
func (w *matrixWorld) openFlag(t *testing.T) *ent.AmendmentFlag {
	t.Helper()
	return w.app.Client.AmendmentFlag.Create().
		SetContentType(amendmentflag.ContentTypeService).
		SetServiceID(w.published.ID).
		SetNote("The opening times are out of date.").
		SetFlaggedByID(w.users[actorOfficer].ID).
		SaveX(w.app.SystemContext())
}

// amendmentMatrixRows returns the rows of flagForAmendment,
// clearAmendmentFlag and recordReview, which only the LO team may perform.
func amendmentMatrixRows() []mutationRow {
	var rows []mutationRow
	for _, target := range []struct {
		kind, idField string
		record        func(w *matrixWorld) uuid.UUID
		want          map[string]string
		auditType     string
	}{
		{"published service", "serviceId", func(w *matrixWorld) uuid.UUID { return w.published.ID }, officersOnPublished, "service"},
		{"pending information page", "informationPageId", func(w *matrixWorld) uuid.UUID { return w.pendingPage.ID }, officersOnPending, "information_page"},
	} {
		rows = append(rows, mutationRow{
			name:     "flagForAmendment of a " + target.kind,
			field:    "flagForAmendment",
			document: `mutation($input: FlagForAmendmentInput!) { flagForAmendment(input: $input) { amendmentFlag { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{target.idField: target.record(w), "note": "Please add the new opening times."})
			},
			want:     target.want,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				flag := w.app.Client.AmendmentFlag.Query().OnlyX(w.app.SystemContext())
				if flag.ClearedAt != nil || flag.FlaggedByID == nil || *flag.FlaggedByID != w.users[actor].ID {
					t.Errorf("flag cleared at %v, flagged by %v, want open and flagged by %s", flag.ClearedAt, flag.FlaggedByID, w.users[actor].ID)
				}
				for _, owner := range []string{actorLead, actorContentManager} {
					if body := w.wantEmail(t, "amendment_flagged", w.users[owner].Email); !strings.Contains(body, "new opening times") {
						t.Errorf("email to the %s does not give the note:\n%s", owner, body)
					}
				}
				w.wantAudit(t, "amendment_flag.created", flag.ID)
			},
		})
		rows = append(rows, mutationRow{
			name:  "recordReview of a " + target.kind,
			field: "recordReview",
			document: `mutation($input: RecordReviewInput!) {
				recordReview(input: $input) { reviewRecord { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{target.idField: target.record(w), "reviewerId": w.users[actorLead].ID, "route": "telephone call"})
			},
			want:     target.want,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				record := w.app.Client.ReviewRecord.Query().Where(reviewrecord.RecordedByIDNotNil()).OnlyX(w.app.SystemContext())
				if *record.RecordedByID != w.users[actor].ID || *record.ReviewerID != w.users[actorLead].ID || record.Route != "telephone call" {
					t.Errorf("record by %v for %v via %q, want by %s for the lead via telephone call", record.RecordedByID, record.ReviewerID, record.Route, actor)
				}
				var datesSet bool
				if target.idField == "serviceId" {
					s := w.reloadService(t, target.record(w))
					datesSet = s.LastReviewedAt != nil && s.ReviewDueAt != nil
				} else {
					p := w.reloadPage(t, target.record(w))
					datesSet = p.LastReviewedAt != nil && p.ReviewDueAt != nil
				}
				if !datesSet {
					t.Error("review dates not set, want both set")
				}
				w.wantAudit(t, target.auditType+".review_recorded", target.record(w))
			},
		})
	}

	rows = append(rows, mutationRow{
		name:     "clearAmendmentFlag of a flag on a published service",
		field:    "clearAmendmentFlag",
		document: `mutation($input: ClearAmendmentFlagInput!) { clearAmendmentFlag(input: $input) { amendmentFlag { id clearedAt } } }`,
		variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
			return input(map[string]any{"id": w.openFlag(t).ID})
		},
		want:     officersClearFlags,
		isolated: true,
		succeeded: func(t *testing.T, w *matrixWorld, actor string) {
			flag := w.app.Client.AmendmentFlag.Query().OnlyX(w.app.SystemContext())
			if flag.ClearedAt == nil || flag.ClearedByChangeRequestID != nil {
				t.Errorf("cleared at %v by change request %v, want cleared by hand", flag.ClearedAt, flag.ClearedByChangeRequestID)
			}
			w.wantAudit(t, "amendment_flag.cleared", flag.ID)
		},
	})
	return rows
}
