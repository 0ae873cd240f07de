package graph_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
)

const createKey = `mutation($input: CreateApiKeyInput!) {
	createApiKey(input: $input) {
		apiKey { id name prefix allowedOrigins rateLimitPerMinute revokedAt createdBy { email } }
		secret
	}
}`

const revokeKey = `mutation($id: ID!) { revokeApiKey(input: {id: $id}) { apiKey { id revokedAt } } }`

const listKeys = `query($includeRevoked: Boolean, $first: Int, $after: Cursor) {
	apiKeys(includeRevoked: $includeRevoked, first: $first, after: $after) {
		totalCount
		pageInfo { hasNextPage endCursor }
		edges { node { id name prefix revokedAt lastUsedAt } }
	}
}`

const listAudit = `query($where: AuditEventWhereInput, $first: Int, $after: Cursor) {
	auditEvents(where: $where, first: $first, after: $after) {
		totalCount
		pageInfo { hasNextPage endCursor }
		edges { node { id createdAt action actorID actorEmail apiKeyID objectType objectID changedFields detail requestID } }
	}
}`

type createdKey struct {
	CreateAPIKey struct {
		APIKey struct {
			ID                 string   `json:"id"`
			Name               string   `json:"name"`
			Prefix             string   `json:"prefix"`
			AllowedOrigins     []string `json:"allowedOrigins"`
			RateLimitPerMinute int      `json:"rateLimitPerMinute"`
			RevokedAt          *string  `json:"revokedAt"`
			CreatedBy          *struct {
				Email string `json:"email"`
			} `json:"createdBy"`
		} `json:"apiKey"`
		Secret string `json:"secret"`
	} `json:"createApiKey"`
}

type keyAdmin struct {
	app   *apptest.App
	admin string
	email string
}

func newKeyAdmin(t *testing.T) keyAdmin {
	t.Helper()
	a := apptest.New(t)
	admin := a.CreateUser(t, user.RoleLOAdmin, user.StatusActive)
	return keyAdmin{app: a, admin: a.SignIn(t, admin), email: admin.Email}
}

func (k keyAdmin) create(t *testing.T, input map[string]any) createdKey {
	t.Helper()
	var data createdKey
	k.app.MustQueryAs(t, k.admin, createKey, map[string]any{"input": input}, &data)
	return data
}

