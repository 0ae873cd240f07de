package httpserver

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddress(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	tests := []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"no proxies trusted", "10.0.0.1:5000", []string{"203.0.113.7"}, nil, "10.0.0.1"},
		{"untrusted peer's header ignored", "198.51.100.9:5000", []string{"203.0.113.7"}, proxies, "198.51.100.9"},
		{"one trusted proxy", "10.0.0.1:5000", []string{"198.51.100.1, 203.0.113.7"}, proxies, "203.0.113.7"},
		{"chain of trusted proxies", "10.0.0.1:5000", []string{"203.0.113.7, 10.1.1.1", "10.2.2.2"}, proxies, "203.0.113.7"},
		{"every hop trusted", "10.0.0.1:5000", []string{"10.3.3.3"}, proxies, "10.3.3.3"},
		{"no header", "10.0.0.1:5000", nil, proxies, "10.0.0.1"},
		{"garbage from the client", "10.0.0.1:5000", []string{"evil, 203.0.113.7"}, proxies, "203.0.113.7"},
		{"garbage from the proxy", "10.0.0.1:5000", []string{"203.0.113.7, evil"}, proxies, "10.0.0.1"},
		{"IPv6 proxy and port on a hop", "[2001:db8::1]:443", []string{"[2001:db8:ffff::9]:1234", "203.0.113.7:8080"}, proxies, "203.0.113.7"},
		{"IPv4-mapped IPv6 peer", "[::ffff:10.0.0.1]:5000", []string{"203.0.113.7"}, proxies, "203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/graphql", nil)
			r.RemoteAddr = tt.remote
			for _, value := range tt.xff {
				r.Header.Add("X-Forwarded-For", value)
			}
			if got := clientAddress(r, tt.trusted); got != tt.want {
				t.Errorf("clientAddress = %q, want %q", got, tt.want)
			}
		})
	}
}
