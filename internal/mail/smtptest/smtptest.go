// Package smtptest runs a real SMTP server on 127.0.0.1 for tests, built on
// github.com/emersion/go-smtp. It records every message it accepts and can
// reject messages, offer STARTTLS and require authentication.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options shape the server's behaviour. The zero value accepts every
// message in clear text without authentication.
type Options struct {
	// RejectData, when set, returns the reply to each DATA command, numbered
	// from 1 across the server's life. A nil reply accepts the message.
	RejectData func(attempt int) *smtp.SMTPError
	// RejectRecipient, when set, returns the reply to each RCPT TO. A nil
	// reply accepts the recipient.
	RejectRecipient func(address string) *smtp.SMTPError
	// StartTLS offers STARTTLS. ImplicitTLS speaks TLS from the first byte
	// (SMTPS). Either uses a self-signed certificate, which clients trust
	// through ClientTLSConfig.
	StartTLS    bool
	ImplicitTLS bool
	// Username and Password, when set, make AUTH PLAIN required before
	// MAIL FROM.
	Username string
	Password string
}

// Message is one accepted message.
type Message struct {
	From string
	To   []string
	Data []byte
}

// Server is a running test SMTP server.
type Server struct {
	Host string
	Port int

	opts      Options
	listener  net.Listener
	server    *smtp.Server
	clientTLS *tls.Config
	received  chan Message

	mu          sync.Mutex
	messages    []Message
	dataCommand int
}

// Start starts a server on a free port of 127.0.0.1 and closes it when the
// test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen for the test SMTP server: %v", err)
	}
	addr := listener.Addr().(*net.TCPAddr)
	s := &Server{Host: "127.0.0.1", Port: addr.Port, opts: opts, received: make(chan Message, 100)}

	s.server = smtp.NewServer(backend{s})
	s.server.Domain = "localhost"
	s.server.ReadTimeout = 10 * time.Second
	s.server.WriteTimeout = 10 * time.Second
	s.server.AllowInsecureAuth = !opts.StartTLS && !opts.ImplicitTLS
	if opts.StartTLS || opts.ImplicitTLS {
		serverTLS, clientTLS, err := selfSignedTLS()
		if err != nil {
			t.Fatalf("make the test SMTP server's certificate: %v", err)
		}
		s.clientTLS = clientTLS
		if opts.StartTLS {
			s.server.TLSConfig = serverTLS
		} else {
			listener = tls.NewListener(listener, serverTLS)
		}
	}

	s.listener = listener
	go s.server.Serve(listener) //nolint:errcheck // Serve returns when Close is called
	t.Cleanup(s.Close)
	return s
}

// Close stops the server. Connections to its port are refused afterwards,
// as when an SMTP server is down.
func (s *Server) Close() {
	// The listener is closed here as well because Serve, started in a
	// goroutine, may not have registered it with the server yet.
	s.listener.Close() //nolint:errcheck // closing twice reports an error that does not matter
	s.server.Close()   //nolint:errcheck // likewise
}

// ClientTLSConfig returns a client configuration that trusts the server's
// self-signed certificate, or nil when TLS is off.
func (s *Server) ClientTLSConfig() *tls.Config {
	return s.clientTLS
}

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// DataCommands returns the number of DATA commands the server received,
// accepted or rejected.
func (s *Server) DataCommands() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dataCommand
}

// Wait returns the next accepted message, failing the test if none arrives
// within timeout.
func (s *Server) Wait(t testing.TB, timeout time.Duration) Message {
	t.Helper()
	select {
	case m := <-s.received:
		return m
	case <-time.After(timeout):
		t.Fatalf("no message reached the test SMTP server within %s", timeout)
		return Message{}
	}
}

func (s *Server) nextDataAttempt() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dataCommand++
	return s.dataCommand
}

func (s *Server) accept(m Message) {
	s.mu.Lock()
	s.messages = append(s.messages, m)
	s.mu.Unlock()
	s.received <- m
}

type backend struct{ server *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &session{server: b.server}, nil
}

type session struct {
	server        *Server
	authenticated bool
	from          string
	to            []string
}

func (s *session) AuthMechanisms() []string {
	if s.server.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.server.opts.Username || password != s.server.opts.Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.authenticated = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.server.opts.Username != "" && !s.authenticated {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if reject := s.server.opts.RejectRecipient; reject != nil {
		if err := reject(to); err != nil {
			return err
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	attempt := s.server.nextDataAttempt()
	if reject := s.server.opts.RejectData; reject != nil {
		if err := reject(attempt); err != nil {
			return err
		}
	}
	s.server.accept(Message{From: s.from, To: append([]string(nil), s.to...), Data: data})
	return nil
}

func (s *session) Reset() {
	s.from = ""
	s.to = nil
}

func (s *session) Logout() error {
	return nil
}

// Parsed is a message decoded for assertions.
type Parsed struct {
	Header mail.Header
	Text   string
	// HTML is the text/html part of a multipart/alternative message.
	HTML string
}

// Parse decodes m's headers and its text and HTML bodies.
func (m Message) Parse() (Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return Parsed{}, fmt.Errorf("read message: %w", err)
	}
	parsed := Parsed{Header: msg.Header}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return parsed, fmt.Errorf("parse Content-Type: %w", err)
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		parsed.Text, err = decodeBody(msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
		return parsed, err
	}
	if mediaType != "multipart/alternative" {
		return parsed, fmt.Errorf("unexpected Content-Type %s", mediaType)
	}
	parts := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := parts.NextPart()
		if errors.Is(err, io.EOF) {
			return parsed, nil
		}
		if err != nil {
			return parsed, fmt.Errorf("read part: %w", err)
		}
		// NextPart removes the quoted-printable encoding itself.
		body, err := io.ReadAll(part)
		if err != nil {
			return parsed, fmt.Errorf("read part: %w", err)
		}
		partType, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		switch partType {
		case "text/plain":
			parsed.Text = string(body)
		case "text/html":
			parsed.HTML = string(body)
		}
	}
}

func decodeBody(r io.Reader, encoding string) (string, error) {
	if strings.EqualFold(encoding, "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return "", fmt.Errorf("read body: %w", err)
	}
	return string(body), nil
}

// selfSignedTLS makes a certificate for 127.0.0.1 and localhost, valid for
// an hour, and a client configuration that trusts it.
func selfSignedTLS() (server, client *tls.Config, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return nil, nil, err
	}
	template := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "smtptest " + strconv.FormatInt(serial.Int64(), 16)},
		NotBefore:             time.Now().Add(-time.Minute),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}

	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)

	server = &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion:   tls.VersionTLS12,
	}
	client = &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	return server, client, nil
}