func TestCreateAPIKeyShowsSecretOnce(t *testing.T) {
	k := newKeyAdmin(t)
	data := k.create(t, map[string]any{
		"name": "Riverside Families Hub", "allowedOrigins": []string{"https://hub.example.org"}, "rateLimitPerMinute": 60,
	})
	key := data.CreateAPIKey
	if !strings.HasPrefix(key.Secret, "lo_"+key.APIKey.Prefix+"_") {
		t.Fatalf("secret %q does not start with lo_<prefix>_", key.Secret)
	}
	if key.APIKey.CreatedBy == nil || key.APIKey.CreatedBy.Email != k.email {
		t.Errorf("createdBy = %+v, want %s", key.APIKey.CreatedBy, k.email)
	}
	if key.APIKey.RateLimitPerMinute != 60 || len(key.APIKey.AllowedOrigins) != 1 {
		t.Errorf("key = %+v, want rate limit 60 and one origin", key.APIKey)
	}
	secretPart := strings.TrimPrefix(key.Secret, "lo_"+key.APIKey.Prefix+"_")

	list := k.app.QueryAs(t, k.admin, listKeys, map[string]any{"includeRevoked": true})
	node := k.app.QueryAs(t, k.admin, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": key.APIKey.ID})
	auditLog := k.app.QueryAs(t, k.admin, listAudit, nil)
	for name, res := range map[string]apptest.Response{"apiKeys": list, "node": node, "auditEvents": auditLog} {
		raw, _ := json.Marshal(res)
		if strings.Contains(string(raw), secretPart) {
			t.Errorf("%s response contains the secret", name)
		}
	}
	if strings.Contains(k.app.Logs(), secretPart) {
		t.Error("server log contains the secret")
	}

	// secret_hash is not part of the schema at all.
	res := k.app.QueryAs(t, k.admin, `{ apiKeys { edges { node { secretHash } } } }`, nil)
	if len(res.Errors) == 0 {
		t.Error("secretHash is queryable")
	}
}

func TestCreateAPIKeyBadInput(t *testing.T) {
	k := newKeyAdmin(t)
	tests := []struct {
		name      string
		input     map[string]any
		wantField string
	}{
		{"empty name", map[string]any{"name": ""}, "input.name"},
		{"origin with path", map[string]any{"name": "Hub", "allowedOrigins": []string{"https://a.example", "https://b.example/page"}}, "input.allowedOrigins[1]"},
		{"zero rate limit", map[string]any{"name": "Hub", "rateLimitPerMinute": 0}, "input.rateLimitPerMinute"},
		{"huge rate limit", map[string]any{"name": "Hub", "rateLimitPerMinute": 100001}, "input.rateLimitPerMinute"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := k.app.QueryAs(t, k.admin, createKey, map[string]any{"input": tc.input})
			if len(res.Errors) != 1 {
				t.Fatalf("errors = %+v, want one", res.Errors)
			}
			if res.Errors[0].Code() != "BAD_USER_INPUT" {
				t.Errorf("code = %q, want BAD_USER_INPUT", res.Errors[0].Code())
			}
			if res.Errors[0].Extensions["field"] != tc.wantField {
				t.Errorf("field = %v, want %s (message %q)", res.Errors[0].Extensions["field"], tc.wantField, res.Errors[0].Message)
			}
		})
	}
}

