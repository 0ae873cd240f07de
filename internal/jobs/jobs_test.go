package jobs_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertest"
	"github.com/riverqueue/river/rivertype"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/notification"
	_ "github.com/localoffer/localoffer/ent/runtime" // registers the privacy policies
	"github.com/localoffer/localoffer/internal/jobs"
	"github.com/localoffer/localoffer/internal/mail"
	"github.com/localoffer/localoffer/internal/mail/smtptest"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/store"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
)

// waitTimeout bounds every wait for a message, a job event or a row. Each
// wait ends as soon as what it waits for happens.
const waitTimeout = 20 * time.Second

const (
	recipient = "jo.bloggs@family.example"
	textBody  = "Hello Jo,\n\nChoose a new password with this link:\nhttps://localoffer.example/reset?token=s3cr3t-t0ken\n"
	htmlBody  = `<p>Hello Jo,</p><p><a href="https://localoffer.example/reset?token=s3cr3t-t0ken">Choose a new password</a></p>`
)

type testBundle struct {
	store *store.Store
	smtp  *smtptest.Server
	cfg   jobs.Config
	logs  *syncBuffer
}

// setup gives a test a migrated database, a running SMTP server and the
// configuration of a queue that sends to it, with retries milliseconds apart.
func setup(t *testing.T, options smtptest.Options) *testBundle {
	t.Helper()
	s := storetest.New(t)
	server := smtptest.Start(t, options)
	sender, err := mail.NewSender(mail.Config{
		Host:    server.Host,
		Port:    server.Port,
		TLS:     mail.TLSNone,
		From:    "Local Offer <localoffer@council.example>",
		Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cfg := jobs.Config{
		DB:      s.DB,
		Dialect: s.Dialect,
		Client:  s.Client,
		Sender:  sender,
		Logger:  slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		// Only the sweep on start runs, and the sweeps a test calls.
		SweepInterval:     time.Hour,
		MaxAttempts:       3,
		RetryPolicy:       fixedRetry(10 * time.Millisecond),
		SoftStopTimeout:   5 * time.Second,
		FetchPollInterval: 20 * time.Millisecond,
	}
	b := &testBundle{store: s, smtp: server, cfg: cfg, logs: logs}
	t.Cleanup(func() { b.requireNoPersonalDataLogged(t) })
	return b
}

// start starts a queue on cfg, subscribed to job events before it starts,
// and stops it when the test ends.
func start(t *testing.T, cfg jobs.Config) (*jobs.Queue, <-chan *river.Event) {
	t.Helper()
	queue, err := jobs.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := queue.River().Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled)
	t.Cleanup(cancel)
	if err := queue.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		if err := queue.Stop(ctx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})
	return queue, events
}

