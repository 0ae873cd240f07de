package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/policies"
)

// A deployment can replace the built-in policy with files of its own; here
// one that no longer lets the public read published services.
func TestPolicyDirReplacesBuiltInPolicy(t *testing.T) {
	dir := t.TempDir()
	policy := strings.Replace(policies.Policy, "p, anonymous, service, read, published\n", "", 1)
	if policy == policies.Policy {
		t.Fatal("the built-in policy no longer has the line this test removes")
	}
	if err := os.WriteFile(filepath.Join(dir, "model.conf"), []byte(policies.Model), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "policy.csv"), []byte(policy), 0o600); err != nil {
		t.Fatal(err)
	}

	a := apptest.New(t, func(cfg *config.Serve) { cfg.PolicyDir = dir })
	org := a.Client.Organization.Create().SetName("Riverside Trust").SetSlug("riverside-trust").SaveX(a.SystemContext())
	a.Client.Service.Create().SetName("Riverside Play Scheme").SetSlug("riverside-play-scheme").
		SetStatus(service.StatusPublished).SetOrganization(org).SaveX(a.SystemContext())

	var data struct {
		Services struct {
			TotalCount int `json:"totalCount"`
		} `json:"services"`
	}
	a.MustQuery(t, `{ services { totalCount } }`, nil, &data)
	if data.Services.TotalCount != 0 {
		t.Errorf("public sees %d services under a policy that grants none", data.Services.TotalCount)
	}
}
