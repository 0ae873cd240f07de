package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// WriteMarkdown writes the report as CommonMark with GitHub-style tables.
// Text from the database is escaped, so that it cannot add markup, links
// or raw HTML.
func WriteMarkdown(w io.Writer, doc *Document) error {
	out := bufio.NewWriter(w)
	md := markdown{out: out}
	f := doc.Figures

	md.line("# " + escapeMarkdown(doc.title()))
	md.paragraph("**" + escapeMarkdown(doc.statusLine()) + "**")
	md.paragraph("This report covers " + doc.period() + ". It tells you what children, young people, parents, carers and others told us about the Local Offer, what we did about it, and how well we and our providers kept to our service level agreement.")

	md.line("## About the figures")
	md.paragraph("We do not publish anything that could identify the person who gave feedback. Each comment is shown as a short summary written by the Local Offer team, never in the person's own words.")
	md.paragraph(`Where a count is between 1 and 4, we show it as "fewer than 5". Where someone could work out a small count by taking the other counts from a total, we also withhold one or more other counts, shown as "withheld". Feedback that raised a concern about a child's safety, and feedback we could not act on here, is not included.`)

	md.line("## Review cycles")
	if len(f.ReviewCycles) == 0 {
		md.paragraph("No review cycle started in this year.")
	} else {
		md.table([]string{"Cycle", "Feedback sent to providers", "Responses due", "Providers asked to review", "Reviews due"}, func(row func(...string)) {
			for _, c := range f.ReviewCycles {
				row(c.Name, longDate(c.FeedbackCirculatedOn), longDate(c.ResponsesDueOn), longDate(c.UpdateNotificationsOn), longDate(c.UpdatesDueOn))
			}
		})
	}

	md.line("## Feedback in numbers")
	md.table([]string{"Feedback", "Number"}, func(row func(...string)) {
		row("All feedback", f.Items.Text())
		row("From children, young people, parents and carers", f.StatutoryItems.Text())
		row("From providers, professionals and others", f.OtherItems.Text())
		row("Still waiting for a summary, so not listed below", f.AwaitingSummary.Text())
	})
	md.table([]string{"Who sent it", "Number"}, func(row func(...string)) {
		for _, c := range f.BySource {
			row(c.Label(), c.Count.Text())
		}
	})
	md.table([]string{"How it reached us", "Number"}, func(row func(...string)) {
		for _, c := range f.ByChannel {
			row(c.Label(), c.Count.Text())
		}
	})
	md.table([]string{"What it was about", "Number"}, func(row func(...string)) {
		for _, c := range f.ByTopic {
			row(c.Label(), c.Count.Text())
		}
	})

	md.listing("What children, young people, parents and carers told us", f.Statutory)
	md.listing("What providers, professionals and others told us", f.Other)

	md.line("## Engagement activities")
	if len(f.EngagementActivities) == 0 {
		md.paragraph("No engagement activities were recorded for this year.")
	} else {
		md.table([]string{"Date", "Activity", "Kind", "Who it was for", "People who took part"}, func(row func(...string)) {
			for _, a := range f.EngagementActivities {
				row(longDate(a.HeldOn), a.Title, a.KindLabel(), audiencesText(a.Audiences), a.Participants.Text())
			}
		})
	}

	md.line("## Keeping to the service level agreement")
	md.paragraph("Providers review their Local Offer pages in each review cycle and answer the feedback sent to them by a deadline. A deadline runs to the end of its day, London time.")
	md.table([]string{"Measure", "Total", "On time", "Late", "Not done by the deadline", "Not due yet", "On time, of those due"}, func(row func(...string)) {
		for _, r := range doc.complianceRows() {
			c := r.Figures
			row(r.Measure, c.Total.Text(), c.OnTime.Text(), c.Late.Text(), c.Missing.Text(), c.NotYetDue.Text(), percentageText(c))
		}
	})

	md.line("## Sign-off")
	if len(doc.SignOffs) == 0 {
		md.paragraph("The report has not been sent for sign-off yet.")
	} else {
		md.table([]string{"Step", "Signed by", "When"}, func(row func(...string)) {
			for _, s := range doc.SignOffs {
				step := strconv.Itoa(s.Position) + ". " + s.Step
				if s.SignedOffAt == nil {
					row(step, "Not signed yet", "")
				} else {
					row(step, s.SignedBy, longTime(*s.SignedOffAt))
				}
			}
		})
	}
	md.paragraph("Figures worked out on " + longTime(f.ComputedAt) + ".")
	return out.Flush()
}

// markdown writes blocks separated by blank lines.
type markdown struct {
	out *bufio.Writer
}

// line writes a heading or other one-line block.
func (md markdown) line(text string) {
	md.out.WriteString(text)
	md.out.WriteString("\n\n")
}

// paragraph writes text, which the caller has escaped or written itself.
func (md markdown) paragraph(text string) {
	md.line(text)
}

// table writes a table whose cells fill calls with the row function. Every
// cell is escaped.
func (md markdown) table(header []string, fill func(row func(cells ...string))) {
	row := func(cells ...string) {
		escaped := make([]string, len(cells))
		for i, cell := range cells {
			escaped[i] = escapeMarkdown(cell)
		}
		md.out.WriteString("| " + strings.Join(escaped, " | ") + " |\n")
	}
	row(header...)
	md.out.WriteString("|" + strings.Repeat(" --- |", len(header)) + "\n")
	fill(row)
	md.out.WriteString("\n")
}

// listing writes one part of the listing under heading.
func (md markdown) listing(heading string, listings []TopicListing) {
	md.line("## " + heading)
	if len(listings) == 0 {
		md.paragraph("There is no summarised feedback to show in this part.")
		return
	}
	for _, topic := range listings {
		md.line("### " + escapeMarkdown(topic.Label()))
		for _, section := range topic.Sections {
			md.line("#### " + escapeMarkdown(section.Name))
			for _, entry := range section.Entries {
				for _, item := range entry.Items {
					md.out.WriteString("- **You said:** " + escapeMarkdown(item.Summary) + "\n")
					if item.Action != "" {
						md.out.WriteString("  - **What was done:** " + escapeMarkdown(item.Action) + "\n")
					}
					if item.Outcome != "" {
						md.out.WriteString("  - **The result:** " + escapeMarkdown(item.Outcome) + "\n")
					}
				}
				response := "our response is not ready yet."
				if entry.CouncilResponse != "" {
					response = escapeMarkdown(entry.CouncilResponse)
				}
				md.out.WriteString("\n")
				md.paragraph("**We did:** " + response)
			}
		}
	}
}

// markdownSpecial are the characters that can start emphasis, code, a
// link, an entity or raw HTML, close a heading or end a table cell in
// CommonMark with GitHub's tables and strikethrough. Characters that matter
// only at the start of a line, such as "-" or "1.", are left alone: escaped
// text never starts a line.
const markdownSpecial = "\\`*_[]<>#|&~"

// escapeMarkdown escapes text for a paragraph, list item, heading or table
// cell: each special character gets a backslash, which CommonMark allows
// before any ASCII punctuation, and line breaks become spaces, so that the
// text stays in its block.
//
// NOTE: GitHub's extended autolinks still turn a web address in the text
// into a link; the address stays visible as it was written.
func escapeMarkdown(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == '\r' || r == '\n':
			b.WriteRune(' ')
		case strings.ContainsRune(markdownSpecial, r):
			b.WriteRune('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
