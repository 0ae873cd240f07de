package ownership_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
)

// Actors of the permission tests. Each is signed in with a session of their
// own, except the anonymous public.
const (
	anonymous      = "anonymous"
	applicant      = "pending applicant"
	contentManager = "content manager"
	lead           = "lead of this content"
	otherLead      = "lead of other content"
	commissioner   = "commissioner"
	officer        = "LO officer"
	admin          = "LO admin"
)

var actors = []string{anonymous, applicant, contentManager, lead, otherLead, commissioner, officer, admin}

// fixture is a running product with one organisation, a lead, a content
// manager and a commissioner of a draft service, a published service and a
// published information page, and another provider who leads a service of
// their own.
type fixture struct {
	app    *apptest.App
	users  map[string]*ent.User
	tokens map[string]string
	// spare is an active provider with no content, to name as a new lead.
	spare        *ent.User
	draft        *ent.Service
	published    *ent.Service
	page         *ent.InformationPage
	otherService *ent.Service
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	a := apptest.New(t)
	f := &fixture{app: a, users: map[string]*ent.User{}, tokens: map[string]string{}}
	f.users[applicant] = a.CreateUser(t, user.RoleProvider, user.StatusPendingApproval)
	f.users[contentManager] = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	f.users[lead] = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	f.users[otherLead] = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	f.users[commissioner] = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	f.users[officer] = a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	f.users[admin] = a.CreateUser(t, user.RoleLOAdmin, user.StatusActive)
	f.spare = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	for name, u := range f.users {
		f.tokens[name] = a.SignIn(t, u)
	}

	ctx := a.SystemContext()
	org := a.Client.Organization.Create().SetName("Riverside Family Trust").SetSlug("riverside-family-trust").SaveX(ctx)
	f.draft = f.createService(t, org, "Riverside Short Breaks", service.StatusDraft, f.users[lead])
	f.published = f.createService(t, org, "Riverside Sensory Play", service.StatusPublished, f.users[lead])
	f.otherService = f.createService(t, org, "Hilltop Youth Club", service.StatusDraft, f.users[otherLead])
	f.page = a.Client.InformationPage.Create().
		SetTitle("Short breaks in Riverside").
		SetSlug("short-breaks-in-riverside").
		SetBody("<p>How short breaks work.</p>").
		SetStatus(informationpage.StatusPublished).
		SetLead(f.users[lead]).
		AddContentManagers(f.users[contentManager]).
		SetCommissioner(f.users[commissioner]).
		SaveX(ctx)
	return f
}

func (f *fixture) createService(t *testing.T, org *ent.Organization, name string, status service.Status, leadUser *ent.User) *ent.Service {
	t.Helper()
	create := f.app.Client.Service.Create().
		SetOrganization(org).
		SetName(name).
		SetSlug(slugOf(name)).
		SetStatus(status).
		SetLead(leadUser)
	if leadUser.ID == f.users[lead].ID {
		create.AddContentManagers(f.users[contentManager]).SetCommissioner(f.users[commissioner])
	}
	return create.SaveX(f.app.SystemContext())
}

func slugOf(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), " ", "-")
}

// query posts a document as the actor and returns the response.
func (f *fixture) query(t *testing.T, actor, document string, variables map[string]any) apptest.Response {
	t.Helper()
	return f.app.QueryAs(t, f.tokens[actor], document, variables)
}

// mustQuery posts a document as the actor, fails on any error and decodes
// the data into dst.
func (f *fixture) mustQuery(t *testing.T, actor, document string, variables map[string]any, dst any) {
	t.Helper()
	f.app.MustQueryAs(t, f.tokens[actor], document, variables, dst)
}

// errorCode returns the code of the response's first error, or "" when it
// has none.
func errorCode(res apptest.Response) string {
	if len(res.Errors) == 0 {
		return ""
	}
	return res.Errors[0].Code()
}

// auditActions returns the actions of the audit events about an object, in
// the order they were recorded.
func (f *fixture) auditActions(t *testing.T, objectID uuid.UUID) []string {
	t.Helper()
	events, err := f.app.Client.AuditEvent.Query().
		Where(auditevent.ObjectID(objectID)).
		Order(ent.Asc(auditevent.FieldCreatedAt), ent.Asc(auditevent.FieldID)).
		All(f.app.SystemContext())
	if err != nil {
		t.Fatalf("list audit events: %v", err)
	}
	actions := []string{}
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	return actions
}

// emails returns the templates of the outbox emails to a recipient.
func (f *fixture) emails(t *testing.T, recipient string) []string {
	t.Helper()
	rows, err := f.app.Client.Notification.Query().
		Where(notification.Recipient(recipient)).
		Order(ent.Asc(notification.FieldID)).
		All(f.app.SystemContext())
	if err != nil {
		t.Fatalf("list outbox: %v", err)
	}
	templates := []string{}
	for _, n := range rows {
		templates = append(templates, n.Template)
	}
	return templates
}

// email returns the body of the only outbox email of a template to a
// recipient.
func (f *fixture) email(t *testing.T, recipient, template string) string {
	t.Helper()
	n, err := f.app.Client.Notification.Query().
		Where(notification.Recipient(recipient), notification.Template(template)).
		Only(f.app.SystemContext())
	if err != nil {
		t.Fatalf("find %s email to %s: %v", template, recipient, err)
	}
	return n.Body
}

func (f *fixture) reloadService(t *testing.T, id uuid.UUID) *ent.Service {
	t.Helper()
	s, err := f.app.Client.Service.Query().
		Where(service.ID(id)).
		WithContentManagers().
		Only(f.app.SystemContext())
	if err != nil {
		t.Fatalf("reload service %s: %v", id, err)
	}
	return s
}

func decode(t *testing.T, raw json.RawMessage, dst any) {
	t.Helper()
	if err := json.Unmarshal(raw, dst); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
}

func managerIDs(s *ent.Service) []uuid.UUID {
	ids := []uuid.UUID{}
	for _, u := range s.Edges.ContentManagers {
		ids = append(ids, u.ID)
	}
	return ids
}
