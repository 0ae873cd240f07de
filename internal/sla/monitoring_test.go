package sla_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/sla"
)

// monitoredCouncil is two past review cycles, one in summer time and one in
// winter, and a future one, with services and a page reviewed on time, late
// or not at all.
type monitoredCouncil struct {
	client                       *ent.Client
	ctx                          context.Context
	manager                      *sla.Manager
	summer, winter, next         *ent.ReviewCycle
	leadA, leadB, commissioner   *ent.User
	smithJones, riverside        *ent.Organization
	playScheme, sensory, respite *ent.Service
	page                         *ent.InformationPage
}

func newMonitoredCouncil(t *testing.T) *monitoredCouncil {
	t.Helper()
	client, ctx := newCalendarDatabase(t)
	now := london(t, "2026-02-01 12:00")
	m := &monitoredCouncil{
		client:  client,
		ctx:     ctx,
		manager: sla.New(client, nil, slog.New(slog.DiscardHandler), func() time.Time { return now }),
	}

	m.summer = m.cycle(t, "Summer 2025", schematype.NewDate(2025, time.June, 16), schematype.NewDate(2025, time.July, 14))
	m.winter = m.cycle(t, "Winter 2025-26", schematype.NewDate(2025, time.December, 8), schematype.NewDate(2026, time.January, 13))
	m.next = m.cycle(t, "Summer 2026", schematype.NewDate(2026, time.June, 15), schematype.NewDate(2026, time.July, 13))

	m.leadA = m.user(t, `Ada "The Lead", Smith`, "ada@example.org")
	m.leadB = m.user(t, "Ben Lead", "ben@example.org")
	m.commissioner = m.user(t, "Cara Commissioner", "cara@example.org")
	m.smithJones = client.Organization.Create().SetName("Smith, Jones & Co").SetSlug("smith-jones").SaveX(ctx)
	m.riverside = client.Organization.Create().SetName("Riverside Trust").SetSlug("riverside").SaveX(ctx)

	m.playScheme = m.service(t, "Play scheme", m.smithJones, m.leadA, m.commissioner)
	m.sensory = m.service(t, "Sensory room, \"quiet\" sessions", m.smithJones, m.leadA, nil)
	m.respite = m.service(t, "Respite care", m.riverside, m.leadB, m.commissioner)
	m.page = client.InformationPage.Create().SetTitle("Short breaks explained").SetSlug("short-breaks").SetBody("<p>How short breaks work.</p>").
		SetLeadID(m.leadB.ID).SaveX(ctx)

	// Summer time: the deadline is 23:00 UTC on 14 July 2025.
	m.review(t, m.summer, m.playScheme, nil, utc("2025-07-14T22:59:59Z"), nil)
	m.review(t, m.summer, m.sensory, nil, utc("2025-07-14T23:00:00Z"), nil)
	m.review(t, m.summer, m.respite, nil, nil, func(c *ent.CycleReviewCreate) {
		c.SetNillableRemindedAt(utc("2025-07-15T08:00:00Z")).
			SetNillableCommissionerNotifiedAt(utc("2025-07-29T08:00:00Z")).
			SetNillableBoardListedAt(utc("2025-08-12T08:00:00Z"))
	})

	// Winter: the deadline is midnight UTC at the end of 13 January 2026.
	m.review(t, m.winter, m.playScheme, nil, utc("2026-01-13T23:59:59Z"), nil)
	m.review(t, m.winter, m.sensory, nil, utc("2026-01-14T00:00:01Z"), nil)
	m.review(t, m.winter, m.respite, nil, nil, func(c *ent.CycleReviewCreate) {
		c.SetNillableRemindedAt(utc("2026-01-14T08:00:00Z")).SetNillableCommissionerNotifiedAt(utc("2026-01-28T08:00:00Z"))
	})
	m.review(t, m.winter, nil, m.page, nil, func(c *ent.CycleReviewCreate) {
		c.SetNillableRemindedAt(utc("2026-01-14T08:00:00Z"))
	})
	return m
}

