package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/localoffer/localoffer/ent/migrate"
	"github.com/localoffer/localoffer/internal/store"
	"github.com/localoffer/localoffer/internal/store/storetest"
)

func TestMigrateEmptyDatabase(t *testing.T) {
	s := storetest.New(t)
	status, err := s.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(status.Pending) != 0 {
		t.Errorf("pending migrations after EnsureSchema: %v", status.Pending)
	}
	if len(status.Applied) == 0 {
		t.Error("no migrations recorded as applied")
	}
}

// The versioned migrations, applied to an empty database, must give exactly
// the schema that ent describes. River's tables are there too, but are not
// ent's: the comparison must leave them out.
func TestMigrationsMatchEntSchema(t *testing.T) {
	s := storetest.New(t)
	requireTable(t, s, "river_job")
	dir := &atlasmigrate.MemDir{}
	m, err := schema.NewMigrate(entsql.OpenDB(s.Dialect, s.DB),
		schema.WithDir(dir),
		schema.WithFormatter(atlasmigrate.DefaultFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithErrNoPlan(true),
	)
	if err != nil {
		t.Fatal(err)
	}
	err = m.NamedDiff(context.Background(), "drift", migrate.Tables...)
	if errors.Is(err, atlasmigrate.ErrNoPlan) {
		return
	}
	if err != nil {
		t.Fatalf("diff migrations against the ent schema: %v", err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Errorf("migrations differ from the ent schema; run `go run ./cmd/migrategen NAME`. Missing changes:\n%s", f.Bytes())
	}
}

func TestEnsureSchemaRefusesDatabaseBehind(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, storetest.EmptyConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := store.Migrations(s.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MigrateN(ctx, len(all)-1); err != nil {
		t.Fatal(err)
	}

	_, err = s.EnsureSchema(ctx, false)
	if !errors.Is(err, store.ErrSchemaBehind) {
		t.Fatalf("EnsureSchema on a database behind: got %v, want ErrSchemaBehind", err)
	}
	if !strings.Contains(err.Error(), "localoffer migrate") || !strings.Contains(err.Error(), "--migrate") {
		t.Errorf("error does not say how to fix it: %v", err)
	}

	applied, err := s.EnsureSchema(ctx, true)
	if err != nil {
		t.Fatalf("EnsureSchema with automatic migration: %v", err)
	}
	if len(applied) != 1 || applied[0] != all[len(all)-1].Version {
		t.Errorf("EnsureSchema applied %v, want the last migration only", applied)
	}
}

func TestEmbeddedMigrationsMatchChecksums(t *testing.T) {
	for _, dialectDir := range []string{"../../migrations/sqlite", "../../migrations/postgres"} {
		dir, err := atlasmigrate.NewLocalDir(dialectDir)
		if err != nil {
			t.Fatal(err)
		}
		if err := atlasmigrate.Validate(dir); err != nil {
			t.Errorf("%s: %v (a landed migration was edited, or atlas.sum is stale: run `go run ./cmd/migrategen -hash`)", dialectDir, err)
		}
	}
}

// River's migrations are listed, applied and reported with the product's.
func TestMigrateAppliesRiverMigrations(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, storetest.EmptyConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	before, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	riverPending := riverVersions(before.Pending)
	if len(riverPending) == 0 || riverPending[0] != "river_001_create_river_migration" {
		t.Fatalf("pending River migrations on an empty database = %v, want river_001_create_river_migration first", riverPending)
	}

	applied, err := s.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := riverVersions(applied); !slices.Equal(got, riverPending) {
		t.Errorf("Migrate applied River migrations %v, want %v", got, riverPending)
	}
	after, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Pending) != 0 {
		t.Errorf("pending after Migrate: %v", after.Pending)
	}
	if got := riverVersions(after.Applied); !slices.Equal(got, riverPending) {
		t.Errorf("applied River migrations = %v, want %v", got, riverPending)
	}

	migrator, err := rivermigrate.New(store.NewRiverDriver(s.DB, s.Dialect), nil)
	if err != nil {
		t.Fatal(err)
	}
	result, err := migrator.Validate(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !result.OK {
		t.Errorf("River reports its schema incomplete: %v", result.Messages)
	}
}

func riverVersions(versions []string) []string {
	var river []string
	for _, v := range versions {
		if strings.HasPrefix(v, "river_") {
			river = append(river, v)
		}
	}
	return river
}

func requireTable(t *testing.T, s *store.Store, table string) {
	t.Helper()
	query := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if s.Dialect == dialect.Postgres {
		query = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
	}
	var n int
	if err := s.DB.QueryRow(query, table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("table %s is missing from the migrated database", table)
	}
}
