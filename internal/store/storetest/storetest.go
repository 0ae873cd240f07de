// Package storetest gives each test a fresh, migrated database: an SQLite file
// in the test's temporary directory by default, or a PostgreSQL database
// cloned from a migrated template when LOCALOFFER_TEST_POSTGRES_URL is set.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/store"
)

// PostgresURLVariable names the environment variable with the URL of a
// PostgreSQL server (any database on it) on which tests may create databases.
const PostgresURLVariable = "LOCALOFFER_TEST_POSTGRES_URL"

// Dialect returns the dialect tests run on in this process.
func Dialect() string {
	if os.Getenv(PostgresURLVariable) != "" {
		return dialect.Postgres
	}
	return dialect.SQLite
}

// Config returns the settings of a fresh database that is removed when the
// test ends: a PostgreSQL URL, or an SQLite data directory. A PostgreSQL
// database is already migrated; an SQLite one is empty until opened with
// EnsureSchema.
func Config(t testing.TB) store.Config {
	t.Helper()
	if adminURL := os.Getenv(PostgresURLVariable); adminURL != "" {
		return store.Config{DatabaseURL: newPostgresDatabase(t, adminURL, true)}
	}
	return store.Config{DataDir: t.TempDir()}
}

// EmptyConfig returns the settings of a fresh database with no tables, for
// tests of migration itself.
func EmptyConfig(t testing.TB) store.Config {
	t.Helper()
	if adminURL := os.Getenv(PostgresURLVariable); adminURL != "" {
		return store.Config{DatabaseURL: newPostgresDatabase(t, adminURL, false)}
	}
	return store.Config{DataDir: t.TempDir()}
}

// New returns a store on a fresh migrated database that is removed when the
// test ends.
func New(t testing.TB, opts ...ent.Option) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, Config(t), opts...)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.EnsureSchema(ctx, true); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return s
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// newPostgresDatabase creates a database for one test, from a template that
// has every migration applied when migrated is true, so that tests and
// packages run in parallel without sharing rows.
func newPostgresDatabase(t testing.TB, adminURL string, migrated bool) string {
	t.Helper()
	ctx := context.Background()
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		t.Fatalf("open %s: %v", PostgresURLVariable, err)
	}
	defer admin.Close()
	if err := admin.PingContext(ctx); err != nil {
		t.Fatalf("connect to PostgreSQL from %s (start it, or unset the variable to test on SQLite only): %v", PostgresURLVariable, err)
	}

	create := "CREATE DATABASE %s"
	if migrated {
		templateOnce.Do(func() { templateName, templateErr = ensureTemplate(ctx, admin, adminURL) })
		if templateErr != nil {
			t.Fatalf("prepare template database: %v", templateErr)
		}
		create += " TEMPLATE " + templateName
	}

	name := "localoffer_test_" + randomSuffix()
	if _, err := admin.ExecContext(ctx, fmt.Sprintf(create, name)); err != nil {
		t.Fatalf("create test database %s: %v", name, err)
	}
	t.Cleanup(func() {
		cleanup, err := sql.Open("postgres", adminURL)
		if err != nil {
			return
		}
		defer cleanup.Close()
		if _, err := cleanup.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	databaseURL, err := store.WithDatabaseName(adminURL, name)
	if err != nil {
		t.Fatal(err)
	}
	return databaseURL
}

// ensureTemplate creates, once per migration set, a template database with
// every migration applied. Its name carries a hash of the migrations, so a
// new migration gets a new template. An advisory lock stops two test
// packages from building the same template at once.
func ensureTemplate(ctx context.Context, admin *sql.DB, adminURL string) (string, error) {
	migrations, err := store.Migrations(dialect.Postgres)
	if err != nil {
		return "", err
	}
	hash := sha256.New()
	for _, m := range migrations {
		hash.Write([]byte(m.Version))
		hash.Write([]byte(m.SQL))
	}
	name := "localoffer_template_" + hex.EncodeToString(hash.Sum(nil))[:12]

	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(7355609)"); err != nil {
		return "", fmt.Errorf("lock template creation: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(7355609)") //nolint:errcheck

	var exists bool
	err = conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)", name).Scan(&exists)
	if err != nil {
		return "", fmt.Errorf("look for template %s: %w", name, err)
	}
	if exists {
		return name, nil
	}

	dropStaleTemplates(ctx, conn)
	if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return "", fmt.Errorf("drop unfinished template %s: %w", name, err)
	}
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create template %s: %w", name, err)
	}
	templateURL, err := store.WithDatabaseName(adminURL, name)
	if err != nil {
		return "", err
	}
	s, err := store.Open(ctx, store.Config{DatabaseURL: templateURL})
	if err != nil {
		return "", err
	}
	_, err = s.Migrate(ctx)
	s.Close()
	if err != nil {
		return "", fmt.Errorf("migrate template %s: %w", name, err)
	}
	// Only a database marked as a template counts as finished, so a run that
	// died half-way through migrating is rebuilt next time.
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+name+" WITH is_template true"); err != nil {
		return "", fmt.Errorf("mark %s as a template: %w", name, err)
	}
	return name, nil
}

// dropStaleTemplates removes the templates of earlier migration sets, so they
// do not pile up on a developer's server. Failures are ignored: a template in
// use by another test run stays until next time.
func dropStaleTemplates(ctx context.Context, conn *sql.Conn) {
	rows, err := conn.QueryContext(ctx, "SELECT datname FROM pg_database WHERE datname LIKE 'localoffer_template_%'")
	if err != nil {
		return
	}
	var names []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			names = append(names, name)
		}
	}
	rows.Close()
	for _, name := range names {
		_, _ = conn.ExecContext(ctx, "ALTER DATABASE "+name+" WITH is_template false")
		_, _ = conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name)
	}
}

func randomSuffix() string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
