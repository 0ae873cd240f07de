package graph_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

func init() { moreMutationRows = append(moreMutationRows, reviewMatrixRows) }

const badUserInput = "BAD_USER_INPUT"

// reviewMatrixRows returns the rows of confirmStillAccurate and
// setServiceTemporarilyClosed. Both follow the policy's update action: the
// lead, content managers and LO officers may act, and the commissioner, who
// can read the content, gets FORBIDDEN.
func reviewMatrixRows() []mutationRow {
	managersOnPublished := with(leadOnPublished, map[string]string{actorContentManager: allowed})
	managersOnPending := with(leadOnPending, map[string]string{actorContentManager: allowed})

	var rows []mutationRow
	for _, target := range []struct {
		kind, idField string
		record        func(w *matrixWorld) uuid.UUID
		want          map[string]string
		auditAction   string
	}{
		{"published service", "serviceId", func(w *matrixWorld) uuid.UUID { return w.published.ID }, managersOnPublished, "service.confirmed_accurate"},
		{"pending information page", "informationPageId", func(w *matrixWorld) uuid.UUID { return w.pendingPage.ID }, managersOnPending, "information_page.confirmed_accurate"},
		{"service with no lead", "serviceId", func(w *matrixWorld) uuid.UUID { return w.orphan.ID }, officersOnPublished, "service.confirmed_accurate"},
	} {
		rows = append(rows, mutationRow{
			name:     "confirmStillAccurate of a " + target.kind,
			field:    "confirmStillAccurate",
			document: `mutation($input: ConfirmStillAccurateInput!) { confirmStillAccurate(input: $input) { service { id } informationPage { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{target.idField: target.record(w)})
			},
			want:     target.want,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				var reviewedAt, dueAt *time.Time
				if target.idField == "serviceId" {
					s := w.reloadService(t, target.record(w))
					reviewedAt, dueAt = s.LastReviewedAt, s.ReviewDueAt
				} else {
					p := w.reloadPage(t, target.record(w))
					reviewedAt, dueAt = p.LastReviewedAt, p.ReviewDueAt
				}
				if reviewedAt == nil || dueAt == nil {
					t.Fatalf("review dates = %v, %v, want both set", reviewedAt, dueAt)
				}
				w.wantAudit(t, target.auditAction, target.record(w))
			},
		})
	}

	closeDocument := `mutation($input: SetServiceTemporarilyClosedInput!) { setServiceTemporarilyClosed(input: $input) { service { id } } }`
	closeVariables := func(id func(w *matrixWorld) uuid.UUID) func(t *testing.T, w *matrixWorld, actor string) map[string]any {
		return func(t *testing.T, w *matrixWorld, actor string) map[string]any {
			reopening := time.Now().UTC().AddDate(0, 1, 0).Format(time.RFC3339)
			return input(map[string]any{"serviceId": id(w), "closed": true, "reopeningDate": reopening, "note": "Closed for building work."})
		}
	}
	rows = append(rows,
		mutationRow{
			name:      "setServiceTemporarilyClosed of a published service",
			field:     "setServiceTemporarilyClosed",
			document:  closeDocument,
			variables: closeVariables(func(w *matrixWorld) uuid.UUID { return w.published.ID }),
			want:      managersOnPublished,
			isolated:  true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				s := w.reloadService(t, w.published.ID)
				if !s.TemporarilyClosed || s.ReopeningDate == nil {
					t.Errorf("temporarily closed = %t, reopening %v, want closed with a date", s.TemporarilyClosed, s.ReopeningDate)
				}
				w.wantEmail(t, "service_temporarily_closed", w.users[actorOfficer].Email)
				w.wantAudit(t, "service.temporarily_closed", w.published.ID)
			},
		},
		mutationRow{
			// Those who may change the pending service learn that only
			// published services can be closed; the others learn nothing
			// more than for any other write.
			name:      "setServiceTemporarilyClosed of a pending service",
			field:     "setServiceTemporarilyClosed",
			document:  closeDocument,
			variables: closeVariables(func(w *matrixWorld) uuid.UUID { return w.pending.ID }),
			want: with(managersOnPending, map[string]string{
				actorContentManager: badUserInput, actorLead: badUserInput, actorOfficer: badUserInput, actorAdmin: badUserInput,
			}),
		},
		mutationRow{
			name:      "setServiceTemporarilyClosed of a service with no lead",
			field:     "setServiceTemporarilyClosed",
			document:  closeDocument,
			variables: closeVariables(func(w *matrixWorld) uuid.UUID { return w.orphan.ID }),
			want:      officersOnPublished,
			isolated:  true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if s := w.reloadService(t, w.orphan.ID); !s.TemporarilyClosed {
					t.Errorf("temporarily closed = false, want true")
				}
				w.wantAudit(t, "service.temporarily_closed", w.orphan.ID)
			},
		},
	)
	return rows
}
