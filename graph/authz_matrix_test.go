package graph_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/ownershipreport"
	"github.com/localoffer/localoffer/ent/providerapplication"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/session"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/graph"
	"github.com/localoffer/localoffer/graph/generated"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/notify"
)

// The actors of the authorization matrix. "This content" is the content under
// test: a published and a pending service and a published and a pending
// information page, which share one lead, content manager and commissioner.
const (
	actorAnonymous      = "anonymous"
	actorApplicant      = "pending applicant"
	actorContentManager = "content manager"
	actorLead           = "lead of this content"
	actorOtherLead      = "lead of other content"
	actorCommissioner   = "commissioner"
	actorOfficer        = "LO officer"
	actorAdmin          = "LO admin"
	actorPartner        = "partner API key"
)

var matrixActors = []string{
	actorAnonymous, actorApplicant, actorContentManager, actorLead, actorOtherLead,
	actorCommissioner, actorOfficer, actorAdmin, actorPartner,
}

// Expected outcomes of a cell: success, or the error's extensions.code.
const (
	allowed         = ""
	unauthenticated = "UNAUTHENTICATED"
	forbidden       = "FORBIDDEN"
	notFound        = "NOT_FOUND"
)

// matrixWorld is a running product with one user per actor and the content
// under test:
//
//	published service  "Riverside Sensory Play"     Riverside Family Trust  lead, content manager, commissioner
//	pending service    "Meadow Lane Short Breaks"   Meadow Lane Trust       lead, content manager, commissioner
//	pending service    "Riverside Private Tutoring" Riverside Family Trust  lead only
//	pending service    "Hilltop Youth Club"         Riverside Family Trust  the other lead
//	published service  "Open Access Swim"           Riverside Family Trust  no lead (orphaned)
//	published page     "Short breaks explained"                             lead, content manager, commissioner
//	pending page       "Personal budgets (draft)"                           lead, content manager, commissioner
//
// Meadow Lane Trust has only a pending service. The applicant has a pending
// provider application, the content manager an open ownership report on the
// pending page, and the LO admin created two API keys: the partner's and a
// second one for revokeApiKey to act on.
type matrixWorld struct {
	app    *apptest.App
	users  map[string]*ent.User
	tokens map[string]string
	// partnerKey is the whole key the partner sends in X-Api-Key.
	partnerKey string

	published, pending, private, otherService, orphan *ent.Service
	pendingLocation                                   *ent.Location
	publishedPage, pendingPage                        *ent.InformationPage
	application                                       *ent.ProviderApplication
	report                                            *ent.OwnershipReport
	// targetKey is the API key that revokeApiKey rows revoke.
	targetKey uuid.UUID
	// keyEvent is the audit event of the partner key's creation.
	keyEvent uuid.UUID
	// lastUser is the account newUser created last, which the cell's
	// success check looks for. Cells that share a world run one at a time.
	lastUser *ent.User
}

func newMatrixWorld(t *testing.T) *matrixWorld {
	t.Helper()
	a := apptest.New(t)
	w := &matrixWorld{app: a, users: map[string]*ent.User{}, tokens: map[string]string{}}
	w.users[actorApplicant] = a.CreateUser(t, user.RoleProvider, user.StatusPendingApproval)
	w.users[actorContentManager] = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.users[actorLead] = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.users[actorOtherLead] = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.users[actorCommissioner] = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.users[actorOfficer] = a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	w.users[actorAdmin] = a.CreateUser(t, user.RoleLOAdmin, user.StatusActive)
	for actor, u := range w.users {
		w.tokens[actor] = a.SignIn(t, u)
	}

	ctx := a.SystemContext()
	c := a.Client
	riverside := c.Organization.Create().SetName("Riverside Family Trust").SetSlug("riverside-family-trust").SaveX(ctx)
	meadow := c.Organization.Create().SetName("Meadow Lane Trust").SetSlug("meadow-lane-trust").SaveX(ctx)
	publishedLocation := c.Location.Create().SetName("Riverside Centre").SetPostcode("AV1 1AA").SaveX(ctx)
	w.pendingLocation = c.Location.Create().SetName("Meadow Lane Barn").SetPostcode("AV9 9ZZ").SaveX(ctx)

	w.published = w.shared(c.Service.Create().SetName("Riverside Sensory Play").SetSlug("riverside-sensory-play").
		SetStatus(service.StatusPublished).SetOrganization(riverside).AddLocations(publishedLocation)).SaveX(ctx)
	w.pending = w.shared(c.Service.Create().SetName("Meadow Lane Short Breaks").SetSlug("meadow-lane-short-breaks").
		SetStatus(service.StatusPending).SetOrganization(meadow).AddLocations(w.pendingLocation)).SaveX(ctx)
	w.private = c.Service.Create().SetName("Riverside Private Tutoring").SetSlug("riverside-private-tutoring").
		SetStatus(service.StatusPending).SetOrganization(riverside).SetLead(w.users[actorLead]).SaveX(ctx)
	w.otherService = c.Service.Create().SetName("Hilltop Youth Club").SetSlug("hilltop-youth-club").
		SetStatus(service.StatusPending).SetOrganization(riverside).SetLead(w.users[actorOtherLead]).SaveX(ctx)
	w.orphan = c.Service.Create().SetName("Open Access Swim").SetSlug("open-access-swim").
		SetStatus(service.StatusPublished).SetOrganization(riverside).SaveX(ctx)

	w.publishedPage = c.InformationPage.Create().SetTitle("Short breaks explained").SetSlug("short-breaks-explained").
		SetBody("<p>How short breaks work.</p>").SetStatus(informationpage.StatusPublished).
		SetLead(w.users[actorLead]).AddContentManagers(w.users[actorContentManager]).SetCommissioner(w.users[actorCommissioner]).
		SaveX(ctx)
	w.pendingPage = c.InformationPage.Create().SetTitle("Personal budgets (draft)").SetSlug("personal-budgets-draft").
		SetBody("<p>How personal budgets work.</p>").SetStatus(informationpage.StatusPending).
		SetLead(w.users[actorLead]).AddContentManagers(w.users[actorContentManager]).SetCommissioner(w.users[actorCommissioner]).
		SaveX(ctx)

	w.application = c.ProviderApplication.Create().SetApplicant(w.users[actorApplicant]).
		SetOrganizationName("Meadow Lane Riding for the Disabled").SetServiceName("Meadow Lane Riding").
		SetInclusionBasis(providerapplication.InclusionBasisVoluntary).
		SetReason("Riding sessions for disabled children in the district.").SaveX(ctx)
	w.report = c.OwnershipReport.Create().SetReporter(w.users[actorContentManager]).SetInformationPageID(w.pendingPage.ID).
		SetKind(ownershipreport.KindNotTheLead).SetSuggestedLead("Sam Patel, sam.patel@example.org").SaveX(ctx)
	if _, err := notify.Enqueue(ctx, c, notify.Message{
		EventKey: "matrix:welcome", Template: "welcome", Recipient: w.users[actorLead].Email,
		Subject: "Welcome to the Local Offer", Body: "Hello.",
	}); err != nil {
		t.Fatalf("write outbox email: %v", err)
	}

	var key createdKey
	a.MustQueryAs(t, w.tokens[actorAdmin], createKey, map[string]any{"input": map[string]any{"name": "Riverside Families Hub"}}, &key)
	w.partnerKey = key.CreateAPIKey.Secret
	w.keyEvent = c.AuditEvent.Query().Where(auditevent.Action("api_key.created")).OnlyIDX(ctx)
	a.MustQueryAs(t, w.tokens[actorAdmin], createKey, map[string]any{"input": map[string]any{"name": "Old Partner Site"}}, &key)
	w.targetKey = uuid.MustParse(key.CreateAPIKey.APIKey.ID)
	return w
}

