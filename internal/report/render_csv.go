package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/localoffer/localoffer/internal/sla"
)

// csvHeader names the columns of WriteCSV. A count row fills measure and
// value; an item row fills the columns after value.
var csvHeader = []string{
	"record", "measure", "value", "topic", "Local Offer section", "source group",
	"entry", "summary", "action", "outcome", "council response",
}

// WriteCSV writes the report's counts and listed items as CSV (RFC 4180)
// after a header row: first the report rows (academic year, status, when
// the figures were worked out), then one row per count, then one row per
// item. Items that one council response answers share an entry number,
// and the response is on the first of them only. Text that a spreadsheet
// would read as a formula is written with a leading apostrophe.
func WriteCSV(w io.Writer, doc *Document) error {
	out := csv.NewWriter(w)
	f := doc.Figures
	rows := [][]string{
		csvHeader,
		{"report", "academic year", f.AcademicYear},
		{"report", "status", statusWords(doc.Status)},
		{"report", "figures worked out at", f.ComputedAt.UTC().Format(time.RFC3339)},
	}
	count := func(measure string, c Count) {
		rows = append(rows, []string{"count", measure, c.Text()})
	}

	count("all feedback", f.Items)
	count("from children, young people, parents and carers", f.StatutoryItems)
	count("from providers, professionals and others", f.OtherItems)
	count("awaiting a summary, not listed", f.AwaitingSummary)
	for _, c := range f.BySource {
		count("source: "+c.Label(), c.Count)
	}
	for _, c := range f.ByChannel {
		count("channel: "+c.Label(), c.Count)
	}
	for _, c := range f.ByTopic {
		count("topic: "+c.Label(), c.Count)
	}
	for _, r := range []struct {
		name    string
		figures Compliance
	}{{"content reviews", f.ContentReviews}, {"answers", f.Answers}} {
		count(r.name+": total", r.figures.Total)
		count(r.name+": on time", r.figures.OnTime)
		count(r.name+": late", r.figures.Late)
		count(r.name+": not done by the deadline", r.figures.Missing)
		count(r.name+": not due yet", r.figures.NotYetDue)
		rows = append(rows, []string{"percentage", r.name + ": on time, of those due", percentageText(r.figures)})
	}

	entry := 0
	for _, part := range []struct {
		label    string
		listings []TopicListing
	}{{statutoryGroupLabel, f.Statutory}, {otherGroupLabel, f.Other}} {
		for _, topic := range part.listings {
			for _, section := range topic.Sections {
				for _, e := range section.Entries {
					entry++
					for i, item := range e.Items {
						response := ""
						if i == 0 {
							response = e.CouncilResponse
						}
						rows = append(rows, []string{
							"item", "", "", topic.Label(), sla.SpreadsheetText(section.Name), part.label, strconv.Itoa(entry),
							sla.SpreadsheetText(item.Summary), sla.SpreadsheetText(item.Action), sla.SpreadsheetText(item.Outcome),
							sla.SpreadsheetText(response),
						})
					}
				}
			}
		}
	}

	for _, row := range rows {
		for len(row) < len(csvHeader) {
			row = append(row, "")
		}
		if err := out.Write(row); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}
