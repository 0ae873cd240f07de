package report

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/reportsignoff"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxSignedByLength is the maximum length of the name recorded for a
// sign-off, in characters, as the schema stores it.
const maxSignedByLength = 200

// SignOff is an LO officer's record of one sign-off step. Position or Step
// names the step; when both are given they must name the same one.
type SignOff struct {
	AnnualReportID uuid.UUID
	// Position is the step's place in the order, from 1.
	Position *int
	// Step is the step's name, such as "Director of Education and
	// Learning", compared without regard to case.
	Step *string
	// SignedBy is the name of the person who signed.
	SignedBy string
	// SignedAt is when they signed; nil means now.
	SignedAt *time.Time
}

// ByYear returns the annual report of the academic year text, such as
// "2025-26", when the caller may read it: every report for the LO team,
// published ones for everyone else.
func (m *Manager) ByYear(ctx context.Context, text string) (*ent.AnnualReport, error) {
	year, err := ParseAcademicYear("academicYear", text)
	if err != nil {
		return nil, err
	}
	r, err := m.reader(ctx).AnnualReport.Query().Where(annualreport.AcademicYear(year.String())).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no annual report for %s", year)
	}
	if err != nil {
		return nil, fmt.Errorf("load the annual report for %s: %w", year, err)
	}
	return r, nil
}

// List returns the annual reports the caller may read, latest year first.
func (m *Manager) List(ctx context.Context) ([]*ent.AnnualReport, error) {
	reports, err := m.reader(ctx).AnnualReport.Query().Order(ent.Desc(annualreport.FieldAcademicYear)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list annual reports: %w", err)
	}
	return reports, nil
}

// Create starts the annual report of an academic year as a DRAFT, for the
// LO team. A year has one report: a second is CONFLICT.
func (m *Manager) Create(ctx context.Context, academicYear string) (*ent.AnnualReport, error) {
	if err := m.authorize(ctx, authz.ActionCreate, "start an annual report: only the LO team does"); err != nil {
		return nil, err
	}
	year, err := ParseAcademicYear("input.academicYear", academicYear)
	if err != nil {
		return nil, err
	}
	if m.clock().Before(year.Start()) {
		return nil, apperr.Input("input.academicYear", "%s has not begun: start its report on or after %s", year, longDay(year.FirstDay()))
	}

	var r *ent.AnnualReport
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		exists, err := tx.AnnualReport.Query().Where(annualreport.AcademicYear(year.String())).Exist(system(ctx))
		if err != nil {
			return fmt.Errorf("look for the annual report for %s: %w", year, err)
		}
		if exists {
			return fmt.Errorf("the annual report for %s exists already: read it with annualReport(academicYear: %q): %w", year, year.String(), apperr.ErrConflict)
		}
		r, err = tx.AnnualReport.Create().SetAcademicYear(year.String()).Save(system(ctx))
		if ent.IsConstraintError(err) {
			return fmt.Errorf("the annual report for %s was created meanwhile: %w", year, apperr.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("create the annual report for %s: %w", year, err)
		}
		pending.Add(audit.Event{Action: "annual_report.created", ObjectType: authz.TypeAnnualReport, ObjectID: r.ID})
		return nil
	})
	return r, err
}

// loadForChange returns the report id as the caller reads it, or
// NOT_FOUND, after checking that they may perform action on it.
func (m *Manager) loadForChange(ctx context.Context, tx *ent.Client, id uuid.UUID, action, reason string) (*ent.AnnualReport, error) {
	r, err := tx.AnnualReport.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no annual report with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load annual report %s: %w", id, err)
	}
	if err := m.authorize(ctx, action, reason); err != nil {
		return nil, err
	}
	return r, nil
}

