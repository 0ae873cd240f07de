package seed_test

import (
	"context"
	"slices"
	"testing"

	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/seed"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// TestDemoIsSearchable seeds through a client with the search index hooks, as
// the server does, and checks that the public finds demo services by their
// synonyms, apostrophes and hyphens.
func TestDemoIsSearchable(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	directory.RegisterHooks(client)

	if _, err := seed.Demo(viewer.SystemContext(context.Background()), client); err != nil {
		t.Fatalf("Demo: %v", err)
	}

	for _, tc := range []struct {
		search string
		want   string
	}{
		{"autistic", "Autism Outreach Team"},
		{"ASD", "Autism Outreach Team"},
		{"respite", "Short Breaks Team"},
		{"Down's syndrome", "Down's Syndrome Parent Group"},
		{"after-school club", "Kestrel After-School Club"},
		{"dyslexic", "Dyslexia Assessment and Tuition"},
		{"SALT", "Children's Speech and Language Therapy"},
		{"IASS", "Harrowmere Vale SENDIASS (Information, Advice and Support Service)"},
	} {
		t.Run(tc.search, func(t *testing.T) {
			first := 100
			search := tc.search
			connection, err := directory.Services(context.Background(), client, directory.ServiceSearch{
				Search: &search,
				Page:   directory.Page{First: &first},
			})
			if err != nil {
				t.Fatalf("search %q: %v", tc.search, err)
			}

			var names []string
			for _, edge := range connection.Edges {
				names = append(names, edge.Node.Name)
			}
			if !slices.Contains(names, tc.want) {
				t.Errorf("search %q found %q, want it to include %q", tc.search, names, tc.want)
			}
		})
	}
}
