package config

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func TestTrustedProxiesFromEnvironment(t *testing.T) {
	t.Setenv("LOCALOFFER_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32")
	var s Serve
	var level string
	f := NewFlags(flag.NewFlagSet("serve", flag.ContinueOnError))
	BindServe(f, &s, &level)
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(s.TrustedProxies))
	for i, p := range s.TrustedProxies {
		got[i] = p.String()
	}
	if strings.Join(got, " ") != "10.0.0.0/8 192.0.2.7/32 2001:db8::/32" {
		t.Errorf("trusted proxies %v", got)
	}
	if s.Auth.SessionIdleTimeout != 2*time.Hour || s.Auth.SessionMaxAge != 12*time.Hour ||
		s.Auth.SignInMaxFailures != 10 || s.Auth.SignInFailureWindow != 15*time.Minute {
		t.Errorf("auth defaults %+v", s.Auth)
	}
}

func TestTrustedProxiesInvalid(t *testing.T) {
	t.Setenv("LOCALOFFER_TRUSTED_PROXIES", "10.0.0.0/8,proxy.example")
	var s Serve
	var level string
	f := NewFlags(flag.NewFlagSet("serve", flag.ContinueOnError))
	BindServe(f, &s, &level)
	if err := f.Err(); err == nil || !strings.Contains(err.Error(), "proxy.example") {
		t.Errorf("error %v, want one naming proxy.example", err)
	}
}

func TestValidateAuth(t *testing.T) {
	ok := Auth{SessionIdleTimeout: time.Hour, SessionMaxAge: 8 * time.Hour, SignInMaxFailures: 5, SignInFailureWindow: time.Minute}
	if err := ValidateAuth(&ok); err != nil {
		t.Errorf("valid settings rejected: %v", err)
	}
	bad := Auth{SessionIdleTimeout: 4 * time.Hour, SessionMaxAge: time.Hour, SignInMaxFailures: 0, SignInFailureWindow: 0}
	err := ValidateAuth(&bad)
	for _, variable := range []string{"LOCALOFFER_SESSION_MAX_AGE", "LOCALOFFER_SIGNIN_MAX_FAILURES", "LOCALOFFER_SIGNIN_FAILURE_WINDOW"} {
		if err == nil || !strings.Contains(err.Error(), variable) {
			t.Errorf("error %v does not name %s", err, variable)
		}
	}
}
