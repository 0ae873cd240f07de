package config

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"time"
)

// Auth holds the session and sign-in settings of `localoffer serve`.
type Auth struct {
	// SessionIdleTimeout ends a session that has not been used for this long.
	SessionIdleTimeout time.Duration
	// SessionMaxAge ends a session this long after sign-in, however much it
	// is used.
	SessionMaxAge time.Duration
	// SignInMaxFailures is the number of failed sign-ins, for one account or
	// one client address within SignInFailureWindow, from which sign-ins are
	// refused.
	SignInMaxFailures int
	// SignInFailureWindow is how far back failed sign-ins are counted.
	SignInFailureWindow time.Duration
}

// BindAuth binds the session and sign-in settings.
func BindAuth(f *Flags, a *Auth) {
	f.Duration(&a.SessionIdleTimeout, "session-idle-timeout", "LOCALOFFER_SESSION_IDLE_TIMEOUT", 2*time.Hour,
		"sign a user out after this long without a request")
	f.Duration(&a.SessionMaxAge, "session-max-age", "LOCALOFFER_SESSION_MAX_AGE", 12*time.Hour,
		"sign a user out this long after sign-in, however active")
	f.Int(&a.SignInMaxFailures, "signin-max-failures", "LOCALOFFER_SIGNIN_MAX_FAILURES", 10,
		"failed sign-ins for one account or one client address, within the failure window, from which sign-ins are refused")
	f.Duration(&a.SignInFailureWindow, "signin-failure-window", "LOCALOFFER_SIGNIN_FAILURE_WINDOW", 15*time.Minute,
		"how far back failed sign-ins are counted")
}

// ValidateAuth checks the session and sign-in settings.
func ValidateAuth(a *Auth) error {
	var errs []error
	if a.SessionIdleTimeout < time.Minute {
		errs = append(errs, fmt.Errorf("session idle timeout %s (--session-idle-timeout, LOCALOFFER_SESSION_IDLE_TIMEOUT) is too short: use at least 1m, such as 2h", a.SessionIdleTimeout))
	}
	if a.SessionMaxAge < a.SessionIdleTimeout {
		errs = append(errs, fmt.Errorf("session maximum age %s (--session-max-age, LOCALOFFER_SESSION_MAX_AGE) is shorter than the idle timeout %s: make it at least as long, such as 12h", a.SessionMaxAge, a.SessionIdleTimeout))
	}
	if a.SignInMaxFailures < 1 {
		errs = append(errs, fmt.Errorf("maximum failed sign-ins %d (--signin-max-failures, LOCALOFFER_SIGNIN_MAX_FAILURES) must be at least 1, such as 10", a.SignInMaxFailures))
	}
	if a.SignInFailureWindow < time.Second {
		errs = append(errs, fmt.Errorf("sign-in failure window %s (--signin-failure-window, LOCALOFFER_SIGNIN_FAILURE_WINDOW) is too short: use at least 1s, such as 15m", a.SignInFailureWindow))
	}
	return errors.Join(errs...)
}

// BindTrustedProxies binds the addresses of the reverse proxies whose
// X-Forwarded-For header is believed.
func BindTrustedProxies(f *Flags, p *[]netip.Prefix) {
	value := prefixList{p: p}
	if v, ok := os.LookupEnv("LOCALOFFER_TRUSTED_PROXIES"); ok {
		if err := value.Set(v); err != nil {
			f.errs = append(f.errs, fmt.Errorf("LOCALOFFER_TRUSTED_PROXIES=%q is invalid: %w", v, err))
		}
	}
	f.set.Var(value, "trusted-proxies",
		"comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed, such as 10.0.0.0/8,192.0.2.7; empty trusts none (env LOCALOFFER_TRUSTED_PROXIES)")
}

// prefixList is a flag.Value of comma-separated IP addresses and CIDR ranges;
// a bare address stands for itself alone.
type prefixList struct {
	p *[]netip.Prefix
}

func (l prefixList) String() string {
	if l.p == nil {
		return ""
	}
	parts := make([]string, len(*l.p))
	for i, prefix := range *l.p {
		parts[i] = prefix.String()
	}
	return strings.Join(parts, ",")
}

func (l prefixList) Set(text string) error {
	var prefixes []netip.Prefix
	for _, part := range strings.Split(text, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		prefix, err := parsePrefix(part)
		if err != nil {
			return err
		}
		prefixes = append(prefixes, prefix)
	}
	*l.p = prefixes
	return nil
}

func parsePrefix(text string) (netip.Prefix, error) {
	if strings.Contains(text, "/") {
		prefix, err := netip.ParsePrefix(text)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not a CIDR range such as 10.0.0.0/8", text)
		}
		return prefix.Masked(), nil
	}
	addr, err := netip.ParseAddr(text)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address or a CIDR range such as 10.0.0.0/8", text)
	}
	addr = addr.Unmap()
	return netip.PrefixFrom(addr, addr.BitLen()), nil
}
