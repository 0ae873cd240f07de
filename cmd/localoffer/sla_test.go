package main

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/viewer"
)

// reportDatabase returns the flags of a migrated database with one past
// review cycle, "Report winter 2025-26", that asked for reviews of two
// services: one reviewed on time, one not reviewed and reminded.
func reportDatabase(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	dbArgs := databaseArgs(t)
	if code, _, stderr := runCommand(t, ctx, "", append([]string{"migrate"}, dbArgs...)...); code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, stderr)
	}

	c := openStore(t, dbArgs).Client
	sys := viewer.SystemContext(ctx)
	lead := c.User.Create().SetName(`Ada "The Lead", Smith`).SetEmail("ada@example.org").
		SetRole(user.RoleProvider).SetStatus(user.StatusActive).SaveX(sys)
	org := c.Organization.Create().SetName("Smith, Jones & Co").SetSlug("smith-jones").SaveX(sys)
	cycle := c.ReviewCycle.Create().SetName("Report winter 2025-26").
		SetFeedbackCirculatedOn(schematype.NewDate(2025, time.November, 3)).
		SetResponsesDueOn(schematype.NewDate(2025, time.December, 1)).
		SetUpdateNotificationsOn(schematype.NewDate(2025, time.December, 8)).
		SetUpdatesDueOn(schematype.NewDate(2026, time.January, 13)).
		SaveX(sys)
	notified := time.Date(2025, time.December, 8, 9, 0, 0, 0, time.UTC)
	for i, name := range []string{"Play scheme", "Respite care, weekends"} {
		s := c.Service.Create().SetName(name).SetSlug(strings.Fields(strings.ToLower(name))[0]).
			SetStatus(service.StatusPublished).SetOrganization(org).SetLeadID(lead.ID).SaveX(sys)
		create := c.CycleReview.Create().SetReviewCycle(cycle).SetNotifiedAt(notified).
			SetContentType(cyclereview.ContentTypeService).SetServiceID(s.ID).SetLeadID(lead.ID)
		if i == 0 {
			create.SetReviewedAt(time.Date(2026, time.January, 13, 23, 59, 0, 0, time.UTC))
		} else {
			create.SetRemindedAt(time.Date(2026, time.January, 14, 8, 0, 0, 0, time.UTC))
		}
		create.SaveX(sys)
	}
	return dbArgs
}

func TestSLAReportText(t *testing.T) {
	dbArgs := reportDatabase(t)

	code, stdout, stderr := runCommand(t, context.Background(), "",
		append([]string{"sla", "report", "--cycle", "Report winter 2025-26"}, dbArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Review cycle: Report winter 2025-26",
		"reviews before 2026-01-14 00:00 London time are on time",
		"all content",
		`Ada "The Lead", Smith`,
		"Smith, Jones & Co",
		"(no commissioner)",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output does not contain %q:\n%s", want, stdout)
		}
	}
	wantTotals := "all content 2 1 0 1 1 0 0"
	if !containsLine(stdout, wantTotals) {
		t.Errorf("no totals line %q (2 asked, 1 on time, 1 not reviewed and reminded):\n%s", wantTotals, stdout)
	}
}

