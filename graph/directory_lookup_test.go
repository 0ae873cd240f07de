package graph_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/service"
)

// notFound sends the query and checks that it answers null data with one
// NOT_FOUND error carrying message.
func (d *directory) notFound(query string, variables map[string]any, wantData, message string) {
	d.t.Helper()
	res := d.Query(d.t, query, variables)
	if string(res.Data) != wantData {
		d.t.Errorf("%s: data %s, want %s", query, res.Data, wantData)
	}
	if len(res.Errors) != 1 {
		d.t.Errorf("%s: want one error, got %+v", query, res.Errors)
		return
	}
	if res.Errors[0].Code() != "NOT_FOUND" {
		d.t.Errorf("%s: code %q, want NOT_FOUND", query, res.Errors[0].Code())
	}
	if res.Errors[0].Message != message {
		d.t.Errorf("%s: message %q, want %q", query, res.Errors[0].Message, message)
	}
}

func TestLookupsNameWhatIsMissing(t *testing.T) {
	d := newDirectory(t)
	pending := d.add("Pending Service", func(c *ent.ServiceCreate) { c.SetStatus(service.StatusPending) })
	missing := uuid.Must(uuid.NewV7())

	d.notFound(`{ service(slug: "nope") { name } }`, nil, `{"service":null}`, `no published service with slug "nope"`)
	d.notFound(`{ service(slug: "pending-service") { name } }`, nil, `{"service":null}`, `no published service with slug "pending-service"`)
	d.notFound(`{ informationPage(slug: "nope") { title } }`, nil, `{"informationPage":null}`, `no published information page with slug "nope"`)
	d.notFound(`{ taxonomy(slug: "nope") { name } }`, nil, `{"taxonomy":null}`, `no taxonomy with slug "nope"`)

	// A hidden record and a missing one must read the same.
	for _, id := range []uuid.UUID{pending.ID, missing} {
		d.notFound(`query ($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id.String()},
			`{"node":null}`, fmt.Sprintf("no node with id %s", id))
	}
}

func TestNodesHiddenAndMissingReadAlike(t *testing.T) {
	d := newDirectory(t)
	published := d.add("Published Service", nil)
	pending := d.add("Pending Service", func(c *ent.ServiceCreate) { c.SetStatus(service.StatusPending) })
	missing := uuid.Must(uuid.NewV7())
	const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Service { name } } }`

	tests := []struct {
		name string
		ids  []uuid.UUID
		want string
	}{
		{"pending alone", []uuid.UUID{pending.ID}, `{"nodes":[null]}`},
		{"missing alone", []uuid.UUID{missing}, `{"nodes":[null]}`},
		{"mixed", []uuid.UUID{published.ID, pending.ID, missing, published.ID},
			fmt.Sprintf(`{"nodes":[{"id":%q,"name":"Published Service"},null,null,{"id":%q,"name":"Published Service"}]}`, published.ID, published.ID)},
		{"organisation and service", []uuid.UUID{d.org.ID, published.ID},
			fmt.Sprintf(`{"nodes":[{"id":%q},{"id":%q,"name":"Published Service"}]}`, d.org.ID, published.ID)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := make([]string, len(tt.ids))
			for i, id := range tt.ids {
				ids[i] = id.String()
			}
			res := d.Query(t, query, map[string]any{"ids": ids})
			if len(res.Errors) != 0 {
				t.Errorf("errors %+v, want none", res.Errors)
			}
			if !jsonEqual(t, res.Data, tt.want) {
				t.Errorf("data %s, want %s", res.Data, tt.want)
			}
		})
	}

	statements := d.CountStatements(func() {
		d.Query(t, query, map[string]any{"ids": []string{published.ID.String(), pending.ID.String(), d.org.ID.String(), missing.String()}})
	})
	// One to find the tables and one per table: services and organisations.
	if statements > 3 {
		t.Errorf("nodes of two tables took %d statements, want at most 3", statements)
	}
}

func jsonEqual(t *testing.T, got json.RawMessage, want string) bool {
	t.Helper()
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("decode %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &b); err != nil {
		t.Fatalf("decode %s: %v", want, err)
	}
	ra, _ := json.Marshal(a)
	rb, _ := json.Marshal(b)
	return string(ra) == string(rb)
}
