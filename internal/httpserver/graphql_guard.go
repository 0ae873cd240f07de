package httpserver

import (
	"fmt"
	"mime"
	"net/http"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// withGraphQLRequestCheck rejects requests that no GraphQL transport accepts
// with a JSON error that names what to send, instead of gqlgen's plain-text
// "transport not supported".
func withGraphQLRequestCheck(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			if hasMutation(r.URL.Query().Get("query")) {
				w.Header().Set("Allow", "POST")
				writeRequestError(w, http.StatusMethodNotAllowed, "mutations need POST: send the mutation as a JSON body")
				return
			}
		case http.MethodOptions:
		case http.MethodPost:
			if r.ContentLength > maxBodyBytes {
				writeRequestError(w, http.StatusRequestEntityTooLarge,
					fmt.Sprintf("request body too large: send at most %d bytes", maxBodyBytes))
				return
			}
			mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mediaType != "application/json" {
				writeRequestError(w, http.StatusUnsupportedMediaType,
					fmt.Sprintf("unsupported Content-Type %q: send application/json", r.Header.Get("Content-Type")))
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			writeRequestError(w, http.StatusMethodNotAllowed,
				fmt.Sprintf("method %s not allowed: use POST with a JSON body, or GET with query parameters", r.Method))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hasMutation reports whether a GraphQL document defines a mutation. A
// document that does not parse is left to the executor, which reports where.
func hasMutation(document string) bool {
	parsed, err := parser.ParseQuery(&ast.Source{Input: document})
	if err != nil {
		return false
	}
	for _, op := range parsed.Operations {
		if op.Operation == ast.Mutation {
			return true
		}
	}
	return false
}

// writeRequestError writes a GraphQL-shaped error for a request that never
// reached the executor.
func writeRequestError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{
		"errors": []map[string]any{{
			"message":    message,
			"extensions": map[string]any{"code": CodeBadRequest},
		}},
	})
}
