package graph_test

import (
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/reportsignoff"
	"github.com/localoffer/localoffer/internal/report"
)

func init() {
	moreMutationRows = append(moreMutationRows, annualReportMatrixRows)
	moreSnapshotLines = append(moreSnapshotLines, annualReportSnapshot)
}

// officersOnDrafts is the outcome of changing a report that is not
// published: only the LO team can read it, so it is NOT_FOUND for every
// other caller with credentials.
var officersOnDrafts = map[string]string{
	actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: notFound, actorLead: notFound,
	actorOtherLead: notFound, actorCommissioner: notFound, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
}

// matrixSignOffSteps are the sign-off steps the matrix's reports get.
var matrixSignOffSteps = []string{"Director of Education and Learning", "Leader of the Council"}

// annualReportSnapshot describes the annual reports and their sign-off
// steps.
func annualReportSnapshot(t *testing.T, w *matrixWorld) []string {
	t.Helper()
	ctx := w.app.SystemContext()
	var lines []string
	for _, r := range w.app.Client.AnnualReport.Query().Order(ent.Asc(annualreport.FieldAcademicYear)).AllX(ctx) {
		lines = append(lines, fmt.Sprintf("annual report %s %s %s figures %d completed %v published %v",
			r.ID, r.AcademicYear, r.Status, len(r.Figures), r.CompletedAt, r.PublishedAt))
	}
	for _, s := range w.app.Client.ReportSignOff.Query().Order(ent.Asc(reportsignoff.FieldID)).AllX(ctx) {
		lines = append(lines, fmt.Sprintf("sign-off %s %d %q %v %v", s.ID, s.Position, s.SignedBy, s.SignedOffAt, s.RecordedByID))
	}
	return lines
}

// actorYear returns an academic year unique to the actor, from "2010-11".
func actorYear(actor string) string {
	start := 2000 + actorIndex(actor)
	return fmt.Sprintf("%d-%02d", start, (start+1)%100)
}

// annualReportAt creates the report of year as the system and takes it to
// status: DRAFT, COMPLETE, SIGNED_OFF or PUBLISHED.
func (w *matrixWorld) annualReportAt(t *testing.T, year string, status annualreport.Status) *ent.AnnualReport {
	t.Helper()
	ctx := w.app.SystemContext()
	m := report.New(report.Options{
		Root: w.app.Client, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SignOffSteps: matrixSignOffSteps,
	})

	r, err := m.Create(ctx, year)
	if err != nil {
		t.Fatalf("create the annual report for %s: %v", year, err)
	}
	if status == annualreport.StatusDraft {
		return r
	}

	if r, err = m.Complete(ctx, r.ID); err != nil {
		t.Fatalf("complete the annual report for %s: %v", year, err)
	}
	if status == annualreport.StatusComplete {
		return r
	}

	for position := range matrixSignOffSteps {
		p := position + 1
		if r, _, err = m.RecordSignOff(ctx, report.SignOff{AnnualReportID: r.ID, Position: &p, SignedBy: "Signer"}); err != nil {
			t.Fatalf("sign off step %d of the annual report for %s: %v", p, year, err)
		}
	}
	if status == annualreport.StatusSignedOff {
		return r
	}

	if r, err = m.Publish(ctx, r.ID); err != nil {
		t.Fatalf("publish the annual report for %s: %v", year, err)
	}
	return r
}

func (w *matrixWorld) reloadAnnualReport(t *testing.T, year string) *ent.AnnualReport {
	t.Helper()
	return w.app.Client.AnnualReport.Query().Where(annualreport.AcademicYear(year)).OnlyX(w.app.SystemContext())
}