// shared gives a new service the lead, content manager and commissioner of
// the content under test.
func (w *matrixWorld) shared(create *ent.ServiceCreate) *ent.ServiceCreate {
	return create.SetLead(w.users[actorLead]).AddContentManagers(w.users[actorContentManager]).SetCommissioner(w.users[actorCommissioner])
}

// post sends a GraphQL document as the actor: with their bearer token, with
// the partner's API key, or with no credentials.
func (w *matrixWorld) post(t *testing.T, actor, document string, variables map[string]any) (int, apptest.Response) {
	t.Helper()
	header := http.Header{}
	switch actor {
	case actorAnonymous:
	case actorPartner:
		header.Set("X-Api-Key", w.partnerKey)
	default:
		header = apptest.Bearer(w.tokens[actor])
	}
	return w.app.Post(t, document, variables, header)
}

// id returns the actor's user id. The anonymous public and the partner have
// none, so they are given the lead's.
func (w *matrixWorld) id(actor string) uuid.UUID {
	if u, ok := w.users[actor]; ok {
		return u.ID
	}
	return w.users[actorLead].ID
}

// newUser creates an active provider with no content, to name as a new lead
// or commissioner, or to sign in as.
func (w *matrixWorld) newUser(t *testing.T) *ent.User {
	t.Helper()
	w.lastUser = w.app.CreateUser(t, user.RoleProvider, user.StatusActive)
	return w.lastUser
}

// emailFor returns an address that no account has yet, unique to the actor
// and the row.
func emailFor(actor, purpose string) string {
	return purpose + "." + strings.ReplaceAll(strings.ToLower(actor), " ", "-") + "@example.org"
}

// snapshot describes every row a mutation of the matrix could change, with
// the columns that change on every request (session and key last use) left
// out, so that two snapshots differ only when something was written.
func (w *matrixWorld) snapshot(t *testing.T) string {
	t.Helper()
	ctx := w.app.SystemContext()
	c := w.app.Client
	var lines []string

	for _, u := range c.User.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("user %s %s %s %s %s %t", u.ID, u.Email, u.Name, u.Role, u.Status, u.PasswordHash != ""))
	}
	for _, s := range c.Service.Query().WithContentManagers().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("service %s %s %v %v %v", s.ID, s.Status, s.LeadID, s.CommissionerID, userIDs(s.Edges.ContentManagers)))
	}
	for _, p := range c.InformationPage.Query().WithContentManagers().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("page %s %s %v %v %v", p.ID, p.Status, p.LeadID, p.CommissionerID, userIDs(p.Edges.ContentManagers)))
	}
	for _, p := range c.ProviderApplication.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("application %s %s", p.ID, p.State))
	}
	for _, r := range c.OwnershipReport.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("report %s %s", r.ID, r.State))
	}
	for _, k := range c.APIKey.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("api key %s %v", k.ID, k.RevokedAt))
	}
	for _, term := range c.TaxonomyTerm.Query().WithServices().WithLocations().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("taxonomy term %s %q %s %v %d %t %d %d", term.ID, term.Name, term.Slug, term.ParentID,
			term.Position, term.Retired, len(term.Edges.Services), len(term.Edges.Locations)))
	}
	for _, o := range c.Organization.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("organization %s trusted %t", o.ID, o.Trusted))
	}
	for _, cr := range c.ChangeRequest.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("change request %s %s %s %d %s %v", cr.ID, cr.Kind, cr.State, cr.BaseVersion, cr.Proposed, cr.CheckedAt))
	}
	for _, s := range c.Service.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("service content %s v%d %q %q", s.ID, s.Version, s.Name, s.Summary))
	}
	for _, p := range c.InformationPage.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("page content %s v%d %q %q", p.ID, p.Version, p.Title, p.Body))
	}
	for _, s := range c.Session.Query().Where(session.RevokedAtIsNil()).AllX(ctx) {
		lines = append(lines, fmt.Sprintf("session %s", s.ID))
	}

	for _, more := range moreSnapshotLines {
		lines = append(lines, more(t, w)...)
	}
	lines = append(lines,
		fmt.Sprintf("organizations %d", c.Organization.Query().CountX(ctx)),
		fmt.Sprintf("revisions %d", c.Revision.Query().CountX(ctx)),
		fmt.Sprintf("taxonomies %d", c.Taxonomy.Query().CountX(ctx)),
		fmt.Sprintf("audit events %d", c.AuditEvent.Query().CountX(ctx)),
		fmt.Sprintf("emails %d", c.Notification.Query().CountX(ctx)),
	)

	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func userIDs(users []*ent.User) []string {
	ids := []string{}
	for _, u := range users {
		ids = append(ids, u.ID.String())
	}
	sort.Strings(ids)
	return ids
}

// reloadService reads a service with its content managers, past the privacy
// rules.
func (w *matrixWorld) reloadService(t *testing.T, id uuid.UUID) *ent.Service {
	t.Helper()
	return w.app.Client.Service.Query().Where(service.ID(id)).WithContentManagers().OnlyX(w.app.SystemContext())
}