// Complete freezes the figures of a DRAFT report, for the LO team: they
// are computed once more, stored, and never computed again. It creates the
// sign-off steps from the settings, and the report becomes COMPLETE, or
// SIGNED_OFF when no steps are set.
func (m *Manager) Complete(ctx context.Context, id uuid.UUID) (*ent.AnnualReport, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var r *ent.AnnualReport
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		var err error
		r, err = m.loadForChange(ctx, tx, id, authz.ActionUpdate, "mark annual reports complete: only the LO team does")
		if err != nil {
			return err
		}
		if r.Status != annualreport.StatusDraft {
			return apperr.Input("input.annualReportId", "the annual report for %s is %s already: only a draft can be marked complete", r.AcademicYear, statusWords(r.Status))
		}
		year, err := ParseAcademicYear("academicYear", r.AcademicYear)
		if err != nil {
			return fmt.Errorf("annual report %s: %w", id, err)
		}

		now := m.clock()
		// Figures frozen before the year ends would leave out the rest of
		// its feedback for good, and start the clock on redacting it.
		if now.Before(year.End()) {
			return apperr.Input("input.annualReportId", "%s runs until the end of %s: its figures can be frozen from %s; until then the draft's figures stay live",
				year, longDay(year.LastDay()), longDay(year.LastDay().AddDays(1)))
		}
		figures, err := compute(ctx, tx, year, now)
		if err != nil {
			return err
		}
		frozen, err := json.Marshal(figures)
		if err != nil {
			return fmt.Errorf("encode the figures of the annual report for %s: %w", year, err)
		}
		status := annualreport.StatusComplete
		if len(m.opts.SignOffSteps) == 0 {
			status = annualreport.StatusSignedOff
		}
		// The status in the WHERE clause makes a second, concurrent
		// completion update nothing instead of freezing the figures twice.
		n, err := tx.AnnualReport.Update().
			Where(annualreport.ID(id), annualreport.StatusEQ(annualreport.StatusDraft)).
			SetStatus(status).SetFigures(frozen).SetCompletedAt(now).SetNillableCompletedByID(callerID(ctx)).
			Save(system(ctx))
		if err != nil {
			return fmt.Errorf("mark the annual report for %s complete: %w", year, err)
		}
		if n == 0 {
			return fmt.Errorf("the annual report for %s was marked complete meanwhile: %w", year, apperr.ErrConflict)
		}
		if err := createSignOffs(ctx, tx, id, m.opts.SignOffSteps); err != nil {
			return err
		}
		if r, err = tx.AnnualReport.Get(system(ctx), id); err != nil {
			return fmt.Errorf("reload annual report %s: %w", id, err)
		}
		pending.Add(audit.Event{
			Action: "annual_report.completed", ObjectType: authz.TypeAnnualReport, ObjectID: id,
			ChangedFields: []string{"status", "figures", "completed_at"},
		})
		return nil
	})
	return r, err
}

func createSignOffs(ctx context.Context, tx *ent.Client, reportID uuid.UUID, steps []string) error {
	creates := make([]*ent.ReportSignOffCreate, 0, len(steps))
	for i, step := range steps {
		creates = append(creates, tx.ReportSignOff.Create().SetAnnualReportID(reportID).SetPosition(i+1).SetStep(step))
	}
	if err := tx.ReportSignOff.CreateBulk(creates...).Exec(system(ctx)); err != nil {
		return fmt.Errorf("create the sign-off steps of annual report %s: %w", reportID, err)
	}
	return nil
}

// SignOffSteps returns the sign-off steps of r in order. The caller reads
// them through the privacy rules: those of any report they may read.
func (m *Manager) SignOffSteps(ctx context.Context, r *ent.AnnualReport) ([]*ent.ReportSignOff, error) {
	steps, err := m.reader(ctx).ReportSignOff.Query().
		Where(reportsignoff.AnnualReportID(r.ID)).
		Order(ent.Asc(reportsignoff.FieldPosition)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the sign-off steps of annual report %s: %w", r.ID, err)
	}
	return steps, nil
}

// NextSignOff returns the first step of r not signed yet, or nil.
func (m *Manager) NextSignOff(ctx context.Context, r *ent.AnnualReport) (*ent.ReportSignOff, error) {
	steps, err := m.SignOffSteps(ctx, r)
	if err != nil {
		return nil, err
	}
	return nextStep(steps), nil
}

func nextStep(steps []*ent.ReportSignOff) *ent.ReportSignOff {
	for _, step := range steps {
		if step.SignedOffAt == nil {
			return step
		}
	}
	return nil
}