func TestAPIKeyManagementCodes(t *testing.T) {
	k := newKeyAdmin(t)
	id := k.create(t, map[string]any{"name": "Hub"}).CreateAPIKey.APIKey.ID
	officer := k.app.SignIn(t, k.app.CreateUser(t, user.RoleLOOfficer, user.StatusActive))
	provider := k.app.SignIn(t, k.app.CreateUser(t, user.RoleProvider, user.StatusActive))

	tests := []struct {
		caller, token string
		want          map[string]string
	}{
		{"anonymous", "", map[string]string{"create": "UNAUTHENTICATED", "list": "UNAUTHENTICATED", "revoke": "UNAUTHENTICATED", "audit": "UNAUTHENTICATED"}},
		{"provider", provider, map[string]string{"create": "FORBIDDEN", "list": "FORBIDDEN", "revoke": "NOT_FOUND", "audit": "FORBIDDEN"}},
		{"LO officer", officer, map[string]string{"create": "FORBIDDEN", "list": "FORBIDDEN", "revoke": "NOT_FOUND", "audit": "FORBIDDEN"}},
	}
	for _, tc := range tests {
		t.Run(tc.caller, func(t *testing.T) {
			responses := map[string]apptest.Response{
				"create": k.app.QueryAs(t, tc.token, createKey, map[string]any{"input": map[string]any{"name": "Sneaky"}}),
				"list":   k.app.QueryAs(t, tc.token, listKeys, nil),
				"revoke": k.app.QueryAs(t, tc.token, revokeKey, map[string]any{"id": id}),
				"audit":  k.app.QueryAs(t, tc.token, listAudit, nil),
			}
			for operation, res := range responses {
				if len(res.Errors) != 1 || res.Errors[0].Code() != tc.want[operation] {
					t.Errorf("%s: errors %+v, want one with code %s", operation, res.Errors, tc.want[operation])
				}
			}
			node := k.app.QueryAs(t, tc.token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
			if len(node.Errors) != 1 || node.Errors[0].Code() != "NOT_FOUND" {
				t.Errorf("node: errors %+v, want NOT_FOUND", node.Errors)
			}
		})
	}

	var data struct {
		APIKeys struct {
			TotalCount int `json:"totalCount"`
		} `json:"apiKeys"`
	}
	k.app.MustQueryAs(t, k.admin, listKeys, nil, &data)
	if data.APIKeys.TotalCount != 1 {
		t.Errorf("keys after refused calls: totalCount %d, want 1", data.APIKeys.TotalCount)
	}
}

func TestRevokeAPIKeyOverGraphQL(t *testing.T) {
	k := newKeyAdmin(t)
	created := k.create(t, map[string]any{"name": "Hub"}).CreateAPIKey
	k.create(t, map[string]any{"name": "Second"})
	keyHeader := http.Header{"X-Api-Key": {created.Secret}}

	if status, res := k.app.Post(t, `{ services { totalCount } }`, nil, keyHeader); status != http.StatusOK {
		t.Fatalf("before revoking: status %d, errors %+v", status, res.Errors)
	}

	var revoked struct {
		RevokeAPIKey struct {
			APIKey struct {
				ID        string  `json:"id"`
				RevokedAt *string `json:"revokedAt"`
			} `json:"apiKey"`
		} `json:"revokeApiKey"`
	}
	k.app.MustQueryAs(t, k.admin, revokeKey, map[string]any{"id": created.APIKey.ID}, &revoked)
	if revoked.RevokeAPIKey.APIKey.RevokedAt == nil {
		t.Fatal("revokedAt is null after revoking")
	}

	// The key was cached by the request above: revoking must clear it.
	status, res := k.app.Post(t, `{ services { totalCount } }`, nil, keyHeader)
	if status != http.StatusUnauthorized {
		t.Errorf("after revoking: status %d, want 401", status)
	}
	if len(res.Errors) != 1 || res.Errors[0].Code() != "UNAUTHENTICATED" {
		t.Errorf("after revoking: errors %+v, want UNAUTHENTICATED", res.Errors)
	}

	var active, all struct {
		APIKeys struct {
			TotalCount int `json:"totalCount"`
		} `json:"apiKeys"`
	}
	k.app.MustQueryAs(t, k.admin, listKeys, nil, &active)
	k.app.MustQueryAs(t, k.admin, listKeys, map[string]any{"includeRevoked": true}, &all)
	if active.APIKeys.TotalCount != 1 || all.APIKeys.TotalCount != 2 {
		t.Errorf("totalCount active %d, all %d; want 1 and 2", active.APIKeys.TotalCount, all.APIKeys.TotalCount)
	}

	again := k.app.QueryAs(t, k.admin, revokeKey, map[string]any{"id": created.APIKey.ID})
	if len(again.Errors) > 0 {
		t.Errorf("second revoke: errors %+v, want none", again.Errors)
	}
	missing := k.app.QueryAs(t, k.admin, revokeKey, map[string]any{"id": "01890000-0000-7000-8000-000000000000"})
	if len(missing.Errors) != 1 || missing.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("unknown id: errors %+v, want NOT_FOUND", missing.Errors)
	}
}

type auditPage struct {
	AuditEvents struct {
		TotalCount int `json:"totalCount"`
		PageInfo   struct {
			HasNextPage bool    `json:"hasNextPage"`
			EndCursor   *string `json:"endCursor"`
		} `json:"pageInfo"`
		Edges []struct {
			Node struct {
				ID            string   `json:"id"`
				CreatedAt     string   `json:"createdAt"`
				Action        string   `json:"action"`
				ActorEmail    string   `json:"actorEmail"`
				ObjectType    string   `json:"objectType"`
				ObjectID      string   `json:"objectID"`
				ChangedFields []string `json:"changedFields"`
			} `json:"node"`
		} `json:"edges"`
	} `json:"auditEvents"`
}