func (w *matrixWorld) reloadPage(t *testing.T, id uuid.UUID) *ent.InformationPage {
	t.Helper()
	return w.app.Client.InformationPage.Query().Where(informationpage.ID(id)).WithContentManagers().OnlyX(w.app.SystemContext())
}

func (w *matrixWorld) reloadUser(t *testing.T, id uuid.UUID) *ent.User {
	t.Helper()
	return w.app.Client.User.GetX(w.app.SystemContext(), id)
}

// wantAudit fails unless exactly one audit event of the action is about the
// object.
func (w *matrixWorld) wantAudit(t *testing.T, action string, object uuid.UUID) {
	t.Helper()
	n := w.app.Client.AuditEvent.Query().Where(auditevent.Action(action), auditevent.ObjectID(object)).CountX(w.app.SystemContext())
	if n != 1 {
		t.Errorf("%s audit events about %s = %d, want 1", action, object, n)
	}
}

// wantAuditNaming is wantAudit for actions that several successes in one
// world write about the same object: it counts only the events whose detail
// names the user the cell acted on.
func (w *matrixWorld) wantAuditNaming(t *testing.T, action string, object, named uuid.UUID) {
	t.Helper()
	n := w.app.Client.AuditEvent.Query().
		Where(auditevent.Action(action), auditevent.ObjectID(object), auditevent.DetailContains(named.String())).
		CountX(w.app.SystemContext())
	if n != 1 {
		t.Errorf("%s audit events about %s naming %s = %d, want 1", action, object, named, n)
	}
}

// wantEmail fails unless the outbox has exactly one email of the template to
// the recipient, and returns its body.
func (w *matrixWorld) wantEmail(t *testing.T, template, recipient string) string {
	t.Helper()
	rows := w.app.Client.Notification.Query().
		Where(notification.Template(template), notification.Recipient(strings.ToLower(recipient))).
		AllX(w.app.SystemContext())
	if len(rows) != 1 {
		t.Errorf("%s emails to %s = %d, want 1", template, recipient, len(rows))
		return ""
	}
	return rows[0].Body
}

// linkTokenIn returns the token of the one-time link in the newest email of a
// template to a recipient.
var linkTokenIn = regexp.MustCompile(`\?token=([A-Za-z0-9_-]+)`)

func (w *matrixWorld) linkToken(t *testing.T, template, recipient string) string {
	t.Helper()
	n := w.app.Client.Notification.Query().
		Where(notification.Template(template), notification.Recipient(recipient)).
		Order(ent.Desc(notification.FieldID)).
		FirstX(w.app.SystemContext())
	match := linkTokenIn.FindStringSubmatch(n.Body)
	if match == nil {
		t.Fatalf("no link in the %s email to %s:\n%s", template, recipient, n.Body)
	}
	return match[1]
}

// mutationRow is one mutation, on one kind of ownership where that matters,
// as every actor.
type mutationRow struct {
	name string
	// field is the Mutation field the row covers.
	field     string
	document  string
	variables func(t *testing.T, w *matrixWorld, actor string) map[string]any
	// want maps every actor to the expected outcome.
	want map[string]string
	// isolated gives each success a fresh world, because successes act on
	// the same record and the first would change what the next one finds.
	// Without it, every cell of the row runs in one world: refusals first,
	// then successes, each on targets of its own.
	isolated bool
	// succeeded checks the key side effects of the actor's success.
	succeeded func(t *testing.T, w *matrixWorld, actor string)
}

// Outcomes of the content operations that only LO officers may perform: on
// content that is not published, only its lead, content manager and
// commissioner can read it besides the LO team.
var (
	officersOnPending = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: forbidden, actorLead: forbidden,
		actorOtherLead: notFound, actorCommissioner: forbidden, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
	}
	officersOnPublished = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: forbidden, actorContentManager: forbidden, actorLead: forbidden,
		actorOtherLead: forbidden, actorCommissioner: forbidden, actorOfficer: allowed, actorAdmin: allowed, actorPartner: forbidden,
	}
	leadOnPending = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: forbidden, actorLead: allowed,
		actorOtherLead: notFound, actorCommissioner: forbidden, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
	}
	leadOnPublished = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: forbidden, actorContentManager: forbidden, actorLead: allowed,
		actorOtherLead: forbidden, actorCommissioner: forbidden, actorOfficer: allowed, actorAdmin: allowed, actorPartner: forbidden,
	}
	everyone = map[string]string{
		actorAnonymous: allowed, actorApplicant: allowed, actorContentManager: allowed, actorLead: allowed,
		actorOtherLead: allowed, actorCommissioner: allowed, actorOfficer: allowed, actorAdmin: allowed, actorPartner: allowed,
	}
	// adminOnly is the outcome of changing an account, by role or status:
	// providers can read only their own and their colleagues' accounts
	// (commissioners only their own), LO officers every account.
	//
	// A partner API key is a credential that reads no accounts, so the
	// account is not found for it.
	adminOnlyOnLead = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: forbidden, actorLead: forbidden,
		actorOtherLead: notFound, actorCommissioner: notFound, actorOfficer: forbidden, actorAdmin: allowed, actorPartner: notFound,
	}
)

// with returns a copy of outcomes with some actors' outcomes replaced.
func with(outcomes map[string]string, changes map[string]string) map[string]string {
	out := map[string]string{}
	for actor, outcome := range outcomes {
		out[actor] = outcome
	}
	for actor, outcome := range changes {
		out[actor] = outcome
	}
	return out
}

func input(fields map[string]any) map[string]any {
	return map[string]any{"input": fields}
}

