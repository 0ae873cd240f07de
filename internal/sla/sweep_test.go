package sla_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	"github.com/localoffer/localoffer/ent/reviewrecord"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/sla"
)

const publicURL = "https://localoffer.test"

// farFuture is a review due date that no test reaches, for content that
// must not be reminded between cycles.
var farFuture = time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC)

// sweepWorld is a database with an organisation, three providers and a
// commissioner, and a sweeper whose clock the test sets.
type sweepWorld struct {
	client  *ent.Client
	ctx     context.Context
	now     time.Time
	sweeper *sla.Sweeper
	org     *ent.Organization
	alice   *ent.User // a lead
	bob     *ent.User // a content manager
	carol   *ent.User // a commissioner
	dan     *ent.User // another lead
	seen    map[uuid.UUID]bool
}

func newSweepWorld(t *testing.T) *sweepWorld {
	t.Helper()
	client, ctx := newCalendarDatabase(t)
	w := &sweepWorld{client: client, ctx: ctx, seen: map[uuid.UUID]bool{}}
	w.sweeper = sla.NewSweeper(client, slog.New(slog.NewTextHandler(io.Discard, nil)), sla.SweepConfig{
		PublicURL: publicURL + "/",
		Now:       func() time.Time { return w.now },
	})
	w.org = client.Organization.Create().SetName("Riverside Family Trust").SetSlug("riverside-family-trust").SaveX(ctx)
	w.alice = w.createUser(t, "alice")
	w.bob = w.createUser(t, "bob")
	w.carol = w.createUser(t, "carol")
	w.dan = w.createUser(t, "dan")
	return w
}

func (w *sweepWorld) createUser(t *testing.T, name string) *ent.User {
	t.Helper()
	return w.client.User.Create().
		SetEmail(name + "@provider.example").
		SetName(strings.ToUpper(name[:1]) + name[1:]).
		SetRole(user.RoleProvider).
		SetStatus(user.StatusActive).
		SaveX(w.ctx)
}

// serviceSpec is a service to create. Its review is due far in the future
// unless dueAt is set.
type serviceSpec struct {
	name         string
	status       service.Status
	lead         *ent.User
	managers     []*ent.User
	commissioner *ent.User
	reviewedAt   *time.Time
	dueAt        time.Time
}

func (w *sweepWorld) createService(t *testing.T, spec serviceSpec) *ent.Service {
	t.Helper()
	if spec.status == "" {
		spec.status = service.StatusPublished
	}
	if spec.dueAt.IsZero() {
		spec.dueAt = farFuture
	}
	create := w.client.Service.Create().
		SetOrganization(w.org).
		SetName(spec.name).
		SetSlug(strings.ReplaceAll(strings.ToLower(spec.name), " ", "-")).
		SetStatus(spec.status).
		SetLead(spec.lead).
		AddContentManagers(spec.managers...).
		SetNillableLastReviewedAt(spec.reviewedAt).
		SetReviewDueAt(spec.dueAt)
	if spec.commissioner != nil {
		create.SetCommissioner(spec.commissioner)
	}
	return create.SaveX(w.ctx)
}

func (w *sweepWorld) createPage(t *testing.T, title string, lead *ent.User, managers []*ent.User, dueAt time.Time) *ent.InformationPage {
	t.Helper()
	return w.client.InformationPage.Create().
		SetTitle(title).
		SetSlug(strings.ReplaceAll(strings.ToLower(title), " ", "-")).
		SetBody("<p>How it works.</p>").
		SetStatus(informationpage.StatusPublished).
		SetLead(lead).
		AddContentManagers(managers...).
		SetReviewDueAt(dueAt).
		SaveX(w.ctx)
}

