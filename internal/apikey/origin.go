package apikey

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/localoffer/localoffer/internal/apperr"
)

// MaxAllowedOrigins caps the origins of one key, to keep the per-request
// check cheap.
const MaxAllowedOrigins = 50

// NormaliseOrigins checks each origin and returns them in the form browsers
// send in the Origin header: lower-case scheme and host, no default port,
// duplicates removed. field names the argument in errors, which give the
// index of the first bad origin.
func NormaliseOrigins(field string, origins []string) ([]string, error) {
	if len(origins) > MaxAllowedOrigins {
		return nil, apperr.Input(field, "has %d origins: give at most %d", len(origins), MaxAllowedOrigins)
	}
	normalised := make([]string, 0, len(origins))
	for i, origin := range origins {
		value, err := normaliseOrigin(origin)
		if err != nil {
			return nil, apperr.Input(fmt.Sprintf("%s[%d]", field, i), "%q %s", origin, err.Error())
		}
		if !slices.Contains(normalised, value) {
			normalised = append(normalised, value)
		}
	}
	return normalised, nil
}

// NormaliseOrigin returns origin in the form NormaliseOrigins stores, so that
// a request's Origin header compares equal to an allowed origin. ok is false
// when origin is not a valid http or https origin.
func NormaliseOrigin(origin string) (normalised string, ok bool) {
	value, err := normaliseOrigin(origin)
	return value, err == nil
}

type originError string

func (e originError) Error() string { return string(e) }

const originExample = "give only scheme://host[:port], such as https://www.example.org"

func normaliseOrigin(origin string) (string, error) {
	if strings.TrimSpace(origin) != origin || origin == "" {
		return "", originError("is empty or has spaces around it: " + originExample)
	}
	u, err := url.Parse(origin)
	switch {
	case err != nil:
		return "", originError("is not a URL: " + originExample)
	case u.Scheme != "http" && u.Scheme != "https": // url.Parse lower-cases the scheme.
		return "", originError("has no http or https scheme: " + originExample)
	case u.Opaque != "" || u.Host == "":
		return "", originError("has no host: " + originExample)
	case u.User != nil:
		return "", originError("has a user name or password: " + originExample)
	case u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || strings.HasSuffix(origin, "#"):
		return "", originError("has a path, query or fragment, which an origin never has: " + originExample)
	case strings.Contains(u.Host, "*"):
		return "", originError("has a wildcard, which is not supported: list each origin")
	}

	scheme := u.Scheme
	host := strings.ToLower(u.Hostname())
	for _, r := range host {
		if r > 0x7f {
			return "", originError("has a host that is not ASCII: write it in its xn-- (Punycode) form, as browsers send it")
		}
	}
	port := u.Port()
	if strings.HasSuffix(u.Host, ":") {
		return "", originError("has an empty port: " + originExample)
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", originError("has an invalid port: use a number from 1 to 65535")
		}
		port = strconv.Itoa(n)
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}

	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		return scheme + "://" + host + ":" + port, nil
	}
	return scheme + "://" + host, nil
}
