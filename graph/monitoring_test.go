package graph_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/user"
)

const (
	monitoringDoc = `query($id: ID) { slaMonitoring(reviewCycleId: $id) {
  reviewCycle { name } updatesDeadline
  totals { ...figures }
  byLead { id name figures { ...figures } }
  byOrganization { id name figures { ...figures } }
  byCommissioner { id name figures { ...figures } }
  trend { reviewCycle { id name } figures { ...figures } }
} }
fragment figures on SLAFigures { asked reviewedOnTime reviewedLate notReviewed reminded commissionerNotified boardListed }`
	monitoringCSVDoc = `query($id: ID, $table: SLAMonitoringTable!) { slaMonitoring(reviewCycleId: $id) { csv(table: $table) } }`
	cycleReviewsDoc  = `query($where: CycleReviewFilter, $first: Int) { cycleReviews(where: $where, first: $first) {
  totalCount
  edges { node { reviewedAt boardListedAt service { name } informationPage { title } lead { name } commissioner { name } reviewCycle { name } } }
} }`
)

type slaFigures struct {
	Asked, ReviewedOnTime, ReviewedLate, NotReviewed, Reminded, CommissionerNotified, BoardListed int
}

type slaGroup struct {
	ID      *uuid.UUID
	Name    string
	Figures slaFigures
}

type monitoringResult struct {
	SLAMonitoring *struct {
		ReviewCycle     struct{ Name string }
		UpdatesDeadline time.Time
		Totals          slaFigures
		ByLead          []slaGroup
		ByOrganization  []slaGroup
		ByCommissioner  []slaGroup
		Trend           []struct {
			ReviewCycle struct {
				ID   uuid.UUID
				Name string
			}
			Figures slaFigures
		}
	}
}

// monitoredDesk is a directory with two past review cycles, one in summer
// time and one in winter, and content reviewed on time, late or not at all.
// Ada leads two services, one of them commissioned by Cara. Ben leads a
// service that Cara commissions, and an information page.
type monitoredDesk struct {
	*directory
	summer, winter                              *ent.ReviewCycle
	ada, ben, cara, officer                     *ent.User
	adaToken, benToken, caraToken, officerToken string
	playScheme, sensory, respite                *ent.Service
	page                                        *ent.InformationPage
	riverside                                   *ent.Organization
}

