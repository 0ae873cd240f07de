package graph_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
)

func init() { moreMutationRows = append(moreMutationRows, lifecycleMatrixRows) }

// lifecycleMatrixRows returns the rows of unpublishContent and
// archiveContent, which only LO officers may use: the lead, content
// manager and commissioner of the content can read it, so they get
// FORBIDDEN.
func lifecycleMatrixRows() []mutationRow {
	var rows []mutationRow
	for _, action := range []struct {
		field, document, audit string
		service                service.Status
		page                   informationpage.Status
	}{
		{
			field:    "unpublishContent",
			document: `mutation($input: ContentActionInput!) { unpublishContent(input: $input) { service { id } informationPage { id } } }`,
			audit:    "unpublished", service: service.StatusPending, page: informationpage.StatusPending,
		},
		{
			field:    "archiveContent",
			document: `mutation($input: ContentActionInput!) { archiveContent(input: $input) { service { id } informationPage { id } } }`,
			audit:    "archived", service: service.StatusArchived, page: informationpage.StatusArchived,
		},
	} {
		for _, target := range []struct {
			kind, idField string
			record        func(w *matrixWorld) uuid.UUID
		}{
			{"published service", "serviceId", func(w *matrixWorld) uuid.UUID { return w.published.ID }},
			{"published information page", "informationPageId", func(w *matrixWorld) uuid.UUID { return w.publishedPage.ID }},
		} {
			rows = append(rows, mutationRow{
				name:     action.field + " of a " + target.kind,
				field:    action.field,
				document: action.document,
				variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
					return input(map[string]any{target.idField: target.record(w), "reason": "The service has closed for good."})
				},
				want:     officersOnPublished,
				isolated: true,
				succeeded: func(t *testing.T, w *matrixWorld, actor string) {
					id := target.record(w)
					if target.idField == "serviceId" {
						if got := w.reloadService(t, id).Status; got != action.service {
							t.Errorf("status = %s, want %s", got, action.service)
						}
						w.wantAudit(t, "service."+action.audit, id)
						return
					}
					if got := w.reloadPage(t, id).Status; got != action.page {
						t.Errorf("status = %s, want %s", got, action.page)
					}
					w.wantAudit(t, "information_page."+action.audit, id)
				},
			})
		}
	}
	return rows
}
