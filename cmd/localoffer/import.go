package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/localoffer/localoffer/internal/app"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/oruk"
)

func runImport(ctx context.Context, args []string, stdin io.Reader, stdout, _ io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, "Usage: localoffer import oruk [flags] FILE\n\nImports an Open Referral UK feed (ORUK 1.0 services list or ORUK 3.0 service records).\nRun \"localoffer import oruk --help\" for its flags.\n")
		if len(args) == 0 {
			return usageError{"import needs a format: oruk"}
		}
		return nil
	}
	if args[0] != "oruk" {
		return usageError{fmt.Sprintf("unknown import format %q: the only one is oruk", args[0])}
	}

	var (
		cmd     databaseCommand
		source  string
		publish bool
	)
	set := newFlagSet("import oruk", "localoffer import oruk [flags] FILE   (FILE \"-\" reads standard input)", stdout)
	flags := config.NewFlags(set)
	cmd.bind(flags)
	set.StringVar(&source, "source", "", "name of the feed, which a re-import matches on (default: the file name without extension; \"stdin\" for -)")
	set.BoolVar(&publish, "publish", false, "publish imported services at once instead of holding them as pending for review")
	if err := parseFlags(set, flags, args[1:]); err != nil {
		return err
	}
	if set.NArg() != 1 {
		return usageError{"import oruk needs exactly one FILE, or - for standard input"}
	}
	logger, err := cmd.validate()
	if err != nil {
		return err
	}

	path := set.Arg(0)
	input := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("open feed: %w", err)
		}
		defer f.Close()
		input = f
	}
	if source == "" {
		source = defaultSource(path)
	}

	s, err := app.OpenDatabase(ctx, cmd.db, logger)
	if err != nil {
		return err
	}
	defer s.Close()

	report, err := oruk.Import(ctx, s.Client, input, oruk.Options{Source: source, Publish: publish, Logger: logger})
	if report != nil {
		report.WriteText(stdout)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	return nil
}

// defaultSource names a feed after its file: "bristol-services-2024-12.json"
// becomes "bristol-services-2024-12".
func defaultSource(path string) string {
	if path == "-" {
		return "stdin"
	}
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}