// confirmService records reviewer's confirmation that the service is still
// accurate at the world's clock, as confirmStillAccurate does.
func (w *sweepWorld) confirmService(t *testing.T, s *ent.Service, reviewer *ent.User) {
	t.Helper()
	at := w.now.UTC()
	err := sla.RecordReview(w.ctx, w.client, sla.Review{
		ServiceID: &s.ID, Kind: reviewrecord.KindConfirmation, ReviewerID: &reviewer.ID, At: at,
	})
	if err != nil {
		t.Fatalf("record review of %s: %v", s.Name, err)
	}
	w.client.Service.UpdateOneID(s.ID).SetLastReviewedAt(at).SetReviewDueAt(content.ReviewDueAfter(at)).ExecX(w.ctx)
}

func (w *sweepWorld) confirmPage(t *testing.T, p *ent.InformationPage, reviewer *ent.User) {
	t.Helper()
	at := w.now.UTC()
	err := sla.RecordReview(w.ctx, w.client, sla.Review{
		InformationPageID: &p.ID, Kind: reviewrecord.KindConfirmation, ReviewerID: &reviewer.ID, At: at,
	})
	if err != nil {
		t.Fatalf("record review of %s: %v", p.Title, err)
	}
	w.client.InformationPage.UpdateOneID(p.ID).SetLastReviewedAt(at).SetReviewDueAt(content.ReviewDueAfter(at)).ExecX(w.ctx)
}

// sweep runs the sweeper at the world's clock and returns the emails it
// wrote, one line each: "template recipient: titles".
func (w *sweepWorld) sweep(t *testing.T) []string {
	t.Helper()
	if err := w.sweeper.Run(w.ctx); err != nil {
		t.Fatalf("sweep at %s: %v", w.now, err)
	}
	return w.newEmails(t)
}

// newEmails returns the emails written since the last call, sorted.
func (w *sweepWorld) newEmails(t *testing.T) []string {
	t.Helper()
	all := w.client.Notification.Query().AllX(w.ctx)
	var lines []string
	for _, n := range all {
		if w.seen[n.ID] {
			continue
		}
		w.seen[n.ID] = true
		lines = append(lines, fmt.Sprintf("%s %s: %s", n.Template, n.Recipient, strings.Join(titles(n.Body), ", ")))
	}
	slices.Sort(lines)
	return lines
}

// titles returns the titles of the content an email lists, sorted.
func titles(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		if _, title, ok := strings.Cut(strings.TrimPrefix(line, "- "), ": "); ok && strings.HasPrefix(line, "- ") {
			out = append(out, title)
		}
	}
	slices.Sort(out)
	return out
}

func (w *sweepWorld) counts(t *testing.T) (rows, emails int) {
	t.Helper()
	return w.client.CycleReview.Query().CountX(w.ctx), w.client.Notification.Query().CountX(w.ctx)
}

