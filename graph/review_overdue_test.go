package graph_test

import (
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
)

// TestReviewOverdue checks the public reviewOverdue flag: set on published
// content past its review due date, by the server's clock, and never on
// content that is not published.
func TestReviewOverdue(t *testing.T) {
	d := newDirectory(t)
	now := d.Clock.Now()
	due := func(offset time.Duration) func(*ent.ServiceCreate) {
		return func(c *ent.ServiceCreate) { c.SetReviewDueAt(now.Add(offset)) }
	}
	overdue := d.add("Overdue Club", due(-time.Hour))
	current := d.add("Current Club", due(time.Hour))
	never := d.add("Never Reviewed Club", nil)
	pending := d.add("Pending Club", func(c *ent.ServiceCreate) { c.SetReviewDueAt(now.Add(-time.Hour)).SetStatus(service.StatusPending) })

	query := `query($id: ID!) { node(id: $id) { ... on Service { reviewOverdue } } }`
	for _, tc := range []struct {
		name string
		id   any
		want bool
	}{
		{"past its due date", overdue.ID, true},
		{"before its due date", current.ID, false},
		{"without a due date", never.ID, false},
	} {
		var out struct{ Node struct{ ReviewOverdue bool } }
		d.MustQuery(t, query, map[string]any{"id": tc.id}, &out)
		if out.Node.ReviewOverdue != tc.want {
			t.Errorf("%s: reviewOverdue = %t, want %t", tc.name, out.Node.ReviewOverdue, tc.want)
		}
	}

	officer := d.SignIn(t, d.CreateUser(t, user.RoleLOOfficer, user.StatusActive))
	var out struct{ Node struct{ ReviewOverdue bool } }
	d.MustQueryAs(t, officer, query, map[string]any{"id": pending.ID}, &out)
	if out.Node.ReviewOverdue {
		t.Error("pending service past its due date: reviewOverdue = true, want false for content that is not published")
	}

	d.Clock.Advance(2 * time.Hour)
	d.MustQuery(t, query, map[string]any{"id": current.ID}, &out)
	if !out.Node.ReviewOverdue {
		t.Error("after the clock passes the due date: reviewOverdue = false, want true")
	}
}

func TestInformationPageURL(t *testing.T) {
	d := newDirectory(t)
	page := d.Client.InformationPage.Create().SetTitle("Short breaks").SetSlug("short-breaks").
		SetBody("<p>How short breaks work.</p>").SetStatus("PUBLISHED").SaveX(d.SystemContext())
	var out struct{ Node struct{ URL string } }
	d.MustQuery(t, `query($id: ID!) { node(id: $id) { ... on InformationPage { url } } }`, map[string]any{"id": page.ID}, &out)
	if want := apptest.PublicURL + "/information/short-breaks"; out.Node.URL != want {
		t.Errorf("url = %q, want %q", out.Node.URL, want)
	}
}
