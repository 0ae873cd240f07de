package main

import (
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/internal/report"
	"github.com/localoffer/localoffer/internal/report/reporttest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// annualReportDatabase returns the flags of a migrated database with the
// seeded year of reporttest, and the year's data.
func annualReportDatabase(t *testing.T) ([]string, *reporttest.Year) {
	t.Helper()
	dbArgs := databaseArgs(t)
	if code, _, stderr := runCommand(t, context.Background(), "", append([]string{"migrate"}, dbArgs...)...); code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, stderr)
	}
	return dbArgs, reporttest.Seed(t, openStore(t, dbArgs).Client)
}

// printAnnualReport runs "report annual" for the seeded year in format and
// returns its output.
func printAnnualReport(t *testing.T, dbArgs []string, format string) string {
	t.Helper()
	args := append([]string{"report", "annual", "--academic-year", reporttest.AcademicYear, "--format", format}, dbArgs...)
	code, stdout, stderr := runCommand(t, context.Background(), "", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	return stdout
}

// neverInReport are the seeded texts no format may print: bodies, contact
// details, and the items, cycles and activities the report leaves out.
var neverInReport = []string{
	reporttest.BodyMark, reporttest.ContactEmail, reporttest.ContactName, "07700 900123",
	reporttest.SafeguardingMark, reporttest.SuggestedMark, reporttest.VexatiousMark, reporttest.IndividualMark,
	reporttest.BeforeYearMark, reporttest.AfterYearMark, reporttest.UnapprovedMark,
	reporttest.OutsideCycleName, reporttest.OutsideActivity,
}

func wantNone(t *testing.T, output string, never []string) {
	t.Helper()
	for _, text := range never {
		if strings.Contains(output, text) {
			t.Errorf("output contains %q, which the report must leave out", text)
		}
	}
}

func wantAll(t *testing.T, output string, want []string) {
	t.Helper()
	for _, text := range want {
		if !strings.Contains(output, text) {
			t.Errorf("output does not contain %q", text)
		}
	}
}

func TestAnnualReportHTML(t *testing.T) {
	dbArgs, _ := annualReportDatabase(t)

	page := printAnnualReport(t, dbArgs, "html")

	wantAll(t, page, []string{
		`<html lang="en-GB">`,
		"<h1>Local Offer annual report 2024-25: you said, we did</h1>",
		"Draft: the figures are worked out afresh",
		"This report covers 1 September 2024 to 31 August 2025.",
		"<caption>Feedback by who sent it</caption>",
		`<th scope="col">Who sent it</th>`,
		`<tr><th scope="row">Children and young people</th><td class="number">fewer than 5</td></tr>`,
		`<tr><th scope="row">Parents and carers</th><td class="number">withheld</td></tr>`,
		`<tr><th scope="row">All feedback</th><td class="number">14</td></tr>`,
		`<tr><th scope="row">Gaps in provision</th><td class="number">6</td></tr>`,
		"<h2>What children, young people, parents and carers told us</h2>",
		"<h2>What providers, professionals and others told us</h2>",
		"<h3>The Local Offer&#39;s content</h3>",
		"<h4>Getting Around</h4>",
		"<h4>No section</h4>",
		reporttest.BusPassSummary,
		"<strong>We did:</strong> " + reporttest.TransportResponse,
		"&lt;script&gt;alert(1)&lt;/script&gt; appeared in our listing &amp; was not removed",
		"Report winter 2024-25",
		"4 November 2024",
		"Transport workshop with parent carers",
		`<td class="number">12</td>`,
		`<th scope="row">Content reviewed by its owners</th><td class="number">13</td><td class="number">9</td><td class="number">fewer than 5</td><td class="number">fewer than 5</td><td class="number">0</td><td class="number">69%</td>`,
		`<td class="number">67%</td>`,
		"The report has not been sent for sign-off yet.",
	})
	// A self-contained page loads nothing: no scripts, styles, fonts or images.
	wantNone(t, page, append(neverInReport, "<script", "<link", "src=", "url("))
	// The transport response answers two items, and is shown once.
	if n := strings.Count(page, reporttest.TransportResponse); n != 1 {
		t.Errorf("the grouped council response appears %d times, want 1", n)
	}
}

func TestAnnualReportMarkdown(t *testing.T) {
	dbArgs, _ := annualReportDatabase(t)

	text := printAnnualReport(t, dbArgs, "md")

	wantAll(t, text, []string{
		"# Local Offer annual report 2024-25: you said, we did\n",
		"**Draft: the figures are worked out afresh",
		"| Who sent it | Number |\n| --- | --- |\n| Children and young people | fewer than 5 |\n| Parents and carers | withheld |",
		"| Telephone | fewer than 5 |",
		"## What children, young people, parents and carers told us",
		"### The Local Offer's content",
		"#### Getting Around",
		"- **You said:** " + reporttest.BusPassSummary + "\n  - **What was done:** " + reporttest.BusPassAction,
		"**We did:** " + reporttest.TransportResponse,
		`- **You said:** \<script\>alert(1)\</script\> appeared in our listing \& was not removed`,
		`Our page \| breaks the table \*formatting\*`,
		"| Feedback answered by the responsible party | 9 | 6 | fewer than 5 | fewer than 5 | 0 | 67% |",
	})
	wantNone(t, text, append(neverInReport, "<script>"))
	if n := strings.Count(text, reporttest.TransportResponse); n != 1 {
		t.Errorf("the grouped council response appears %d times, want 1", n)
	}
}

func TestAnnualReportCSV(t *testing.T) {
	dbArgs, _ := annualReportDatabase(t)

	output := printAnnualReport(t, dbArgs, "csv")

	records, err := csv.NewReader(strings.NewReader(output)).ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v\n%s", err, output)
	}
	wantHeader := "record,measure,value,topic,Local Offer section,source group,entry,summary,action,outcome,council response"
	if got := strings.Join(records[0], ","); got != wantHeader {
		t.Errorf("header = %s, want %s", got, wantHeader)
	}
	values := map[string]string{}
	var items [][]string
	for _, row := range records[1:] {
		switch row[0] {
		case "item":
			items = append(items, row)
		default:
			values[row[1]] = row[2]
		}
	}
	for measure, want := range map[string]string{
		"academic year":                          "2024-25",
		"status":                                 "draft",
		"all feedback":                           "14",
		"awaiting a summary, not listed":         "fewer than 5",
		"source: Children and young people":      "fewer than 5",
		"source: Providers":                      "withheld",
		"channel: Survey":                        "0",
		"channel: Website form":                  "withheld",
		"topic: Gaps in provision":               "6",
		"content reviews: on time":               "9",
		"content reviews: on time, of those due": "69%",
		"answers: late":                          "fewer than 5",
		"answers: on time, of those due":         "67%",
	} {
		if values[measure] != want {
			t.Errorf("%s = %q, want %q", measure, values[measure], want)
		}
	}

	if len(items) != 13 {
		t.Fatalf("%d item rows, want the 13 summarised items", len(items))
	}
	bySummary := map[string][]string{}
	for _, row := range items {
		bySummary[row[7]] = row
	}
	busPass, travel := bySummary[reporttest.BusPassSummary], bySummary[reporttest.TravelSummary]
	if busPass == nil || travel == nil {
		t.Fatalf("the transport items are missing: %q", items)
	}
	if busPass[3] != "The Local Offer's content" || busPass[4] != "Getting Around" ||
		busPass[5] != "Children, young people, parents and carers" || busPass[8] != reporttest.BusPassAction {
		t.Errorf("bus pass row = %q", busPass)
	}
	if busPass[6] != travel[6] || busPass[10] != reporttest.TransportResponse || travel[10] != "" {
		t.Errorf("transport rows = %q and %q, want one entry with the response on its first row", busPass, travel)
	}
	formula := bySummary["'"+reporttest.FormulaSummary]
	if formula == nil {
		t.Errorf("the summary that starts with = is not guarded with an apostrophe: %q", items)
	} else if formula[8] != "'-1 places left: removed the fee." || formula[5] != "Providers, professionals and others" {
		t.Errorf("formula row = %q, want the action guarded too", formula)
	}
	wantNone(t, output, neverInReport)
}

