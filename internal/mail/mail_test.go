package mail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/localoffer/localoffer/internal/mail"
	"github.com/localoffer/localoffer/internal/mail/smtptest"
)

const waitTimeout = 10 * time.Second

func senderFor(t *testing.T, server *smtptest.Server, mode mail.TLSMode, configure ...func(*mail.Config)) *mail.Sender {
	t.Helper()
	cfg := mail.Config{
		Host:      server.Host,
		Port:      server.Port,
		TLS:       mode,
		From:      "Local Offer <localoffer@council.example>",
		TLSConfig: server.ClientTLSConfig(),
		Timeout:   5 * time.Second,
	}
	for _, f := range configure {
		f(&cfg)
	}
	sender, err := mail.NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sender
}

func testMessage() mail.Message {
	return mail.Message{
		MessageID: "<0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@localoffer.invalid>",
		To:        "Parent.Carer@Example.org",
		Subject:   "Reset your Local Offer password",
		Text:      "Hello,\n\nChoose a new password with this link:\nhttps://localoffer.example/reset?token=abc\n",
	}
}

func TestSendPlainText(t *testing.T) {
	t.Parallel()
	server := smtptest.Start(t, smtptest.Options{})
	sender := senderFor(t, server, mail.TLSNone)

	if err := sender.Send(context.Background(), testMessage()); err != nil {
		t.Fatalf("send: %v", err)
	}

	received := server.Wait(t, waitTimeout)
	if received.From != "localoffer@council.example" {
		t.Errorf("MAIL FROM = %q, want localoffer@council.example", received.From)
	}
	if len(received.To) != 1 || received.To[0] != "Parent.Carer@Example.org" {
		t.Errorf("RCPT TO = %v, want [Parent.Carer@Example.org]", received.To)
	}
	parsed, err := received.Parse()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Message-Id":     "<0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@localoffer.invalid>",
		"Subject":        "Reset your Local Offer password",
		"Auto-Submitted": "auto-generated",
	}
	for header, value := range want {
		if got := parsed.Header.Get(header); got != value {
			t.Errorf("%s header = %q, want %q", header, got, value)
		}
	}
	if got := parsed.Header.Get("From"); !strings.Contains(got, "localoffer@council.example") {
		t.Errorf("From header = %q, want the sender address", got)
	}
	if !strings.HasPrefix(parsed.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("Content-Type = %q, want text/plain for a message without HTML", parsed.Header.Get("Content-Type"))
	}
	if strings.TrimRight(parsed.Text, "\r\n") != strings.TrimRight(strings.ReplaceAll(testMessage().Text, "\n", "\r\n"), "\r\n") {
		t.Errorf("text body = %q, want %q", parsed.Text, testMessage().Text)
	}
}

func TestSendHTMLAsAlternative(t *testing.T) {
	t.Parallel()
	server := smtptest.Start(t, smtptest.Options{})
	sender := senderFor(t, server, mail.TLSNone)
	message := testMessage()
	message.HTML = `<p>Choose a new password with <a href="https://localoffer.example/reset?token=abc">this link</a>.</p>`

	if err := sender.Send(context.Background(), message); err != nil {
		t.Fatalf("send: %v", err)
	}

	parsed, err := server.Wait(t, waitTimeout).Parse()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(parsed.Header.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("Content-Type = %q, want multipart/alternative", parsed.Header.Get("Content-Type"))
	}
	if !strings.Contains(parsed.Text, "https://localoffer.example/reset?token=abc") {
		t.Errorf("text part = %q, want the link", parsed.Text)
	}
	if parsed.HTML != message.HTML {
		t.Errorf("HTML part = %q, want %q", parsed.HTML, message.HTML)
	}
}

func TestSendStartTLSWithAuthentication(t *testing.T) {
	t.Parallel()
	server := smtptest.Start(t, smtptest.Options{StartTLS: true, Username: "localoffer", Password: "relay secret"})
	sender := senderFor(t, server, mail.TLSStartTLS, func(c *mail.Config) {
		c.Username = "localoffer"
		c.Password = "relay secret"
	})

	if err := sender.Send(context.Background(), testMessage()); err != nil {
		t.Fatalf("send: %v", err)
	}
	server.Wait(t, waitTimeout)
}