func utc(value string) *time.Time {
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		panic(err)
	}
	return &t
}

func (m *monitoredCouncil) cycle(t *testing.T, name string, notifications, due schematype.Date) *ent.ReviewCycle {
	t.Helper()
	return m.client.ReviewCycle.Create().SetName(name).
		SetFeedbackCirculatedOn(notifications.AddDays(-40)).
		SetResponsesDueOn(notifications.AddDays(-7)).
		SetUpdateNotificationsOn(notifications).
		SetUpdatesDueOn(due).
		SaveX(m.ctx)
}

func (m *monitoredCouncil) user(t *testing.T, name, email string) *ent.User {
	t.Helper()
	return m.client.User.Create().SetName(name).SetEmail(email).
		SetRole(user.RoleProvider).SetStatus(user.StatusActive).SaveX(m.ctx)
}

func (m *monitoredCouncil) service(t *testing.T, name string, org *ent.Organization, lead, commissioner *ent.User) *ent.Service {
	t.Helper()
	create := m.client.Service.Create().SetName(name).SetSlug(strings.ToLower(strings.Fields(name)[0])).
		SetStatus(service.StatusPublished).SetOrganization(org).SetLeadID(lead.ID)
	if commissioner != nil {
		create.SetCommissionerID(commissioner.ID)
	}
	return create.SaveX(m.ctx)
}

// review records that cycle asked for a review of a service or a page, on
// its update notifications date, with the lead and commissioner it had then.
func (m *monitoredCouncil) review(t *testing.T, cycle *ent.ReviewCycle, s *ent.Service, p *ent.InformationPage, reviewedAt *time.Time, edit func(*ent.CycleReviewCreate)) {
	t.Helper()
	create := m.client.CycleReview.Create().
		SetReviewCycleID(cycle.ID).
		SetNotifiedAt(cycle.UpdateNotificationsOn.In(time.UTC).Add(9 * time.Hour)).
		SetNillableReviewedAt(reviewedAt)
	if s != nil {
		create.SetContentType(cyclereview.ContentTypeService).SetServiceID(s.ID).SetNillableLeadID(s.LeadID).SetNillableCommissionerID(s.CommissionerID)
	} else {
		create.SetContentType(cyclereview.ContentTypeInformationPage).SetInformationPageID(p.ID).SetNillableLeadID(p.LeadID)
	}
	if edit != nil {
		edit(create)
	}
	create.SaveX(m.ctx)
}

func figures(asked, onTime, late, notReviewed, reminded, told, listed int) sla.Figures {
	return sla.Figures{
		Asked: asked, ReviewedOnTime: onTime, ReviewedLate: late, NotReviewed: notReviewed,
		Reminded: reminded, CommissionerNotified: told, BoardListed: listed,
	}
}

