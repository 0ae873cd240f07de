package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent/notification"
	_ "github.com/localoffer/localoffer/ent/runtime" // registers the privacy policies
	"github.com/localoffer/localoffer/internal/mail/smtptest"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/viewer"
)

// An email waiting in the outbox when the server starts is sent soon after,
// and the server still stops cleanly when its context ends.
func TestServeDeliversOutbox(t *testing.T) {
	ctx := context.Background()
	server := smtptest.Start(t, smtptest.Options{})
	dbArgs := databaseArgs(t)

	s := openStore(t, dbArgs)
	if _, err := s.EnsureSchema(ctx, true); err != nil {
		t.Fatal(err)
	}
	waiting, err := notify.Enqueue(ctx, s.Client, notify.Message{
		EventKey:  "invitation:serve-test",
		Template:  "invitation",
		Recipient: "new.colleague@council.example",
		Subject:   "You have been invited to the Local Offer",
		Body:      "Set your password with this link.",
	})
	if err != nil {
		t.Fatal(err)
	}
	// Closed now rather than at cleanup, so that serve has the database to
	// itself.
	s.Close()

	serveCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	args := append([]string{"serve", "--addr", freeAddr(t), "--log-level", "warn",
		"--smtp-host", server.Host, "--smtp-port", strconv.Itoa(server.Port), "--smtp-tls", "none",
		"--smtp-from", "localoffer@council.example"}, dbArgs...)
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() { done <- run(serveCtx, args, strings.NewReader(""), &bytes.Buffer{}, &stderr) }()

	parsed, err := server.Wait(t, 30*time.Second).Parse()
	if err != nil {
		t.Fatal(err)
	}
	if got := parsed.Header.Get("Message-Id"); got != waiting.MessageID {
		t.Errorf("Message-ID = %q, want %q", got, waiting.MessageID)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit code after shutdown: %d; stderr: %s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30s of its context ending")
	}

	s = openStore(t, dbArgs)
	sent, err := s.Client.Notification.Get(viewer.SystemContext(ctx), waiting.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sent.State != notification.StateSent {
		t.Errorf("state after serve stopped = %s, want SENT", sent.State)
	}
}

func TestServeRejectsInvalidSMTPSettings(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	code, _, stderr := runCommand(t, context.Background(), "", "serve", "--data-dir", dataDir,
		"--smtp-host", "smtp.council.example", "--smtp-tls", "ssl")
	if code != 2 {
		t.Errorf("exit code %d, want 2; stderr: %s", code, stderr)
	}
	for _, want := range []string{"LOCALOFFER_SMTP_TLS", "LOCALOFFER_SMTP_FROM"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("error does not name %s: %s", want, stderr)
		}
	}
}