// TestAnnualReportPrintsFrozenFigures completes the year's report, changes
// the feedback, and checks that every format prints the figures as they
// were at completion.
func TestAnnualReportPrintsFrozenFigures(t *testing.T) {
	dbArgs, year := annualReportDatabase(t)
	client := openStore(t, dbArgs).Client
	ctx := viewer.SystemContext(context.Background())
	m := report.New(report.Options{Root: client, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SignOffSteps: []string{"Director of Education and Learning"}})
	r, err := m.Create(ctx, reporttest.AcademicYear)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Complete(ctx, r.ID); err != nil {
		t.Fatal(err)
	}

	client.Feedback.Create().SetReceivedAt(time.Date(2025, time.March, 3, 10, 0, 0, 0, time.UTC)).
		SetChannel(feedback.ChannelSurvey).SetSource(feedback.SourceParentOrCarer).SetTopic(feedback.TopicOther).
		SetSentiment(feedback.SentimentPositive).SetBody("Thanks.").SetSummary("ADDED-AFTER-COMPLETION").
		SaveX(ctx)
	client.Feedback.UpdateOne(year.Items[reporttest.ClubsSummary]).SetSummary("CHANGED-AFTER-COMPLETION").ExecX(ctx)

	for _, format := range []string{"html", "md", "csv"} {
		t.Run(format, func(t *testing.T) {
			output := printAnnualReport(t, dbArgs, format)
			wantNone(t, output, append(neverInReport, "ADDED-AFTER-COMPLETION", "CHANGED-AFTER-COMPLETION", "Draft"))
			wantAll(t, output, []string{reporttest.ClubsSummary})
			if format != "csv" {
				wantAll(t, output, []string{"Complete, awaiting sign-off", "Director of Education and Learning", "Not signed yet"})
			} else {
				wantAll(t, output, []string{"report,status,complete", "count,all feedback,14"})
			}
		})
	}
}

