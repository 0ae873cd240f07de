// Package mail sends one email over SMTP with go-mail. It does not read the
// outbox: internal/jobs loads each notification and passes it to a Sender.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLSMode is the encryption of the connection to the SMTP server.
type TLSMode string

const (
	// TLSNone sends in clear text, for a relay on the same host or network.
	TLSNone TLSMode = "none"
	// TLSStartTLS connects in clear text and upgrades with STARTTLS. A server
	// that does not offer STARTTLS is an error, never a silent downgrade.
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit opens the connection with TLS (SMTPS, RFC 8314).
	TLSImplicit TLSMode = "tls"
)

// DefaultPort returns the usual port of a TLS mode: 465 for implicit TLS,
// 587 (submission) for STARTTLS and 25 for clear text.
func DefaultPort(mode TLSMode) int {
	switch mode {
	case TLSImplicit:
		return 465
	case TLSNone:
		return 25
	default:
		return 587
	}
}

// Config holds the SMTP server and the sender address.
type Config struct {
	Host string
	Port int
	TLS  TLSMode
	// Username and Password authenticate with the server. An empty Username
	// sends without authentication.
	Username string
	Password string
	// From is the sender address, with or without a display name.
	From string
	// TLSConfig replaces the default TLS settings (the system's roots, Host
	// as server name), for example to trust a test server's certificate.
	TLSConfig *tls.Config
	// Timeout bounds each network operation. Zero means go-mail's default,
	// 15 seconds in v0.8.1.
	Timeout time.Duration
}

// Message is one email to send.
type Message struct {
	// MessageID is the Message-ID header, with or without angle brackets.
	MessageID string
	To        string
	Subject   string
	Text      string
	// HTML, when set, is sent with Text as multipart/alternative.
	HTML string
}

// Sender sends messages through one SMTP server, opening a connection for
// each message.
type Sender struct {
	cfg Config
}

// NewSender returns a Sender for cfg. It does not connect: a server that is
// down is only noticed, and retried, when a message is sent.
func NewSender(cfg Config) (*Sender, error) {
	if cfg.Host == "" {
		return nil, errors.New("SMTP host is empty")
	}
	if cfg.Port == 0 {
		cfg.Port = DefaultPort(cfg.TLS)
	}
	if _, err := gomail.NewClient(cfg.Host, clientOptions(cfg)...); err != nil {
		return nil, fmt.Errorf("configure SMTP client for %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	return &Sender{cfg: cfg}, nil
}

// Send delivers m. Every error it returns is a *DeliveryError, whose text
// never contains the recipient's address.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return newDeliveryError(err, m.To)
	}
	client, err := gomail.NewClient(s.cfg.Host, clientOptions(s.cfg)...)
	if err != nil {
		return newDeliveryError(err, m.To)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return newDeliveryError(err, m.To)
	}
	return nil
}

func (s *Sender) build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return nil, fmt.Errorf("invalid sender address: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("invalid recipient address: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(strings.Trim(m.MessageID, "<>"))
	msg.SetDate()
	// Auto-Submitted (RFC 3834) marks the email as automatic, so that mail
	// servers send no out-of-office replies to it.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

func clientOptions(cfg Config) []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(cfg.Port)}
	switch cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if cfg.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(cfg.TLSConfig))
	}
	if cfg.Timeout > 0 {
		opts = append(opts, gomail.WithTimeout(cfg.Timeout))
	}
	if cfg.Username != "" {
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username),
			gomail.WithPassword(cfg.Password),
		)
	}
	return opts
}

// DeliveryError is a failed delivery. Its text is safe to log and store: the
// recipient's address is replaced wherever it appears, including in the
// server's reply.
type DeliveryError struct {
	// Code is the SMTP reply code, or 0 when the failure came before a reply
	// (a connection refused, a timeout, an invalid address).
	Code int
	// Permanent is true when the server rejected the recipient with a 5xx
	// reply (RFC 5321, section 4.2.1): sending again cannot succeed.
	Permanent bool
	text      string
}

func (e *DeliveryError) Error() string {
	return e.text
}

func newDeliveryError(err error, recipient string) *DeliveryError {
	deliveryErr := &DeliveryError{text: redactAddress(err.Error(), recipient)}
	var sendErr *gomail.SendError
	if errors.As(err, &sendErr) {
		deliveryErr.Code = sendErr.ErrorCode()
		deliveryErr.Permanent = sendErr.Reason == gomail.ErrSMTPRcptTo && deliveryErr.Code >= 500 && deliveryErr.Code < 600
	}
	return deliveryErr
}

// redactAddress replaces every case-insensitive occurrence of address in text.
func redactAddress(text, address string) string {
	address = strings.TrimSpace(address)
	if address == "" {
		return text
	}
	pattern := regexp.MustCompile("(?i)" + regexp.QuoteMeta(address))
	return pattern.ReplaceAllString(text, "[recipient]")
}