func newMonitoredDesk(t *testing.T) *monitoredDesk {
	t.Helper()
	d := newDirectory(t)
	m := &monitoredDesk{directory: d}
	ctx := d.SystemContext()

	m.summer = m.cycle("Monitored summer 2025", schematype.NewDate(2025, time.June, 16), schematype.NewDate(2025, time.July, 14))
	m.winter = m.cycle("Monitored winter 2025-26", schematype.NewDate(2025, time.December, 8), schematype.NewDate(2026, time.January, 13))

	m.ada = d.Client.User.UpdateOne(d.CreateUser(t, user.RoleProvider, user.StatusActive)).SetName(`Ada "The Lead", Smith`).SaveX(ctx)
	m.ben = d.Client.User.UpdateOne(d.CreateUser(t, user.RoleProvider, user.StatusActive)).SetName("Ben Lead").SaveX(ctx)
	m.cara = d.Client.User.UpdateOne(d.CreateUser(t, user.RoleProvider, user.StatusActive)).SetName("Cara Commissioner").SaveX(ctx)
	m.officer = d.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	m.adaToken, m.benToken, m.caraToken, m.officerToken = d.SignIn(t, m.ada), d.SignIn(t, m.ben), d.SignIn(t, m.cara), d.SignIn(t, m.officer)

	m.riverside = d.Client.Organization.Create().SetName("Riverside Trust").SetSlug("riverside-trust").SaveX(ctx)
	m.playScheme = d.add("Play scheme", func(c *ent.ServiceCreate) { c.SetLeadID(m.ada.ID).SetCommissionerID(m.cara.ID) })
	m.sensory = d.add("Sensory room", func(c *ent.ServiceCreate) { c.SetLeadID(m.ada.ID) })
	m.respite = d.add("Respite care", func(c *ent.ServiceCreate) {
		c.SetLeadID(m.ben.ID).SetCommissionerID(m.cara.ID).SetOrganization(m.riverside)
	})
	m.page = d.Client.InformationPage.Create().SetTitle("Short breaks explained").SetSlug("short-breaks").
		SetBody("<p>How short breaks work.</p>").SetLeadID(m.ben.ID).SaveX(ctx)

	m.serviceReview(m.summer, m.playScheme, "2025-07-14T22:59:59Z", nil)
	m.serviceReview(m.summer, m.sensory, "2025-07-14T23:00:00Z", nil)
	m.serviceReview(m.summer, m.respite, "", func(c *ent.CycleReviewCreate) {
		c.SetRemindedAt(at("2025-07-15T08:00:00Z")).SetCommissionerNotifiedAt(at("2025-07-29T08:00:00Z")).SetBoardListedAt(at("2025-08-12T08:00:00Z"))
	})
	m.serviceReview(m.winter, m.playScheme, "2026-01-13T23:59:59Z", nil)
	m.serviceReview(m.winter, m.sensory, "2026-01-14T00:00:01Z", nil)
	m.serviceReview(m.winter, m.respite, "", func(c *ent.CycleReviewCreate) {
		c.SetRemindedAt(at("2026-01-14T08:00:00Z")).SetCommissionerNotifiedAt(at("2026-01-28T08:00:00Z"))
	})
	d.Client.CycleReview.Create().SetReviewCycleID(m.winter.ID).SetNotifiedAt(at("2025-12-08T09:00:00Z")).
		SetContentType(cyclereview.ContentTypeInformationPage).SetInformationPageID(m.page.ID).SetLeadID(m.ben.ID).
		SetRemindedAt(at("2026-01-14T08:00:00Z")).SaveX(ctx)
	return m
}

func at(value string) time.Time {
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		panic(err)
	}
	return t
}

func (m *monitoredDesk) cycle(name string, notifications, due schematype.Date) *ent.ReviewCycle {
	m.t.Helper()
	return m.Client.ReviewCycle.Create().SetName(name).
		SetFeedbackCirculatedOn(notifications.AddDays(-40)).
		SetResponsesDueOn(notifications.AddDays(-7)).
		SetUpdateNotificationsOn(notifications).
		SetUpdatesDueOn(due).
		SaveX(m.SystemContext())
}

// serviceReview records that cycle asked for a review of s, reviewed at
// reviewedAt (RFC 3339) or not at all when it is empty.
func (m *monitoredDesk) serviceReview(cycle *ent.ReviewCycle, s *ent.Service, reviewedAt string, edit func(*ent.CycleReviewCreate)) {
	m.t.Helper()
	create := m.Client.CycleReview.Create().SetReviewCycleID(cycle.ID).
		SetNotifiedAt(cycle.UpdateNotificationsOn.In(time.UTC).Add(9 * time.Hour)).
		SetContentType(cyclereview.ContentTypeService).SetServiceID(s.ID).
		SetNillableLeadID(s.LeadID).SetNillableCommissionerID(s.CommissionerID)
	if reviewedAt != "" {
		create.SetReviewedAt(at(reviewedAt))
	}
	if edit != nil {
		edit(create)
	}
	create.SaveX(m.SystemContext())
}

func (m *monitoredDesk) monitoring(token string, cycle *ent.ReviewCycle) monitoringResult {
	m.t.Helper()
	var data monitoringResult
	m.MustQueryAs(m.t, token, monitoringDoc, map[string]any{"id": cycle.ID}, &data)
	if data.SLAMonitoring == nil {
		m.t.Fatalf("slaMonitoring of %q is null", cycle.Name)
	}
	return data
}

