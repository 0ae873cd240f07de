package ownership_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
)

const transferDocument = `mutation($input: TransferOwnershipInput!) {
  transferOwnership(input: $input) { services { id } informationPages { id } }
}`

// TestTransferEverythingLed moves everything one lead leads to another user
// and records one audit event per record.
func TestTransferEverythingLed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var moved struct {
		TransferOwnership struct {
			Services         []struct{ ID uuid.UUID }
			InformationPages []struct{ ID uuid.UUID }
		}
	}
	f.mustQuery(t, officer, transferDocument, map[string]any{"input": map[string]any{
		"fromUserId": f.users[lead].ID, "toUserId": f.spare.ID,
	}}, &moved)

	if got := len(moved.TransferOwnership.Services); got != 2 {
		t.Errorf("services moved = %d, want 2", got)
	}
	if got := len(moved.TransferOwnership.InformationPages); got != 1 {
		t.Errorf("information pages moved = %d, want 1", got)
	}
	ctx := f.app.SystemContext()
	if n := f.app.Client.Service.Query().Where(service.LeadID(f.users[lead].ID)).CountX(ctx); n != 0 {
		t.Errorf("services still led by the old lead = %d, want 0", n)
	}
	if n := f.app.Client.InformationPage.Query().Where(informationpage.LeadID(f.spare.ID)).CountX(ctx); n != 1 {
		t.Errorf("information pages led by the new lead = %d, want 1", n)
	}
	if got := f.reloadService(t, f.otherService.ID).LeadID; got == nil || *got != f.users[otherLead].ID {
		t.Errorf("another lead's service moved too: lead %v", got)
	}
	for _, id := range []uuid.UUID{f.draft.ID, f.published.ID, f.page.ID} {
		if got := f.auditActions(t, id); len(got) != 1 || got[0] == "" {
			t.Errorf("audit events of %s = %v, want one lead change", id, got)
		}
	}
	if got := f.emails(t, f.spare.Email); !slices.Equal(got, []string{"lead_assigned"}) {
		t.Errorf("emails to the new lead = %v, want one lead_assigned", got)
	}
}

// TestTransferRejectsBadInput checks the input errors of transferOwnership.
func TestTransferRejectsBadInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	disabled := f.app.CreateUser(t, user.RoleProvider, user.StatusDisabled)
	cases := []struct {
		name  string
		input map[string]any
		code  string
		field string
	}{
		{"same user", map[string]any{"fromUserId": f.users[lead].ID, "toUserId": f.users[lead].ID}, "BAD_USER_INPUT", "input.toUserId"},
		{"disabled new lead", map[string]any{"fromUserId": f.users[lead].ID, "toUserId": disabled.ID}, "BAD_USER_INPUT", "input.toUserId"},
		{"unknown old lead", map[string]any{"fromUserId": uuid.Must(uuid.NewV7()), "toUserId": f.spare.ID}, "BAD_USER_INPUT", "input.fromUserId"},
		{"service led by someone else", map[string]any{
			"fromUserId": f.users[lead].ID, "toUserId": f.spare.ID, "serviceIds": []uuid.UUID{f.otherService.ID},
		}, "BAD_USER_INPUT", "input.serviceIds"},
		{"unknown service", map[string]any{
			"fromUserId": f.users[lead].ID, "toUserId": f.spare.ID, "serviceIds": []uuid.UUID{uuid.Must(uuid.NewV7())},
		}, "NOT_FOUND", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.query(t, officer, transferDocument, map[string]any{"input": c.input})
			if got := errorCode(res); got != c.code {
				t.Fatalf("code = %q, want %q; errors %+v", got, c.code, res.Errors)
			}
			if c.field != "" && res.Errors[0].Extensions["field"] != c.field {
				t.Errorf("field = %v, want %s", res.Errors[0].Extensions["field"], c.field)
			}
		})
	}
	if got := f.reloadService(t, f.draft.ID).LeadID; got == nil || *got != f.users[lead].ID {
		t.Errorf("draft lead = %v after rejected transfers, want unchanged", got)
	}

	res := f.query(t, lead, transferDocument, map[string]any{"input": map[string]any{"fromUserId": f.users[lead].ID, "toUserId": f.spare.ID}})
	if got := errorCode(res); got != forbidden {
		t.Errorf("provider transferring everything: code %q, want FORBIDDEN", got)
	}
}