// leadRows returns the setServiceLead, setServiceCommissioner and their
// information page counterparts on published and pending records.
func leadRows() []mutationRow {
	type target struct {
		kind   string
		record func(w *matrixWorld) uuid.UUID
		want   map[string]string
	}
	leadOf := func(t *testing.T, w *matrixWorld, id uuid.UUID) *uuid.UUID {
		if s, err := w.app.Client.Service.Get(w.app.SystemContext(), id); err == nil {
			return s.LeadID
		}
		return w.reloadPage(t, id).LeadID
	}
	commissionerOf := func(t *testing.T, w *matrixWorld, id uuid.UUID) *uuid.UUID {
		if s, err := w.app.Client.Service.Get(w.app.SystemContext(), id); err == nil {
			return s.CommissionerID
		}
		return w.reloadPage(t, id).CommissionerID
	}
	var rows []mutationRow
	for _, mutation := range []struct {
		field, inputType, payload, idField, auditAction string
		page, lead                                      bool
	}{
		{"setServiceLead", "SetServiceLeadInput", "service", "serviceId", "service.lead_changed", false, true},
		{"setServiceCommissioner", "SetServiceCommissionerInput", "service", "serviceId", "service.commissioner_changed", false, false},
		{"setInformationPageLead", "SetInformationPageLeadInput", "informationPage", "informationPageId", "information_page.lead_changed", true, true},
		{"setInformationPageCommissioner", "SetInformationPageCommissionerInput", "informationPage", "informationPageId", "information_page.commissioner_changed", true, false},
	} {
		targets := []target{
			{kind: "pending", record: func(w *matrixWorld) uuid.UUID { return w.pending.ID }, want: officersOnPending},
			{kind: "published", record: func(w *matrixWorld) uuid.UUID { return w.published.ID }, want: officersOnPublished},
		}
		if mutation.page {
			targets[0].record = func(w *matrixWorld) uuid.UUID { return w.pendingPage.ID }
			targets[1].record = func(w *matrixWorld) uuid.UUID { return w.publishedPage.ID }
		}
		current := commissionerOf
		if mutation.lead {
			current = leadOf
		}
		for _, tg := range targets {
			mutation, tg := mutation, tg
			rows = append(rows, mutationRow{
				name:     mutation.field + " on " + tg.kind + " content",
				field:    mutation.field,
				document: fmt.Sprintf(`mutation($input: %s!) { %s(input: $input) { %s { id } } }`, mutation.inputType, mutation.field, mutation.payload),
				variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
					return input(map[string]any{mutation.idField: tg.record(w), "userId": w.newUser(t).ID})
				},
				want:     tg.want,
				isolated: true,
				succeeded: func(t *testing.T, w *matrixWorld, actor string) {
					id := tg.record(w)
					got := current(t, w, id)
					if got == nil || *got != w.lastUser.ID {
						t.Errorf("%s of %s = %v, want the user named, %s", mutation.field, id, got, w.lastUser.ID)
					}
					w.wantAuditNaming(t, mutation.auditAction, id, w.lastUser.ID)
					if mutation.lead {
						w.wantEmail(t, "lead_assigned", w.lastUser.Email)
					}
				},
			})
		}
	}
	return rows
}