func (b *testBundle) enqueue(t *testing.T, eventKey, html string) *ent.Notification {
	t.Helper()
	n, err := notify.Enqueue(context.Background(), b.store.Client, notify.Message{
		EventKey:  eventKey,
		Template:  "password_reset",
		Recipient: recipient,
		Subject:   "Reset your Local Offer password",
		Body:      textBody,
		HTMLBody:  html,
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (b *testBundle) reload(t *testing.T, id uuid.UUID) *ent.Notification {
	t.Helper()
	n, err := b.store.Client.Notification.Get(viewer.SystemContext(context.Background()), id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitForState polls the notification until it reaches state.
func (b *testBundle) waitForState(t *testing.T, id uuid.UUID, state notification.State) *ent.Notification {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		n := b.reload(t, id)
		if n.State == state {
			return n
		}
		if time.Now().After(deadline) {
			t.Fatalf("notification %s is %s after %s, want %s (attempts %d, last error %q)", id, n.State, waitTimeout, state, n.Attempts, n.LastError)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// requireNoPersonalDataLogged fails if any log line carries the recipient
// or the body of an email.
func (b *testBundle) requireNoPersonalDataLogged(t *testing.T) {
	t.Helper()
	logs := strings.ToLower(b.logs.String())
	for _, private := range []string{recipient, "s3cr3t-t0ken", "hello jo"} {
		if strings.Contains(logs, private) {
			t.Errorf("logs contain %q:\n%s", private, b.logs.String())
		}
	}
}

// waitForJob returns the next event of a job of kind in one of the given
// states, skipping others.
func waitForJob(t *testing.T, events <-chan *river.Event, kind string, states ...rivertype.JobState) *river.Event {
	t.Helper()
	timeout := time.After(waitTimeout)
	for {
		select {
		case event := <-events:
			if event.Job.Kind != kind {
				continue
			}
			for _, state := range states {
				if event.Job.State == state {
					return event
				}
			}
		case <-timeout:
			t.Fatalf("no %s job reached %v within %s", kind, states, waitTimeout)
			return nil
		}
	}
}

func TestDeliverNotification(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{})
	withHTML := b.enqueue(t, "password_reset:html", htmlBody)
	rendered := b.enqueue(t, "password_reset:text", "")
	if !strings.Contains(rendered.HTMLBody, "<p>") {
		t.Errorf("a text-only message was stored without an HTML body rendered from its text: %q", rendered.HTMLBody)
	}

	start(t, b.cfg)

	received := map[string]smtptest.Parsed{}
	for range 2 {
		message := b.smtp.Wait(t, waitTimeout)
		parsed, err := message.Parse()
		if err != nil {
			t.Fatal(err)
		}
		if len(message.To) != 1 || message.To[0] != recipient {
			t.Errorf("RCPT TO = %v, want [%s]", message.To, recipient)
		}
		received[parsed.Header.Get("Message-Id")] = parsed
	}

	for _, n := range []*ent.Notification{withHTML, rendered} {
		parsed, ok := received[n.MessageID]
		if !ok {
			t.Fatalf("no message with Message-ID %s; received %v", n.MessageID, received)
		}
		if got := parsed.Header.Get("Subject"); got != n.Subject {
			t.Errorf("%s: Subject = %q, want %q", n.EventKey, got, n.Subject)
		}
		if got := strings.ReplaceAll(parsed.Text, "\r\n", "\n"); got != textBody {
			t.Errorf("%s: text body = %q, want %q", n.EventKey, got, textBody)
		}
		if got := strings.ReplaceAll(parsed.HTML, "\r\n", "\n"); got != n.HTMLBody {
			t.Errorf("%s: HTML body = %q, want %q", n.EventKey, got, n.HTMLBody)
		}

		sent := b.waitForState(t, n.ID, notification.StateSent)
		if sent.SentAt == nil {
			t.Errorf("%s: sent_at is not set", n.EventKey)
		}
		if sent.Attempts != 1 {
			t.Errorf("%s: attempts = %d, want 1", n.EventKey, sent.Attempts)
		}
	}
	if logs := b.logs.String(); !strings.Contains(logs, "email sent") || !strings.Contains(logs, withHTML.ID.String()) {
		t.Errorf("logs do not record the send with the notification id:\n%s", logs)
	}
}

func TestDeliveryRetriesAfterTemporaryRejection(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{RejectData: func(attempt int) *smtp.SMTPError {
		if attempt == 1 {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Mailbox busy, try again later"}
		}
		return nil
	}})
	n := b.enqueue(t, "password_reset:retry", "")

	_, events := start(t, b.cfg)

	waitForJob(t, events, jobs.DeliverNotificationArgs{}.Kind(), rivertype.JobStateAvailable, rivertype.JobStateRetryable)
	message := b.smtp.Wait(t, waitTimeout)
	waitForJob(t, events, jobs.DeliverNotificationArgs{}.Kind(), rivertype.JobStateCompleted)

	sent := b.waitForState(t, n.ID, notification.StateSent)
	if sent.Attempts != 2 {
		t.Errorf("attempts = %d, want 2", sent.Attempts)
	}
	if !strings.Contains(sent.LastError, "451") {
		t.Errorf("last error = %q, want the 451 reply of the first attempt", sent.LastError)
	}
	if got := b.smtp.DataCommands(); got != 2 {
		t.Errorf("the server answered %d DATA commands, want 2", got)
	}
	if got := len(b.smtp.Messages()); got != 1 {
		t.Errorf("the server accepted %d messages, want exactly 1", got)
	}
	if parsed, err := message.Parse(); err != nil || parsed.Header.Get("Message-Id") != n.MessageID {
		t.Errorf("delivered Message-ID = %q (%v), want %s", parsed.Header.Get("Message-Id"), err, n.MessageID)
	}
}

// After a delivery, neither another sweep, nor a job run again for the same
// notification, nor a restart of the queue sends the email a second time.
func TestSentNotificationIsNotSentAgain(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{})
	n := b.enqueue(t, "password_reset:once", "")
	ctx := context.Background()

	first, _ := start(t, b.cfg)
	b.smtp.Wait(t, waitTimeout)
	b.waitForState(t, n.ID, notification.StateSent)

	queued, err := first.Sweep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if queued != 0 {
		t.Errorf("a sweep after delivery queued %d job(s), want 0", queued)
	}
	stopCtx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	if err := first.Stop(stopCtx); err != nil {
		t.Fatal(err)
	}

	second, events := start(t, b.cfg)
	waitForJob(t, events, jobs.SweepOutboxArgs{}.Kind(), rivertype.JobStateCompleted)
	// A delivery job run again after its success, as after a crash between
	// the send and River recording the job complete. ByPeriod gives it a
	// unique key of its own, so it is not skipped as a duplicate.
	_, err = second.River().Insert(ctx, jobs.DeliverNotificationArgs{NotificationID: n.ID},
		&river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	waitForJob(t, events, jobs.DeliverNotificationArgs{}.Kind(), rivertype.JobStateCompleted)

	if got := len(b.smtp.Messages()); got != 1 {
		t.Errorf("the server accepted %d messages, want exactly 1", got)
	}
	if got := b.reload(t, n.ID).Attempts; got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
	if !strings.Contains(b.logs.String(), "email not sent again") {
		t.Errorf("logs do not record the skipped send:\n%s", b.logs.String())
	}
}

// A queue stopped in the middle of a send leaves the notification pending
// and uncounted, and the queue started next delivers it.
func TestStopDuringSendRetriesAfterRestart(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{})
	n := b.enqueue(t, "password_reset:interrupted", "")
	blocked := b.cfg
	sender := &blockingSender{started: make(chan struct{}, 1)}
	blocked.Sender = sender
	blocked.SoftStopTimeout = 50 * time.Millisecond

	queue, err := jobs.New(blocked)
	if err != nil {
		t.Fatal(err)
	}
	if err := queue.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sender.started:
	case <-time.After(waitTimeout):
		t.Fatal("the send did not start")
	}
	stopCtx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	if err := queue.Stop(stopCtx); err != nil {
		t.Fatal(err)
	}

	interrupted := b.reload(t, n.ID)
	if interrupted.State != notification.StatePending || interrupted.Attempts != 0 || interrupted.LastError != "" {
		t.Errorf("after the interrupted send: state %s, attempts %d, last error %q; want PENDING, 0 and none",
			interrupted.State, interrupted.Attempts, interrupted.LastError)
	}
	if !strings.Contains(b.logs.String(), "email delivery interrupted") {
		t.Errorf("logs do not record the interrupted send:\n%s", b.logs.String())
	}

	start(t, b.cfg)
	b.smtp.Wait(t, waitTimeout)
	sent := b.waitForState(t, n.ID, notification.StateSent)
	if sent.Attempts != 1 {
		t.Errorf("attempts = %d, want 1", sent.Attempts)
	}
}

// blockingSender starts a send and blocks until the job's context ends.
type blockingSender struct {
	started chan struct{}
}

func (s *blockingSender) Send(ctx context.Context, _ mail.Message) error {
	s.started <- struct{}{}
	<-ctx.Done()
	return &mail.DeliveryError{}
}

// With the SMTP server down, each attempt is recorded on the pending
// notification, and the last one marks it FAILED.
func TestDeliveryServerDown(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{})
	b.smtp.Close()
	n := b.enqueue(t, "password_reset:down", "")
	// The first retry waits an hour, so the test can look at the pending
	// notification between attempts and then make River retry at once.
	b.cfg.MaxAttempts = 2
	b.cfg.RetryPolicy = fixedRetry(time.Hour)

	queue, events := start(t, b.cfg)

	failed := waitForJob(t, events, jobs.DeliverNotificationArgs{}.Kind(), rivertype.JobStateRetryable)
	pending := b.reload(t, n.ID)
	if pending.State != notification.StatePending {
		t.Errorf("state after the first failed attempt = %s, want PENDING", pending.State)
	}
	if pending.Attempts != 1 {
		t.Errorf("attempts after the first failed attempt = %d, want 1", pending.Attempts)
	}
	if !strings.Contains(pending.LastError, "connection refused") {
		t.Errorf("last error = %q, want the refused connection", pending.LastError)
	}

	if _, err := queue.River().JobRetry(context.Background(), failed.Job.ID); err != nil {
		t.Fatal(err)
	}
	waitForJob(t, events, jobs.DeliverNotificationArgs{}.Kind(), rivertype.JobStateDiscarded)

	final := b.reload(t, n.ID)
	if final.State != notification.StateFailed {
		t.Errorf("state after the last attempt = %s, want FAILED", final.State)
	}
	if final.Attempts != 2 {
		t.Errorf("attempts = %d, want 2", final.Attempts)
	}
	if final.SentAt != nil {
		t.Errorf("sent_at = %v on a failed notification", final.SentAt)
	}
	queued, err := queue.Sweep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if queued != 0 {
		t.Errorf("a sweep queued %d job(s) for a failed notification, want 0", queued)
	}
	if logs := b.logs.String(); !strings.Contains(logs, "email delivery failed") || !strings.Contains(logs, n.ID.String()) {
		t.Errorf("logs do not record the failure with the notification id:\n%s", logs)
	}
}

// A recipient the server rejects for good fails at once: retrying cannot
// help.
func TestDeliveryRecipientRejected(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{RejectRecipient: func(address string) *smtp.SMTPError {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + address + ">: Recipient address rejected"}
	}})
	n := b.enqueue(t, "password_reset:rejected", "")

	_, events := start(t, b.cfg)
	waitForJob(t, events, jobs.DeliverNotificationArgs{}.Kind(), rivertype.JobStateCancelled)

	failed := b.reload(t, n.ID)
	if failed.State != notification.StateFailed || failed.Attempts != 1 {
		t.Errorf("state %s with %d attempt(s), want FAILED after 1", failed.State, failed.Attempts)
	}
	if !strings.Contains(failed.LastError, "550") {
		t.Errorf("last error = %q, want the 550 reply", failed.LastError)
	}
	if strings.Contains(failed.LastError, recipient) {
		t.Errorf("last error contains the recipient's address: %q", failed.LastError)
	}
}

