package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/content"
)

// Document is an annual report as WriteHTML, WriteMarkdown and WriteCSV
// print it.
type Document struct {
	Figures *Figures
	// Status is the report's status: DRAFT also for a year without an
	// AnnualReport record yet.
	Status      annualreport.Status
	SignOffs    []*ent.ReportSignOff
	PublishedAt *time.Time
}

// Draft reports whether the figures are computed live and may still
// change.
func (d *Document) Draft() bool {
	return d.Status == annualreport.StatusDraft
}

// Document returns the annual report of year for printing: its frozen
// figures once it is complete, and otherwise figures computed now, also
// when no report for the year was created yet. Only the LO team and the
// system read a draft; others get NOT_FOUND, as for the record itself.
func (m *Manager) Document(ctx context.Context, year AcademicYear) (*Document, error) {
	client := m.reader(ctx)
	r, err := client.AnnualReport.Query().Where(annualreport.AcademicYear(year.String())).Only(ctx)
	if ent.IsNotFound(err) {
		if !m.allowed(ctx, authz.ActionRead) {
			return nil, apperr.NotFound("no annual report for %s", year)
		}
		figures, err := compute(ctx, client, year, m.clock())
		if err != nil {
			return nil, err
		}
		return &Document{Figures: figures, Status: annualreport.StatusDraft}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load the annual report for %s: %w", year, err)
	}

	doc := &Document{Status: r.Status, PublishedAt: r.PublishedAt}
	if doc.Figures, err = m.Figures(ctx, r); err != nil {
		return nil, err
	}
	if doc.SignOffs, err = m.SignOffSteps(ctx, r); err != nil {
		return nil, err
	}
	return doc, nil
}

// title returns the report's title, such as "Local Offer annual report
// 2025-26: you said, we did".
func (d *Document) title() string {
	return "Local Offer annual report " + d.Figures.AcademicYear + ": you said, we did"
}

// period returns the dates the report covers, in words.
func (d *Document) period() string {
	year, err := ParseAcademicYear("academicYear", d.Figures.AcademicYear)
	if err != nil {
		return d.Figures.AcademicYear
	}
	return longDate(year.FirstDay()) + " to " + longDate(year.LastDay())
}

// statusLine returns the report's status as a sentence.
func (d *Document) statusLine() string {
	switch d.Status {
	case annualreport.StatusDraft:
		return "Draft: the figures are worked out afresh each time the report is printed, and may change until an LO officer marks the report complete."
	case annualreport.StatusComplete:
		return "Complete, awaiting sign-off: the figures were frozen on " + longTime(d.Figures.ComputedAt) + "."
	case annualreport.StatusSignedOff:
		return "Signed off, not yet published: the figures were frozen on " + longTime(d.Figures.ComputedAt) + "."
	}
	if d.PublishedAt != nil {
		return "Published on " + longTime(*d.PublishedAt) + "."
	}
	return "Published."
}

// longDate returns a date in the British form, such as "1 September 2025".
func longDate(d schematype.Date) string {
	return d.In(time.UTC).Format("2 January 2006")
}

// longTime returns an instant in London time, such as "3 December 2026 at
// 14:05".
func longTime(t time.Time) string {
	return t.In(content.London).Format("2 January 2006 at 15:04")
}

// audiencesText returns audiences in words, such as "parents and carers,
// professionals".
func audiencesText(audiences []schematype.Audience) string {
	words := make([]string, 0, len(audiences))
	for _, a := range audiences {
		words = append(words, audienceLabels[a])
	}
	if len(words) == 0 {
		return "not recorded"
	}
	return strings.Join(words, ", ")
}

// percentageText returns a percentage in words, or "withheld" or "none due"
// when there is none.
func percentageText(c Compliance) string {
	switch {
	case c.OnTimePercentage != nil:
		return fmt.Sprintf("%d%%", *c.OnTimePercentage)
	case c.OnTime.Hidden != nil || c.NotYetDue.Hidden != nil:
		return "withheld"
	}
	return "none due"
}

// complianceRow is one row of the compliance table.
type complianceRow struct {
	Measure string
	Figures Compliance
}

func (d *Document) complianceRows() []complianceRow {
	return []complianceRow{
		{"Content reviewed by its owners", d.Figures.ContentReviews},
		{"Feedback answered by the responsible party", d.Figures.Answers},
	}
}

// sourceGroupLabels name the two parts of the listing.
const (
	statutoryGroupLabel = "Children, young people, parents and carers"
	otherGroupLabel     = "Providers, professionals and others"
)