func TestAuditEventsForAPIKeys(t *testing.T) {
	k := newKeyAdmin(t)
	first := k.create(t, map[string]any{"name": "First"}).CreateAPIKey
	second := k.create(t, map[string]any{"name": "Second"}).CreateAPIKey
	k.app.MustQueryAs(t, k.admin, revokeKey, map[string]any{"id": first.APIKey.ID}, nil)
	keyEvents := map[string]any{"objectType": "api_key"}

	var all auditPage
	k.app.MustQueryAs(t, k.admin, listAudit, map[string]any{"where": keyEvents}, &all)
	if all.AuditEvents.TotalCount != 3 {
		t.Fatalf("key events: totalCount %d, want 3", all.AuditEvents.TotalCount)
	}
	actions := []string{}
	for _, edge := range all.AuditEvents.Edges {
		actions = append(actions, edge.Node.Action)
		if edge.Node.ActorEmail != k.email {
			t.Errorf("%s: actorEmail %q, want %s", edge.Node.Action, edge.Node.ActorEmail, k.email)
		}
	}
	if got := strings.Join(actions, ","); got != "api_key.revoked,api_key.created,api_key.created" {
		t.Errorf("actions newest first = %s", got)
	}

	var revoked auditPage
	k.app.MustQueryAs(t, k.admin, listAudit, map[string]any{"where": map[string]any{"action": "api_key.revoked"}}, &revoked)
	if revoked.AuditEvents.TotalCount != 1 || revoked.AuditEvents.Edges[0].Node.ObjectID != first.APIKey.ID {
		t.Errorf("revoked events: %+v, want one for the first key", revoked.AuditEvents)
	}

	var ofSecond auditPage
	k.app.MustQueryAs(t, k.admin, listAudit, map[string]any{"where": map[string]any{"objectId": second.APIKey.ID}}, &ofSecond)
	if ofSecond.AuditEvents.TotalCount != 1 {
		t.Errorf("events of the second key: totalCount %d, want 1", ofSecond.AuditEvents.TotalCount)
	}

	var future auditPage
	k.app.MustQueryAs(t, k.admin, listAudit, map[string]any{"where": map[string]any{"since": "2999-01-01T00:00:00Z"}}, &future)
	if future.AuditEvents.TotalCount != 0 {
		t.Errorf("events since 2999: totalCount %d, want 0", future.AuditEvents.TotalCount)
	}
	var past auditPage
	k.app.MustQueryAs(t, k.admin, listAudit, map[string]any{"where": map[string]any{"objectType": "api_key", "until": "2999-01-01T00:00:00Z"}}, &past)
	if past.AuditEvents.TotalCount != 3 {
		t.Errorf("key events until 2999: totalCount %d, want 3", past.AuditEvents.TotalCount)
	}

	// Two pages of two and one, newest first, with no event twice.
	var page1, page2 auditPage
	k.app.MustQueryAs(t, k.admin, listAudit, map[string]any{"where": keyEvents, "first": 2}, &page1)
	if !page1.AuditEvents.PageInfo.HasNextPage || len(page1.AuditEvents.Edges) != 2 {
		t.Fatalf("page 1: %+v, want two events and a next page", page1.AuditEvents)
	}
	k.app.MustQueryAs(t, k.admin, listAudit, map[string]any{"where": keyEvents, "first": 2, "after": page1.AuditEvents.PageInfo.EndCursor}, &page2)
	if page2.AuditEvents.PageInfo.HasNextPage || len(page2.AuditEvents.Edges) != 1 {
		t.Fatalf("page 2: %+v, want one event and no next page", page2.AuditEvents)
	}
	if page2.AuditEvents.Edges[0].Node.ID != all.AuditEvents.Edges[2].Node.ID {
		t.Error("page 2 does not continue where page 1 ended")
	}

	for name, variables := range map[string]map[string]any{
		"first over 100":     {"first": 101},
		"bad cursor":         {"after": "not-a-cursor"},
		"until before since": {"where": map[string]any{"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"}},
		"bad time":           {"where": map[string]any{"since": "yesterday"}},
	} {
		res := k.app.QueryAs(t, k.admin, listAudit, variables)
		if len(res.Errors) == 0 || res.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: errors %+v, want BAD_USER_INPUT", name, res.Errors)
		}
	}
}
