package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/localoffer/localoffer/internal/app/apptest"
)

func TestComplexityCountsPageSizes(t *testing.T) {
	a := apptest.New(t)

	var aliases strings.Builder
	aliases.WriteString("{\n")
	for i := range 100 {
		fmt.Fprintf(&aliases, "  s%d: services(first: 100) { edges { node { name } } }\n", i)
	}
	aliases.WriteString("}")

	res := a.Query(t, aliases.String(), nil)
	if len(res.Errors) != 1 {
		t.Fatalf("100 pages of 100 services: want one error, got %+v", res.Errors)
	}
	if code := res.Errors[0].Code(); code != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("code %q, want COMPLEXITY_LIMIT_EXCEEDED", code)
	}
	if !strings.Contains(res.Errors[0].Message, "exceeds the limit of 5000") {
		t.Errorf("message %q does not give the limit", res.Errors[0].Message)
	}

	nested := `{ organizations(first: 100) { edges { node { services { locations { name } } } } } }`
	if res := a.Query(t, nested, nil); len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("organisations with their services' locations: want COMPLEXITY_LIMIT_EXCEEDED, got %+v", res.Errors)
	}
}

func TestComplexityAllowsDirectoryPages(t *testing.T) {
	a := apptest.New(t)
	queries := map[string]string{
		"directory page": `{
		  services(first: 20) {
		    totalCount
		    pageInfo { hasNextPage endCursor }
		    edges { node {
		      name slug summary url
		      organization { name }
		      taxonomyTerms { name }
		      locations { name postcode latitude longitude }
		      contacts { name phone email }
		      schedules { weekday opensAt closesAt }
		      costOptions { amount }
		    } }
		  }
		}`,
		"taxonomy tree": `{
		  taxonomies {
		    slug
		    terms { slug serviceCount parent { slug } children { slug serviceCount parent { slug } children { slug serviceCount children { slug } } } }
		  }
		}`,
		"largest page": `{ services(first: 100) { edges { node { name organization { name } } } } }`,
		"what's new":   `{ recentlyUpdated(first: 100) { updatedAt service { name } informationPage { title } } }`,
	}
	for name, query := range queries {
		t.Run(name, func(t *testing.T) {
			if res := a.Query(t, query, nil); len(res.Errors) != 0 {
				t.Errorf("errors %+v, want none", res.Errors)
			}
		})
	}
}
