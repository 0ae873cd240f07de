package content

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// ErrInvalidURL is wrapped by every error NormalizeURL returns.
var ErrInvalidURL = errors.New("invalid web address")

// schemePrefix matches a URL scheme and its colon (RFC 3986, section 3.1).
var schemePrefix = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)

// NormalizeURL checks a web address typed by a person and returns it in a
// form browsers follow. It trims space, adds https:// when there is no scheme
// ("www.example.org" becomes "https://www.example.org") and repairs a missing
// "//" ("http:www.example.org"). It rejects schemes other than http and https
// (javascript:, data:, mailto:, ftp:), spaces inside the address and hosts
// without a dot, such as "n/a". An empty or blank input returns "" and no
// error.
func NormalizeURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if strings.ContainsFunc(s, isSpaceOrControl) {
		return "", fmt.Errorf("%w %q: it contains spaces or control characters", ErrInvalidURL, s)
	}

	withScheme, err := addScheme(s)
	if err != nil {
		return "", err
	}

	u, err := url.Parse(withScheme)
	if err != nil {
		return "", fmt.Errorf("%w %q: %v", ErrInvalidURL, s, err)
	}
	if err := checkHost(u.Hostname()); err != nil {
		return "", fmt.Errorf("%w %q: %v", ErrInvalidURL, s, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	return u.String(), nil
}

// addScheme returns s with an http or https scheme followed by "//".
func addScheme(s string) (string, error) {
	if strings.HasPrefix(s, "//") {
		return "https:" + s, nil
	}

	match := schemePrefix.FindStringSubmatch(s)
	if match == nil || looksLikeHostAndPort(match[1], s[len(match[0]):]) {
		return "https://" + s, nil
	}

	scheme := strings.ToLower(match[1])
	if scheme != "http" && scheme != "https" {
		return "", fmt.Errorf("%w %q: the %s: scheme is not allowed; use an http or https address", ErrInvalidURL, s, scheme)
	}
	rest := strings.TrimLeft(s[len(match[0]):], "/")
	return scheme + "://" + rest, nil
}

// looksLikeHostAndPort reports whether what parsed as "scheme:rest" is really
// "host:port", as in "www.example.org:8080/path": a scheme never contains a
// dot in practice, and a port starts with a digit.
func looksLikeHostAndPort(scheme, rest string) bool {
	if strings.Contains(scheme, ".") {
		return true
	}
	return rest != "" && rest[0] >= '0' && rest[0] <= '9'
}

func checkHost(host string) error {
	switch {
	case host == "":
		return errors.New("it has no host name")
	case host == "localhost", net.ParseIP(host) != nil:
		return nil
	case !strings.Contains(host, "."):
		return fmt.Errorf("the host name %q has no dot; use a full address such as www.example.org", host)
	case strings.HasPrefix(host, ".") || strings.Contains(host, ".."):
		return fmt.Errorf("the host name %q has an empty label", host)
	}
	return nil
}

func isSpaceOrControl(r rune) bool {
	return r <= ' ' || r == 0x7f || r == '\u00a0'
}
