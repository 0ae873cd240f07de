package httpserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	neturl "net/url"
	"strings"
	"testing"

	"github.com/localoffer/localoffer/internal/app/apptest"
)

type errorBody struct {
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func send(t *testing.T, method, url, contentType, body string) (int, errorBody) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var decoded errorBody
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatalf("response is not JSON (status %d): %s", res.StatusCode, raw)
	}
	return res.StatusCode, decoded
}

func TestUnreadableRequestsGetBadRequest(t *testing.T) {
	a := apptest.New(t)
	url := a.Server.URL + "/graphql"
	tests := []struct {
		name, method, contentType, body string
		wantStatus                      int
		wantMessage                     string
	}{
		{"truncated JSON", http.MethodPost, "application/json", `{"query": "{services{totalCount}"`, http.StatusBadRequest, "invalid request body"},
		{"not JSON", http.MethodPost, "application/json", `hello`, http.StatusBadRequest, "invalid request body"},
		{"batch array", http.MethodPost, "application/json", `[{"query": "{services{totalCount}}"}]`, http.StatusBadRequest, "invalid request body"},
		{"body over limit", http.MethodPost, "application/json", `{"query": "` + strings.Repeat("x", 2<<20) + `"}`, http.StatusRequestEntityTooLarge, "request body too large"},
		{"plain text", http.MethodPost, "text/plain", `{"query": "{services{totalCount}}"}`, http.StatusUnsupportedMediaType, "send application/json"},
		{"PUT", http.MethodPut, "application/json", `{}`, http.StatusMethodNotAllowed, "method PUT not allowed"},
		{"mutation over GET", http.MethodGet, "", "", http.StatusMethodNotAllowed, "mutations need POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := url
			if tt.method == http.MethodGet {
				target += "?query=" + neturl.QueryEscape(`mutation { logout { ok } }`)
			}
			status, body := send(t, tt.method, target, tt.contentType, tt.body)
			if status != tt.wantStatus {
				t.Errorf("status %d, want %d", status, tt.wantStatus)
			}
			if len(body.Errors) != 1 {
				t.Fatalf("errors = %+v, want one", body.Errors)
			}
			if code := body.Errors[0].Extensions["code"]; code != "BAD_REQUEST" {
				t.Errorf("code %v, want BAD_REQUEST", code)
			}
			if !strings.Contains(body.Errors[0].Message, tt.wantMessage) {
				t.Errorf("message %q does not contain %q", body.Errors[0].Message, tt.wantMessage)
			}
		})
	}
}

func TestMalformedTimeIsBadUserInput(t *testing.T) {
	a := apptest.New(t)
	for _, since := range []string{"yesterday", "2026-12-04"} {
		res := a.Query(t, `query($since: Time) { recentlyUpdated(since: $since) { updatedAt } }`, map[string]any{"since": since})
		if len(res.Errors) != 1 {
			t.Fatalf("since %q: errors = %+v, want one", since, res.Errors)
		}
		if res.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("since %q: code %q, want BAD_USER_INPUT", since, res.Errors[0].Code())
		}
		if !strings.Contains(res.Errors[0].Message, "RFC 3339") {
			t.Errorf("since %q: message %q does not say the expected format", since, res.Errors[0].Message)
		}
	}
}
