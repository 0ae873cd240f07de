package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/localoffer/localoffer/migrations"
)

// ErrSchemaBehind is returned by EnsureSchema when the database has
// migrations still to apply and automatic migration was not asked for.
var ErrSchemaBehind = errors.New("database schema is behind")

// migrationsTable records which migration files have been applied.
const migrationsTable = "schema_migrations"

// postgresMigrationLock is the pg_advisory_lock key that serialises
// migrations when several replicas start at once.
const postgresMigrationLock = 7_355_608

// Migration is one versioned migration file, or one of River's migrations.
type Migration struct {
	Version string // the file name without ".sql", or "river_NNN_name" for River's
	SQL     string
	// riverVersion is River's number for one of its migrations, which River
	// applies itself. It is 0 for the product's own files.
	riverVersion int
}

// MigrationStatus lists applied and pending migrations.
type MigrationStatus struct {
	Applied []string
	Pending []string
	// Empty is true when the database has no migrations table at all.
	Empty bool
}

// Migrations returns the embedded migrations for a dialect, in order,
// followed by River's.
func Migrations(dialectName string) ([]Migration, error) {
	list, err := productMigrations(dialectName)
	if err != nil {
		return nil, err
	}
	river, err := riverMigrations(dialectName)
	if err != nil {
		return nil, err
	}
	return append(list, river...), nil
}

func productMigrations(dialectName string) ([]Migration, error) {
	dir := migrationDir(dialectName)
	names, err := fs.Glob(migrations.Files, dir+"/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations in %s: %w", dir, err)
	}
	slices.Sort(names)
	list := make([]Migration, 0, len(names))
	for _, name := range names {
		body, err := fs.ReadFile(migrations.Files, name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		list = append(list, Migration{Version: strings.TrimSuffix(path.Base(name), ".sql"), SQL: string(body)})
	}
	return list, nil
}

func migrationDir(dialectName string) string {
	if dialectName == dialect.Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Status compares the applied migrations with the embedded ones.
func (s *Store) Status(ctx context.Context) (MigrationStatus, error) {
	var status MigrationStatus
	all, err := Migrations(s.Dialect)
	if err != nil {
		return status, err
	}
	exists, err := s.tableExists(ctx, migrationsTable)
	if err != nil {
		return status, err
	}
	applied := map[string]bool{}
	if exists {
		applied, err = s.appliedVersions(ctx)
		if err != nil {
			return status, err
		}
	} else {
		status.Empty = true
	}
	appliedRiver, err := s.appliedRiverVersions(ctx)
	if err != nil {
		return status, err
	}
	maps.Copy(applied, appliedRiver)
	for _, m := range all {
		if applied[m.Version] {
			status.Applied = append(status.Applied, m.Version)
		} else {
			status.Pending = append(status.Pending, m.Version)
		}
	}
	return status, nil
}

// EnsureSchema migrates a database that has never been migrated, and one that
// is behind when autoMigrate is true; otherwise a database that is behind
// gets ErrSchemaBehind with a message that says how to fix it.
func (s *Store) EnsureSchema(ctx context.Context, autoMigrate bool) (applied []string, err error) {
	status, err := s.Status(ctx)
	if err != nil {
		return nil, err
	}
	if len(status.Pending) == 0 {
		return nil, nil
	}
	if !status.Empty && !autoMigrate {
		return nil, fmt.Errorf("%w: %d migration(s) pending (%s); run `localoffer migrate` or pass --migrate",
			ErrSchemaBehind, len(status.Pending), strings.Join(status.Pending, ", "))
	}
	return s.Migrate(ctx)
}

// Migrate applies every pending migration in order and returns the versions
// it applied. On PostgreSQL an advisory lock keeps concurrent replicas from
// migrating at the same time.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	return s.MigrateN(ctx, -1)
}

// MigrateN applies at most n pending migrations in order (all of them when n
// is negative) and returns the versions it applied.
func (s *Store) MigrateN(ctx context.Context, n int) ([]string, error) {
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: get connection: %w", err)
	}
	defer conn.Close()

	if s.Dialect == dialect.Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", postgresMigrationLock); err != nil {
			return nil, fmt.Errorf("migrate: take advisory lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", postgresMigrationLock) //nolint:errcheck // the lock also ends with the session
	}

	create := "CREATE TABLE IF NOT EXISTS " + migrationsTable + " (version TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return nil, fmt.Errorf("migrate: create %s: %w", migrationsTable, err)
	}
	status, err := s.Status(ctx)
	if err != nil {
		return nil, err
	}
	all, err := Migrations(s.Dialect)
	if err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range all {
		if !slices.Contains(status.Pending, m.Version) {
			continue
		}
		if n >= 0 && len(applied) == n {
			break
		}
		if err := s.apply(ctx, conn, m); err != nil {
			return applied, err
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// apply runs one migration and records it. SQLite migrations that rebuild a
// table switch foreign keys off, which SQLite ignores inside a transaction,
// so those run outside one and are followed by a foreign key check.
func (s *Store) apply(ctx context.Context, conn *sql.Conn, m Migration) error {
	if m.riverVersion != 0 {
		return s.applyRiver(ctx, m)
	}
	record := "INSERT INTO " + migrationsTable + " (version, applied_at) VALUES (" + s.placeholder(1) + ", " + s.placeholder(2) + ")"
	now := time.Now().UTC()

	if s.Dialect == dialect.SQLite && strings.Contains(strings.ToLower(m.SQL), "pragma foreign_keys = off") {
		if _, err := conn.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.Version, err)
		}
		if err := checkSQLiteForeignKeys(ctx, conn); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.Version, err)
		}
		if _, err := conn.ExecContext(ctx, record, m.Version, now); err != nil {
			return fmt.Errorf("record migration %s: %w", m.Version, err)
		}
		return nil
	}

	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("apply migration %s: begin: %w", m.Version, err)
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		tx.Rollback() //nolint:errcheck // the exec error is the one to report
		return fmt.Errorf("apply migration %s: %w", m.Version, err)
	}
	if _, err := tx.ExecContext(ctx, record, m.Version, now); err != nil {
		tx.Rollback() //nolint:errcheck // the exec error is the one to report
		return fmt.Errorf("record migration %s: %w", m.Version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("apply migration %s: commit: %w", m.Version, err)
	}
	return nil
}

func checkSQLiteForeignKeys(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("check foreign keys: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		return errors.New("foreign key check failed after the table rebuild: rows reference missing parents")
	}
	return rows.Err()
}

func (s *Store) appliedVersions(ctx context.Context) (map[string]bool, error) {
	rows, err := s.DB.QueryContext(ctx, "SELECT version FROM "+migrationsTable)
	if err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	defer rows.Close()
	applied := map[string]bool{}
	for rows.Next() {
		var version string
		if err := rows.Scan(&version); err != nil {
			return nil, fmt.Errorf("read applied migrations: %w", err)
		}
		applied[version] = true
	}
	return applied, rows.Err()
}

func (s *Store) tableExists(ctx context.Context, table string) (bool, error) {
	query := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if s.Dialect == dialect.Postgres {
		query = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
	}
	var n int
	if err := s.DB.QueryRowContext(ctx, query, table).Scan(&n); err != nil {
		return false, fmt.Errorf("look for table %s: %w", table, err)
	}
	return n > 0, nil
}

func (s *Store) placeholder(n int) string {
	if s.Dialect == dialect.Postgres {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}