func TestAnnualReportWritesOutputFile(t *testing.T) {
	dbArgs, _ := annualReportDatabase(t)
	path := filepath.Join(t.TempDir(), "annual-report.html")

	args := append([]string{"report", "annual", "--academic-year", reporttest.AcademicYear, "--output", path}, dbArgs...)
	code, stdout, stderr := runCommand(t, context.Background(), "", args...)

	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing with --output", stdout)
	}
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(written), "<!DOCTYPE html>") || !strings.Contains(string(written), reporttest.BusPassSummary) {
		t.Errorf("the file does not hold the HTML report:\n%s", written)
	}
}

// TestAnnualReportOfYearWithoutRecord prints a draft for a year nobody has
// created a report for, with nothing in it.
func TestAnnualReportOfYearWithoutRecord(t *testing.T) {
	dbArgs, _ := annualReportDatabase(t)

	args := append([]string{"report", "annual", "--academic-year", "2019-20", "--format", "md"}, dbArgs...)
	code, stdout, stderr := runCommand(t, context.Background(), "", args...)

	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	wantAll(t, stdout, []string{
		"# Local Offer annual report 2019-20", "**Draft:", "| All feedback | 0 |",
		"No review cycle started in this year.", "There is no summarised feedback to show in this part.",
		"| Content reviewed by its owners | 0 | 0 | 0 | 0 | 0 | none due |",
	})
}

func TestAnnualReportRejectsBadInput(t *testing.T) {
	dbArgs, _ := annualReportDatabase(t)
	missingFolder := filepath.Join(t.TempDir(), "no-such-folder", "report.html")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing year", nil, 2, "missing --academic-year: give the year of the report, such as --academic-year 2025-26"},
		{"year out of order", []string{"--academic-year", "2025-27"}, 2, `--academic-year: "2025-27" is not an academic year: the year after 2025 ends in 26, so use "2025-26"`},
		{"year in another form", []string{"--academic-year", "2025/26"}, 2, `--academic-year: "2025/26" is not an academic year`},
		{"unknown format", []string{"--academic-year", "2024-25", "--format", "pdf"}, 2, `invalid --format "pdf": use html, md or csv`},
		{"argument", []string{"--academic-year", "2024-25", "extra"}, 2, "takes no arguments"},
		{"output folder missing", []string{"--academic-year", "2024-25", "--output", missingFolder}, 1, "write --output " + missingFolder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"report", "annual"}, dbArgs...), tt.args...)
			code, _, stderr := runCommand(t, context.Background(), "", args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.want)
			}
		})
	}
}

func TestReportHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"report", "--help"}, {"report", "annual", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := runCommand(t, context.Background(), "", args...)
			if code != 0 {
				t.Errorf("exit %d, want 0; stderr: %s", code, stderr)
			}
			if !strings.Contains(stdout, "localoffer report annual --academic-year") {
				t.Errorf("help does not show the synopsis:\n%s", stdout)
			}
		})
	}
}

func TestReportWithoutSubcommandIsUsageError(t *testing.T) {
	for args, want := range map[string]string{
		"report":         "report needs a subcommand: annual",
		"report monthly": `unknown report subcommand "monthly"`,
	} {
		code, _, stderr := runCommand(t, context.Background(), "", strings.Fields(args)...)
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", args, code, stderr, want)
		}
	}
}
