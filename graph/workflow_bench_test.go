package graph_test

import (
	"fmt"
	"testing"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/seed"
)

// moderationQueuePage is what an LO officer's queue screen asks for: the
// oldest 20 submitted requests with what they change and whom they are from.
const moderationQueuePage = `{
  changeRequests(where: {states: [SUBMITTED]}, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id kind submittedAt reason
      author { name email }
      service { name organization { name } }
      changes { field recordId change before after }
    } }
  }
}`

// benchQueue is the demo content with every service led by each of four
// providers, and one submitted change request from each of them on each
// service: 184 requests waiting.
type benchQueue struct {
	*apptest.App
	officer   string
	providers []string
	services  []*ent.Service
}

func newBenchQueue(b *testing.B) *benchQueue {
	b.Helper()
	a := apptest.New(b)
	if _, err := seed.Demo(a.SystemContext(), a.Client); err != nil {
		b.Fatalf("seed demo content: %v", err)
	}
	w := &benchQueue{App: a, officer: a.SignIn(b, a.CreateUser(b, user.RoleLOOfficer, user.StatusActive))}
	// Trusted organisations' changes publish without the queue.
	w.services = a.Client.Service.Query().
		Where(service.StatusEQ(service.StatusPublished), service.HasOrganizationWith(organization.Trusted(false))).
		AllX(a.SystemContext())
	for range 4 {
		provider := a.CreateUser(b, user.RoleProvider, user.StatusActive)
		for _, s := range w.services {
			a.Client.Service.UpdateOne(s).AddContentManagerIDs(provider.ID).ExecX(a.SystemContext())
		}
		w.providers = append(w.providers, a.SignIn(b, provider))
	}
	return w
}

func (w *benchQueue) propose(b *testing.B, token string, s *ent.Service, summary string) {
	b.Helper()
	w.MustQueryAs(b, token, saveChangeRequestDoc, input(map[string]any{
		"serviceId": s.ID, "submit": true,
		"service": map[string]any{"summary": summary, "contacts": []map[string]any{{"name": "Duty desk", "phone": "01632 960000"}}},
	}), nil)
}

func BenchmarkModerationQueue(b *testing.B) {
	w := newBenchQueue(b)
	for i, token := range w.providers {
		for _, s := range w.services {
			w.propose(b, token, s, fmt.Sprintf("Summary %d for %s.", i, s.Name))
		}
	}
	var queue struct {
		ChangeRequests struct{ TotalCount int }
	}
	w.MustQueryAs(b, w.officer, moderationQueuePage, nil, &queue)
	b.ResetTimer()
	for b.Loop() {
		res := w.QueryAs(b, w.officer, moderationQueuePage, nil)
		if len(res.Errors) > 0 {
			b.Fatalf("query errors: %+v", res.Errors)
		}
	}
	b.ReportMetric(float64(queue.ChangeRequests.TotalCount), "waiting")
	b.ReportMetric(float64(len(w.services)), "services")
}

// BenchmarkChangeCycle measures one whole change: a provider saves and
// submits a draft, and an officer approves it, publishing a revision.
func BenchmarkChangeCycle(b *testing.B) {
	w := newBenchQueue(b)
	n := 0
	for b.Loop() {
		s := w.services[n%len(w.services)]
		n++
		var saved struct {
			SaveChangeRequest struct{ ChangeRequest struct{ ID string } }
		}
		w.MustQueryAs(b, w.providers[0], saveChangeRequestDoc, input(map[string]any{
			"serviceId": s.ID, "submit": true, "service": map[string]any{"summary": fmt.Sprintf("Summary %d.", n)},
		}), &saved)
		w.MustQueryAs(b, w.officer, approveChangeRequestDoc,
			input(map[string]any{"changeRequestId": saved.SaveChangeRequest.ChangeRequest.ID}), nil)
	}
}
