package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

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
// the schema that ent describes.
func TestMigrationsMatchEntSchema(t *testing.T) {
	s := storetest.New(t)
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