func annualReportMatrixRows() []mutationRow {
	return []mutationRow{
		{
			name:     "createAnnualReport",
			field:    "createAnnualReport",
			document: `mutation($input: CreateAnnualReportInput!) { createAnnualReport(input: $input) { annualReport { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"academicYear": actorYear(actor)})
			},
			want: with(slaAdminCreates, map[string]string{actorOfficer: allowed}),
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				r := w.reloadAnnualReport(t, actorYear(actor))
				if r.Status != annualreport.StatusDraft {
					t.Errorf("new report is %s, want DRAFT", r.Status)
				}
				w.wantAudit(t, "annual_report.created", r.ID)
			},
		},
		{
			name:     "completeAnnualReport of a draft",
			field:    "completeAnnualReport",
			document: `mutation($input: CompleteAnnualReportInput!) { completeAnnualReport(input: $input) { annualReport { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				r := w.annualReportAt(t, actorYear(actor), annualreport.StatusDraft)
				return input(map[string]any{"annualReportId": r.ID})
			},
			want: officersOnDrafts,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				r := w.reloadAnnualReport(t, actorYear(actor))
				if r.Status != annualreport.StatusComplete || len(r.Figures) == 0 || r.CompletedByID == nil || *r.CompletedByID != w.id(actor) {
					t.Errorf("report is %s with %d bytes of figures, completed by %v; want COMPLETE, frozen, by the caller", r.Status, len(r.Figures), r.CompletedByID)
				}
				w.wantAudit(t, "annual_report.completed", r.ID)
			},
		},
		{
			name:     "signOffAnnualReport of a complete report",
			field:    "signOffAnnualReport",
			document: `mutation($input: SignOffAnnualReportInput!) { signOffAnnualReport(input: $input) { signOff { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				r := w.annualReportAt(t, actorYear(actor), annualreport.StatusComplete)
				return input(map[string]any{"annualReportId": r.ID, "position": 1, "signedBy": "Alex Morgan"})
			},
			want: officersOnDrafts,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				r := w.reloadAnnualReport(t, actorYear(actor))
				step := w.app.Client.ReportSignOff.Query().
					Where(reportsignoff.AnnualReportID(r.ID), reportsignoff.Position(1)).OnlyX(w.app.SystemContext())
				if step.SignedBy != "Alex Morgan" || step.SignedOffAt == nil || step.RecordedByID == nil || *step.RecordedByID != w.id(actor) {
					t.Errorf("step 1 = %+v, want signed by Alex Morgan, recorded by the caller", step)
				}
				w.wantAudit(t, "annual_report.signed_off", r.ID)
			},
		},
		{
			name:     "publishAnnualReport of a signed-off report",
			field:    "publishAnnualReport",
			document: `mutation($input: PublishAnnualReportInput!) { publishAnnualReport(input: $input) { annualReport { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				r := w.annualReportAt(t, actorYear(actor), annualreport.StatusSignedOff)
				return input(map[string]any{"annualReportId": r.ID})
			},
			want: officersOnDrafts,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				r := w.reloadAnnualReport(t, actorYear(actor))
				if r.Status != annualreport.StatusPublished || r.PublishedAt == nil {
					t.Errorf("report is %s, published at %v; want PUBLISHED", r.Status, r.PublishedAt)
				}
				w.wantAudit(t, "annual_report.published", r.ID)
			},
		},
	}
}

// TestAuthzMatrixAnnualReportReads runs the reads of annual reports as
// every actor, in a world with a draft for 2010-11, a complete report for
// 2011-12 and a published one for 2012-13.
func TestAuthzMatrixAnnualReportReads(t *testing.T) {
	t.Parallel()
	w := newMatrixWorld(t)
	w.annualReportAt(t, "2010-11", annualreport.StatusDraft)
	complete := w.annualReportAt(t, "2011-12", annualreport.StatusComplete)
	published := w.annualReportAt(t, "2012-13", annualreport.StatusPublished)
	steps := func(r *ent.AnnualReport) func(w *matrixWorld) uuid.UUID {
		return func(w *matrixWorld) uuid.UUID {
			return w.app.Client.ReportSignOff.Query().
				Where(reportsignoff.AnnualReportID(r.ID), reportsignoff.Position(1)).OnlyIDX(w.app.SystemContext())
		}
	}
	everyActor := []string{actorAnonymous, actorApplicant, actorContentManager, actorLead, actorOtherLead, actorCommissioner, actorOfficer, actorAdmin, actorPartner}

	for _, row := range []readRow{
		{
			name: "annualReports", document: `{ result: annualReports { id } }`, summarize: listLength,
			want: byActor("1", "1", "1", "1", "1", "1", "3", "3", "1"),
		},
		{
			name: "annualReport of a draft", document: `{ result: annualReport(academicYear: "2010-11") { id figures { academicYear } } }`,
			summarize: found,
			want:      byActor(notFound, notFound, notFound, notFound, notFound, notFound, isFound, isFound, notFound),
		},
		{
			name: "annualReport of a complete report", document: `{ result: annualReport(academicYear: "2011-12") { id figures { academicYear } } }`,
			summarize: found,
			want:      byActor(notFound, notFound, notFound, notFound, notFound, notFound, isFound, isFound, notFound),
		},
		{
			name: "annualReport of a published report", document: `{ result: annualReport(academicYear: "2012-13") { id figures { academicYear } signOffSteps { signedBy } } }`,
			summarize: found,
			want:      byActor(isFound, isFound, isFound, isFound, isFound, isFound, isFound, isFound, isFound),
		},
		nodeRow("a complete annual report", func(w *matrixWorld) uuid.UUID { return complete.ID }, actorOfficer, actorAdmin),
		nodeRow("a sign-off step of a complete report", steps(complete), actorOfficer, actorAdmin),
		nodeRow("a published annual report", func(w *matrixWorld) uuid.UUID { return published.ID }, everyActor...),
		nodeRow("a sign-off step of a published report", steps(published), everyActor...),
	} {
		t.Run(row.name, func(t *testing.T) { runReadRow(t, w, row) })
	}
}