func TestSendWrongPasswordIsTemporary(t *testing.T) {
	t.Parallel()
	server := smtptest.Start(t, smtptest.Options{StartTLS: true, Username: "localoffer", Password: "relay secret"})
	sender := senderFor(t, server, mail.TLSStartTLS, func(c *mail.Config) {
		c.Username = "localoffer"
		c.Password = "wrong"
	})

	err := sender.Send(context.Background(), testMessage())

	var deliveryErr *mail.DeliveryError
	if !errors.As(err, &deliveryErr) {
		t.Fatalf("send with a wrong password: got %v, want a DeliveryError", err)
	}
	if deliveryErr.Permanent {
		t.Error("a rejected password is permanent, want temporary: fixing the setting and restarting should deliver")
	}
	if len(server.Messages()) != 0 {
		t.Error("the server accepted a message without authentication")
	}
}

func TestSendStartTLSNeverFallsBackToClearText(t *testing.T) {
	t.Parallel()
	server := smtptest.Start(t, smtptest.Options{})
	sender := senderFor(t, server, mail.TLSStartTLS)

	if err := sender.Send(context.Background(), testMessage()); err == nil {
		t.Fatal("send in starttls mode to a server without STARTTLS succeeded, want an error")
	}
	if server.DataCommands() != 0 {
		t.Error("the message was sent in clear text")
	}
}

func TestSendImplicitTLS(t *testing.T) {
	t.Parallel()
	server := smtptest.Start(t, smtptest.Options{ImplicitTLS: true})
	sender := senderFor(t, server, mail.TLSImplicit)

	if err := sender.Send(context.Background(), testMessage()); err != nil {
		t.Fatalf("send: %v", err)
	}
	server.Wait(t, waitTimeout)
}

func TestSendServerDownIsTemporary(t *testing.T) {
	t.Parallel()
	server := smtptest.Start(t, smtptest.Options{})
	sender := senderFor(t, server, mail.TLSNone)
	server.Close()

	err := sender.Send(context.Background(), testMessage())

	var deliveryErr *mail.DeliveryError
	if !errors.As(err, &deliveryErr) {
		t.Fatalf("send to a closed port: got %v, want a DeliveryError", err)
	}
	if deliveryErr.Permanent || deliveryErr.Code != 0 {
		t.Errorf("send to a closed port: permanent %v, code %d; want temporary with no SMTP code", deliveryErr.Permanent, deliveryErr.Code)
	}
}

func TestSendTemporaryRejection(t *testing.T) {
	t.Parallel()
	server := smtptest.Start(t, smtptest.Options{RejectData: func(int) *smtp.SMTPError {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}})
	sender := senderFor(t, server, mail.TLSNone)

	err := sender.Send(context.Background(), testMessage())

	var deliveryErr *mail.DeliveryError
	if !errors.As(err, &deliveryErr) {
		t.Fatalf("send rejected with 451: got %v, want a DeliveryError", err)
	}
	if deliveryErr.Permanent {
		t.Error("a 451 reply is permanent, want temporary")
	}
	if deliveryErr.Code != 451 {
		t.Errorf("code = %d, want 451", deliveryErr.Code)
	}
}

func TestSendRecipientRejectedIsPermanentAndRedacted(t *testing.T) {
	t.Parallel()
	server := smtptest.Start(t, smtptest.Options{RejectRecipient: func(address string) *smtp.SMTPError {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + address + ">: Recipient address rejected"}
	}})
	sender := senderFor(t, server, mail.TLSNone)

	err := sender.Send(context.Background(), testMessage())

	var deliveryErr *mail.DeliveryError
	if !errors.As(err, &deliveryErr) {
		t.Fatalf("send to a rejected recipient: got %v, want a DeliveryError", err)
	}
	if !deliveryErr.Permanent || deliveryErr.Code != 550 {
		t.Errorf("permanent %v, code %d; want permanent with code 550", deliveryErr.Permanent, deliveryErr.Code)
	}
	if strings.Contains(strings.ToLower(err.Error()), "parent.carer@example.org") {
		t.Errorf("error text contains the recipient's address: %s", err)
	}
	if !strings.Contains(err.Error(), "[recipient]") {
		t.Errorf("error text = %q, want the address replaced by [recipient]", err)
	}
}

func TestNewSenderDefaultPort(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode mail.TLSMode
		want int
	}{
		{mail.TLSNone, 25},
		{mail.TLSStartTLS, 587},
		{mail.TLSImplicit, 465},
	}
	for _, tt := range tests {
		if got := mail.DefaultPort(tt.mode); got != tt.want {
			t.Errorf("DefaultPort(%s) = %d, want %d", tt.mode, got, tt.want)
		}
	}
}