func TestSLAMonitoringOfficerFigures(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)

	view := m.monitoring(m.officerToken, m.winter).SLAMonitoring
	if view.ReviewCycle.Name != m.winter.Name {
		t.Errorf("cycle = %q, want %q", view.ReviewCycle.Name, m.winter.Name)
	}
	if !view.UpdatesDeadline.Equal(at("2026-01-14T00:00:00Z")) {
		t.Errorf("updatesDeadline = %s, want midnight at the end of 13 January", view.UpdatesDeadline)
	}
	if want := (slaFigures{4, 1, 1, 2, 2, 1, 0}); view.Totals != want {
		t.Errorf("totals = %+v, want %+v", view.Totals, want)
	}
	wantLeads := []string{"Ben Lead 2/0/0/2", `Ada "The Lead", Smith 2/1/1/0`}
	if got := groupSummaries(view.ByLead); strings.Join(got, "; ") != strings.Join(wantLeads, "; ") {
		t.Errorf("byLead = %q, want %q", got, wantLeads)
	}
	wantOrganizations := []string{"Riverside Trust 1/0/0/1", "(none) 1/0/0/1", "Northshire County Council 2/1/1/0"}
	if got := groupSummaries(view.ByOrganization); strings.Join(got, "; ") != strings.Join(wantOrganizations, "; ") {
		t.Errorf("byOrganization = %q, want %q", got, wantOrganizations)
	}
	wantCommissioners := []string{"Cara Commissioner 2/1/0/1", "(none) 2/0/1/1"}
	if got := groupSummaries(view.ByCommissioner); strings.Join(got, "; ") != strings.Join(wantCommissioners, "; ") {
		t.Errorf("byCommissioner = %q, want %q", got, wantCommissioners)
	}
}

// groupSummaries returns "name asked/on time/late/not reviewed" for each
// group, with "(none)" for the group without an id.
func groupSummaries(groups []slaGroup) []string {
	var out []string
	for _, g := range groups {
		name := g.Name
		if g.ID == nil {
			name = "(none)"
		}
		out = append(out, fmt.Sprintf("%s %d/%d/%d/%d", name, g.Figures.Asked, g.Figures.ReviewedOnTime, g.Figures.ReviewedLate, g.Figures.NotReviewed))
	}
	return out
}

func TestSLAMonitoringTrendOldestFirst(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)

	view := m.monitoring(m.officerToken, m.winter).SLAMonitoring
	var got []string
	for _, c := range view.Trend {
		// The product's own default cycles join the trend once their
		// notifications date has come, with no cycle reviews.
		if c.ReviewCycle.ID == m.summer.ID || c.ReviewCycle.ID == m.winter.ID {
			got = append(got, fmt.Sprintf("%s %+v", c.ReviewCycle.Name, c.Figures))
		}
	}
	want := []string{
		fmt.Sprintf("%s %+v", m.summer.Name, slaFigures{3, 1, 1, 1, 1, 1, 1}),
		fmt.Sprintf("%s %+v", m.winter.Name, slaFigures{4, 1, 1, 2, 2, 1, 0}),
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("trend = %q, want %q", got, want)
	}
}

func TestSLAMonitoringProviderScope(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)
	tests := []struct {
		name   string
		token  string
		totals slaFigures
		leads  []string
	}{
		{"lead sees own content", m.adaToken, slaFigures{2, 1, 1, 0, 0, 0, 0}, []string{`Ada "The Lead", Smith 2/1/1/0`}},
		{"other lead sees own content", m.benToken, slaFigures{2, 0, 0, 2, 2, 1, 0}, []string{"Ben Lead 2/0/0/2"}},
		// Cara commissions the play scheme (Ada's) and respite care
		// (Ben's). Provider accounts cannot read other users, so the
		// leads' names are empty.
		{"commissioner sees commissioned content", m.caraToken, slaFigures{2, 1, 0, 1, 1, 1, 0}, []string{" 1/0/0/1", " 1/1/0/0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			view := m.monitoring(tt.token, m.winter).SLAMonitoring
			if view.Totals != tt.totals {
				t.Errorf("totals = %+v, want %+v", view.Totals, tt.totals)
			}
			if got := groupSummaries(view.ByLead); strings.Join(got, "; ") != strings.Join(tt.leads, "; ") {
				t.Errorf("byLead = %q, want %q", got, tt.leads)
			}
		})
	}
}