func mutationRows() []mutationRow {
	rows := []mutationRow{
		{
			name:     "login",
			field:    "login",
			document: loginMutation,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return map[string]any{"email": w.newUser(t).Email, "password": apptest.Password}
			},
			want: everyone,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				newest := w.lastUser
				if n := w.app.Client.Session.Query().Where(session.UserID(newest.ID)).CountX(w.app.SystemContext()); n != 1 {
					t.Errorf("sessions of %s = %d, want 1", newest.Email, n)
				}
				w.wantAudit(t, "user.sign_in", newest.ID)
			},
		},
		{
			name:      "logout",
			field:     "logout",
			document:  `mutation { logout { ok } }`,
			variables: func(*testing.T, *matrixWorld, string) map[string]any { return nil },
			// The partner has no session to end.
			want: with(everyone, map[string]string{actorAnonymous: unauthenticated, actorPartner: unauthenticated}),
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if status, _ := w.post(t, actor, meQuery, nil); status != http.StatusUnauthorized {
					t.Errorf("token after logout: status %d, want 401", status)
				}
				w.wantAudit(t, "user.sign_out", w.users[actor].ID)
			},
		},
		{
			name:     "inviteUser as a provider",
			field:    "inviteUser",
			document: inviteMutation,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return map[string]any{"email": emailFor(actor, "invited"), "name": "Invited Person", "role": "PROVIDER"}
			},
			want: map[string]string{
				actorAnonymous: unauthenticated, actorApplicant: forbidden, actorContentManager: forbidden, actorLead: forbidden,
				actorOtherLead: forbidden, actorCommissioner: forbidden, actorOfficer: allowed, actorAdmin: allowed,
				actorPartner: forbidden,
			},
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				email := emailFor(actor, "invited")
				u := w.app.Client.User.Query().Where(user.Email(email)).OnlyX(w.app.SystemContext())
				if u.Status != user.StatusInvited || u.Role != user.RoleProvider {
					t.Errorf("invited account %s is %s %s, want an invited provider", email, u.Status, u.Role)
				}
				w.wantEmail(t, "invitation", email)
				w.wantAudit(t, "user.invited", u.ID)
			},
		},
		{
			name:     "acceptInvitation",
			field:    "acceptInvitation",
			document: acceptMutation,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				email := emailFor(actor, "accepting")
				_, err := auth.Invite(w.app.SystemContext(), w.app.Client, apptest.PublicURL, auth.Invitation{Email: email, Role: user.RoleProvider})
				if err != nil {
					t.Fatalf("invite %s: %v", email, err)
				}
				return map[string]any{"token": w.linkToken(t, "invitation", email), "password": "a brand new passphrase"}
			},
			want: everyone,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				u := w.app.Client.User.Query().Where(user.Email(emailFor(actor, "accepting"))).OnlyX(w.app.SystemContext())
				if u.Status != user.StatusActive {
					t.Errorf("status after accepting = %s, want ACTIVE", u.Status)
				}
				w.wantAudit(t, "user.invitation_accepted", u.ID)
			},
		},
		{
			name:     "requestPasswordReset",
			field:    "requestPasswordReset",
			document: requestResetMutation,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return map[string]any{"email": w.newUser(t).Email}
			},
			want: everyone,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				newest := w.lastUser
				w.wantEmail(t, "password_reset", newest.Email)
			},
		},
		{
			name:     "resetPassword",
			field:    "resetPassword",
			document: resetMutation,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				u := w.newUser(t)
				if err := w.app.Auth.RequestPasswordReset(w.app.SystemContext(), u.Email); err != nil {
					t.Fatalf("request reset for %s: %v", u.Email, err)
				}
				return map[string]any{"token": w.linkToken(t, "password_reset", u.Email), "password": "my new long passphrase"}
			},
			want: everyone,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				newest := w.lastUser
				w.wantAudit(t, "user.password_reset", newest.ID)
			},
		},
		{
			name:     "signUpProvider",
			field:    "signUpProvider",
			document: `mutation($input: SignUpProviderInput!) { signUpProvider(input: $input) { applicationId state } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{
					"name": "Ash Applicant", "email": emailFor(actor, "signup"), "organizationName": "Hilltop Riding",
					"serviceName": "Hilltop Riding Club", "inclusionBasis": "VOLUNTARY", "reason": "Riding for disabled children.",
				})
			},
			want: everyone,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				email := emailFor(actor, "signup")
				u := w.app.Client.User.Query().Where(user.Email(email)).OnlyX(w.app.SystemContext())
				if u.Status != user.StatusPendingApproval {
					t.Errorf("applicant status = %s, want PENDING_APPROVAL", u.Status)
				}
				applications := w.app.Client.ProviderApplication.Query().
					Where(providerapplication.ApplicantID(u.ID), providerapplication.StateEQ(providerapplication.StatePending)).
					CountX(w.app.SystemContext())
				if applications != 1 {
					t.Errorf("pending applications of %s = %d, want 1", email, applications)
				}
				w.wantEmail(t, "provider_application_received", email)
			},
		},
		{
			name:     "approveProviderApplication",
			field:    "approveProviderApplication",
			document: `mutation($input: ApproveProviderApplicationInput!) { approveProviderApplication(input: $input) { application { state } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.application.ID})
			},
			want: map[string]string{
				actorAnonymous: unauthenticated, actorApplicant: forbidden, actorContentManager: notFound, actorLead: notFound,
				actorOtherLead: notFound, actorCommissioner: notFound, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
			},
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				ctx := w.app.SystemContext()
				application := w.app.Client.ProviderApplication.GetX(ctx, w.application.ID)
				if application.State != providerapplication.StateApproved || application.ServiceID == nil {
					t.Fatalf("application = %s with service %v, want APPROVED with a service", application.State, application.ServiceID)
				}
				created := w.app.Client.Service.GetX(ctx, *application.ServiceID)
				if created.Status != service.StatusPending || created.LeadID == nil || *created.LeadID != w.users[actorApplicant].ID {
					t.Errorf("created service is %s led by %v, want PENDING led by the applicant", created.Status, created.LeadID)
				}
				if got := w.reloadUser(t, w.users[actorApplicant].ID).Status; got != user.StatusInvited {
					t.Errorf("applicant status = %s, want INVITED", got)
				}
				w.wantAudit(t, "provider_application.approved", w.application.ID)
			},
		},
		{
			name:     "declineProviderApplication",
			field:    "declineProviderApplication",
			document: `mutation($input: DeclineProviderApplicationInput!) { declineProviderApplication(input: $input) { application { state } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.application.ID, "reason": "The service is not for children with SEND."})
			},
			want: map[string]string{
				actorAnonymous: unauthenticated, actorApplicant: forbidden, actorContentManager: notFound, actorLead: notFound,
				actorOtherLead: notFound, actorCommissioner: notFound, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
			},
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if got := w.app.Client.ProviderApplication.GetX(w.app.SystemContext(), w.application.ID).State; got != providerapplication.StateDeclined {
					t.Errorf("application state = %s, want DECLINED", got)
				}
				if got := w.reloadUser(t, w.users[actorApplicant].ID).Status; got != user.StatusDeclined {
					t.Errorf("applicant status = %s, want DECLINED", got)
				}
				w.wantAudit(t, "provider_application.declined", w.application.ID)
			},
		},
		{
			name:     "transferOwnership of a listed pending service",
			field:    "transferOwnership",
			document: `mutation($input: TransferOwnershipInput!) { transferOwnership(input: $input) { services { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"fromUserId": w.users[actorLead].ID, "toUserId": w.newUser(t).ID, "serviceIds": []uuid.UUID{w.pending.ID}})
			},
			want:     officersOnPending,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				newest := w.lastUser
				if got := w.reloadService(t, w.pending.ID).LeadID; got == nil || *got != newest.ID {
					t.Errorf("pending service lead = %v, want %s", got, newest.ID)
				}
				if got := w.reloadService(t, w.published.ID).LeadID; got == nil || *got != w.users[actorLead].ID {
					t.Errorf("published service lead = %v, want it unchanged", got)
				}
				w.wantAudit(t, "service.lead_changed", w.pending.ID)
			},
		},
		{
			name:     "transferOwnership of everything a user leads",
			field:    "transferOwnership",
			document: `mutation($input: TransferOwnershipInput!) { transferOwnership(input: $input) { services { id } informationPages { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"fromUserId": w.users[actorLead].ID, "toUserId": w.newUser(t).ID})
			},
			// Only LO officers may move content without listing it.
			want:     officersOnPublished,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				ctx := w.app.SystemContext()
				left := w.app.Client.Service.Query().Where(service.LeadID(w.users[actorLead].ID)).CountX(ctx) +
					w.app.Client.InformationPage.Query().Where(informationpage.LeadID(w.users[actorLead].ID)).CountX(ctx)
				if left != 0 {
					t.Errorf("records still led by the old lead = %d, want 0", left)
				}
				w.wantEmail(t, "lead_assigned", w.lastUser.Email)
			},
		},
		{
			name:     "removeContentManager from a pending service",
			field:    "removeContentManager",
			document: `mutation($input: RemoveContentManagerInput!) { removeContentManager(input: $input) { service { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"serviceId": w.pending.ID, "userId": w.users[actorContentManager].ID})
			},
			want:     leadOnPending,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if got := userIDs(w.reloadService(t, w.pending.ID).Edges.ContentManagers); len(got) != 0 {
					t.Errorf("content managers = %v, want none", got)
				}
				w.wantAudit(t, "service.content_manager_removed", w.pending.ID)
			},
		},
		{
			name:     "removeContentManager from a published page",
			field:    "removeContentManager",
			document: `mutation($input: RemoveContentManagerInput!) { removeContentManager(input: $input) { informationPage { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"informationPageId": w.publishedPage.ID, "userId": w.users[actorContentManager].ID})
			},
			want:     leadOnPublished,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if got := userIDs(w.reloadPage(t, w.publishedPage.ID).Edges.ContentManagers); len(got) != 0 {
					t.Errorf("content managers = %v, want none", got)
				}
				w.wantAudit(t, "information_page.content_manager_removed", w.publishedPage.ID)
			},
		},
		{
			name:     "resolveOwnershipReport",
			field:    "resolveOwnershipReport",
			document: `mutation($input: ResolveOwnershipReportInput!) { resolveOwnershipReport(input: $input) { report { state } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.report.ID, "resolution": "Checked with the trust."})
			},
			// The reporter can read their own report but not resolve it.
			want: map[string]string{
				actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: forbidden, actorLead: notFound,
				actorOtherLead: notFound, actorCommissioner: notFound, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
			},
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if got := w.app.Client.OwnershipReport.GetX(w.app.SystemContext(), w.report.ID).State; got != ownershipreport.StateResolved {
					t.Errorf("report state = %s, want RESOLVED", got)
				}
				w.wantEmail(t, "ownership_report_resolved", w.users[actorContentManager].Email)
				w.wantAudit(t, "ownership_report.resolved", w.report.ID)
			},
		},
		{
			name:     "createApiKey",
			field:    "createApiKey",
			document: createKey,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"name": "Key for " + actor})
			},
			want: map[string]string{
				actorAnonymous: unauthenticated, actorApplicant: forbidden, actorContentManager: forbidden, actorLead: forbidden,
				actorOtherLead: forbidden, actorCommissioner: forbidden, actorOfficer: forbidden, actorAdmin: allowed, actorPartner: forbidden,
			},
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				ctx := w.app.SystemContext()
				keys := w.app.Client.APIKey.Query().AllX(ctx)
				var id uuid.UUID
				for _, k := range keys {
					if k.Name == "Key for "+actor {
						id = k.ID
					}
				}
				if id == uuid.Nil {
					t.Fatalf("no key named for %s", actor)
				}
				w.wantAudit(t, "api_key.created", id)
			},
		},
		{
			name:     "revokeApiKey",
			field:    "revokeApiKey",
			document: revokeKey,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return map[string]any{"id": w.targetKey}
			},
			want: map[string]string{
				actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: notFound, actorLead: notFound,
				actorOtherLead: notFound, actorCommissioner: notFound, actorOfficer: notFound, actorAdmin: allowed, actorPartner: notFound,
			},
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if w.app.Client.APIKey.GetX(w.app.SystemContext(), w.targetKey).RevokedAt == nil {
					t.Error("key not revoked")
				}
				w.wantAudit(t, "api_key.revoked", w.targetKey)
			},
		},
		{
			name:     "updateUser renames self",
			field:    "updateUser",
			document: updateUserMutation,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.id(actor), "name": "Renamed by " + actor})
			},
			// A pending applicant may read their account but not change it
			// until the application is decided.
			want: with(everyone, map[string]string{
				actorAnonymous: unauthenticated, actorApplicant: forbidden,
				actorPartner: notFound,
			}),
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if got := w.reloadUser(t, w.id(actor)).Name; got != "Renamed by "+actor {
					t.Errorf("name = %q, want %q", got, "Renamed by "+actor)
				}
				w.wantAudit(t, "user.renamed", w.id(actor))
			},
		},
		{
			name:     "updateUser renames the content manager",
			field:    "updateUser",
			document: updateUserMutation,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.users[actorContentManager].ID, "name": "Renamed by " + actor})
			},
			want:     with(adminOnlyOnLead, map[string]string{actorContentManager: allowed, actorLead: forbidden}),
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if got := w.reloadUser(t, w.users[actorContentManager].ID).Name; got != "Renamed by "+actor {
					t.Errorf("name = %q, want %q", got, "Renamed by "+actor)
				}
			},
		},
		{
			name:     "updateUser changes the lead's role",
			field:    "updateUser",
			document: updateUserMutation,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.users[actorLead].ID, "role": "LO_OFFICER"})
			},
			want: adminOnlyOnLead,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if got := w.reloadUser(t, w.users[actorLead].ID).Role; got != user.RoleLOOfficer {
					t.Errorf("role = %s, want LO_OFFICER", got)
				}
				w.wantAudit(t, "user.role_changed", w.users[actorLead].ID)
			},
		},
		{
			name:     "updateUser disables the other lead",
			field:    "updateUser",
			document: updateUserMutation,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.users[actorOtherLead].ID, "status": "DISABLED"})
			},
			// Nobody but the other lead and the LO team can read that account.
			want: with(adminOnlyOnLead, map[string]string{actorContentManager: notFound, actorLead: notFound, actorOtherLead: forbidden}),
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if got := w.reloadUser(t, w.users[actorOtherLead].ID).Status; got != user.StatusDisabled {
					t.Errorf("status = %s, want DISABLED", got)
				}
				if status, _ := w.post(t, actorOtherLead, meQuery, nil); status != http.StatusUnauthorized {
					t.Errorf("disabled user's token: status %d, want 401", status)
				}
				w.wantAudit(t, "user.disabled", w.users[actorOtherLead].ID)
			},
		},
	}

	rows = append(rows, leadRows()...)
	for _, target := range []struct {
		kind, idField, payload string
		record                 func(w *matrixWorld) uuid.UUID
		want                   map[string]string
		auditAction            string
	}{
		{"pending service", "serviceId", "service", func(w *matrixWorld) uuid.UUID { return w.pending.ID }, leadOnPending, "service.content_manager_added"},
		{"published service", "serviceId", "service", func(w *matrixWorld) uuid.UUID { return w.published.ID }, leadOnPublished, "service.content_manager_added"},
		{"published page", "informationPageId", "informationPage", func(w *matrixWorld) uuid.UUID { return w.publishedPage.ID }, leadOnPublished, "information_page.content_manager_added"},
	} {
		target := target
		rows = append(rows, mutationRow{
			name:     "addContentManager to a " + target.kind,
			field:    "addContentManager",
			document: `mutation($input: AddContentManagerInput!) { addContentManager(input: $input) { user { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{target.idField: target.record(w), "email": emailFor(actor, "manager"), "name": "New Manager"})
			},
			want: target.want,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				ctx := w.app.SystemContext()
				email := emailFor(actor, "manager")
				u := w.app.Client.User.Query().Where(user.Email(email)).OnlyX(ctx)
				var managers []string
				if target.idField == "serviceId" {
					managers = userIDs(w.reloadService(t, target.record(w)).Edges.ContentManagers)
				} else {
					managers = userIDs(w.reloadPage(t, target.record(w)).Edges.ContentManagers)
				}
				if !slices.Contains(managers, u.ID.String()) {
					t.Errorf("content managers %v do not include %s", managers, email)
				}
				w.wantEmail(t, "invitation", email)
				n := w.app.Client.AuditEvent.Query().
					Where(auditevent.Action(target.auditAction), auditevent.ObjectID(target.record(w)), auditevent.DetailContains(u.ID.String())).
					CountX(ctx)
				if n != 1 {
					t.Errorf("%s audit events for %s = %d, want 1", target.auditAction, email, n)
				}
			},
		})
	}
	for _, target := range []struct {
		kind, idField string
		record        func(w *matrixWorld) uuid.UUID
		want          map[string]string
	}{
		{"pending service", "serviceId", func(w *matrixWorld) uuid.UUID { return w.pending.ID }, with(leadOnPending, map[string]string{actorContentManager: allowed})},
		{"published page", "informationPageId", func(w *matrixWorld) uuid.UUID { return w.publishedPage.ID }, with(leadOnPublished, map[string]string{actorContentManager: allowed})},
	} {
		target := target
		rows = append(rows, mutationRow{
			name:     "reportOwnership of a " + target.kind,
			field:    "reportOwnership",
			document: `mutation($input: ReportOwnershipInput!) { reportOwnership(input: $input) { report { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{target.idField: target.record(w), "kind": "NO_LONGER_LEAD"})
			},
			want: target.want,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				reports := w.app.Client.OwnershipReport.Query().Where(ownershipreport.ReporterID(w.users[actor].ID), ownershipreport.Or(
					ownershipreport.ServiceID(target.record(w)), ownershipreport.InformationPageID(target.record(w)),
				)).AllX(w.app.SystemContext())
				if len(reports) != 1 {
					t.Fatalf("reports by %s on the %s = %d, want 1", actor, target.kind, len(reports))
				}
				w.wantAudit(t, "ownership_report.created", reports[0].ID)
			},
		})
	}
	for _, more := range moreMutationRows {
		rows = append(rows, more()...)
	}
	return rows
}

