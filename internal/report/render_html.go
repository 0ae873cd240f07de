package report

import (
	"bytes"
	"html/template"
	"io"
	"regexp"
	"time"
)

// WriteHTML writes the report as one self-contained HTML page: no scripts,
// fonts or files from elsewhere. It has one h1 and headings in order, and
// tables with captions and header cells scoped to their column or row, for
// screen readers. html/template escapes every piece of text.
func WriteHTML(w io.Writer, doc *Document) error {
	var page bytes.Buffer
	if err := htmlPage.Execute(&page, htmlData{doc}); err != nil {
		return err
	}
	// The template's actions leave blank lines behind. HTML shows any run
	// of white space as one space, and the page has no preformatted text,
	// so dropping them changes nothing on the page.
	_, err := w.Write(blankLines.ReplaceAll(page.Bytes(), []byte("\n")))
	return err
}

var blankLines = regexp.MustCompile(`\n[ \t]*(?:\n[ \t]*)+`)

// htmlData is the page template's data.
type htmlData struct {
	*Document
}

func (d htmlData) Title() string               { return d.title() }
func (d htmlData) Period() string              { return d.period() }
func (d htmlData) StatusLine() string          { return d.statusLine() }
func (d htmlData) IsDraft() bool               { return d.Draft() }
func (d htmlData) Compliance() []complianceRow { return d.complianceRows() }

// Parts returns the two parts of the listing, statutory first.
func (d htmlData) Parts() []listingPart {
	return []listingPart{
		{Heading: "What children, young people, parents and carers told us", Topics: d.Figures.Statutory},
		{Heading: "What providers, professionals and others told us", Topics: d.Figures.Other},
	}
}

// listingPart is one part of the listing with its heading.
type listingPart struct {
	Heading string
	Topics  []TopicListing
}

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"longDate":   longDate,
	"longTime":   longTime,
	"signedAt":   func(t *time.Time) string { return longTime(*t) },
	"audiences":  audiencesText,
	"percentage": percentageText,
}).Parse(htmlSource))