func TestSLAMonitoringPublicUnauthenticated(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)

	for name, document := range map[string]string{"slaMonitoring": monitoringDoc, "cycleReviews": cycleReviewsDoc} {
		res := m.Query(t, document, map[string]any{})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "UNAUTHENTICATED" {
			t.Errorf("%s: errors = %+v, want one UNAUTHENTICATED", name, res.Errors)
		}
	}
}

func TestSLAMonitoringUnknownCycleNotFound(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)

	res := m.QueryAs(t, m.officerToken, monitoringDoc, map[string]any{"id": uuid.Must(uuid.NewV7())})
	if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("errors = %+v, want one NOT_FOUND", res.Errors)
	}
}

// TestSLAMonitoringStatementsConstant checks that the figures and their
// breakdowns cost the same number of SQL statements however many leads,
// organisations and commissioners there are.
func TestSLAMonitoringStatementsConstant(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)
	query := func() {
		m.monitoring(m.officerToken, m.winter)
	}
	before := m.CountStatements(query)

	ctx := m.SystemContext()
	for i := range 5 {
		lead := m.CreateUser(t, user.RoleProvider, user.StatusActive)
		commissioner := m.CreateUser(t, user.RoleProvider, user.StatusActive)
		org := m.Client.Organization.Create().SetName(fmt.Sprintf("Trust %d", i)).SetSlug(fmt.Sprintf("trust-%d", i)).SaveX(ctx)
		s := m.add(fmt.Sprintf("Extra service %d", i), func(c *ent.ServiceCreate) {
			c.SetLeadID(lead.ID).SetCommissionerID(commissioner.ID).SetOrganization(org)
		})
		m.serviceReview(m.winter, s, "", nil)
	}
	after := m.CountStatements(query)

	if after != before {
		t.Errorf("monitoring took %d statements with 5 more leads, organisations and commissioners, %d before", after, before)
	}
	if before > 15 {
		t.Errorf("monitoring took %d statements, want at most 15", before)
	}
}

func TestCycleReviewsFilters(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)
	tests := []struct {
		name  string
		token string
		where map[string]any
		want  int
	}{
		{"not reviewed in winter", m.officerToken, map[string]any{"reviewCycleId": m.winter.ID, "reviewed": false}, 2},
		{"reviewed in winter", m.officerToken, map[string]any{"reviewCycleId": m.winter.ID, "reviewed": true}, 2},
		{"board listed", m.officerToken, map[string]any{"boardListed": true}, 1},
		{"by lead", m.officerToken, map[string]any{"leadId": m.ben.ID}, 3},
		{"by organisation", m.officerToken, map[string]any{"organizationId": m.riverside.ID}, 2},
		{"by commissioner", m.officerToken, map[string]any{"commissionerId": m.cara.ID, "reviewCycleId": m.summer.ID}, 2},
		{"lead sees none of another's", m.adaToken, map[string]any{"leadId": m.ben.ID}, 0},
		{"lead sees own", m.adaToken, nil, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var data struct {
				CycleReviews struct {
					TotalCount int
					Edges      []json.RawMessage
				}
			}
			m.MustQueryAs(t, tt.token, cycleReviewsDoc, map[string]any{"where": tt.where}, &data)
			if data.CycleReviews.TotalCount != tt.want || len(data.CycleReviews.Edges) != tt.want {
				t.Errorf("totalCount %d, %d edges; want %d", data.CycleReviews.TotalCount, len(data.CycleReviews.Edges), tt.want)
			}
		})
	}
}