// moreMutationRows lets each domain's test file add the rows of its own
// mutations from an init function, so the matrix grows without one file
// holding every domain.
var moreMutationRows []func() []mutationRow

// moreSnapshotLines lets each domain's test file describe the rows of its
// own tables in snapshot, so that a refused mutation is seen to change none
// of them.
var moreSnapshotLines []func(t *testing.T, w *matrixWorld) []string

// TestAuthzMatrixCoversEveryMutation fails when a mutation of the schema has
// no row in the matrix, or a row has no outcome for an actor.
func TestAuthzMatrixCoversEveryMutation(t *testing.T) {
	covered := map[string]bool{}
	for _, row := range mutationRows() {
		covered[row.field] = true
		for _, actor := range matrixActors {
			if _, ok := row.want[actor]; !ok {
				t.Errorf("row %q has no outcome for %s", row.name, actor)
			}
		}
	}
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	for _, field := range schema.Mutation.Fields {
		if strings.HasPrefix(field.Name, "__") {
			continue
		}
		if !covered[field.Name] {
			t.Errorf("mutation %s has no row in the authorization matrix: add one for every actor", field.Name)
		}
		delete(covered, field.Name)
	}
	for field := range covered {
		t.Errorf("matrix row for %s, which is not a mutation of the schema", field)
	}
}

