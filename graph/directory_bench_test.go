package graph_test

import (
	"testing"

	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/seed"
)

// directoryPage is the query a public directory page sends: 20 services
// with their organisation, terms, locations and contacts.
const directoryPage = `query($search: String, $age: Int) {
  services(search: $search, where: {age: $age}, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      name slug summary
      organization { name }
      taxonomyTerms { name }
      locations { name postcode latitude longitude }
      contacts { name phone email }
    } }
  }
}`

func benchmarkDirectory(b *testing.B, variables map[string]any) {
	a := apptest.New(b)
	if _, err := seed.Demo(a.SystemContext(), a.Client); err != nil {
		b.Fatalf("seed demo content: %v", err)
	}
	a.MustQuery(b, directoryPage, variables, nil)
	b.ResetTimer()
	for b.Loop() {
		res := a.Query(b, directoryPage, variables)
		if len(res.Errors) > 0 {
			b.Fatalf("query errors: %+v", res.Errors)
		}
	}
}

func BenchmarkDirectoryPage(b *testing.B) {
	benchmarkDirectory(b, map[string]any{})
}

func BenchmarkDirectorySearch(b *testing.B) {
	benchmarkDirectory(b, map[string]any{"search": "autistic children", "age": 9})
}
