package schemadoc_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/localoffer/localoffer/internal/schemadoc"
)

// The committed schema.graphql is the public contract: it must match what
// graph/*.graphqls defines.
func TestCommittedSchemaIsCurrent(t *testing.T) {
	root := filepath.Join("..", "..")
	want, err := schemadoc.Render(filepath.Join(root, "graph"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, "schema.graphql"))
	if err != nil {
		t.Fatalf("read schema.graphql: %v", err)
	}
	if string(got) != string(want) {
		t.Fatal("schema.graphql is stale: run `go generate ./...` and commit the result")
	}
}
