package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/localoffer/localoffer/internal/app"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/viewer"
)

const slaUsage = `Usage: localoffer sla report [--cycle NAME] [--format text|csv] [--table not-reviewed|leads] [flags]
       localoffer sla sweep [flags]

report prints the SLA monitoring report of a review cycle: by default the
latest cycle whose update notifications date has come. The text format has
the totals, the figures by lead, organisation and commissioner, and the
trend across cycles. The CSV format has one table: the content not reviewed
or the figures by lead. The report covers all content: it reads the
database as the system.

sweep runs the hourly sweeps once, now: the SLA's review requests,
reminders and escalation, feedback circulation and the retention purges,
with the same settings as serve. Their emails go to the outbox, which a
running serve delivers. Each sweep is safe to run again.

Run "localoffer sla report --help" or "localoffer sla sweep --help" for
their flags.
`

// reportTables maps the --table values to the tables of the monitoring view.
var reportTables = map[string]sla.ReportTable{
	"not-reviewed": sla.ReportNotReviewed,
	"leads":        sla.ReportLeads,
}

func runSLA(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, slaUsage)
		if len(args) == 0 {
			return usageError{"sla needs a subcommand: report or sweep"}
		}
		return nil
	}
	switch args[0] {
	case "report":
		return runSLAReport(ctx, args[1:], stdout)
	case "sweep":
		return runSLASweep(ctx, args[1:], stdout)
	}
	return usageError{fmt.Sprintf("unknown sla subcommand %q: use report or sweep", args[0])}
}

func runSLASweep(ctx context.Context, args []string, stdout io.Writer) error {
	var (
		cmd databaseCommand
		cfg config.Serve
	)
	set := newFlagSet("sla sweep", "localoffer sla sweep [flags]", stdout)
	flags := config.NewFlags(set)
	cmd.bind(flags)
	flags.String(&cfg.PublicURL, "public-url", "LOCALOFFER_PUBLIC_URL", "http://localhost:8080",
		"base URL of the public site, used in links")
	config.BindSLA(flags, &cfg.SLA)
	config.BindFeedback(flags, &cfg.Feedback)
	if err := parseFlags(set, flags, args); err != nil {
		return err
	}
	if set.NArg() > 0 {
		return usageError{fmt.Sprintf("sla sweep takes no arguments, got %q", set.Args())}
	}
	logger, err := cmd.validate()
	if err != nil {
		return err
	}
	if err := errors.Join(config.ValidateSLA(&cfg.SLA), config.ValidateFeedback(&cfg.Feedback)); err != nil {
		return usageError{err.Error()}
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")

	s, err := app.OpenDatabase(ctx, cmd.db, logger)
	if err != nil {
		return err
	}
	defer s.Close()
	before, err := s.Client.Notification.Query().Count(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("count the outbox: %w", err)
	}
	if err := app.Sweepers(s, cfg, logger).Run(ctx); err != nil {
		return err
	}
	after, err := s.Client.Notification.Query().Count(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("count the outbox: %w", err)
	}
	fmt.Fprintf(stdout, "Sweeps done: %d emails added to the outbox.\n", after-before)
	return nil
}

func runSLAReport(ctx context.Context, args []string, stdout io.Writer) error {
	var (
		cmd                        databaseCommand
		cycleName, format, tableID string
	)
	set := newFlagSet("sla report", "localoffer sla report [--cycle NAME] [--format text|csv] [--table not-reviewed|leads] [flags]", stdout)
	flags := config.NewFlags(set)
	cmd.bind(flags)
	set.StringVar(&cycleName, "cycle", "", "name of the review cycle, such as \"Winter 2025-26\" (default: the latest cycle whose update notifications date has come)")
	set.StringVar(&format, "format", "text", "output format: text or csv")
	set.StringVar(&tableID, "table", "not-reviewed", "with --format csv, the table to print: not-reviewed or leads")
	if err := parseFlags(set, flags, args); err != nil {
		return err
	}
	if set.NArg() > 0 {
		return usageError{fmt.Sprintf("sla report takes no arguments, got %q", set.Args())}
	}
	if format != "text" && format != "csv" {
		return usageError{fmt.Sprintf("invalid --format %q: use text or csv", format)}
	}
	if format == "text" && flagGiven(set, "table") {
		return usageError{"--table chooses a CSV table: add --format csv, or leave --table out for the text report"}
	}
	table, ok := reportTables[tableID]
	if !ok {
		return usageError{fmt.Sprintf("invalid --table %q: use not-reviewed or leads", tableID)}
	}
	logger, err := cmd.validate()
	if err != nil {
		return err
	}

	s, err := app.OpenDatabase(ctx, cmd.db, logger)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx = viewer.SystemContext(ctx)
	manager := sla.New(s.Client, nil, logger, nil)

	view, err := loadReport(ctx, manager, cycleName)
	if err != nil {
		return err
	}
	if format == "text" {
		return sla.WriteText(stdout, view)
	}
	text, err := manager.ExportCSV(ctx, view, table)
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, text)
	return err
}

// loadReport returns the monitoring view of the cycle called name, or of
// the latest notified cycle when name is empty.
func loadReport(ctx context.Context, manager *sla.Manager, name string) (*sla.Monitoring, error) {
	if name == "" {
		view, err := manager.Monitoring(ctx, nil)
		if err != nil {
			return nil, err
		}
		if view == nil {
			return nil, errors.New("no review cycle has reached its update notifications date yet: name one with --cycle")
		}
		return view, nil
	}

	cycle, err := manager.ReviewCycleByName(ctx, name)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, fmt.Errorf("review cycle %q not found: check the name, which is case-sensitive, such as \"Winter 2025-26\"", name)
	}
	if err != nil {
		return nil, err
	}
	return manager.Monitoring(ctx, &cycle.ID)
}

// flagGiven reports whether the command line set the flag called name.
func flagGiven(set *flag.FlagSet, name string) bool {
	given := false
	set.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}
