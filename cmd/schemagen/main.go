// Command schemagen writes schema.graphql, the public GraphQL contract, from
// graph/*.graphqls. `go generate ./...` runs it from the repository root.
package main

import (
	"log"
	"os"

	"github.com/localoffer/localoffer/internal/schemadoc"
)

func main() {
	body, err := schemadoc.Render("graph")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("schema.graphql", body, 0o644); err != nil {
		log.Fatalf("write schema.graphql: %v", err)
	}
}
