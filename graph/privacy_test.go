package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/app/apptest"
)

// fixture is one organisation with a published and a pending service, each
// with a location and a contact, and an organisation whose only service is
// pending.
type fixture struct {
	org, hiddenOrg                       *ent.Organization
	published, pending, hiddenOrgService *ent.Service
	pendingLocation                      *ent.Location
	pendingContact                       *ent.Contact
}

func newFixture(t *testing.T, a *apptest.App) fixture {
	t.Helper()
	ctx := a.SystemContext()
	c := a.Client
	var f fixture
	f.org = c.Organization.Create().SetName("Riverside Trust").SetSlug("riverside-trust").SaveX(ctx)
	f.hiddenOrg = c.Organization.Create().SetName("Pending Ltd").SetSlug("pending-ltd").SaveX(ctx)

	publishedLocation := c.Location.Create().SetName("Riverside Centre").SetPostcode("AV1 1AA").SaveX(ctx)
	f.pendingLocation = c.Location.Create().SetName("Secret Annexe").SetPostcode("AV9 9ZZ").SaveX(ctx)

	f.published = c.Service.Create().SetName("Riverside Play Scheme").SetSlug("riverside-play-scheme").
		SetStatus(service.StatusPublished).SetOrganization(f.org).AddLocations(publishedLocation).SaveX(ctx)
	f.pending = c.Service.Create().SetName("Riverside Draft Service").SetSlug("riverside-draft-service").
		SetStatus(service.StatusPending).SetOrganization(f.org).AddLocations(f.pendingLocation).SaveX(ctx)
	f.hiddenOrgService = c.Service.Create().SetName("Pending Ltd Club").SetSlug("pending-ltd-club").
		SetStatus(service.StatusDraft).SetOrganization(f.hiddenOrg).SaveX(ctx)

	c.Contact.Create().SetName("Published Contact").SetService(f.published).SaveX(ctx)
	f.pendingContact = c.Contact.Create().SetName("Pending Contact").SetService(f.pending).SaveX(ctx)
	return f
}

func TestPublicSeesOnlyPublishedContent(t *testing.T) {
	a := apptest.New(t)
	newFixture(t, a)

	var data struct {
		Services struct {
			TotalCount int `json:"totalCount"`
		} `json:"services"`
		Organizations struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Node struct {
					Name     string `json:"name"`
					Services []struct {
						Name     string `json:"name"`
						Contacts []struct {
							Name string `json:"name"`
						} `json:"contacts"`
						Locations []struct {
							Name string `json:"name"`
						} `json:"locations"`
					} `json:"services"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"organizations"`
	}
	a.MustQuery(t, `{
		services { totalCount }
		organizations(first: 5) { totalCount edges { node { name services { name contacts { name } locations { name } } } } }
	}`, nil, &data)

	if data.Services.TotalCount != 1 {
		t.Errorf("services totalCount = %d, want 1 (only the published one)", data.Services.TotalCount)
	}
	if data.Organizations.TotalCount != 1 {
		t.Errorf("organizations totalCount = %d, want 1 (the one with a published service)", data.Organizations.TotalCount)
	}
	raw, _ := json.Marshal(data)
	for _, secret := range []string{"Riverside Draft Service", "Pending Contact", "Secret Annexe", "Pending Ltd"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("public response contains unpublished %q: %s", secret, raw)
		}
	}
}

func TestNodeHidesUnpublishedRecords(t *testing.T) {
	a := apptest.New(t)
	f := newFixture(t, a)

	hidden := map[string]uuid.UUID{
		"pending service":          f.pending.ID,
		"location of pending":      f.pendingLocation.ID,
		"contact of pending":       f.pendingContact.ID,
		"organisation unpublished": f.hiddenOrg.ID,
		"unknown id":               uuid.Must(uuid.NewV7()),
	}
	for name, id := range hidden {
		t.Run(name, func(t *testing.T) {
			res := a.Query(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id.String()})
			if string(res.Data) != `{"node":null}` {
				t.Errorf("node data = %s, want null", res.Data)
			}
			if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" {
				t.Errorf("errors = %+v, want one NOT_FOUND", res.Errors)
			}
		})
	}

	var data struct {
		Node struct {
			Name string `json:"name"`
		} `json:"node"`
	}
	a.MustQuery(t, `query($id: ID!) { node(id: $id) { ... on Service { name } } }`,
		map[string]any{"id": f.published.ID.String()}, &data)
	if data.Node.Name != "Riverside Play Scheme" {
		t.Errorf("node(published service).name = %q", data.Node.Name)
	}
}

func TestNodesMixesFoundAndHidden(t *testing.T) {
	a := apptest.New(t)
	f := newFixture(t, a)

	res := a.Query(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
		map[string]any{"ids": []string{f.published.ID.String(), f.pending.ID.String(), f.org.ID.String()}})
	var data struct {
		Nodes []*struct {
			ID string `json:"id"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(res.Data, &data); err != nil {
		t.Fatalf("decode %s: %v", res.Data, err)
	}
	if len(data.Nodes) != 3 {
		t.Fatalf("nodes returned %d entries, want 3", len(data.Nodes))
	}
	if data.Nodes[0] == nil || data.Nodes[0].ID != f.published.ID.String() {
		t.Errorf("nodes[0] = %+v, want the published service", data.Nodes[0])
	}
	if data.Nodes[1] != nil {
		t.Errorf("nodes[1] = %+v, want null for the pending service", data.Nodes[1])
	}
	if data.Nodes[2] == nil || data.Nodes[2].ID != f.org.ID.String() {
		t.Errorf("nodes[2] = %+v, want the organisation", data.Nodes[2])
	}
}

func TestMalformedIDIsBadUserInput(t *testing.T) {
	a := apptest.New(t)
	res := a.Query(t, `{ node(id: "not-a-uuid") { id } }`, nil)
	if len(res.Errors) != 1 {
		t.Fatalf("errors = %+v, want one", res.Errors)
	}
	if res.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Errorf("code = %q, want BAD_USER_INPUT", res.Errors[0].Code())
	}
	if !strings.Contains(res.Errors[0].Message, "not-a-uuid") {
		t.Errorf("message %q does not name the bad value", res.Errors[0].Message)
	}
}

func TestOrganizationsPageLimits(t *testing.T) {
	a := apptest.New(t)
	for _, tc := range []struct{ name, query string }{
		{"first above maximum", `{ organizations(first: 101) { totalCount } }`},
		{"negative last", `{ organizations(last: -1) { totalCount } }`},
		{"malformed cursor", `{ organizations(after: "bm90IGEgY3Vyc29y") { totalCount } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := a.Query(t, tc.query, nil)
			if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" {
				t.Errorf("errors = %+v, want one BAD_USER_INPUT", res.Errors)
			}
		})
	}
}