// RecordSignOff records one sign-off step of a COMPLETE report, for the LO
// team, with the name of who signed, when, and the officer recording it.
// Steps are signed in order; the report becomes SIGNED_OFF with the last.
func (m *Manager) RecordSignOff(ctx context.Context, in SignOff) (*ent.AnnualReport, *ent.ReportSignOff, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, nil, err
	}
	signedBy := strings.TrimSpace(in.SignedBy)
	switch {
	case signedBy == "":
		return nil, nil, apperr.Input("input.signedBy", "must not be empty: give the name of the person who signed")
	case utf8.RuneCountInString(signedBy) > maxSignedByLength:
		return nil, nil, apperr.Input("input.signedBy", "must be at most %d characters", maxSignedByLength)
	case in.Position == nil && in.Step == nil:
		return nil, nil, apperr.Input("input.position", "give the step's position, or its name in step")
	}

	var (
		r      *ent.AnnualReport
		signed *ent.ReportSignOff
	)
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		var err error
		r, err = m.loadForChange(ctx, tx, in.AnnualReportID, authz.ActionSignOff, "record sign-offs of annual reports: only the LO team does")
		if err != nil {
			return err
		}
		if r.Status != annualreport.StatusComplete {
			return apperr.Input("input.annualReportId", "the annual report for %s is %s: %s", r.AcademicYear, statusWords(r.Status), signOffAdvice(r.Status))
		}
		steps, err := tx.ReportSignOff.Query().Where(reportsignoff.AnnualReportID(r.ID)).
			Order(ent.Asc(reportsignoff.FieldPosition)).All(system(ctx))
		if err != nil {
			return fmt.Errorf("load the sign-off steps of annual report %s: %w", r.ID, err)
		}
		step, err := chooseStep(steps, in)
		if err != nil {
			return err
		}
		at, err := m.signedAt(in.SignedAt, r, steps, step)
		if err != nil {
			return err
		}

		// The WHERE clause makes a concurrent sign-off of the same step
		// update nothing.
		n, err := tx.ReportSignOff.Update().
			Where(reportsignoff.ID(step.ID), reportsignoff.SignedOffAtIsNil()).
			SetSignedBy(signedBy).SetSignedOffAt(at).SetNillableRecordedByID(callerID(ctx)).
			Save(system(ctx))
		if err != nil {
			return fmt.Errorf("record sign-off step %d of annual report %s: %w", step.Position, r.ID, err)
		}
		if n == 0 {
			return fmt.Errorf("step %d, %s, was signed meanwhile: %w", step.Position, step.Step, apperr.ErrConflict)
		}
		if step.Position == steps[len(steps)-1].Position {
			if r, err = tx.AnnualReport.UpdateOne(r).SetStatus(annualreport.StatusSignedOff).Save(system(ctx)); err != nil {
				return fmt.Errorf("mark annual report %s signed off: %w", r.ID, err)
			}
		}
		if signed, err = tx.ReportSignOff.Get(system(ctx), step.ID); err != nil {
			return fmt.Errorf("reload sign-off step %s: %w", step.ID, err)
		}
		pending.Add(audit.Event{
			Action: "annual_report.signed_off", ObjectType: authz.TypeAnnualReport, ObjectID: r.ID,
			ChangedFields: []string{"signed_by", "signed_off_at"},
			Detail:        fmt.Sprintf("sign-off step %s, position %d", step.ID, step.Position),
		})
		return nil
	})
	return r, signed, err
}

// chooseStep returns the step in names, which must be the next to sign.
func chooseStep(steps []*ent.ReportSignOff, in SignOff) (*ent.ReportSignOff, error) {
	field := "input.step"
	if in.Position != nil {
		field = "input.position"
	}
	var chosen *ent.ReportSignOff
	for _, step := range steps {
		byPosition := in.Position == nil || step.Position == *in.Position
		byName := in.Step == nil || strings.EqualFold(strings.TrimSpace(*in.Step), step.Step)
		if byPosition && byName {
			chosen = step
			break
		}
	}
	if chosen == nil {
		return nil, apperr.Input(field, "no such sign-off step: the steps are %s", listSteps(steps))
	}

	next := nextStep(steps)
	switch {
	case next == nil:
		return nil, apperr.Input(field, "every sign-off step is signed already")
	case chosen.SignedOffAt != nil:
		return nil, apperr.Input(field, "step %d, %s, is signed already; the next step is %d, %s", chosen.Position, chosen.Step, next.Position, next.Step)
	case chosen.ID != next.ID:
		return nil, apperr.Input(field, "steps are signed in order: the next step is %d, %s, not %d, %s", next.Position, next.Step, chosen.Position, chosen.Step)
	}
	return chosen, nil
}

func listSteps(steps []*ent.ReportSignOff) string {
	names := make([]string, 0, len(steps))
	for _, step := range steps {
		names = append(names, fmt.Sprintf("%d, %s", step.Position, step.Step))
	}
	return strings.Join(names, "; ")
}

// signedAt returns when step was signed: given, or now. A given time may be
// neither in the future nor before the report was completed or the step
// before was signed.
func (m *Manager) signedAt(given *time.Time, r *ent.AnnualReport, steps []*ent.ReportSignOff, step *ent.ReportSignOff) (time.Time, error) {
	now := m.clock()
	if given == nil {
		return now, nil
	}
	at := given.UTC().Truncate(time.Second)
	if at.After(now) {
		return time.Time{}, apperr.Input("input.signedAt", "%s is in the future: give when the step was signed, or leave it out for now", at.Format(time.RFC3339))
	}
	if r.CompletedAt != nil && at.Before(*r.CompletedAt) {
		return time.Time{}, apperr.Input("input.signedAt", "%s is before the report was marked complete, at %s: the figures signed must be the frozen ones", at.Format(time.RFC3339), r.CompletedAt.UTC().Format(time.RFC3339))
	}
	for _, earlier := range steps {
		if earlier.Position < step.Position && earlier.SignedOffAt != nil && at.Before(*earlier.SignedOffAt) {
			return time.Time{}, apperr.Input("input.signedAt", "%s is before step %d, %s, was signed, at %s", at.Format(time.RFC3339), earlier.Position, earlier.Step, earlier.SignedOffAt.UTC().Format(time.RFC3339))
		}
	}
	return at, nil
}

