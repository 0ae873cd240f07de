package main

import (
	"context"
	"fmt"
	"io"

	"github.com/localoffer/localoffer/internal/app"
	"github.com/localoffer/localoffer/internal/config"
)

func runSeed(ctx context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, "Usage: localoffer seed demo [flags]\n\nSeeds the fictional demo content into an empty database.\nRun \"localoffer seed demo --help\" for its flags.\n")
		if len(args) == 0 {
			return usageError{"seed needs a kind of content: demo"}
		}
		return nil
	}
	if args[0] != "demo" {
		return usageError{fmt.Sprintf("unknown seed %q: the only one is demo", args[0])}
	}

	var cmd databaseCommand
	set := newFlagSet("seed demo", "localoffer seed demo [flags]", stdout)
	flags := config.NewFlags(set)
	cmd.bind(flags)
	if err := parseFlags(set, flags, args[1:]); err != nil {
		return err
	}
	if set.NArg() > 0 {
		return usageError{fmt.Sprintf("seed demo takes no arguments, got %q", set.Args())}
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
	return app.SeedDemo(ctx, s, logger)
}