func TestCycleReviewsEdges(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)

	var data struct {
		CycleReviews struct {
			Edges []struct {
				Node struct {
					Service         *struct{ Name string }
					InformationPage *struct{ Title string }
					Lead            *struct{ Name string }
					Commissioner    *struct{ Name string }
					ReviewCycle     struct{ Name string }
				}
			}
		}
	}
	where := map[string]any{"reviewCycleId": m.winter.ID, "reviewed": false}
	m.MustQueryAs(t, m.officerToken, cycleReviewsDoc, map[string]any{"where": where}, &data)

	var got []string
	for _, e := range data.CycleReviews.Edges {
		n := e.Node
		switch {
		case n.Service != nil:
			got = append(got, fmt.Sprintf("service %s, lead %s, commissioner %s", n.Service.Name, n.Lead.Name, n.Commissioner.Name))
		case n.InformationPage != nil:
			got = append(got, fmt.Sprintf("page %s, lead %s, commissioner %v", n.InformationPage.Title, n.Lead.Name, n.Commissioner))
		}
	}
	want := []string{
		"service Respite care, lead Ben Lead, commissioner Cara Commissioner",
		"page Short breaks explained, lead Ben Lead, commissioner <nil>",
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("nodes = %q, want %q", got, want)
	}
}

func TestCycleReviewsPageSizeLimit(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)

	res := m.QueryAs(t, m.officerToken, cycleReviewsDoc, map[string]any{"first": 101})
	if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Errorf("errors = %+v, want one BAD_USER_INPUT", res.Errors)
	}
}

func TestSLAMonitoringCSV(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)
	tests := []struct {
		name   string
		table  string
		header string
		rows   int
		line   string
	}{
		{
			name: "not reviewed", table: "NOT_REVIEWED",
			header: "review cycle,content type,content id,name,organisation,lead,lead email,commissioner,commissioner email,notified at,reminded at,commissioner notified at,board listed at",
			rows:   2,
			line:   "Monitored winter 2025-26,service," + m.respite.ID.String() + ",Respite care,Riverside Trust,Ben Lead," + m.ben.Email + ",Cara Commissioner," + m.cara.Email + ",2025-12-08 09:00,2026-01-14 08:00,2026-01-28 08:00,",
		},
		{
			name: "leads", table: "LEADS",
			header: "review cycle,lead id,lead,asked,reviewed on time,reviewed late,not reviewed,reminded,commissioner notified,board listed",
			rows:   2,
			line:   "Monitored winter 2025-26," + m.ada.ID.String() + `,"Ada ""The Lead"", Smith",2,1,1,0,0,0,0`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var data struct{ SLAMonitoring struct{ CSV string } }
			m.MustQueryAs(t, m.officerToken, monitoringCSVDoc, map[string]any{"id": m.winter.ID, "table": tt.table}, &data)
			text := data.SLAMonitoring.CSV

			records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
			if err != nil {
				t.Fatalf("parse CSV: %v\n%s", err, text)
			}
			if got := strings.Join(records[0], ","); got != tt.header {
				t.Errorf("header = %s, want %s", got, tt.header)
			}
			if len(records)-1 != tt.rows {
				t.Errorf("%d rows, want %d:\n%s", len(records)-1, tt.rows, text)
			}
			if !strings.Contains(text, tt.line+"\n") {
				t.Errorf("no line %s in:\n%s", tt.line, text)
			}
		})
	}
}

func TestSLAMonitoringCSVProviderScope(t *testing.T) {
	t.Parallel()
	m := newMonitoredDesk(t)

	var data struct{ SLAMonitoring struct{ CSV string } }
	m.MustQueryAs(t, m.adaToken, monitoringCSVDoc, map[string]any{"id": m.summer.ID, "table": "NOT_REVIEWED"}, &data)
	lines := strings.Split(strings.TrimSuffix(data.SLAMonitoring.CSV, "\n"), "\n")
	if len(lines) != 1 {
		t.Errorf("Ada's CSV has %d lines, want the header alone: Ben's respite care is not hers:\n%s", len(lines), data.SLAMonitoring.CSV)
	}
}
