package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"os"
	"strings"

	"github.com/localoffer/localoffer/internal/mail"
)

// SMTPPasswordVariable names the environment variable of the SMTP password.
// It has no flag, because command lines show up in process listings.
const SMTPPasswordVariable = "LOCALOFFER_SMTP_PASSWORD"

// redacted replaces a secret wherever settings are printed.
const redacted = "[redacted]"

// SMTP holds the email delivery settings of `localoffer serve`. An empty
// Host turns delivery off: emails then stay in the outbox.
type SMTP struct {
	Host string
	// Port is the server's port. Zero means the usual port of the TLS mode.
	Port int
	// TLS is the encryption mode: "none", "starttls" or "tls".
	TLS      string
	Username string
	Password string
	// From is the sender address, such as "Local Offer <localoffer@council.example.gov.uk>".
	From string
}

// Enabled reports whether emails are to be sent.
func (s SMTP) Enabled() bool {
	return s.Host != ""
}

// String returns the settings with the password redacted.
func (s SMTP) String() string {
	if !s.Enabled() {
		return "off"
	}
	return fmt.Sprintf("host=%s port=%d tls=%s username=%q password=%s from=%q",
		s.Host, s.Port, s.TLS, s.Username, s.redactedPassword(), s.From)
}

// LogValue logs the settings with the password redacted.
func (s SMTP) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("host", s.Host),
		slog.Int("port", s.Port),
		slog.String("tls", s.TLS),
		slog.String("username", s.Username),
		slog.String("password", s.redactedPassword()),
		slog.String("from", s.From),
	)
}

func (s SMTP) redactedPassword() string {
	if s.Password == "" {
		return ""
	}
	return redacted
}

// BindSMTP binds the email delivery settings. The password is read from
// its environment variable only.
func BindSMTP(f *Flags, s *SMTP) {
	f.String(&s.Host, "smtp-host", "LOCALOFFER_SMTP_HOST", "",
		"SMTP server host name; empty keeps emails in the outbox instead of sending them")
	f.Int(&s.Port, "smtp-port", "LOCALOFFER_SMTP_PORT", 0,
		"SMTP server port; 0 means 587 for starttls, 465 for tls and 25 for none")
	f.String(&s.TLS, "smtp-tls", "LOCALOFFER_SMTP_TLS", "starttls",
		"SMTP encryption: starttls (upgrade the connection, required), tls (TLS from the start) or none")
	f.String(&s.Username, "smtp-username", "LOCALOFFER_SMTP_USERNAME", "",
		"SMTP user name; empty sends without authentication (the password is read from "+SMTPPasswordVariable+")")
	f.String(&s.From, "smtp-from", "LOCALOFFER_SMTP_FROM", "",
		`sender address of emails, such as "Local Offer <localoffer@council.example.gov.uk>"`)
	s.Password = os.Getenv(SMTPPasswordVariable)
}

// ValidateSMTP checks the email delivery settings and fills the port of the
// TLS mode when none is given.
func ValidateSMTP(s *SMTP) error {
	if !s.Enabled() {
		return validateSMTPOff(s)
	}
	var errs []error
	if invalidHost(s.Host) {
		errs = append(errs, fmt.Errorf("invalid SMTP host %q (--smtp-host, LOCALOFFER_SMTP_HOST): give a host name or address only, such as smtp.council.example.gov.uk, and the port in LOCALOFFER_SMTP_PORT", s.Host))
	}
	switch mail.TLSMode(s.TLS) {
	case mail.TLSNone, mail.TLSStartTLS, mail.TLSImplicit:
	default:
		errs = append(errs, fmt.Errorf("invalid SMTP TLS mode %q (--smtp-tls, LOCALOFFER_SMTP_TLS): use starttls, tls or none", s.TLS))
	}
	if s.Port < 0 || s.Port > 65535 {
		errs = append(errs, fmt.Errorf("invalid SMTP port %d (--smtp-port, LOCALOFFER_SMTP_PORT): use 1 to 65535, or 0 for the usual port of the TLS mode", s.Port))
	}
	if s.Port == 0 {
		s.Port = mail.DefaultPort(mail.TLSMode(s.TLS))
	}
	errs = append(errs, validateSMTPCredentials(s)...)
	if s.From == "" {
		errs = append(errs, errors.New(`SMTP sender address (--smtp-from, LOCALOFFER_SMTP_FROM) is empty: give the address emails come from, such as "Local Offer <localoffer@council.example.gov.uk>"`))
	} else if _, err := netmail.ParseAddress(s.From); err != nil {
		errs = append(errs, fmt.Errorf(`invalid SMTP sender address %q (--smtp-from, LOCALOFFER_SMTP_FROM): give an address such as localoffer@council.example.gov.uk or "Local Offer <localoffer@council.example.gov.uk>"`, s.From))
	}
	return errors.Join(errs...)
}

// validateSMTPOff rejects SMTP settings given without a host, which would
// otherwise be ignored in silence.
func validateSMTPOff(s *SMTP) error {
	var set []string
	if s.Username != "" {
		set = append(set, "LOCALOFFER_SMTP_USERNAME")
	}
	if s.Password != "" {
		set = append(set, SMTPPasswordVariable)
	}
	if s.From != "" {
		set = append(set, "LOCALOFFER_SMTP_FROM")
	}
	if len(set) == 0 {
		return nil
	}
	return fmt.Errorf("%s set but the SMTP host (--smtp-host, LOCALOFFER_SMTP_HOST) is empty: set the host to send emails, or unset them to keep emails in the outbox",
		strings.Join(set, ", "))
}

func validateSMTPCredentials(s *SMTP) []error {
	var errs []error
	if s.Username != "" && s.Password == "" {
		errs = append(errs, fmt.Errorf("SMTP password (%s) is empty but a user name (--smtp-username, LOCALOFFER_SMTP_USERNAME) is set: give both, or neither to send without authentication", SMTPPasswordVariable))
	}
	if s.Username == "" && s.Password != "" {
		errs = append(errs, fmt.Errorf("SMTP user name (--smtp-username, LOCALOFFER_SMTP_USERNAME) is empty but a password (%s) is set: give both, or neither to send without authentication", SMTPPasswordVariable))
	}
	if mail.TLSMode(s.TLS) == mail.TLSNone && (s.Username != "" || s.Password != "") {
		errs = append(errs, errors.New("SMTP credentials would be sent unencrypted (LOCALOFFER_SMTP_TLS=none): use starttls or tls, or send without a user name and password"))
	}
	return errs
}

// invalidHost reports whether host carries more than a host name or an IP
// address, such as a port or a URL scheme.
func invalidHost(host string) bool {
	if net.ParseIP(host) != nil {
		return false
	}
	return strings.ContainsAny(host, ":/ \t")
}