func TestSLAReportCSV(t *testing.T) {
	dbArgs := reportDatabase(t)
	tests := []struct {
		table    string
		idColumn int
		header   string
		want     []string
	}{
		{"not-reviewed", 2, "review cycle,content type,content id,name,organisation,lead,lead email,commissioner,commissioner email,notified at,reminded at,commissioner notified at,board listed at",
			[]string{"Report winter 2025-26", "service", "", "Respite care, weekends", "Smith, Jones & Co", `Ada "The Lead", Smith`, "ada@example.org", "", "", "2025-12-08 09:00", "2026-01-14 08:00", "", ""}},
		{"leads", 1, "review cycle,lead id,lead,asked,reviewed on time,reviewed late,not reviewed,reminded,commissioner notified,board listed",
			[]string{"Report winter 2025-26", "", `Ada "The Lead", Smith`, "2", "1", "0", "1", "1", "0", "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.table, func(t *testing.T) {
			code, stdout, stderr := runCommand(t, context.Background(), "",
				append([]string{"sla", "report", "--cycle", "Report winter 2025-26", "--format", "csv", "--table", tt.table}, dbArgs...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			records, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
			if err != nil {
				t.Fatalf("parse CSV: %v\n%s", err, stdout)
			}
			if len(records) != 2 {
				t.Fatalf("%d records, want the header and one row:\n%s", len(records), stdout)
			}
			if got := strings.Join(records[0], ","); got != tt.header {
				t.Errorf("header = %s, want %s", got, tt.header)
			}
			// The ids are random: the test leaves their column empty.
			row := records[1]
			if len(row) != len(tt.want) {
				t.Fatalf("row %q has %d columns, want %d", row, len(row), len(tt.want))
			}
			row[tt.idColumn] = ""
			for i, want := range tt.want {
				if row[i] != want {
					t.Errorf("column %q = %q, want %q", records[0][i], row[i], want)
				}
			}
		})
	}
}

func TestSLAReportRejectsBadInput(t *testing.T) {
	dbArgs := reportDatabase(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown cycle", []string{"--cycle", "Winter 1999"}, 1, `review cycle "Winter 1999" not found`},
		{"unknown format", []string{"--format", "xlsx"}, 2, `invalid --format "xlsx"`},
		{"unknown table", []string{"--format", "csv", "--table", "all"}, 2, `invalid --table "all"`},
		{"argument", []string{"extra"}, 2, "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"sla", "report"}, dbArgs...), tt.args...)
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

func TestSLAHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"sla", "--help"}, {"sla", "report", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := runCommand(t, context.Background(), "", args...)
			if code != 0 {
				t.Errorf("exit %d, want 0; stderr: %s", code, stderr)
			}
			if !strings.Contains(stdout, "localoffer sla report") {
				t.Errorf("help does not show the synopsis:\n%s", stdout)
			}
		})
	}
}

func TestSLAWithoutSubcommandIsUsageError(t *testing.T) {
	code, _, stderr := runCommand(t, context.Background(), "", "sla")
	if code != 2 || !strings.Contains(stderr, "sla needs a subcommand: report") {
		t.Errorf("exit %d, stderr %q; want 2 and the missing subcommand", code, stderr)
	}
}

// containsLine reports whether text has a line whose words, separated by
// any run of spaces, are those of want.
func containsLine(text, want string) bool {
	for _, line := range strings.Split(text, "\n") {
		if strings.Join(strings.Fields(line), " ") == want {
			return true
		}
	}
	return false
}

func TestSLASweepRunsOnce(t *testing.T) {
	ctx := context.Background()
	dbArgs := databaseArgs(t)
	if code, _, stderr := runCommand(t, ctx, "", append([]string{"migrate"}, dbArgs...)...); code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, stderr)
	}
	c := openStore(t, dbArgs).Client
	sys := viewer.SystemContext(ctx)
	today := sla.Today(time.Now())
	c.ReviewCycle.Create().SetName("Sweep test cycle").
		SetFeedbackCirculatedOn(today.AddDays(-20)).SetResponsesDueOn(today.AddDays(-10)).
		SetUpdateNotificationsOn(today).SetUpdatesDueOn(today.AddDays(30)).
		SaveX(sys)
	lead := c.User.Create().SetName("Bea Lead").SetEmail("bea@example.org").
		SetRole(user.RoleProvider).SetStatus(user.StatusActive).SaveX(sys)
	org := c.Organization.Create().SetName("Sweep Org").SetSlug("sweep-org").SaveX(sys)
	c.Service.Create().SetName("Sweep Club").SetSlug("sweep-club").
		SetStatus(service.StatusPublished).SetOrganization(org).SetLeadID(lead.ID).SaveX(sys)

	args := append([]string{"sla", "sweep", "--public-url", "https://lo.example/"}, dbArgs...)
	code, stdout, stderr := runCommand(t, ctx, "", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Sweeps done: 1 emails added to the outbox.") {
		t.Errorf("output = %q, want one email added", stdout)
	}
	request := c.Notification.Query().Where(notification.Template(sla.TemplateReviewRequest)).OnlyX(sys)
	if request.Recipient != "bea@example.org" || !strings.Contains(request.Body, "https://lo.example/services/sweep-club") {
		t.Errorf("review request to %s:\n%s\nwant one to the lead with the service's public link", request.Recipient, request.Body)
	}

	code, stdout, stderr = runCommand(t, ctx, "", args...)
	if code != 0 || !strings.Contains(stdout, "Sweeps done: 0 emails added to the outbox.") {
		t.Errorf("second run: exit %d, output %q, stderr %q; want nothing more sent", code, stdout, stderr)
	}
}

func TestSLAReportTableNeedsCSV(t *testing.T) {
	dbArgs := databaseArgs(t)
	code, _, stderr := runCommand(t, context.Background(), "",
		append([]string{"sla", "report", "--table", "leads"}, dbArgs...)...)
	if code == 0 || !strings.Contains(stderr, "--format csv") {
		t.Errorf("exit %d, stderr %q; want a usage error naming --format csv", code, stderr)
	}
}
