package ownership

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/ownershipreport"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxNoteBytes is the longest note or resolution an ownership report takes.
const maxNoteBytes = 5000

// Report is a lead's or content manager's report that a service or
// information page is no longer theirs, or that someone else leads it.
type Report struct {
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	Kind              ownershipreport.Kind
	// SuggestedLead is who leads the content instead; it is needed when Kind
	// is NOT_THE_LEAD.
	SuggestedLead *string
	Note          *string
}

// ReportOwnership records an ownership report for LO officers to resolve.
// A reporter may have one open report per record.
func (m *Manager) ReportOwnership(ctx context.Context, in Report) (*ent.OwnershipReport, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	suggested, note, err := validateReport(in)
	if err != nil {
		return nil, err
	}

	var out *ent.OwnershipReport
	err = m.run(ctx, func(tx *ent.Client, c *change) error {
		r, err := loadEitherRecord(ctx, tx, in.ServiceID, in.InformationPageID)
		if err != nil {
			return err
		}
		if err := m.authorize(ctx, tx, r, authz.ActionReportOwnership, "report the ownership of"); err != nil {
			return err
		}
		if !v.SignedIn() {
			return fmt.Errorf("an ownership report needs a signed-in reporter: %w", apperr.ErrForbidden)
		}
		if err := checkNoOpenReport(ctx, tx, r, v.UserID); err != nil {
			return err
		}

		create := tx.OwnershipReport.Create().
			SetReporterID(v.UserID).
			SetKind(in.Kind).
			SetSuggestedLead(suggested).
			SetNote(note)
		if r.Service != nil {
			create.SetServiceID(r.Service.ID)
		} else {
			create.SetInformationPageID(r.InformationPage.ID)
		}
		created, err := create.Save(system(ctx))
		if err != nil {
			return fmt.Errorf("create ownership report on %s %s: %w", r.noun(), r.id(), err)
		}
		c.audit(audit.Event{
			Action:     "ownership_report.created",
			ObjectType: authz.TypeOwnershipReport,
			ObjectID:   created.ID,
			Detail:     strings.ToLower(string(in.Kind)) + " on " + r.typ() + " " + r.id().String(),
		})
		out, err = tx.OwnershipReport.Get(ctx, created.ID)
		if err != nil {
			return fmt.Errorf("reload ownership report %s: %w", created.ID, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// validateReport trims the report's text and checks it.
func validateReport(in Report) (suggested, note string, err error) {
	if err := ownershipreport.KindValidator(in.Kind); err != nil {
		return "", "", apperr.Input("input.kind", "%q is not a kind of ownership report", in.Kind)
	}
	if in.SuggestedLead != nil {
		suggested = strings.TrimSpace(*in.SuggestedLead)
	}
	if in.Note != nil {
		note = strings.TrimSpace(*in.Note)
	}
	if in.Kind == ownershipreport.KindNotTheLead && suggested == "" {
		return "", "", apperr.Input("input.suggestedLead", "is missing: say who leads the content instead, by name, email or both")
	}
	if len(suggested) > maxTitleBytes {
		return "", "", tooLong("input.suggestedLead", suggested, maxTitleBytes)
	}
	if len(note) > maxNoteBytes {
		return "", "", tooLong("input.note", note, maxNoteBytes)
	}
	return suggested, note, nil
}

func checkNoOpenReport(ctx context.Context, tx *ent.Client, r record, reporterID uuid.UUID) error {
	query := tx.OwnershipReport.Query().Where(
		ownershipreport.ReporterID(reporterID),
		ownershipreport.StateEQ(ownershipreport.StateOpen),
	)
	if r.Service != nil {
		query.Where(ownershipreport.ServiceID(r.Service.ID))
	} else {
		query.Where(ownershipreport.InformationPageID(r.InformationPage.ID))
	}
	open, err := query.Exist(system(ctx))
	if err != nil {
		return fmt.Errorf("look up open ownership reports: %w", err)
	}
	if open {
		return fmt.Errorf("you already have an open ownership report on this %s: %w", r.noun(), apperr.ErrConflict)
	}
	return nil
}

// Resolution is an LO officer's resolution of an ownership report.
type Resolution struct {
	ID         uuid.UUID
	Resolution string
	// NewLeadID, when given, becomes the lead of the report's content in the
	// same change.
	NewLeadID *uuid.UUID
}

// ResolveOwnershipReport resolves an open report, optionally naming a new
// lead for its content, and emails the reporter the resolution.
func (m *Manager) ResolveOwnershipReport(ctx context.Context, in Resolution) (*ent.OwnershipReport, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	resolution := strings.TrimSpace(in.Resolution)

	var out *ent.OwnershipReport
	err = m.run(ctx, func(tx *ent.Client, c *change) error {
		report, err := m.loadReportToResolve(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		if err := requireText("input.resolution", resolution, maxNoteBytes); err != nil {
			return err
		}
		if in.NewLeadID != nil {
			if err := m.resolveWithNewLead(ctx, tx, c, report, *in.NewLeadID); err != nil {
				return err
			}
		}

		err = report.Update().
			SetState(ownershipreport.StateResolved).
			SetResolution(resolution).
			SetResolvedAt(time.Now().UTC()).
			SetNillableResolvedByID(actorID(v)).
			Exec(system(ctx))
		if err != nil {
			return fmt.Errorf("resolve ownership report %s: %w", report.ID, err)
		}
		if err := m.emailReporter(ctx, tx, report, resolution); err != nil {
			return err
		}
		c.audit(audit.Event{
			Action:        "ownership_report.resolved",
			ObjectType:    authz.TypeOwnershipReport,
			ObjectID:      report.ID,
			ChangedFields: []string{"state", "resolution"},
		})
		out, err = tx.OwnershipReport.Get(ctx, report.ID)
		if err != nil {
			return fmt.Errorf("reload ownership report %s: %w", report.ID, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// loadReportToResolve loads an open report after checking that the caller
// may resolve it.
func (m *Manager) loadReportToResolve(ctx context.Context, tx *ent.Client, id uuid.UUID) (*ent.OwnershipReport, error) {
	report, err := tx.OwnershipReport.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no ownership report with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load ownership report %s: %w", id, err)
	}
	v := viewer.FromContext(ctx)
	relation := authz.RelationNone
	if v.SignedIn() && report.ReporterID == v.UserID {
		relation = authz.RelationSelf
	}
	if !m.allowed(v, authz.TypeOwnershipReport, authz.ActionResolve, relation) {
		return nil, fmt.Errorf("only LO officers may resolve ownership reports: %w", apperr.ErrForbidden)
	}
	if report.State != ownershipreport.StateOpen {
		return nil, fmt.Errorf("ownership report %s is already resolved: %w", id, apperr.ErrConflict)
	}
	return report, nil
}

// resolveWithNewLead makes newLeadID the lead of the report's content, as
// setServiceLead or setInformationPageLead would.
func (m *Manager) resolveWithNewLead(ctx context.Context, tx *ent.Client, c *change, report *ent.OwnershipReport, newLeadID uuid.UUID) error {
	var (
		r   record
		err error
	)
	switch {
	case report.ServiceID != nil:
		r, err = loadRecord(ctx, tx, authz.TypeService, *report.ServiceID)
	case report.InformationPageID != nil:
		r, err = loadRecord(ctx, tx, authz.TypeInformationPage, *report.InformationPageID)
	default:
		return apperr.Input("input.newLeadId", "the report's service or information page no longer exists")
	}
	if err != nil {
		return err
	}
	if err := m.authorize(ctx, tx, r, authz.ActionTransfer, "name the lead of"); err != nil {
		return err
	}
	return m.changeLead(ctx, tx, c, r, &newLeadID, "input.newLeadId")
}

func (m *Manager) emailReporter(ctx context.Context, tx *ent.Client, report *ent.OwnershipReport, resolution string) error {
	reporter, err := tx.User.Get(system(ctx), report.ReporterID)
	if err != nil {
		return fmt.Errorf("load reporter %s: %w", report.ReporterID, err)
	}
	body := fmt.Sprintf("Hello %s,\n\nThe Local Offer team has resolved your ownership report:\n\n%s\n",
		reporter.Name, resolution)
	return enqueue(ctx, tx, "ownership_report_resolved", reporter.Email, "Your ownership report is resolved", body)
}