// Publish makes a SIGNED_OFF report readable by anyone, for the LO team.
func (m *Manager) Publish(ctx context.Context, id uuid.UUID) (*ent.AnnualReport, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var r *ent.AnnualReport
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		var err error
		r, err = m.loadForChange(ctx, tx, id, authz.ActionPublish, "publish annual reports: only the LO team does")
		if err != nil {
			return err
		}
		if r.Status != annualreport.StatusSignedOff {
			return apperr.Input("input.annualReportId", "the annual report for %s is %s: %s", r.AcademicYear, statusWords(r.Status), publishAdvice(ctx, tx, r))
		}
		unsigned, err := tx.ReportSignOff.Query().
			Where(reportsignoff.AnnualReportID(id), reportsignoff.SignedOffAtIsNil()).Count(system(ctx))
		if err != nil {
			return fmt.Errorf("count the unsigned steps of annual report %s: %w", id, err)
		}
		if unsigned > 0 {
			return apperr.Input("input.annualReportId", "the annual report for %s has %d sign-off steps to sign before it is published", r.AcademicYear, unsigned)
		}

		n, err := tx.AnnualReport.Update().
			Where(annualreport.ID(id), annualreport.StatusEQ(annualreport.StatusSignedOff)).
			SetStatus(annualreport.StatusPublished).SetPublishedAt(m.clock()).SetNillablePublishedByID(callerID(ctx)).
			Save(system(ctx))
		if err != nil {
			return fmt.Errorf("publish annual report %s: %w", id, err)
		}
		if n == 0 {
			return fmt.Errorf("the annual report for %s was published meanwhile: %w", r.AcademicYear, apperr.ErrConflict)
		}
		if r, err = tx.AnnualReport.Get(system(ctx), id); err != nil {
			return fmt.Errorf("reload annual report %s: %w", id, err)
		}
		pending.Add(audit.Event{
			Action: "annual_report.published", ObjectType: authz.TypeAnnualReport, ObjectID: id,
			ChangedFields: []string{"status", "published_at"},
		})
		return nil
	})
	return r, err
}

// publishAdvice returns what a report in r's status needs before it can be
// published.
func publishAdvice(ctx context.Context, tx *ent.Client, r *ent.AnnualReport) string {
	switch r.Status {
	case annualreport.StatusDraft:
		return "mark it complete with completeAnnualReport, then record its sign-off steps"
	case annualreport.StatusPublished:
		return "it is published already"
	}
	steps, err := tx.ReportSignOff.Query().Where(reportsignoff.AnnualReportID(r.ID)).
		Order(ent.Asc(reportsignoff.FieldPosition)).All(system(ctx))
	if next := nextStep(steps); err == nil && next != nil {
		return fmt.Sprintf("every sign-off step must be signed first, and the next step is %d, %s", next.Position, next.Step)
	}
	return "every sign-off step must be signed first"
}

// signOffAdvice returns the reason a report in status takes no sign-off.
func signOffAdvice(status annualreport.Status) string {
	if status == annualreport.StatusDraft {
		return "mark it complete with completeAnnualReport first, so that the figures signed are frozen"
	}
	return "every sign-off step is signed already"
}

// statusWords returns a report status in words, such as "signed off".
func statusWords(status annualreport.Status) string {
	return strings.ReplaceAll(strings.ToLower(string(status)), "_", " ")
}

// Figures returns the figures of r: the frozen ones once r is complete,
// and while it is a draft, figures computed now. Only the LO team reads
// drafts.
func (m *Manager) Figures(ctx context.Context, r *ent.AnnualReport) (*Figures, error) {
	if len(r.Figures) > 0 {
		var f Figures
		if err := json.Unmarshal(r.Figures, &f); err != nil {
			return nil, fmt.Errorf("decode the frozen figures of annual report %s: %w", r.ID, err)
		}
		return &f, nil
	}
	if !m.allowed(ctx, authz.ActionRead) {
		return nil, apperr.NotFound("no annual report for %s", r.AcademicYear)
	}
	year, err := ParseAcademicYear("academicYear", r.AcademicYear)
	if err != nil {
		return nil, fmt.Errorf("annual report %s: %w", r.ID, err)
	}
	return compute(ctx, m.reader(ctx), year, m.clock())
}

// callerID returns the signed-in user's id, or nil for the system and API
// keys.
func callerID(ctx context.Context) *uuid.UUID {
	v := viewer.FromContext(ctx)
	if !v.SignedIn() {
		return nil
	}
	id := v.UserID
	return &id
}

// longDay formats a date as in "Monday 31 August 2026".
func longDay(d schematype.Date) string {
	return d.In(time.UTC).Format("Monday 2 January 2006")
}
