package sla

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/content"
)

// reportTimeLayout is the layout of instants in reports, which show London
// time to the minute.
const reportTimeLayout = "2006-01-02 15:04"

// figureHeader names the columns WriteLeadsCSV writes after the lead.
var figureHeader = []string{
	"asked", "reviewed on time", "reviewed late", "not reviewed",
	"reminded", "commissioner notified", "board listed",
}

func (f Figures) columns() []string {
	return []string{
		strconv.Itoa(f.Asked), strconv.Itoa(f.ReviewedOnTime), strconv.Itoa(f.ReviewedLate),
		strconv.Itoa(f.NotReviewed), strconv.Itoa(f.Reminded), strconv.Itoa(f.CommissionerNotified),
		strconv.Itoa(f.BoardListed),
	}
}

// WriteLeadsCSV writes the figures by lead as CSV (RFC 4180), one row per
// lead after a header row. A lead the caller may not read has an empty name
// and content without a lead an empty id.
func WriteLeadsCSV(w io.Writer, view *Monitoring) error {
	out := csv.NewWriter(w)
	if err := out.Write(append([]string{"review cycle", "lead id", "lead"}, figureHeader...)); err != nil {
		return err
	}
	for _, group := range view.ByLead {
		id := ""
		if group.ID != nil {
			id = group.ID.String()
		}
		if err := out.Write(append([]string{view.ReviewCycle.Name, id, SpreadsheetText(group.Name)}, group.Figures.columns()...)); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}

// WriteNotReviewedCSV writes the content not reviewed, as NotReviewed
// returns it, as CSV (RFC 4180) after a header row. Times are London time.
func WriteNotReviewedCSV(w io.Writer, cycle *ent.ReviewCycle, reviews []*ent.CycleReview) error {
	out := csv.NewWriter(w)
	header := []string{
		"review cycle", "content type", "content id", "name", "organisation",
		"lead", "lead email", "commissioner", "commissioner email",
		"notified at", "reminded at", "commissioner notified at", "board listed at",
	}
	if err := out.Write(header); err != nil {
		return err
	}
	for _, review := range reviews {
		if err := out.Write(notReviewedColumns(cycle, review)); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}

func notReviewedColumns(cycle *ent.ReviewCycle, review *ent.CycleReview) []string {
	var contentType, contentID, name, organization string
	if s := review.Edges.Service; s != nil {
		contentType, contentID, name = "service", s.ID.String(), s.Name
		if s.Edges.Organization != nil {
			organization = s.Edges.Organization.Name
		}
	}
	if p := review.Edges.InformationPage; p != nil {
		contentType, contentID, name = "information page", p.ID.String(), p.Title
	}
	lead, leadEmail := person(review.Edges.Lead)
	commissioner, commissionerEmail := person(review.Edges.Commissioner)
	return []string{
		SpreadsheetText(cycle.Name), contentType, contentID, SpreadsheetText(name), SpreadsheetText(organization),
		SpreadsheetText(lead), SpreadsheetText(leadEmail), SpreadsheetText(commissioner), SpreadsheetText(commissionerEmail),
		londonTime(&review.NotifiedAt), londonTime(review.RemindedAt),
		londonTime(review.CommissionerNotifiedAt), londonTime(review.BoardListedAt),
	}
}

// SpreadsheetText keeps a spreadsheet from reading text as a formula: a
// cell that starts with "=", "+", "-", "@", a tab or a carriage return gets
// a leading apostrophe, which spreadsheets show as text (the OWASP advice
// on CSV injection).
func SpreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// person returns a user's name and email, or empty strings for a missing
// user or one the caller may not read.
func person(u *ent.User) (name, email string) {
	if u == nil {
		return "", ""
	}
	return u.Name, u.Email
}

func londonTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(content.London).Format(reportTimeLayout)
}

// WriteText writes the monitoring view for people to read: the cycle, its
// totals, the figures by lead, organisation and commissioner, and the trend.
func WriteText(w io.Writer, view *Monitoring) error {
	cycle := view.ReviewCycle
	fmt.Fprintf(w, "Review cycle: %s\n", cycle.Name)
	fmt.Fprintf(w, "Updates due: %s (reviews before %s London time are on time)\n\n",
		cycle.UpdatesDueOn, view.UpdatesDeadline.In(content.London).Format(reportTimeLayout))

	table := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	writeRow := func(label string, f Figures) {
		fmt.Fprintf(table, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", label,
			f.Asked, f.ReviewedOnTime, f.ReviewedLate, f.NotReviewed, f.Reminded, f.CommissionerNotified, f.BoardListed)
	}
	writeSection := func(title string, groups []GroupFigures, missing string) {
		fmt.Fprintf(table, "\n%s\tasked\ton time\tlate\tnot reviewed\treminded\tcommissioner notified\tboard listed\n", title)
		for _, group := range groups {
			writeRow(groupLabel(group, missing), group.Figures)
		}
	}

	fmt.Fprintf(table, "Totals\tasked\ton time\tlate\tnot reviewed\treminded\tcommissioner notified\tboard listed\n")
	writeRow("all content", view.Totals)
	writeSection("By lead", view.ByLead, "(no lead)")
	writeSection("By organisation", view.ByOrganization, "(no organisation)")
	writeSection("By commissioner", view.ByCommissioner, "(no commissioner)")
	fmt.Fprintf(table, "\nTrend\tasked\ton time\tlate\tnot reviewed\treminded\tcommissioner notified\tboard listed\n")
	for _, c := range view.Trend {
		writeRow(c.ReviewCycle.Name, c.Figures)
	}
	return table.Flush()
}

func groupLabel(group GroupFigures, missing string) string {
	switch {
	case group.ID == nil:
		return missing
	case group.Name == "":
		return group.ID.String()
	}
	return group.Name
}

// ReportTable is a table of the monitoring view that ExportCSV writes.
type ReportTable string

// The tables of the monitoring view.
const (
	ReportNotReviewed ReportTable = "NOT_REVIEWED"
	ReportLeads       ReportTable = "LEADS"
)

// ExportCSV returns a table of view as CSV text, reading the content not
// reviewed through the caller's privacy rules.
func (m *Manager) ExportCSV(ctx context.Context, view *Monitoring, table ReportTable) (string, error) {
	var out strings.Builder
	switch table {
	case ReportLeads:
		if err := WriteLeadsCSV(&out, view); err != nil {
			return "", fmt.Errorf("write the figures by lead as CSV: %w", err)
		}
	case ReportNotReviewed:
		reviews, err := m.NotReviewed(ctx, view.ReviewCycle.ID)
		if err != nil {
			return "", err
		}
		if err := WriteNotReviewedCSV(&out, view.ReviewCycle, reviews); err != nil {
			return "", fmt.Errorf("write the content not reviewed as CSV: %w", err)
		}
	default:
		return "", fmt.Errorf("unknown monitoring table %q: use %s or %s", table, ReportNotReviewed, ReportLeads)
	}
	return out.String(), nil
}