// TestAuthzMatrixMutations runs every mutation row as every actor. A row runs
// its refusals first, in one world, and checks that each changed nothing at
// all. Each success is then checked for its key side effects.
func TestAuthzMatrixMutations(t *testing.T) {
	t.Parallel()
	for _, row := range mutationRows() {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			w := newMatrixWorld(t)
			var successes []string
			for _, actor := range matrixActors {
				if row.want[actor] != allowed {
					t.Run(actor, func(t *testing.T) { runRefusal(t, w, row, actor) })
				} else {
					successes = append(successes, actor)
				}
			}
			for _, actor := range successes {
				t.Run(actor, func(t *testing.T) {
					world := w
					if row.isolated {
						t.Parallel()
						world = newMatrixWorld(t)
					}
					runSuccess(t, world, row, actor)
				})
			}
		})
	}
}

func runRefusal(t *testing.T, w *matrixWorld, row mutationRow, actor string) {
	variables := row.variables(t, w, actor)
	before := w.snapshot(t)

	_, res := w.post(t, actor, row.document, variables)

	want := row.want[actor]
	if len(res.Errors) != 1 || res.Errors[0].Code() != want {
		t.Fatalf("errors = %+v, want one %s", res.Errors, want)
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal(res.Data, &data); err == nil && data != nil && string(data[row.field]) != "null" {
		t.Errorf("data = %s, want no %s payload", res.Data, row.field)
	}
	if after := w.snapshot(t); after != before {
		t.Errorf("a refused %s changed the database:\nbefore:\n%s\nafter:\n%s", row.field, before, after)
	}
}

func runSuccess(t *testing.T, w *matrixWorld, row mutationRow, actor string) {
	variables := row.variables(t, w, actor)

	_, res := w.post(t, actor, row.document, variables)

	if len(res.Errors) > 0 {
		t.Fatalf("errors = %+v, want none", res.Errors)
	}
	row.succeeded(t, w, actor)
}

// readRow is one non-public read as every actor. The document's one
// top-level field is aliased "result", and summarize turns it into the value
// the row expects, such as a count, "found" or "null".
type readRow struct {
	name      string
	document  string
	id        func(w *matrixWorld) uuid.UUID
	summarize func(w *matrixWorld, actor string, result json.RawMessage) string
	// want maps every actor to the expected summary or error code.
	want map[string]string
}

// totalCount summarizes a connection by its totalCount.
func totalCount(_ *matrixWorld, _ string, result json.RawMessage) string {
	var connection struct {
		TotalCount *int `json:"totalCount"`
	}
	if err := json.Unmarshal(result, &connection); err != nil || connection.TotalCount == nil {
		return "unexpected " + string(result)
	}
	return fmt.Sprint(*connection.TotalCount)
}

// found summarizes a node as "found" or "null".
func found(_ *matrixWorld, _ string, result json.RawMessage) string {
	if string(result) == "null" {
		return "null"
	}
	return "found"
}

const (
	isFound = "found"
	isNull  = "null"
)

// nodeRow is a row for node(id) of a record that only the given readers can
// read; every other actor gets null with NOT_FOUND.
func nodeRow(name string, id func(w *matrixWorld) uuid.UUID, readers ...string) readRow {
	want := map[string]string{}
	for _, actor := range matrixActors {
		want[actor] = notFound
	}
	for _, actor := range readers {
		want[actor] = isFound
	}
	return readRow{name: "node of " + name, document: `query($id: ID!) { result: node(id: $id) { id } }`, id: id, summarize: found, want: want}
}

// byActor maps the actors, in the order of matrixActors, to the outcomes
// given.
func byActor(outcomes ...string) map[string]string {
	want := map[string]string{}
	for i, actor := range matrixActors {
		want[actor] = outcomes[i]
	}
	return want
}

func readRows() []readRow {
	// Columns, as in matrixActors: anonymous, applicant, content manager,
	// lead, other lead, commissioner, LO officer, LO admin, partner.
	return []readRow{
		{
			name:     "me",
			document: `{ result: me { id } }`,
			summarize: func(w *matrixWorld, actor string, result json.RawMessage) string {
				var me *struct{ ID uuid.UUID }
				if err := json.Unmarshal(result, &me); err != nil || me == nil {
					return string(result)
				}
				if u, ok := w.users[actor]; ok && u.ID == me.ID {
					return "self"
				}
				return "someone else"
			},
			want: byActor(isNull, "self", "self", "self", "self", "self", "self", "self", isNull),
		},
		{
			name: "outbox", document: `{ result: outbox { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, "1", forbidden),
		},
		{
			name: "apiKeys", document: `{ result: apiKeys { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, "2", forbidden),
		},
		{
			name: "auditEvents", document: `{ result: auditEvents(where: {objectType: "api_key"}) { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, "2", forbidden),
		},
		{
			// Everyone signed in sees their own applications; only the
			// applicant has one.
			name: "providerApplications", document: `{ result: providerApplications { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, "1", "0", "0", "0", "0", "1", "1", "0"),
		},
		{
			name: "ownershipReports", document: `{ result: ownershipReports { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, "0", "1", "0", "0", "0", "1", "1", "0"),
		},
		{
			name: "orphanedContent", document: `{ result: orphanedContent { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, forbidden, forbidden, forbidden, forbidden, forbidden, "1", "1", forbidden),
		},
		{
			// Providers see their own account and their colleagues': the
			// lead and the content manager share content, and the
			// commissioner of content they manage. A commissioner manages
			// nothing, so sees only their own account.
			name: "users", document: `{ result: users { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, "1", "3", "3", "1", "1", "7", "7", "0"),
		},
		{
			// Published (2) plus what the caller leads, manages or
			// commissions.
			name: "services totalCount", document: `{ result: services { totalCount } }`, summarize: totalCount,
			want: byActor("2", "2", "3", "4", "3", "3", "5", "5", "2"),
		},
		{
			// Meadow Lane Trust has only a pending service.
			name: "organizations totalCount", document: `{ result: organizations { totalCount } }`, summarize: totalCount,
			want: byActor("1", "1", "2", "2", "1", "2", "2", "2", "1"),
		},
		{
			// The lead leads three services; the content manager sees the
			// published one and the pending one they manage, not the
			// private one.
			name:     "ledServices of the lead",
			document: `query($id: ID!) { result: node(id: $id) { ... on User { ledServices { totalCount } } } }`,
			id:       func(w *matrixWorld) uuid.UUID { return w.users[actorLead].ID },
			summarize: func(w *matrixWorld, actor string, result json.RawMessage) string {
				var u struct {
					LedServices json.RawMessage `json:"ledServices"`
				}
				if err := json.Unmarshal(result, &u); err != nil {
					return string(result)
				}
				return totalCount(w, actor, u.LedServices)
			},
			want: byActor(notFound, notFound, "2", "3", notFound, notFound, "3", "3", notFound),
		},
		nodeRow("a pending service", func(w *matrixWorld) uuid.UUID { return w.pending.ID },
			actorContentManager, actorLead, actorCommissioner, actorOfficer, actorAdmin),
		nodeRow("the location of a pending service", func(w *matrixWorld) uuid.UUID { return w.pendingLocation.ID },
			actorContentManager, actorLead, actorCommissioner, actorOfficer, actorAdmin),
		nodeRow("a pending information page", func(w *matrixWorld) uuid.UUID { return w.pendingPage.ID },
			actorContentManager, actorLead, actorCommissioner, actorOfficer, actorAdmin),
		nodeRow("a service of another lead", func(w *matrixWorld) uuid.UUID { return w.otherService.ID },
			actorOtherLead, actorOfficer, actorAdmin),
		nodeRow("the lead's account", func(w *matrixWorld) uuid.UUID { return w.users[actorLead].ID },
			actorContentManager, actorLead, actorOfficer, actorAdmin),
		nodeRow("an API key", func(w *matrixWorld) uuid.UUID { return w.targetKey }, actorAdmin),
		nodeRow("an audit event", func(w *matrixWorld) uuid.UUID { return w.keyEvent }, actorAdmin),
		nodeRow("a provider application", func(w *matrixWorld) uuid.UUID { return w.application.ID },
			actorApplicant, actorOfficer, actorAdmin),
		nodeRow("an ownership report", func(w *matrixWorld) uuid.UUID { return w.report.ID },
			actorContentManager, actorOfficer, actorAdmin),
	}
}

// TestAuthzMatrixReads runs every non-public read as every actor, all in one
// world, because reads change nothing.
func TestAuthzMatrixReads(t *testing.T) {
	t.Parallel()
	w := newMatrixWorld(t)
	for _, row := range readRows() {
		t.Run(row.name, func(t *testing.T) {
			for _, actor := range matrixActors {
				want, ok := row.want[actor]
				if !ok {
					t.Fatalf("no outcome for %s", actor)
				}
				t.Run(actor, func(t *testing.T) {
					t.Parallel()
					var variables map[string]any
					if row.id != nil {
						variables = map[string]any{"id": row.id(w)}
					}
					_, res := w.post(t, actor, row.document, variables)
					var data struct {
						Result json.RawMessage `json:"result"`
					}
					_ = json.Unmarshal(res.Data, &data)

					switch want {
					case unauthenticated, forbidden, notFound:
						if len(res.Errors) != 1 || res.Errors[0].Code() != want {
							t.Fatalf("errors = %+v, want one %s", res.Errors, want)
						}
						if len(data.Result) > 0 && string(data.Result) != "null" {
							t.Errorf("result = %s, want null", data.Result)
						}
					default:
						if len(res.Errors) > 0 {
							t.Fatalf("errors = %+v, want none", res.Errors)
						}
						if got := row.summarize(w, actor, data.Result); got != want {
							t.Errorf("result %s = %s, want %s", data.Result, got, want)
						}
					}
				})
			}
		})
	}
}
