package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/store"
)

func runMigrate(ctx context.Context, args []string, stdout, _ io.Writer) error {
	var (
		cmd        databaseCommand
		statusOnly bool
	)
	set := newFlagSet("migrate", "localoffer migrate [flags]", stdout)
	flags := config.NewFlags(set)
	config.BindDatabaseLocation(flags, &cmd.db)
	config.BindLog(flags, &cmd.log, &cmd.level)
	set.BoolVar(&statusOnly, "status", false, "list applied and pending migrations without applying any")
	if err := parseFlags(set, flags, args); err != nil {
		return err
	}
	if set.NArg() > 0 {
		return usageError{fmt.Sprintf("migrate takes no arguments, got %q", set.Args())}
	}
	logger, err := cmd.validate()
	if err != nil {
		return err
	}

	if statusOnly && cmd.db.URL == "" {
		path := filepath.Join(cmd.db.DataDir, store.SQLiteFileName)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stdout, "database: %s does not exist yet; any command that opens it creates and migrates it\n", path)
			return nil
		}
	}
	s, err := store.Open(ctx, store.Config{DatabaseURL: cmd.db.URL, DataDir: cmd.db.DataDir})
	if err != nil {
		return err
	}
	defer s.Close()

	if statusOnly {
		status, err := s.Status(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "database: %s\napplied: %d\npending: %d\n", s.Location, len(status.Applied), len(status.Pending))
		for _, version := range status.Pending {
			fmt.Fprintf(stdout, "  pending %s\n", version)
		}
		return nil
	}

	applied, err := s.Migrate(ctx)
	if err != nil {
		return err
	}
	logger.Info("database migrated", "database", s.Location, "applied", len(applied))
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "%s is up to date\n", s.Location)
		return nil
	}
	fmt.Fprintf(stdout, "applied %d migration(s) to %s:\n  %s\n", len(applied), s.Location, strings.Join(applied, "\n  "))
	return nil
}
