package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// River, the job queue, keeps its own tables (river_job, river_leader and
// others) and records its migrations in river_migration rather than in
// schema_migrations. Its migrations are listed after the product's, under
// names such as "river_002_initial_schema", so that `localoffer migrate`,
// its --status and the automatic migration of an empty database cover both.

// riverMigrationPrefix starts the version name of each River migration.
const riverMigrationPrefix = "river_"

// NewRiverDriver returns River's driver for a database of the given dialect:
// riverdatabasesql for PostgreSQL through lib/pq, riversqlite for SQLite.
//
// NOTE: riversqlite's documentation (v0.51.2) suggests a pool of one
// connection against "database is locked" errors. The store's SQLite pool is
// shared with ent, so it relies on the busy timeout and BEGIN IMMEDIATE
// transactions instead. The tests pass with it, but it is untried under
// production load.
func NewRiverDriver(db *sql.DB, dialectName string) riverdriver.Driver[*sql.Tx] {
	if dialectName == dialect.Postgres {
		return riverdatabasesql.New(db)
	}
	return riversqlite.New(db)
}

func newRiverMigrator(db *sql.DB, dialectName string) (*rivermigrate.Migrator[*sql.Tx], error) {
	// River would log each migration it applies at Info, but the store's
	// caller already logs the versions that Migrate returns.
	migrator, err := rivermigrate.New(NewRiverDriver(db, dialectName), &rivermigrate.Config{
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return nil, fmt.Errorf("prepare River migrations: %w", err)
	}
	return migrator, nil
}

// riverMigrations returns River's migrations for a dialect, in order.
func riverMigrations(dialectName string) ([]Migration, error) {
	migrator, err := newRiverMigrator(nil, dialectName)
	if err != nil {
		return nil, err
	}
	var list []Migration
	for _, m := range migrator.AllVersions() {
		list = append(list, Migration{Version: riverVersionName(m), SQL: m.SQLUp, riverVersion: m.Version})
	}
	return list, nil
}

func riverVersionName(m rivermigrate.Migration) string {
	// River turns "002_initial_schema.up.sql" into the name "initial schema".
	return fmt.Sprintf("%s%03d_%s", riverMigrationPrefix, m.Version, strings.ReplaceAll(m.Name, " ", "_"))
}

// appliedRiverVersions returns the names of River's applied migrations.
func (s *Store) appliedRiverVersions(ctx context.Context) (map[string]bool, error) {
	migrator, err := newRiverMigrator(s.DB, s.Dialect)
	if err != nil {
		return nil, err
	}
	existing, err := migrator.ExistingVersions(ctx)
	if err != nil {
		return nil, fmt.Errorf("read applied River migrations: %w", err)
	}
	applied := make(map[string]bool, len(existing))
	for _, m := range existing {
		applied[riverVersionName(m)] = true
	}
	return applied, nil
}

// applyRiver applies River's migrations up to and including m. River runs
// each in its own transaction and records it in river_migration.
func (s *Store) applyRiver(ctx context.Context, m Migration) error {
	migrator, err := newRiverMigrator(s.DB, s.Dialect)
	if err != nil {
		return err
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{TargetVersion: m.riverVersion}); err != nil {
		return fmt.Errorf("apply migration %s: %w", m.Version, err)
	}
	return nil
}
