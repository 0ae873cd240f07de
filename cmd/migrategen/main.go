// Command migrategen writes a new versioned migration for each database, the
// difference between the migrations already in migrations/ and the ent
// schema. Run it from the repository root after changing ent/schema:
//
//	go run ./cmd/migrategen add_feedback
//
// A hand-written migration (such as one that creates full-text indexes, which
// ent does not model) is added as a file in both directories, followed by
//
//	go run ./cmd/migrategen -hash
//
// which rewrites each directory's atlas.sum.
//
// PostgreSQL needs a server to compute the difference on; set
// MIGRATEGEN_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable).
// A scratch database is created there and dropped afterwards.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"

	"github.com/localoffer/localoffer/ent/migrate"
	"github.com/localoffer/localoffer/internal/store"
)

var validName = regexp.MustCompile(`^[a-z0-9_]+$`)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-hash" {
		for _, dir := range []string{"migrations/sqlite", "migrations/postgres"} {
			if err := rehash(dir); err != nil {
				log.Fatalf("%s: %v", dir, err)
			}
		}
		return
	}
	if len(os.Args) != 2 || !validName.MatchString(os.Args[1]) {
		fmt.Fprintln(os.Stderr, "usage: go run ./cmd/migrategen NAME   (NAME in lower_snake_case, such as add_feedback)")
		fmt.Fprintln(os.Stderr, "       go run ./cmd/migrategen -hash  (rewrite atlas.sum after adding a hand-written migration)")
		os.Exit(2)
	}
	name := os.Args[1]
	ctx := context.Background()

	if err := diffSQLite(ctx, name); err != nil {
		log.Fatalf("sqlite: %v", err)
	}
	if err := diffPostgres(ctx, name); err != nil {
		log.Fatalf("postgres: %v", err)
	}
}

func diffSQLite(ctx context.Context, name string) error {
	dir, err := os.MkdirTemp("", "migrategen")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.OpenSQLiteFile(filepath.Join(dir, "scratch.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	return diff(ctx, db, dialect.SQLite, name)
}

func diffPostgres(ctx context.Context, name string) error {
	adminURL := os.Getenv("MIGRATEGEN_POSTGRES_URL")
	if adminURL == "" {
		adminURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	const scratch = "localoffer_migrategen"
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+scratch); err != nil {
		return fmt.Errorf("drop scratch database: %w", err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+scratch); err != nil {
		return fmt.Errorf("create scratch database (is PostgreSQL running? set MIGRATEGEN_POSTGRES_URL): %w", err)
	}
	defer admin.ExecContext(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+scratch) //nolint:errcheck

	scratchURL, err := store.WithDatabaseName(adminURL, scratch)
	if err != nil {
		return err
	}
	db, err := sql.Open("postgres", scratchURL)
	if err != nil {
		return err
	}
	defer db.Close()
	return diff(ctx, db, dialect.Postgres, name)
}

// diff applies the existing migrations to an empty database, then writes the
// changes that bring it to the ent schema as a new migration file.
func diff(ctx context.Context, db *sql.DB, dialectName, name string) error {
	s := &store.Store{DB: db, Dialect: dialectName}
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	dirPath := filepath.Join("migrations", map[string]string{dialect.SQLite: "sqlite", dialect.Postgres: "postgres"}[dialectName])
	dir, err := atlasmigrate.NewLocalDir(dirPath)
	if err != nil {
		return fmt.Errorf("open %s (run from the repository root): %w", dirPath, err)
	}
	m, err := schema.NewMigrate(entsql.OpenDB(dialectName, db),
		schema.WithDir(dir),
		schema.WithFormatter(atlasmigrate.DefaultFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithErrNoPlan(true),
	)
	if err != nil {
		return err
	}
	err = m.NamedDiff(ctx, name, migrate.Tables...)
	if errors.Is(err, atlasmigrate.ErrNoPlan) {
		log.Printf("%s: no changes", dirPath)
		return nil
	}
	if err != nil {
		return err
	}
	log.Printf("%s: wrote migration %s", dirPath, name)
	return nil
}

func rehash(path string) error {
	dir, err := atlasmigrate.NewLocalDir(path)
	if err != nil {
		return err
	}
	sum, err := dir.Checksum()
	if err != nil {
		return err
	}
	return atlasmigrate.WriteSumFile(dir, sum)
}
