//go:build ignore

// Command entc generates the ent client, the entgql GraphQL extension and
// graph/ent.graphqls from the schemas in ./schema.
package main

import (
	"log"
	"os"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	// go generate runs this from the repository root; entc's paths are
	// relative to ent/.
	if _, err := os.Stat("ent/schema"); err == nil {
		if err := os.Chdir("ent"); err != nil {
			log.Fatalf("change to ent/: %v", err)
		}
	}
	extension, err := entgql.NewExtension(
		entgql.WithConfigPath("../gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("../graph/ent.graphqls"),
		entgql.WithWhereInputs(false),
		entgql.WithNodeDescriptor(false),
		// Time is declared in graph/scalars.graphqls. entgql adds it again
		// whenever it cannot load the previous schema files, so the hook drops
		// it to keep the output the same on every run.
		entgql.WithSchemaHook(func(_ *gen.Graph, s *ast.Schema) error {
			delete(s.Types, "Time")
			return nil
		}),
		entgql.WithTemplates(append(entgql.AllTemplates, gen.MustParse(gen.NewTemplate("collect_nodes").ParseFiles("template/collect_nodes.tmpl")))...),
	)
	if err != nil {
		log.Fatalf("create entgql extension: %v", err)
	}
	config := &gen.Config{
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureModifier,
			gen.FeatureExecQuery,
			gen.FeatureUpsert,
			gen.FeatureVersionedMigration,
			gen.FeatureIntercept,
		},
	}
	if err := entc.Generate("./schema", config, entc.Extensions(extension)); err != nil {
		log.Fatalf("run ent codegen: %v", err)
	}
}