// TestSweepYear drives the sweeps through the default calendar from
// December 2026 to December 2027: daily at 09:00 London, and on each side
// of every updates deadline. Every sweep runs twice, and the second run
// must write nothing.
func TestSweepYear(t *testing.T) {
	t.Parallel()
	w := newSweepWorld(t)
	nov2026 := time.Date(2026, time.November, 1, 12, 0, 0, 0, time.UTC)
	sensory := w.createService(t, serviceSpec{name: "Sensory play", lead: w.alice, managers: []*ent.User{w.bob}, commissioner: w.carol})
	holiday := w.createService(t, serviceSpec{name: "Holiday club", lead: w.alice, reviewedAt: &nov2026})
	swim := w.createService(t, serviceSpec{name: "Swim", lead: w.dan})
	w.createService(t, serviceSpec{name: "Draft club", lead: w.alice, status: service.StatusDraft})
	w.createService(t, serviceSpec{name: "Archived club", lead: w.dan, status: service.StatusArchived})
	transport := w.createPage(t, "Transport", w.dan, []*ent.User{w.bob}, farFuture)

	// Instants to sweep at: daily, and the last second before and the
	// first second of each updates deadline day's end.
	var instants []time.Time
	for d := london(t, "2026-12-01 09:00"); !d.After(london(t, "2027-12-07 09:00")); d = d.AddDate(0, 0, 1) {
		instants = append(instants, d)
	}
	for _, deadline := range []string{"2027-01-14 00:00", "2027-07-14 00:00"} {
		at := london(t, deadline)
		instants = append(instants, at.Add(-time.Second), at)
	}
	slices.SortFunc(instants, func(a, b time.Time) int { return a.Compare(b) })

	// Reviews the owners make, before the sweep at that instant.
	reviews := map[string]func(){
		"2026-12-20 09:00": func() { w.confirmService(t, swim, w.dan) },
		"2027-07-01 09:00": func() { w.confirmService(t, swim, w.dan) },
		"2027-07-20 09:00": func() { w.confirmService(t, sensory, w.alice) },
		"2027-10-01 09:00": func() { w.confirmService(t, swim, w.dan) },
		"2027-11-15 09:00": func() { w.confirmService(t, sensory, w.alice) },
	}

	var got []string
	for _, at := range instants {
		w.now = at
		stamp := at.In(content.London).Format("2006-01-02 15:04:05")
		if review, ok := reviews[stamp[:16]]; ok {
			review()
		}
		for _, line := range w.sweep(t) {
			got = append(got, stamp+" "+line)
		}

		rows, emails := w.counts(t)
		if again := w.sweep(t); len(again) != 0 {
			t.Fatalf("second sweep at %s wrote %q, want nothing", stamp, again)
		}
		if rowsAgain, emailsAgain := w.counts(t); rowsAgain != rows || emailsAgain != emails {
			t.Fatalf("second sweep at %s: %d rows and %d emails, want %d and %d", stamp, rowsAgain, emailsAgain, rows, emails)
		}
	}

	want := []string{
		// Winter 2026-27: Holiday club was reviewed in the three months
		// before the notification date, and Dan reviews Swim in time.
		"2026-12-07 09:00:00 sla_review_request alice@provider.example: Sensory play",
		"2026-12-07 09:00:00 sla_review_request bob@provider.example: Sensory play, Transport",
		"2026-12-07 09:00:00 sla_review_request dan@provider.example: Swim, Transport",
		"2027-01-14 00:00:00 sla_escalation_reminder alice@provider.example: Sensory play",
		"2027-01-14 00:00:00 sla_escalation_reminder dan@provider.example: Transport",
		"2027-01-28 09:00:00 sla_commissioner_escalation carol@provider.example: Sensory play",
		// Summer 2027, in British Summer Time: Dan reviews Swim in time,
		// and Alice reviews Sensory play after the reminder, before the
		// commissioner is told.
		"2027-06-15 09:00:00 sla_review_request alice@provider.example: Holiday club, Sensory play",
		"2027-06-15 09:00:00 sla_review_request bob@provider.example: Sensory play, Transport",
		"2027-06-15 09:00:00 sla_review_request dan@provider.example: Swim, Transport",
		"2027-07-14 00:00:00 sla_escalation_reminder alice@provider.example: Holiday club, Sensory play",
		"2027-07-14 00:00:00 sla_escalation_reminder dan@provider.example: Transport",
		// Winter 2027-28: Sensory play and Swim were reviewed in the three
		// months before the notification date.
		"2027-12-07 09:00:00 sla_review_request alice@provider.example: Holiday club",
		"2027-12-07 09:00:00 sla_review_request bob@provider.example: Transport",
		"2027-12-07 09:00:00 sla_review_request dan@provider.example: Transport",
	}
	if !slices.Equal(got, want) {
		t.Errorf("emails written:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	w.checkRows(t, "Winter 2026-27", map[string]rowTimes{
		"Sensory play": {reminded: "2027-01-14 00:00", commissionerNotified: "2027-01-28 09:00", boardListed: "2027-02-11 09:00", reviewed: "2027-07-20 09:00"},
		"Swim":         {reviewed: "2026-12-20 09:00"},
		"Transport":    {reminded: "2027-01-14 00:00", boardListed: "2027-02-11 09:00"},
	})
	w.checkRows(t, "Summer 2027", map[string]rowTimes{
		"Holiday club": {reminded: "2027-07-14 00:00", boardListed: "2027-08-11 09:00"},
		"Sensory play": {reminded: "2027-07-14 00:00", reviewed: "2027-07-20 09:00"},
		"Swim":         {reviewed: "2027-07-01 09:00"},
		"Transport":    {reminded: "2027-07-14 00:00", boardListed: "2027-08-11 09:00"},
	})
	if n := w.client.CycleReview.Query().Where(cyclereview.ServiceID(holiday.ID)).CountX(w.ctx); n != 2 {
		t.Errorf("Holiday club has %d cycle reviews, want 2 (summer and winter 2027)", n)
	}
	if n := w.client.CycleReview.Query().Where(cyclereview.InformationPageID(transport.ID)).CountX(w.ctx); n != 3 {
		t.Errorf("Transport has %d cycle reviews, want 3", n)
	}
}

