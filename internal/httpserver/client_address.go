package httpserver

import (
	"net/http"
	"net/netip"
	"strings"
)

// clientAddress returns the address of the client that sent r. Only when
// the connection comes from a trusted proxy is X-Forwarded-For used, and
// then read from the right. Each trusted proxy appends the address it
// received the request from, so the rightmost address that is not itself a
// trusted proxy is the client. Addresses further left were written by the
// client and could be anything.
func clientAddress(r *http.Request, trusted []netip.Prefix) string {
	remote := remoteHost(r.RemoteAddr)
	addr, err := netip.ParseAddr(remote)
	if err != nil || !isTrusted(addr, trusted) {
		return remote
	}

	hops := forwardedFor(r.Header.Values("X-Forwarded-For"))
	client := addr
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(hops[i])
		if err != nil {
			// A trusted proxy would not write this: stop at the last
			// address that a trusted hop vouched for.
			break
		}
		client = hop.Unmap()
		if !isTrusted(client, trusted) {
			break
		}
	}
	return client.String()
}

// forwardedFor splits X-Forwarded-For headers into addresses, in order. A
// proxy may add its own header line rather than extend the last one.
func forwardedFor(values []string) []string {
	var hops []string
	for _, value := range values {
		for _, hop := range strings.Split(value, ",") {
			hop = strings.TrimSpace(hop)
			// An address may come with a port, and IPv6 in brackets.
			if host := remoteHost(hop); host != hop {
				hop = host
			}
			hop = strings.TrimSuffix(strings.TrimPrefix(hop, "["), "]")
			if hop != "" {
				hops = append(hops, hop)
			}
		}
	}
	return hops
}

func isTrusted(addr netip.Addr, trusted []netip.Prefix) bool {
	addr = addr.Unmap()
	for _, prefix := range trusted {
		if prefix.Contains(addr) {
			return true
		}
	}
	return false
}