func TestMonitoringDefaultsToLatestNotifiedCycle(t *testing.T) {
	m := newMonitoredCouncil(t)

	view, err := m.manager.Monitoring(m.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if view.ReviewCycle.ID != m.winter.ID {
		t.Fatalf("cycle = %q, want %q", view.ReviewCycle.Name, m.winter.Name)
	}
	if want := utc("2026-01-14T00:00:00Z"); !view.UpdatesDeadline.Equal(*want) {
		t.Errorf("updates deadline = %s, want %s", view.UpdatesDeadline, want)
	}
	if want := figures(4, 1, 1, 2, 2, 1, 0); view.Totals != want {
		t.Errorf("totals = %+v, want %+v", view.Totals, want)
	}
}

func TestMonitoringSummerDeadlineIsLondonMidnight(t *testing.T) {
	m := newMonitoredCouncil(t)

	view, err := m.manager.Monitoring(m.ctx, &m.summer.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := utc("2025-07-14T23:00:00Z"); !view.UpdatesDeadline.Equal(*want) {
		t.Errorf("updates deadline = %s, want %s", view.UpdatesDeadline, want)
	}
	// 22:59:59 UTC is 23:59:59 BST, on time; 23:00:00 UTC is the next day.
	if want := figures(3, 1, 1, 1, 1, 1, 1); view.Totals != want {
		t.Errorf("totals = %+v, want %+v", view.Totals, want)
	}
}

func TestMonitoringBreakdowns(t *testing.T) {
	m := newMonitoredCouncil(t)

	view, err := m.manager.Monitoring(m.ctx, &m.winter.ID)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		groups []sla.GroupFigures
		want   []sla.GroupFigures
	}{
		{"by lead", view.ByLead, []sla.GroupFigures{
			{ID: &m.leadB.ID, Name: "Ben Lead", Figures: figures(2, 0, 0, 2, 2, 1, 0)},
			{ID: &m.leadA.ID, Name: m.leadA.Name, Figures: figures(2, 1, 1, 0, 0, 0, 0)},
		}},
		{"by organisation", view.ByOrganization, []sla.GroupFigures{
			{ID: &m.riverside.ID, Name: "Riverside Trust", Figures: figures(1, 0, 0, 1, 1, 1, 0)},
			{ID: nil, Name: "", Figures: figures(1, 0, 0, 1, 1, 0, 0)},
			{ID: &m.smithJones.ID, Name: "Smith, Jones & Co", Figures: figures(2, 1, 1, 0, 0, 0, 0)},
		}},
		{"by commissioner", view.ByCommissioner, []sla.GroupFigures{
			{ID: &m.commissioner.ID, Name: "Cara Commissioner", Figures: figures(2, 1, 0, 1, 1, 1, 0)},
			{ID: nil, Name: "", Figures: figures(2, 0, 1, 1, 1, 0, 0)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.groups) != len(tt.want) {
				t.Fatalf("%d groups %+v, want %d", len(tt.groups), tt.groups, len(tt.want))
			}
			for i, want := range tt.want {
				got := tt.groups[i]
				if !sameID(got.ID, want.ID) || got.Name != want.Name || got.Figures != want.Figures {
					t.Errorf("group %d = %s %q %+v, want %s %q %+v", i, idText(got.ID), got.Name, got.Figures, idText(want.ID), want.Name, want.Figures)
				}
			}
		})
	}
}

func sameID(a, b *uuid.UUID) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func idText(id *uuid.UUID) string {
	if id == nil {
		return "<nil>"
	}
	return id.String()
}

func TestMonitoringTrendOldestFirst(t *testing.T) {
	m := newMonitoredCouncil(t)

	view, err := m.manager.Monitoring(m.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name    string
		figures sla.Figures
	}{
		{"Summer 2025", figures(3, 1, 1, 1, 1, 1, 1)},
		{"Winter 2025-26", figures(4, 1, 1, 2, 2, 1, 0)},
	}
	if len(view.Trend) != len(want) {
		t.Fatalf("trend has %d cycles, want %d (the future cycle left out)", len(view.Trend), len(want))
	}
	for i, w := range want {
		if view.Trend[i].ReviewCycle.Name != w.name || view.Trend[i].Figures != w.figures {
			t.Errorf("trend %d = %q %+v, want %q %+v", i, view.Trend[i].ReviewCycle.Name, view.Trend[i].Figures, w.name, w.figures)
		}
	}
}

func TestMonitoringFutureCycleHasNoFigures(t *testing.T) {
	m := newMonitoredCouncil(t)

	view, err := m.manager.Monitoring(m.ctx, &m.next.ID)
	if err != nil {
		t.Fatal(err)
	}
	if view.Totals != (sla.Figures{}) || len(view.ByLead) != 0 {
		t.Errorf("totals %+v, %d leads; want zeros and none", view.Totals, len(view.ByLead))
	}
	if n := len(view.Trend); n != 3 || view.Trend[2].ReviewCycle.ID != m.next.ID {
		t.Errorf("trend has %d cycles, want 3 ending with the cycle asked for", n)
	}
}

func TestMonitoringUnknownCycleNotFound(t *testing.T) {
	m := newMonitoredCouncil(t)
	missing := uuid.Must(uuid.NewV7())

	_, err := m.manager.Monitoring(m.ctx, &missing)
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("err = %v, want not found", err)
	}
}