func TestDeliveryOfMissingNotificationIsCancelled(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{})
	queue, events := start(t, b.cfg)

	_, err := queue.River().Insert(context.Background(), jobs.DeliverNotificationArgs{NotificationID: uuid.Must(uuid.NewV7())}, nil)
	if err != nil {
		t.Fatal(err)
	}

	waitForJob(t, events, jobs.DeliverNotificationArgs{}.Kind(), rivertype.JobStateCancelled)
	if got := b.smtp.DataCommands(); got != 0 {
		t.Errorf("the server received %d message(s), want none", got)
	}
}

// Sweeping twice queues one delivery job per pending notification, never
// two, and leaves sent ones alone.
func TestSweepQueuesOneJobPerNotification(t *testing.T) {
	t.Parallel()
	b := setup(t, smtptest.Options{})
	first := b.enqueue(t, "password_reset:a", "")
	second := b.enqueue(t, "password_reset:b", "")
	sent := b.enqueue(t, "password_reset:c", "")
	ctx := viewer.SystemContext(context.Background())
	if err := b.store.Client.Notification.UpdateOneID(sent.ID).SetState(notification.StateSent).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	// A queue that is not started: the jobs stay in the table to be read.
	queue, err := jobs.New(b.cfg)
	if err != nil {
		t.Fatal(err)
	}

	for i, want := range []int{2, 0} {
		queued, err := queue.Sweep(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if queued != want {
			t.Errorf("sweep %d queued %d job(s), want %d", i+1, queued, want)
		}
	}

	opts := &rivertest.RequireInsertedOpts{MaxAttempts: b.cfg.MaxAttempts, State: rivertype.JobStateAvailable}
	rivertest.RequireManyInserted(ctx, t, store.NewRiverDriver(b.store.DB, b.store.Dialect), []rivertest.ExpectedJob{
		{Args: jobs.DeliverNotificationArgs{NotificationID: first.ID}, Opts: opts},
		{Args: jobs.DeliverNotificationArgs{NotificationID: second.ID}, Opts: opts},
	})
}

func TestNewRequiresDependencies(t *testing.T) {
	t.Parallel()
	if _, err := jobs.New(jobs.Config{Logger: slog.New(slog.DiscardHandler)}); err == nil {
		t.Error("New without a database, client and sender succeeded, want an error")
	}
}

type fixedRetry time.Duration

func (r fixedRetry) NextRetry(*rivertype.JobRow) time.Time {
	return time.Now().Add(time.Duration(r))
}

// syncBuffer is a bytes.Buffer that River's goroutines can log into.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var _ river.ClientRetryPolicy = fixedRetry(0)
