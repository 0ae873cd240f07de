package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/localoffer/localoffer/internal/app"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/report"
	"github.com/localoffer/localoffer/internal/viewer"
)

const reportUsage = `Usage: localoffer report annual --academic-year 2025-26 [--format html|md|csv] [--output FILE] [flags]

Prints the annual "you said, we did" report of an academic year (1 September
to 31 August). Once an LO officer has marked the report complete, it prints
the frozen figures; until then, the figures as they stand now, marked as a
draft, even when nobody has created the year's report yet. The html format
is a page that needs no other files, md is Markdown, and csv has the counts
and the listed items. The report reads the database as the system. Run
"localoffer report annual --help" for its flags.
`

// reportFormats maps the --format values to the writers of the report.
var reportFormats = map[string]func(io.Writer, *report.Document) error{
	"html": report.WriteHTML,
	"md":   report.WriteMarkdown,
	"csv":  report.WriteCSV,
}

func runReport(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, reportUsage)
		if len(args) == 0 {
			return usageError{"report needs a subcommand: annual"}
		}
		return nil
	}
	if args[0] != "annual" {
		return usageError{fmt.Sprintf("unknown report subcommand %q: the only one is annual", args[0])}
	}
	return runAnnualReport(ctx, args[1:], stdout)
}

func runAnnualReport(ctx context.Context, args []string, stdout io.Writer) error {
	var (
		cmd                      databaseCommand
		yearText, format, output string
	)
	set := newFlagSet("report annual", "localoffer report annual --academic-year 2025-26 [--format html|md|csv] [--output FILE] [flags]", stdout)
	flags := config.NewFlags(set)
	cmd.bind(flags)
	set.StringVar(&yearText, "academic-year", "", `academic year of the report, such as "2025-26" (required)`)
	set.StringVar(&format, "format", "html", "output format: html, md (Markdown) or csv")
	set.StringVar(&output, "output", "", "file to write the report to, replacing it (default: standard output)")
	if err := parseFlags(set, flags, args); err != nil {
		return err
	}
	if set.NArg() > 0 {
		return usageError{fmt.Sprintf("report annual takes no arguments, got %q", set.Args())}
	}
	if yearText == "" {
		return usageError{`missing --academic-year: give the year of the report, such as --academic-year 2025-26`}
	}
	year, err := report.ParseAcademicYear("--academic-year", yearText)
	if err != nil {
		return usageError{"--academic-year: " + inputMessage(err)}
	}
	write, ok := reportFormats[format]
	if !ok {
		return usageError{fmt.Sprintf("invalid --format %q: use html, md or csv", format)}
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
	manager := report.New(report.Options{Root: s.Client, Logger: logger})
	doc, err := manager.Document(viewer.SystemContext(ctx), year)
	if err != nil {
		return err
	}

	// Render in memory first, so that a failure leaves no half-written
	// file behind.
	var out bytes.Buffer
	if err := write(&out, doc); err != nil {
		return fmt.Errorf("write the annual report for %s as %s: %w", year, format, err)
	}
	if output == "" {
		_, err = stdout.Write(out.Bytes())
		return err
	}
	if err := os.WriteFile(output, out.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write --output %s: %w: check that its folder exists and can be written to", output, err)
	}
	return nil
}

// inputMessage returns the message of an input error without its field.
func inputMessage(err error) string {
	var inputErr *apperr.InputError
	if errors.As(err, &inputErr) {
		return inputErr.Message
	}
	return err.Error()
}
