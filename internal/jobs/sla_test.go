package jobs_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/jobs"
	"github.com/localoffer/localoffer/internal/mail/smtptest"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/viewer"
)

// countingSweeper counts its runs and fails with err.
type countingSweeper struct {
	runs atomic.Int32
	err  error
}

func (s *countingSweeper) Run(context.Context) error {
	s.runs.Add(1)
	return s.err
}

func TestSLASweepRunsWithoutDelivery(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{})
	sweeper := &countingSweeper{}
	cfg := b.cfg
	cfg.Sender = nil
	cfg.SLASweeper = sweeper

	_, events := start(t, cfg)

	waitForJob(t, events, jobs.SweepSLAArgs{}.Kind(), rivertype.JobStateCompleted)
	if sweeper.runs.Load() != 1 {
		t.Errorf("sweeper ran %d times, want 1", sweeper.runs.Load())
	}
}

func TestSLASweepFailureIsLogged(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{})
	cfg := b.cfg
	cfg.SLASweeper = &countingSweeper{err: errors.New("database unavailable")}

	_, events := start(t, cfg)

	// A failed sweep is not retried: the next interval sweeps again.
	waitForJob(t, events, jobs.SweepSLAArgs{}.Kind(), rivertype.JobStateDiscarded)
	if logs := b.logs.String(); !strings.Contains(logs, "SLA sweep failed") || !strings.Contains(logs, "database unavailable") {
		t.Errorf("logs lack the failed sweep and its error:\n%s", logs)
	}
}

// TestSLASweepEmailsOverSMTP runs the real sweep on the notification date
// of the default calendar's winter cycle, and delivers its email.
func TestSLASweepEmailsOverSMTP(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{})
	ctx := viewer.SystemContext(context.Background())
	client := b.store.Client
	lead := client.User.Create().SetEmail("lead@provider.example").SetName("Lee").
		SetRole(user.RoleProvider).SetStatus(user.StatusActive).SaveX(ctx)
	org := client.Organization.Create().SetName("Riverside Family Trust").SetSlug("riverside-family-trust").SaveX(ctx)
	client.Service.Create().SetOrganization(org).SetName("Sensory play").SetSlug("sensory-play").
		SetStatus(service.StatusPublished).SetLead(lead).SaveX(ctx)

	notificationDate := time.Date(2026, time.December, 7, 9, 0, 0, 0, time.UTC)
	cfg := b.cfg
	cfg.SLASweeper = sla.NewSweeper(client, cfg.Logger, sla.SweepConfig{
		PublicURL: "https://localoffer.test",
		Now:       func() time.Time { return notificationDate },
	})
	queue, events := start(t, cfg)

	waitForJob(t, events, jobs.SweepSLAArgs{}.Kind(), rivertype.JobStateCompleted)
	if _, err := queue.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	message := b.smtp.Wait(t, waitTimeout)
	parsed, err := message.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if len(message.To) != 1 || message.To[0] != "lead@provider.example" {
		t.Errorf("RCPT TO = %v, want [lead@provider.example]", message.To)
	}
	if !strings.Contains(parsed.Text, "https://localoffer.test/services/sensory-play") {
		t.Errorf("text part lacks the service's link:\n%s", parsed.Text)
	}
}

func TestNewRequiresSenderOrSweeper(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{})
	cfg := b.cfg
	cfg.Sender = nil
	if _, err := jobs.New(cfg); err == nil {
		t.Error("New without a sender or an SLA sweeper succeeded, want an error")
	}
}

func TestSweepersRunEachDespiteFailure(t *testing.T) {
	t.Parallel()
	failing := &countingSweeper{err: errors.New("circulation failed")}
	after := &countingSweeper{}
	err := jobs.Sweepers{failing, after}.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "circulation failed") {
		t.Errorf("error = %v, want the failing sweep's error", err)
	}
	if failing.runs.Load() != 1 || after.runs.Load() != 1 {
		t.Errorf("runs = %d and %d, want each sweep run once", failing.runs.Load(), after.runs.Load())
	}
}
