package config

import (
	"bytes"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func bindSMTPFromEnvironment(t *testing.T, env map[string]string) (SMTP, *Flags, *flag.FlagSet) {
	t.Helper()
	for name, value := range env {
		t.Setenv(name, value)
	}
	var s SMTP
	set := flag.NewFlagSet("serve", flag.ContinueOnError)
	f := NewFlags(set)
	BindSMTP(f, &s)
	if err := set.Parse(nil); err != nil {
		t.Fatal(err)
	}
	return s, f, set
}

func TestSMTPFromEnvironment(t *testing.T) {
	s, f, _ := bindSMTPFromEnvironment(t, map[string]string{
		"LOCALOFFER_SMTP_HOST":     "smtp.council.example",
		"LOCALOFFER_SMTP_PORT":     "2525",
		"LOCALOFFER_SMTP_TLS":      "tls",
		"LOCALOFFER_SMTP_USERNAME": "localoffer",
		"LOCALOFFER_SMTP_PASSWORD": "relay secret",
		"LOCALOFFER_SMTP_FROM":     "Local Offer <localoffer@council.example>",
	})
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	if err := ValidateSMTP(&s); err != nil {
		t.Fatalf("valid settings rejected: %v", err)
	}
	want := SMTP{Host: "smtp.council.example", Port: 2525, TLS: "tls", Username: "localoffer",
		Password: "relay secret", From: "Local Offer <localoffer@council.example>"}
	if s != want {
		t.Errorf("settings = %+v, want %+v", s, want)
	}
}

func TestSMTPDefaults(t *testing.T) {
	s, _, _ := bindSMTPFromEnvironment(t, nil)
	if s.Enabled() {
		t.Error("delivery enabled without LOCALOFFER_SMTP_HOST")
	}
	if err := ValidateSMTP(&s); err != nil {
		t.Errorf("no SMTP settings rejected: %v", err)
	}
	if s.TLS != "starttls" {
		t.Errorf("default TLS mode = %q, want starttls", s.TLS)
	}
}

func TestSMTPPortFollowsTLSMode(t *testing.T) {
	tests := []struct {
		tls  string
		want int
	}{
		{"starttls", 587},
		{"tls", 465},
		{"none", 25},
	}
	for _, tt := range tests {
		t.Run(tt.tls, func(t *testing.T) {
			s := SMTP{Host: "smtp.council.example", TLS: tt.tls, From: "localoffer@council.example"}
			if err := ValidateSMTP(&s); err != nil {
				t.Fatal(err)
			}
			if s.Port != tt.want {
				t.Errorf("port = %d, want %d", s.Port, tt.want)
			}
		})
	}
}

func TestValidateSMTPErrors(t *testing.T) {
	valid := func() SMTP {
		return SMTP{Host: "smtp.council.example", TLS: "starttls", Username: "localoffer", Password: "secret",
			From: "localoffer@council.example"}
	}
	tests := []struct {
		name   string
		change func(*SMTP)
		// want lists what the message must name: the variable and the fix.
		want []string
	}{
		{"host with port", func(s *SMTP) { s.Host = "smtp.council.example:587" }, []string{"LOCALOFFER_SMTP_HOST", "LOCALOFFER_SMTP_PORT"}},
		{"host as URL", func(s *SMTP) { s.Host = "smtp://smtp.council.example" }, []string{"LOCALOFFER_SMTP_HOST"}},
		{"unknown TLS mode", func(s *SMTP) { s.TLS = "ssl" }, []string{"LOCALOFFER_SMTP_TLS", "starttls, tls or none"}},
		{"port out of range", func(s *SMTP) { s.Port = 70000 }, []string{"LOCALOFFER_SMTP_PORT", "1 to 65535"}},
		{"negative port", func(s *SMTP) { s.Port = -1 }, []string{"LOCALOFFER_SMTP_PORT"}},
		{"no sender", func(s *SMTP) { s.From = "" }, []string{"LOCALOFFER_SMTP_FROM", "is empty"}},
		{"invalid sender", func(s *SMTP) { s.From = "Local Offer" }, []string{"LOCALOFFER_SMTP_FROM", "invalid"}},
		{"user name without password", func(s *SMTP) { s.Password = "" }, []string{"LOCALOFFER_SMTP_PASSWORD", "LOCALOFFER_SMTP_USERNAME"}},
		{"password without user name", func(s *SMTP) { s.Username = "" }, []string{"LOCALOFFER_SMTP_USERNAME", "LOCALOFFER_SMTP_PASSWORD"}},
		{"credentials in clear text", func(s *SMTP) { s.TLS = "none" }, []string{"LOCALOFFER_SMTP_TLS=none", "unencrypted"}},
		{"settings without host", func(s *SMTP) { s.Host = "" }, []string{"LOCALOFFER_SMTP_HOST", "LOCALOFFER_SMTP_FROM", "LOCALOFFER_SMTP_USERNAME", "LOCALOFFER_SMTP_PASSWORD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.change(&s)
			err := ValidateSMTP(&s)
			if err == nil {
				t.Fatalf("settings %v accepted, want an error", s)
			}
			for _, part := range tt.want {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not contain %q", err, part)
				}
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q contains the password", err)
			}
		})
	}
}

func TestValidateSMTPAcceptsIPAddress(t *testing.T) {
	for _, host := range []string{"127.0.0.1", "::1"} {
		s := SMTP{Host: host, TLS: "none", From: "localoffer@council.example"}
		if err := ValidateSMTP(&s); err != nil {
			t.Errorf("host %s rejected: %v", host, err)
		}
	}
}

func TestSMTPInvalidPortVariable(t *testing.T) {
	_, f, _ := bindSMTPFromEnvironment(t, map[string]string{"LOCALOFFER_SMTP_PORT": "submission"})
	if err := f.Err(); err == nil || !strings.Contains(err.Error(), "LOCALOFFER_SMTP_PORT") {
		t.Errorf("error %v, want one naming LOCALOFFER_SMTP_PORT", err)
	}
}

func TestSMTPPasswordRedacted(t *testing.T) {
	s, _, set := bindSMTPFromEnvironment(t, map[string]string{
		"LOCALOFFER_SMTP_HOST":     "smtp.council.example",
		"LOCALOFFER_SMTP_USERNAME": "localoffer",
		"LOCALOFFER_SMTP_PASSWORD": "relay-secret-42",
		"LOCALOFFER_SMTP_FROM":     "localoffer@council.example",
	})

	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("email delivery on", "smtp", s)
	var help bytes.Buffer
	set.SetOutput(&help)
	set.PrintDefaults()
	printed := map[string]string{
		"String":        s.String(),
		"%v":            fmt.Sprintf("%v", s),
		"%+v":           fmt.Sprintf("%+v", s),
		"log":           logged.String(),
		"flag defaults": help.String(),
	}
	for how, text := range printed {
		if strings.Contains(text, "relay-secret-42") {
			t.Errorf("%s shows the password: %s", how, text)
		}
	}
	if !strings.Contains(logged.String(), "smtp.password=[redacted]") {
		t.Errorf("log = %q, want the password shown as [redacted]", logged.String())
	}
	if !strings.Contains(help.String(), "LOCALOFFER_SMTP_PASSWORD") {
		t.Errorf("flag help does not say where the password is read from: %s", help.String())
	}
}
