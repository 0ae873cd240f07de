package graph_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/user"
)

// editorial is the directory with a published service, its lead and an LO
// officer, signed in.
type editorial struct {
	*directory
	service       *ent.Service
	lead, officer *ent.User
	leadToken     string
	officerToken  string
}

func newEditorial(t *testing.T) *editorial {
	t.Helper()
	d := newDirectory(t)
	e := &editorial{directory: d}
	e.lead = d.CreateUser(t, user.RoleProvider, user.StatusActive)
	e.officer = d.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	e.service = d.add("Family Support Hub", func(c *ent.ServiceCreate) {
		c.SetSummary("Drop-in advice for families.").SetLeadID(e.lead.ID)
	})
	e.leadToken = d.SignIn(t, e.lead)
	e.officerToken = d.SignIn(t, e.officer)
	return e
}

const (
	changeRequestFields = `id kind state baseVersion reason decisionNote submittedAt
    changes { field recordId change before after }
    conflicts
    proposed { service { name summary contacts { id name } } }`
	saveChangeRequestDoc    = `mutation($input: SaveChangeRequestInput!) { saveChangeRequest(input: $input) { changeRequest { ` + changeRequestFields + ` } } }`
	submitChangeRequestDoc  = `mutation($input: ChangeRequestActionInput!) { submitChangeRequest(input: $input) { changeRequest { ` + changeRequestFields + ` } } }`
	approveChangeRequestDoc = `mutation($input: ApproveChangeRequestInput!) { approveChangeRequest(input: $input) { changeRequest { ` + changeRequestFields + ` } revision { version origin changedFields } } }`
	publicServiceDoc        = `query($slug: String!) { service(slug: $slug) { name summary version } }`
)

type changeRequestResult struct {
	ID          uuid.UUID
	Kind        string
	State       string
	BaseVersion int
	Changes     []struct {
		Field         string
		RecordID      *uuid.UUID
		Change        string
		Before, After *string
	}
	Conflicts []string
	Proposed  *struct {
		Service *struct {
			Name, Summary string
		}
	}
}

func (e *editorial) save(token string, fields map[string]any) changeRequestResult {
	e.t.Helper()
	var data struct {
		SaveChangeRequest struct{ ChangeRequest changeRequestResult }
	}
	e.MustQueryAs(e.t, token, saveChangeRequestDoc, input(fields), &data)
	return data.SaveChangeRequest.ChangeRequest
}

func (e *editorial) submit(token string, id uuid.UUID) changeRequestResult {
	e.t.Helper()
	var data struct {
		SubmitChangeRequest struct{ ChangeRequest changeRequestResult }
	}
	e.MustQueryAs(e.t, token, submitChangeRequestDoc, input(map[string]any{"changeRequestId": id}), &data)
	return data.SubmitChangeRequest.ChangeRequest
}

func (e *editorial) publicSummary() string {
	e.t.Helper()
	var data struct {
		Service struct{ Summary string }
	}
	e.MustQuery(e.t, publicServiceDoc, map[string]any{"slug": e.service.Slug}, &data)
	return data.Service.Summary
}

func TestProposeThenApprove(t *testing.T) {
	e := newEditorial(t)

	draft := e.save(e.leadToken, map[string]any{
		"serviceId": e.service.ID,
		"service":   map[string]any{"summary": "Drop-in advice and a weekly parents' group."},
	})
	if draft.State != "DRAFT" || draft.Kind != "UPDATE" {
		t.Fatalf("draft = %+v, want an UPDATE in DRAFT", draft)
	}
	if len(draft.Changes) != 1 || draft.Changes[0].Field != "summary" {
		t.Errorf("changes = %+v, want one change to summary", draft.Changes)
	}
	submitted := e.submit(e.leadToken, draft.ID)
	if submitted.State != "SUBMITTED" {
		t.Fatalf("state = %s, want SUBMITTED", submitted.State)
	}
	if got := e.publicSummary(); got != "Drop-in advice for families." {
		t.Errorf("public summary before approval = %q, want the published one", got)
	}

	var approved struct {
		ApproveChangeRequest struct {
			ChangeRequest changeRequestResult
			Revision      struct {
				Version       int
				Origin        string
				ChangedFields []string
			}
		}
	}
	e.MustQueryAs(t, e.officerToken, approveChangeRequestDoc, input(map[string]any{"changeRequestId": draft.ID}), &approved)
	if approved.ApproveChangeRequest.ChangeRequest.State != "APPROVED" {
		t.Errorf("state = %s, want APPROVED", approved.ApproveChangeRequest.ChangeRequest.State)
	}
	if rev := approved.ApproveChangeRequest.Revision; rev.Version != 2 || rev.Origin != "CHANGE_REQUEST" {
		t.Errorf("revision = %+v, want version 2 from a change request", rev)
	}
	if got := e.publicSummary(); got != "Drop-in advice and a weekly parents' group." {
		t.Errorf("public summary after approval = %q, want the approved one", got)
	}
}