const htmlSource = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: Arial, Helvetica, sans-serif; font-size: 1.1875rem; line-height: 1.5; color: #0b0c0c; background: #fff; margin: 0; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
h1, h2, h3, h4 { line-height: 1.25; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.5rem; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.5rem; text-align: left; vertical-align: top; }
td.number { text-align: right; }
.notice { border-left: 0.5rem solid #1d70b8; padding: 0.5rem 1rem; background: #f3f2f1; }
.draft { border-left-color: #d4351c; }
.entry { border-left: 0.25rem solid #b1b4b6; padding-left: 1rem; margin-bottom: 1.5rem; }
:focus { outline: 3px solid #fd0; }
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p class="notice{{if .IsDraft}} draft{{end}}"><strong>{{.StatusLine}}</strong></p>
<p>This report covers {{.Period}}. It tells you what children, young people, parents, carers and others told us about the Local Offer, what we did about it, and how well we and our providers kept to our service level agreement.</p>

<h2>About the figures</h2>
<p>We do not publish anything that could identify the person who gave feedback. Each comment is shown as a short summary written by the Local Offer team, never in the person's own words.</p>
<p>Where a count is between 1 and 4, we show it as "fewer than 5". Where someone could work out a small count by taking the other counts from a total, we also withhold one or more other counts, shown as "withheld". Feedback that raised a concern about a child's safety, and feedback we could not act on here (for example, a complaint about one person's care, which goes through the complaints procedure), is not included.</p>

<h2>Review cycles</h2>
{{if .Figures.ReviewCycles}}
<table>
<caption>Review cycles in {{.Figures.AcademicYear}}</caption>
<thead><tr><th scope="col">Cycle</th><th scope="col">Feedback sent to providers</th><th scope="col">Responses due</th><th scope="col">Providers asked to review</th><th scope="col">Reviews due</th></tr></thead>
<tbody>
{{range .Figures.ReviewCycles}}<tr><th scope="row">{{.Name}}</th><td>{{longDate .FeedbackCirculatedOn}}</td><td>{{longDate .ResponsesDueOn}}</td><td>{{longDate .UpdateNotificationsOn}}</td><td>{{longDate .UpdatesDueOn}}</td></tr>
{{end}}</tbody>
</table>
{{else}}
<p>No review cycle started in this year.</p>
{{end}}

<h2>Feedback in numbers</h2>
<table>
<caption>Feedback received</caption>
<thead><tr><th scope="col">Feedback</th><th scope="col">Number</th></tr></thead>
<tbody>
<tr><th scope="row">All feedback</th><td class="number">{{.Figures.Items.Text}}</td></tr>
<tr><th scope="row">From children, young people, parents and carers</th><td class="number">{{.Figures.StatutoryItems.Text}}</td></tr>
<tr><th scope="row">From providers, professionals and others</th><td class="number">{{.Figures.OtherItems.Text}}</td></tr>
<tr><th scope="row">Still waiting for a summary, so not listed below</th><td class="number">{{.Figures.AwaitingSummary.Text}}</td></tr>
</tbody>
</table>
<table>
<caption>Feedback by who sent it</caption>
<thead><tr><th scope="col">Who sent it</th><th scope="col">Number</th></tr></thead>
<tbody>
{{range .Figures.BySource}}<tr><th scope="row">{{.Label}}</th><td class="number">{{.Count.Text}}</td></tr>
{{end}}</tbody>
</table>
<table>
<caption>Feedback by how it reached us</caption>
<thead><tr><th scope="col">How it reached us</th><th scope="col">Number</th></tr></thead>
<tbody>
{{range .Figures.ByChannel}}<tr><th scope="row">{{.Label}}</th><td class="number">{{.Count.Text}}</td></tr>
{{end}}</tbody>
</table>
<table>
<caption>Feedback by what it was about</caption>
<thead><tr><th scope="col">What it was about</th><th scope="col">Number</th></tr></thead>
<tbody>
{{range .Figures.ByTopic}}<tr><th scope="row">{{.Label}}</th><td class="number">{{.Count.Text}}</td></tr>
{{end}}</tbody>
</table>

{{range .Parts}}
<h2>{{.Heading}}</h2>
{{if .Topics}}
{{range .Topics}}
<h3>{{.Label}}</h3>
{{range .Sections}}
<h4>{{.Name}}</h4>
{{range .Entries}}
<div class="entry">
{{range .Items}}
<p><strong>You said:</strong> {{.Summary}}</p>
{{if .Action}}<p><strong>What was done:</strong> {{.Action}}</p>{{end}}
{{if .Outcome}}<p><strong>The result:</strong> {{.Outcome}}</p>{{end}}
{{end}}
{{if .CouncilResponse}}<p><strong>We did:</strong> {{.CouncilResponse}}</p>{{else}}<p><strong>We did:</strong> our response is not ready yet.</p>{{end}}
</div>
{{end}}
{{end}}
{{end}}
{{else}}
<p>There is no summarised feedback to show in this part.</p>
{{end}}
{{end}}

<h2>Engagement activities</h2>
{{if .Figures.EngagementActivities}}
<table>
<caption>Co-production and consultation activities in {{.Figures.AcademicYear}}</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Activity</th><th scope="col">Kind</th><th scope="col">Who it was for</th><th scope="col">People who took part</th></tr></thead>
<tbody>
{{range .Figures.EngagementActivities}}<tr><td>{{longDate .HeldOn}}</td><th scope="row">{{.Title}}</th><td>{{.KindLabel}}</td><td>{{audiences .Audiences}}</td><td class="number">{{.Participants.Text}}</td></tr>
{{end}}</tbody>
</table>
{{else}}
<p>No engagement activities were recorded for this year.</p>
{{end}}

<h2>Keeping to the service level agreement</h2>
<p>Providers review their Local Offer pages in each review cycle and answer the feedback sent to them by a deadline. A deadline runs to the end of its day, London time.</p>
<table>
<caption>Work done on time in {{.Figures.AcademicYear}}</caption>
<thead><tr><th scope="col">Measure</th><th scope="col">Total</th><th scope="col">On time</th><th scope="col">Late</th><th scope="col">Not done by the deadline</th><th scope="col">Not due yet</th><th scope="col">On time, of those due</th></tr></thead>
<tbody>
{{range .Compliance}}<tr><th scope="row">{{.Measure}}</th><td class="number">{{.Figures.Total.Text}}</td><td class="number">{{.Figures.OnTime.Text}}</td><td class="number">{{.Figures.Late.Text}}</td><td class="number">{{.Figures.Missing.Text}}</td><td class="number">{{.Figures.NotYetDue.Text}}</td><td class="number">{{percentage .Figures}}</td></tr>
{{end}}</tbody>
</table>

<h2>Sign-off</h2>
{{if .SignOffs}}
<table>
<caption>Who signed off this report</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Signed by</th><th scope="col">When</th></tr></thead>
<tbody>
{{range .SignOffs}}<tr><th scope="row">{{.Position}}. {{.Step}}</th>{{if .SignedOffAt}}<td>{{.SignedBy}}</td><td>{{signedAt .SignedOffAt}}</td>{{else}}<td>Not signed yet</td><td></td>{{end}}</tr>
{{end}}</tbody>
</table>
{{else}}
<p>The report has not been sent for sign-off yet.</p>
{{end}}
<p>Figures worked out on {{longTime .Figures.ComputedAt}}.</p>
</main>
</body>
</html>
`