func TestMonitoringWithoutNotifiedCycleIsNil(t *testing.T) {
	client, ctx := newCalendarDatabase(t)
	manager := sla.New(client, nil, slog.New(slog.DiscardHandler), func() time.Time { return london(t, "2026-02-01 12:00") })
	client.ReviewCycle.Create().SetName("Summer 2026").
		SetFeedbackCirculatedOn(schematype.NewDate(2026, time.May, 5)).
		SetResponsesDueOn(schematype.NewDate(2026, time.June, 8)).
		SetUpdateNotificationsOn(schematype.NewDate(2026, time.June, 15)).
		SetUpdatesDueOn(schematype.NewDate(2026, time.July, 13)).
		SaveX(ctx)

	view, err := manager.Monitoring(ctx, nil)
	if err != nil || view != nil {
		t.Errorf("view = %+v, err = %v; want nil, nil", view, err)
	}
}

func TestNotReviewedCSV(t *testing.T) {
	m := newMonitoredCouncil(t)
	view, err := m.manager.Monitoring(m.ctx, &m.winter.ID)
	if err != nil {
		t.Fatal(err)
	}

	text, err := m.manager.ExportCSV(m.ctx, view, sla.ReportNotReviewed)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v\n%s", err, text)
	}
	wantHeader := "review cycle,content type,content id,name,organisation,lead,lead email,commissioner,commissioner email,notified at,reminded at,commissioner notified at,board listed at"
	if got := strings.Join(records[0], ","); got != wantHeader {
		t.Errorf("header = %s, want %s", got, wantHeader)
	}
	if len(records) != 3 {
		t.Fatalf("%d records, want the header and 2 rows:\n%s", len(records), text)
	}
	names := []string{records[1][3], records[2][3]}
	if !(contains(names, "Respite care") && contains(names, "Short breaks explained")) {
		t.Errorf("rows name %q, want the respite service and the page", names)
	}
	for _, record := range records[1:] {
		if record[3] == "Respite care" {
			want := []string{"Winter 2025-26", "service", m.respite.ID.String(), "Respite care", "Riverside Trust",
				"Ben Lead", "ben@example.org", "Cara Commissioner", "cara@example.org",
				"2025-12-08 09:00", "2026-01-14 08:00", "2026-01-28 08:00", ""}
			if strings.Join(record, "|") != strings.Join(want, "|") {
				t.Errorf("row = %q, want %q", record, want)
			}
		}
	}
}

func TestLeadsCSVEscapesNames(t *testing.T) {
	m := newMonitoredCouncil(t)
	view, err := m.manager.Monitoring(m.ctx, &m.summer.ID)
	if err != nil {
		t.Fatal(err)
	}

	text, err := m.manager.ExportCSV(m.ctx, view, sla.ReportLeads)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	wantHeader := "review cycle,lead id,lead,asked,reviewed on time,reviewed late,not reviewed,reminded,commissioner notified,board listed"
	if lines[0] != wantHeader {
		t.Errorf("header = %s, want %s", lines[0], wantHeader)
	}
	wantLeadA := "Summer 2025," + m.leadA.ID.String() + `,"Ada ""The Lead"", Smith",2,1,1,0,0,0,0`
	if !contains(lines, wantLeadA) {
		t.Errorf("no line %s in:\n%s", wantLeadA, text)
	}
}

func TestMonitoringText(t *testing.T) {
	m := newMonitoredCouncil(t)
	view, err := m.manager.Monitoring(m.ctx, &m.summer.ID)
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	if err := sla.WriteText(&out, view); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"Review cycle: Summer 2025",
		"reviews before 2025-07-15 00:00 London time are on time",
		"By organisation",
		"Smith, Jones & Co",
		"(no commissioner)",
		"Winter 2025-26",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text does not contain %q:\n%s", want, text)
		}
	}
}

func contains(list []string, value string) bool {
	for _, item := range list {
		if item == value {
			return true
		}
	}
	return false
}