// rowTimes are a cycle review's times, as London wall-clock times; empty
// means none.
type rowTimes struct {
	reviewed, reminded, commissionerNotified, boardListed string
}

func (w *sweepWorld) checkRows(t *testing.T, cycle string, want map[string]rowTimes) {
	t.Helper()
	rows := w.client.CycleReview.Query().
		Where(cyclereview.HasReviewCycleWith(reviewcycle.Name(cycle))).
		WithService().WithInformationPage().
		AllX(w.ctx)
	got := map[string]rowTimes{}
	for _, row := range rows {
		title := ""
		if row.Edges.Service != nil {
			title = row.Edges.Service.Name
		} else {
			title = row.Edges.InformationPage.Title
		}
		got[title] = rowTimes{
			reviewed:             londonTime(row.ReviewedAt),
			reminded:             londonTime(row.RemindedAt),
			commissionerNotified: londonTime(row.CommissionerNotifiedAt),
			boardListed:          londonTime(row.BoardListedAt),
		}
		if row.NotifiedAt.IsZero() {
			t.Errorf("%s, %s: notified_at not set", cycle, title)
		}
	}
	for title, times := range want {
		if got[title] != times {
			t.Errorf("%s, %s: times = %+v, want %+v", cycle, title, got[title], times)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s has cycle reviews of %d items, want %d", cycle, len(got), len(want))
	}
}

func londonTime(at *time.Time) string {
	if at == nil {
		return ""
	}
	return at.In(content.London).Format("2006-01-02 15:04")
}

// TestSweepReviewRequestContent checks the email of the notification date:
// links, the deadline and the two actions.
func TestSweepReviewRequestContent(t *testing.T) {
	t.Parallel()
	w := newSweepWorld(t)
	w.createService(t, serviceSpec{name: "Sensory play", lead: w.alice, managers: []*ent.User{w.bob}})
	w.createPage(t, "Transport", w.alice, nil, farFuture)
	w.now = london(t, "2026-12-07 09:00")

	emails := w.sweep(t)
	if len(emails) != 2 {
		t.Fatalf("emails = %q, want one to Alice and one to Bob", emails)
	}
	n := w.client.Notification.Query().Where(notification.Recipient("alice@provider.example")).OnlyX(w.ctx)
	if n.Template != sla.TemplateReviewRequest {
		t.Errorf("template = %q, want %q", n.Template, sla.TemplateReviewRequest)
	}
	if !strings.Contains(n.Subject, "Wednesday 13 January 2027") {
		t.Errorf("subject %q lacks the updates deadline", n.Subject)
	}
	for _, want := range []string{
		"Hello Alice,",
		"Winter 2026-27",
		"by the end of Wednesday 13 January 2027",
		"- Service: Sensory play\n  https://localoffer.test/services/sensory-play",
		"- Information page: Transport\n  https://localoffer.test/information/transport",
		"confirmStillAccurate",
		"reportOwnership",
	} {
		if !strings.Contains(n.Body, want) {
			t.Errorf("text body lacks %q:\n%s", want, n.Body)
		}
	}
	if !strings.Contains(n.HTMLBody, `<a href="https://localoffer.test/services/sensory-play">Sensory play</a>`) {
		t.Errorf("HTML body lacks the service's link:\n%s", n.HTMLBody)
	}
}

// TestSweepRecentReviewSetting shortens the recent review period to 7
// days: content reviewed 30 days before the notification date is included,
// and content reviewed 6 days before is left out.
func TestSweepRecentReviewSetting(t *testing.T) {
	t.Parallel()
	w := newSweepWorld(t)
	w.sweeper = sla.NewSweeper(w.client, slog.New(slog.NewTextHandler(io.Discard, nil)), sla.SweepConfig{
		PublicURL:    publicURL,
		RecentReview: 7 * 24 * time.Hour,
		Now:          func() time.Time { return w.now },
	})
	reviewed := london(t, "2026-11-07 12:00")
	w.createService(t, serviceSpec{name: "Holiday club", lead: w.alice, reviewedAt: &reviewed})
	recent := london(t, "2026-12-01 12:00")
	w.createService(t, serviceSpec{name: "Sensory play", lead: w.alice, reviewedAt: &recent})
	w.now = london(t, "2026-12-07 09:00")

	got := w.sweep(t)
	want := []string{"sla_review_request alice@provider.example: Holiday club"}
	if !slices.Equal(got, want) {
		t.Errorf("emails = %q, want %q", got, want)
	}
}

// TestSweepSkipsUnreachableOwners leaves out a disabled content manager and
// a lead with nothing to review.
func TestSweepSkipsUnreachableOwners(t *testing.T) {
	t.Parallel()
	w := newSweepWorld(t)
	w.client.User.UpdateOne(w.bob).SetStatus(user.StatusDisabled).ExecX(w.ctx)
	w.createService(t, serviceSpec{name: "Sensory play", lead: w.alice, managers: []*ent.User{w.bob}})
	w.createService(t, serviceSpec{name: "Swim", lead: w.dan, status: service.StatusPending})
	w.now = london(t, "2026-12-07 09:00")

	got := w.sweep(t)
	want := []string{"sla_review_request alice@provider.example: Sensory play"}
	if !slices.Equal(got, want) {
		t.Errorf("emails = %q, want %q", got, want)
	}
}

// TestSweepOverdueReminderRhythm reminds the owners of overdue content
// between cycles, at most once every 14 days each.
func TestSweepOverdueReminderRhythm(t *testing.T) {
	t.Parallel()
	w := newSweepWorld(t)
	w.createService(t, serviceSpec{name: "Sensory play", lead: w.alice, managers: []*ent.User{w.bob}, dueAt: london(t, "2027-02-01 12:00")})
	holiday := w.createService(t, serviceSpec{name: "Holiday club", lead: w.alice, dueAt: london(t, "2027-02-15 12:00")})
	w.createService(t, serviceSpec{name: "Swim", lead: w.dan, dueAt: london(t, "2027-06-01 12:00")})
	w.createService(t, serviceSpec{name: "Draft club", lead: w.dan, status: service.StatusDraft, dueAt: london(t, "2027-01-01 12:00")})
	transport := w.createPage(t, "Transport", w.dan, nil, london(t, "2027-02-20 12:00"))

	steps := []struct {
		at     string
		review func()
		want   []string
	}{
		{at: "2027-03-01 09:00", want: []string{
			"sla_overdue_reminder alice@provider.example: Holiday club, Sensory play",
			"sla_overdue_reminder bob@provider.example: Sensory play",
			"sla_overdue_reminder dan@provider.example: Transport",
		}},
		{at: "2027-03-08 09:00"},
		{at: "2027-03-15 08:59"},
		{at: "2027-03-15 09:00", want: []string{
			"sla_overdue_reminder alice@provider.example: Holiday club, Sensory play",
			"sla_overdue_reminder bob@provider.example: Sensory play",
			"sla_overdue_reminder dan@provider.example: Transport",
		}},
		// The clocks go forward on 28 March, and the rhythm is 14 times 24
		// hours: 09:00 GMT on 15 March plus 14 days is 10:00 BST.
		{at: "2027-03-29 09:00", review: func() {
			w.confirmService(t, holiday, w.alice)
			w.confirmPage(t, transport, w.dan)
		}},
		{at: "2027-03-29 10:00", want: []string{
			"sla_overdue_reminder alice@provider.example: Sensory play",
			"sla_overdue_reminder bob@provider.example: Sensory play",
		}},
	}
	for _, step := range steps {
		w.now = london(t, step.at)
		if step.review != nil {
			step.review()
		}
		got := w.sweep(t)
		if !slices.Equal(got, step.want) {
			t.Errorf("at %s: emails = %q, want %q", step.at, got, step.want)
		}
		if again := w.sweep(t); len(again) != 0 {
			t.Errorf("at %s: second sweep wrote %q, want nothing", step.at, again)
		}
	}
}

// TestSweepOverdueSkipsOpenCycle leaves content that an open cycle asked
// about out of the overdue reminders until the cycle's updates deadline.
func TestSweepOverdueSkipsOpenCycle(t *testing.T) {
	t.Parallel()
	w := newSweepWorld(t)
	w.createService(t, serviceSpec{name: "Sensory play", lead: w.alice, dueAt: london(t, "2026-11-01 12:00")})

	w.now = london(t, "2026-12-07 09:00")
	got := w.sweep(t)
	want := []string{"sla_review_request alice@provider.example: Sensory play"}
	if !slices.Equal(got, want) {
		t.Errorf("on the notification date: emails = %q, want %q", got, want)
	}

	w.now = london(t, "2027-01-13 09:00")
	if got := w.sweep(t); len(got) != 0 {
		t.Errorf("before the updates deadline: emails = %q, want none", got)
	}

	w.now = london(t, "2027-01-14 09:00")
	got = w.sweep(t)
	want = []string{
		"sla_escalation_reminder alice@provider.example: Sensory play",
		"sla_overdue_reminder alice@provider.example: Sensory play",
	}
	if !slices.Equal(got, want) {
		t.Errorf("after the updates deadline: emails = %q, want %q", got, want)
	}
}

// failAfter returns an enqueue function that writes the first n emails and
// then fails, as a crash in the middle of a sweep would.
func failAfter(n int) func(ctx context.Context, client *ent.Client, m notify.Message) (*ent.Notification, error) {
	written := 0
	return func(ctx context.Context, client *ent.Client, m notify.Message) (*ent.Notification, error) {
		if written >= n {
			return nil, errors.New("simulated crash")
		}
		written++
		return notify.Enqueue(ctx, client, m)
	}
}

// TestSweepNotificationRerunAfterCrash fails the notification date's
// sweep after its first email: nothing of the cycle is kept, and the next
// sweep writes every row and email once.
func TestSweepNotificationRerunAfterCrash(t *testing.T) {
	t.Parallel()
	w := newSweepWorld(t)
	w.createService(t, serviceSpec{name: "Sensory play", lead: w.alice, managers: []*ent.User{w.bob}})
	w.createService(t, serviceSpec{name: "Swim", lead: w.dan})
	w.now = london(t, "2026-12-07 09:00")

	sla.SetEnqueue(w.sweeper, failAfter(1))
	if err := w.sweeper.Run(w.ctx); err == nil {
		t.Fatal("sweep with a failing outbox succeeded, want an error")
	}
	if rows, emails := w.counts(t); rows != 0 || emails != 0 {
		t.Fatalf("after the failed sweep: %d rows and %d emails, want none", rows, emails)
	}

	sla.SetEnqueue(w.sweeper, notify.Enqueue)
	got := w.sweep(t)
	want := []string{
		"sla_review_request alice@provider.example: Sensory play",
		"sla_review_request bob@provider.example: Sensory play",
		"sla_review_request dan@provider.example: Swim",
	}
	if !slices.Equal(got, want) {
		t.Errorf("emails = %q, want %q", got, want)
	}
	if again := w.sweep(t); len(again) != 0 {
		t.Errorf("second sweep wrote %q, want nothing", again)
	}
	if rows, _ := w.counts(t); rows != 2 {
		t.Errorf("cycle reviews = %d, want 2", rows)
	}
}

// TestSweepReminderRerunAfterCrash fails the overdue reminders after the
// first person's: that email is kept, and the next sweep writes the others
// once.
func TestSweepReminderRerunAfterCrash(t *testing.T) {
	t.Parallel()
	w := newSweepWorld(t)
	due := london(t, "2027-02-01 12:00")
	w.createService(t, serviceSpec{name: "Sensory play", lead: w.alice, managers: []*ent.User{w.bob}, dueAt: due})
	w.createService(t, serviceSpec{name: "Swim", lead: w.dan, dueAt: due})
	w.now = london(t, "2027-03-01 09:00")

	sla.SetEnqueue(w.sweeper, failAfter(1))
	if err := w.sweeper.Run(w.ctx); err == nil {
		t.Fatal("sweep with a failing outbox succeeded, want an error")
	}
	if _, emails := w.counts(t); emails != 1 {
		t.Fatalf("after the failed sweep: %d emails, want the first person's 1", emails)
	}

	sla.SetEnqueue(w.sweeper, notify.Enqueue)
	w.now = w.now.Add(time.Hour)
	w.sweep(t)
	w.sweep(t)
	for _, recipient := range []string{"alice@provider.example", "bob@provider.example", "dan@provider.example"} {
		n := w.client.Notification.Query().Where(notification.Recipient(recipient)).CountX(w.ctx)
		if n != 1 {
			t.Errorf("%s has %d reminders, want 1", recipient, n)
		}
	}
}

// TestSweepAsksAboutContentLedLater asks, in a later sweep of the same
// cycle, about content that had no lead at the first one, and emails only
// its new lead; a rerun writes nothing more.
func TestSweepAsksAboutContentLedLater(t *testing.T) {
	t.Parallel()
	w := newSweepWorld(t)
	w.createService(t, serviceSpec{name: "Sensory play", lead: w.alice})
	orphan := w.client.Service.Create().SetOrganization(w.org).SetName("Holiday club").SetSlug("holiday-club").
		SetStatus(service.StatusPublished).SetReviewDueAt(farFuture).SaveX(w.ctx)
	w.now = london(t, "2026-12-07 09:00")
	if got, want := w.sweep(t), []string{"sla_review_request alice@provider.example: Sensory play"}; !slices.Equal(got, want) {
		t.Fatalf("first sweep emails = %q, want %q", got, want)
	}

	w.client.Service.UpdateOne(orphan).SetLead(w.dan).ExecX(w.ctx)
	w.now = london(t, "2026-12-14 09:00")
	if got, want := w.sweep(t), []string{"sla_review_request dan@provider.example: Holiday club"}; !slices.Equal(got, want) {
		t.Errorf("later sweep emails = %q, want %q", got, want)
	}
	if rows, _ := w.counts(t); rows != 2 {
		t.Errorf("cycle reviews = %d, want 2", rows)
	}
	if got := w.sweep(t); len(got) != 0 {
		t.Errorf("rerun emails = %q, want none", got)
	}
}
