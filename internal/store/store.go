// Package store opens the database (SQLite by default, PostgreSQL when a URL
// is configured), applies the versioned migrations and hands out the ent
// client.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // registers the "postgres" driver
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/localoffer/localoffer/ent"
)

// SQLiteFileName is the database file created in the data directory.
const SQLiteFileName = "localoffer.db"

// sqliteOptions are the connection settings every SQLite connection needs:
// foreign keys on; WAL so readers do not block the writer; a busy timeout in
// milliseconds; BEGIN IMMEDIATE so that concurrent writers queue instead of
// failing with "database is locked"; and times in SQLite's own text format so
// that its date functions can read them.
const sqliteOptions = "_pragma=foreign_keys(1)&_pragma=journal_mode(wal)&_pragma=busy_timeout(5000)&_txlock=immediate&_time_format=sqlite"

// Config says which database to open.
type Config struct {
	// DatabaseURL is a PostgreSQL URL; empty means SQLite in DataDir.
	DatabaseURL string
	// DataDir is the directory of the SQLite file; it is created if missing.
	DataDir string
}

// Store is an open database with its ent client.
type Store struct {
	DB      *sql.DB
	Client  *ent.Client
	Dialect string
	// Location describes the database for logs, without credentials.
	Location string
}

// Open connects to the configured database. It does not migrate: call
// EnsureSchema or Migrate next.
func Open(ctx context.Context, cfg Config, opts ...ent.Option) (*Store, error) {
	if cfg.DatabaseURL != "" {
		return openPostgres(ctx, cfg.DatabaseURL, opts)
	}
	return openSQLite(ctx, cfg.DataDir, opts)
}

func openPostgres(ctx context.Context, databaseURL string, opts []ent.Option) (*Store, error) {
	db, err := sql.Open("postgres", databaseURL)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", redactURL(databaseURL), err)
	}
	return newStore(db, dialect.Postgres, redactURL(databaseURL), opts), nil
}

func openSQLite(ctx context.Context, dataDir string, opts []ent.Option) (*Store, error) {
	if dataDir == "" {
		dataDir = "data"
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, SQLiteFileName)
	db, err := OpenSQLiteFile(path)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	return newStore(db, dialect.SQLite, path, opts), nil
}

// OpenSQLiteFile opens an SQLite database file with the settings the product
// needs; path may also be ":memory:"-style "file:name?mode=memory&cache=shared".
func OpenSQLiteFile(path string) (*sql.DB, error) {
	dsn := "file:" + path + "?" + sqliteOptions
	if u, err := url.Parse(path); err == nil && u.Scheme == "file" {
		dsn = path + "&" + sqliteOptions
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	return db, nil
}

func newStore(db *sql.DB, dialectName, location string, opts []ent.Option) *Store {
	driver := entsql.OpenDB(dialectName, db)
	client := ent.NewClient(append([]ent.Option{ent.Driver(driver)}, opts...)...)
	return &Store{DB: db, Client: client, Dialect: dialectName, Location: location}
}

// Close closes the ent client and the database.
func (s *Store) Close() error {
	return errors.Join(s.Client.Close(), s.DB.Close())
}

// Ping checks that the database answers, for readiness probes.
func (s *Store) Ping(ctx context.Context) error {
	return s.DB.PingContext(ctx)
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable database URL)"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// WithDatabaseName returns a PostgreSQL URL that names another database on the
// same server.
func WithDatabaseName(databaseURL, name string) (string, error) {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "", fmt.Errorf("parse database URL: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}