// TestOrphanedContent lists content without a lead or with a disabled or
// declined lead, across services and pages and across pages of results.
func TestOrphanedContent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := f.app.SystemContext()
	org := f.draft.QueryOrganization().OnlyX(ctx)
	disabled := f.app.CreateUser(t, user.RoleProvider, user.StatusDisabled)
	declined := f.app.CreateUser(t, user.RoleProvider, user.StatusDeclined)

	noLead := f.app.Client.Service.Create().SetOrganization(org).SetName("Imported Swimming").SetSlug("imported-swimming").
		SetStatus(service.StatusPublished).SaveX(ctx)
	disabledLead := f.createService(t, org, "Disabled Lead Club", service.StatusPublished, disabled)
	declinedLead := f.createService(t, org, "Declined Lead Club", service.StatusDraft, declined)
	f.app.Client.Service.Create().SetOrganization(org).SetName("Archived Club").SetSlug("archived-club").
		SetStatus(service.StatusArchived).SaveX(ctx)
	page := f.app.Client.InformationPage.Create().SetTitle("Travel assistance").SetSlug("travel-assistance").
		SetBody("<p>Travel.</p>").SetStatus(informationpage.StatusPublished).SaveX(ctx)

	type item struct {
		Node struct {
			Service         *struct{ ID uuid.UUID }
			InformationPage *struct{ ID uuid.UUID }
			Reason          string
		}
		Cursor string
	}
	var got []item
	var after any
	for range 3 {
		var res struct {
			OrphanedContent struct {
				TotalCount int
				Edges      []item
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		f.mustQuery(t, officer, `query($after: Cursor) { orphanedContent(first: 2, after: $after) {
		  totalCount pageInfo { hasNextPage endCursor }
		  edges { cursor node { reason service { id } informationPage { id } } }
		} }`, map[string]any{"after": after}, &res)
		if res.OrphanedContent.TotalCount != 4 {
			t.Errorf("totalCount = %d, want 4", res.OrphanedContent.TotalCount)
		}
		got = append(got, res.OrphanedContent.Edges...)
		if !res.OrphanedContent.PageInfo.HasNextPage {
			break
		}
		after = res.OrphanedContent.PageInfo.EndCursor
	}

	want := []struct {
		id     uuid.UUID
		reason string
	}{
		{noLead.ID, "NO_LEAD"}, {disabledLead.ID, "LEAD_DISABLED"}, {declinedLead.ID, "LEAD_DECLINED"}, {page.ID, "NO_LEAD"},
	}
	if len(got) != len(want) {
		t.Fatalf("listed %d items, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		var id uuid.UUID
		switch {
		case got[i].Node.Service != nil:
			id = got[i].Node.Service.ID
		case got[i].Node.InformationPage != nil:
			id = got[i].Node.InformationPage.ID
		}
		if id != w.id || got[i].Node.Reason != w.reason {
			t.Errorf("item %d = %s %s, want %s %s", i, id, got[i].Node.Reason, w.id, w.reason)
		}
	}

	if code := errorCode(f.query(t, lead, `{ orphanedContent { totalCount } }`, nil)); code != forbidden {
		t.Errorf("provider: code %q, want FORBIDDEN", code)
	}
	if code := errorCode(f.query(t, anonymous, `{ orphanedContent { totalCount } }`, nil)); code != unauthenticated {
		t.Errorf("public: code %q, want UNAUTHENTICATED", code)
	}
}

const addManagerDocument = `mutation($input: AddContentManagerInput!) {
  addContentManager(input: $input) { service { id } user { id email status } }
}`

// TestAddContentManagerInvites invites an unknown email as a provider whose
// rights reach only the content they were added to.
func TestAddContentManagerInvites(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var added struct {
		AddContentManager struct {
			User struct {
				ID     uuid.UUID
				Email  string
				Status string
			}
		}
	}
	f.mustQuery(t, lead, addManagerDocument, map[string]any{"input": map[string]any{
		"serviceId": f.draft.ID, "email": " Alex.Green@Example.org ", "name": "Alex Green",
	}}, &added)
	invited := added.AddContentManager.User
	if invited.Email != "alex.green@example.org" || invited.Status != "INVITED" {
		t.Errorf("user = %+v, want an INVITED account for alex.green@example.org", invited)
	}
	if got := managerIDs(f.reloadService(t, f.draft.ID)); !slices.Contains(got, invited.ID) {
		t.Errorf("content managers = %v, want them to include the invited user", got)
	}
	if got := f.emails(t, invited.Email); !slices.Equal(got, []string{"invitation"}) {
		t.Errorf("emails = %v, want one invitation", got)
	}
	if u := f.app.Client.User.GetX(f.app.SystemContext(), invited.ID); u.Role != user.RoleProvider {
		t.Errorf("role = %s, want PROVIDER", u.Role)
	}

	// Once active, the new content manager can read the draft and nothing
	// else that is not published.
	f.app.Client.User.UpdateOneID(invited.ID).SetStatus(user.StatusActive).ExecX(f.app.SystemContext())
	token := f.app.SignIn(t, f.app.Client.User.GetX(f.app.SystemContext(), invited.ID))
	for id, want := range map[uuid.UUID]string{f.draft.ID: "", f.otherService.ID: notFound} {
		res := f.app.QueryAs(t, token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
		if got := errorCode(res); got != want {
			t.Errorf("node(%s) as the new content manager: code %q, want %q", id, got, want)
		}
	}

	// Adding them again changes nothing.
	f.mustQuery(t, lead, addManagerDocument, map[string]any{"input": map[string]any{"serviceId": f.draft.ID, "email": invited.Email}}, nil)
	if got := f.auditActions(t, f.draft.ID); len(got) != 1 {
		t.Errorf("audit events after adding twice = %v, want one", got)
	}
}

// TestAddContentManagerRejectsBadInput checks the accounts that cannot be
// content managers and malformed requests.
func TestAddContentManagerRejectsBadInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	disabled := f.app.CreateUser(t, user.RoleProvider, user.StatusDisabled)
	cases := []struct {
		name  string
		input map[string]any
		field string
	}{
		{"LO officer", map[string]any{"serviceId": f.draft.ID, "email": f.users[officer].Email}, "input.email"},
		{"disabled account", map[string]any{"serviceId": f.draft.ID, "email": disabled.Email}, "input.email"},
		{"the lead", map[string]any{"serviceId": f.draft.ID, "email": f.users[lead].Email}, "input.email"},
		{"invalid email", map[string]any{"serviceId": f.draft.ID, "email": "alex at example"}, "input.email"},
		{"no record", map[string]any{"email": f.spare.Email}, "input.serviceId"},
		{"both records", map[string]any{"serviceId": f.draft.ID, "informationPageId": f.page.ID, "email": f.spare.Email}, "input.serviceId"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.query(t, lead, addManagerDocument, map[string]any{"input": c.input})
			if got := errorCode(res); got != "BAD_USER_INPUT" {
				t.Fatalf("code = %q, want BAD_USER_INPUT; errors %+v", got, res.Errors)
			}
			if res.Errors[0].Extensions["field"] != c.field {
				t.Errorf("field = %v, want %s", res.Errors[0].Extensions["field"], c.field)
			}
		})
	}
	if got := managerIDs(f.reloadService(t, f.draft.ID)); len(got) != 1 {
		t.Errorf("content managers after rejected requests = %v, want only the fixture's", got)
	}
}

const reportDocument = `mutation($input: ReportOwnershipInput!) { reportOwnership(input: $input) { report { id state } } }`

// TestOwnershipReportResolvedWithNewLead follows a report from a content
// manager to an officer's resolution that names a new lead.
func TestOwnershipReportResolvedWithNewLead(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var reported struct {
		ReportOwnership struct {
			Report struct{ ID uuid.UUID }
		}
	}
	f.mustQuery(t, contentManager, reportDocument, map[string]any{"input": map[string]any{
		"serviceId": f.draft.ID, "kind": "NOT_THE_LEAD", "suggestedLead": f.spare.Email,
	}}, &reported)
	reportID := reported.ReportOwnership.Report.ID

	again := f.query(t, contentManager, reportDocument, map[string]any{"input": map[string]any{
		"serviceId": f.draft.ID, "kind": "NOT_THE_LEAD", "suggestedLead": f.spare.Email,
	}})
	if got := errorCode(again); got != "CONFLICT" {
		t.Errorf("second open report: code %q, want CONFLICT", got)
	}
	missing := f.query(t, lead, reportDocument, map[string]any{"input": map[string]any{"serviceId": f.draft.ID, "kind": "NOT_THE_LEAD"}})
	if got := errorCode(missing); got != "BAD_USER_INPUT" || missing.Errors[0].Extensions["field"] != "input.suggestedLead" {
		t.Errorf("NOT_THE_LEAD without a suggested lead: %+v, want BAD_USER_INPUT on suggestedLead", missing.Errors)
	}

	counts := map[string]int{contentManager: 1, lead: 0, officer: 1}
	for actor, want := range counts {
		var listed struct {
			OwnershipReports struct{ TotalCount int }
		}
		f.mustQuery(t, actor, `{ ownershipReports(state: OPEN) { totalCount } }`, nil, &listed)
		if listed.OwnershipReports.TotalCount != want {
			t.Errorf("%s sees %d open reports, want %d", actor, listed.OwnershipReports.TotalCount, want)
		}
	}

	var resolved struct {
		ResolveOwnershipReport struct {
			Report struct {
				State      string
				Resolution string
				Service    struct {
					Lead struct{ ID uuid.UUID }
				}
			}
		}
	}
	f.mustQuery(t, officer, `mutation($input: ResolveOwnershipReportInput!) {
	  resolveOwnershipReport(input: $input) { report { state resolution service { lead { id } } } }
	}`, map[string]any{"input": map[string]any{"id": reportID, "resolution": "Sam leads it now.", "newLeadId": f.spare.ID}}, &resolved)
	report := resolved.ResolveOwnershipReport.Report
	if report.State != "RESOLVED" || report.Resolution != "Sam leads it now." {
		t.Errorf("report = %+v, want RESOLVED with the resolution", report)
	}
	if report.Service.Lead.ID != f.spare.ID {
		t.Errorf("service lead = %s, want the new lead %s", report.Service.Lead.ID, f.spare.ID)
	}
	if got := f.auditActions(t, f.draft.ID); !slices.Equal(got, []string{"service.lead_changed"}) {
		t.Errorf("service audit = %v, want [service.lead_changed]", got)
	}
	if got := f.auditActions(t, reportID); !slices.Equal(got, []string{"ownership_report.created", "ownership_report.resolved"}) {
		t.Errorf("report audit = %v, want created then resolved", got)
	}
	if got := f.emails(t, f.users[contentManager].Email); !slices.Equal(got, []string{"ownership_report_resolved"}) {
		t.Errorf("emails to the reporter = %v, want [ownership_report_resolved]", got)
	}

	twice := f.query(t, officer, `mutation($id: ID!) { resolveOwnershipReport(input: {id: $id, resolution: "Again."}) { report { id } } }`,
		map[string]any{"id": reportID})
	if got := errorCode(twice); got != "CONFLICT" {
		t.Errorf("resolving twice: code %q, want CONFLICT", got)
	}
}

// TestRollbackLeavesNoAudit checks that a resolution whose new lead is
// rejected changes nothing: neither the report nor the audit log.
func TestRollbackLeavesNoAudit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	report := f.report()
	invited := f.app.CreateUser(t, user.RoleProvider, user.StatusInvited)

	res := f.query(t, officer, `mutation($input: ResolveOwnershipReportInput!) { resolveOwnershipReport(input: $input) { report { id } } }`,
		map[string]any{"input": map[string]any{"id": report.ID, "resolution": "Moved.", "newLeadId": invited.ID}})

	if got := errorCode(res); got != "BAD_USER_INPUT" || res.Errors[0].Extensions["field"] != "input.newLeadId" {
		t.Fatalf("errors = %+v, want BAD_USER_INPUT on newLeadId", res.Errors)
	}
	if got := f.report().State; got != "OPEN" {
		t.Errorf("report state = %s, want OPEN", got)
	}
	if got := f.auditActions(t, report.ID); len(got) != 0 {
		t.Errorf("audit = %v, want none", got)
	}
}
