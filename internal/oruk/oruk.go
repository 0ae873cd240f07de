// Package oruk imports Open Referral UK (ORUK) service feeds, version 1.0
// and the 3.0 UK profile, into the Local Offer.
//
// Each service record is written in its own transaction, so a bad record is
// rejected and reported without stopping the import or leaving half of
// itself behind. A re-import matches services, organisations and locations
// on the feed's name and the feed's id for them, updates what changed and
// leaves the rest alone.
package oruk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Options configures an import.
type Options struct {
	// Source names the feed, such as "bristol". Records are matched on it
	// at re-import, so it must stay the same from one import to the next.
	Source string
	// Publish makes imported services PUBLISHED at once; without it they
	// are PENDING until an LO officer approves them.
	Publish bool
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Logger receives start, finish and rejection messages; nil discards
	// them.
	Logger *slog.Logger
}

// Report counts what an import did with each service record.
type Report struct {
	Source string
	// Format is the container the records came in, such as
	// "ORUK 1.0 page (content)".
	Format string
	// Records is the number of service records read from the feed.
	Records   int
	Created   int
	Updated   int
	Unchanged int
	// ChangedLocally counts records whose service was changed in the Local
	// Offer since it was imported, which the import leaves alone.
	ChangedLocally int
	Rejected       int

	OrganizationsCreated int
	OrganizationsUpdated int

	Rejections []Rejection
	// LocalChanges lists the records counted in ChangedLocally.
	LocalChanges []LocalChange
	// Warnings lists values that were dropped or changed in records that
	// were imported, such as a website address with a javascript: scheme.
	Warnings []Warning
}

// Rejection is a record that was not imported, and why.
type Rejection struct {
	ID     string
	Name   string
	Reason string
}

// LocalChange is a record whose service was changed in the Local Offer since
// its last import: a revision published here or a change request being
// worked on. The feed's version is not applied; an LO officer compares the
// two.
type LocalChange struct {
	ID        string
	Name      string
	ServiceID uuid.UUID
}

// Warning is a value of an imported record that was dropped or changed.
type Warning struct {
	ID      string
	Name    string
	Message string
}

// maxConsecutiveFailures stops an import when this many records in a row
// fail to save for reasons other than their content, which points to the
// database rather than the feed.
const maxConsecutiveFailures = 20

// Import reads an ORUK feed from r and writes its services, with their
// organisations, locations, contacts, schedules, cost options and taxonomy
// terms, through client. It returns the report even when it also returns an
// error: the records imported before a feed turned out to be broken stay
// imported.
func Import(ctx context.Context, client *ent.Client, r io.Reader, opts Options) (*Report, error) {
	source := strings.TrimSpace(opts.Source)
	if source == "" {
		return nil, errors.New("import ORUK feed: Options.Source is empty; name the feed, for example after its file")
	}
	imp := &importer{
		client:  client,
		source:  source,
		publish: opts.Publish,
		now:     opts.Now,
		logger:  opts.Logger,
		report:  &Report{Source: source},
		seenIDs: map[string]string{},

		organizationsCreated: map[uuid.UUID]bool{},
		organizationsUpdated: map[uuid.UUID]bool{},
	}
	if imp.now == nil {
		imp.now = time.Now
	}
	if imp.logger == nil {
		imp.logger = slog.New(slog.DiscardHandler)
	}

	// The import is the product acting on its own behalf: privacy rules let
	// only the system context write content.
	ctx = viewer.SystemContext(ctx)

	imp.logger.InfoContext(ctx, "ORUK import started", "source", source, "publish", opts.Publish)
	feed := newFeedReader(r)
	err := feed.each(func(raw json.RawMessage) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return imp.importRecord(ctx, raw)
	})
	imp.report.Format = feed.format
	if feed.totalPages > 1 {
		imp.report.Warnings = append(imp.report.Warnings, Warning{
			Message: fmt.Sprintf("the feed is one page of %d: only the records on this page were imported; import every page, or the whole feed", feed.totalPages),
		})
	}
	if err == nil && imp.report.Records == 0 {
		err = fmt.Errorf("%w: no service records found", ErrInvalidFeed)
	}

	report := imp.report
	if err != nil {
		imp.logger.ErrorContext(ctx, "ORUK import stopped", "source", source, "records", report.Records, "error", err)
		return report, fmt.Errorf("import ORUK feed %s: %w", source, err)
	}
	imp.logger.InfoContext(ctx, "ORUK import finished", "source", source, "format", report.Format,
		"records", report.Records, "created", report.Created, "updated", report.Updated,
		"unchanged", report.Unchanged, "changed_locally", report.ChangedLocally, "rejected", report.Rejected)
	return report, nil
}

// importer carries the state of one run.
type importer struct {
	client  *ent.Client
	source  string
	publish bool
	now     func() time.Time
	logger  *slog.Logger
	report  *Report

	// seenIDs maps each service id already read from this feed to its
	// name, to reject a later record that reuses the id.
	seenIDs map[string]string

	organizationsCreated map[uuid.UUID]bool
	organizationsUpdated map[uuid.UUID]bool

	consecutiveFailures int
}

// outcome is the result of importing one record that was not rejected.
type outcome int

const (
	outcomeCreated outcome = iota + 1
	outcomeUpdated
	outcomeUnchanged
	outcomeChangedLocally
)

// recordResult holds the changes made by writing one record. They reach the
// report only after the record's transaction commits.
type recordResult struct {
	outcome             outcome
	serviceID           uuid.UUID
	organizationCreated uuid.UUID
	organizationUpdated uuid.UUID
	warnings            []string
}

func (imp *importer) importRecord(ctx context.Context, raw json.RawMessage) error {
	imp.report.Records++

	rec, warnings, err := imp.checkRecord(raw)
	if err != nil {
		imp.rejectRecord(ctx, err)
		return nil
	}

	result, err := imp.saveRecord(ctx, rec)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return imp.recordSaveFailure(ctx, rec, err)
	}
	imp.consecutiveFailures = 0

	switch result.outcome {
	case outcomeCreated:
		imp.report.Created++
	case outcomeUpdated:
		imp.report.Updated++
	case outcomeUnchanged:
		imp.report.Unchanged++
	case outcomeChangedLocally:
		imp.report.ChangedLocally++
		imp.report.LocalChanges = append(imp.report.LocalChanges, LocalChange{ID: rec.SourceID, Name: rec.Name, ServiceID: result.serviceID})
	}
	imp.countOrganization(result)
	for _, message := range append(warnings, result.warnings...) {
		imp.report.Warnings = append(imp.report.Warnings, Warning{ID: rec.SourceID, Name: rec.Name, Message: message})
	}
	return nil
}

// countOrganization counts each organisation once per run, however many of
// its services the feed carries.
func (imp *importer) countOrganization(result recordResult) {
	if id := result.organizationCreated; id != uuid.Nil && !imp.organizationsCreated[id] {
		imp.organizationsCreated[id] = true
		imp.report.OrganizationsCreated++
	}
	if id := result.organizationUpdated; id != uuid.Nil && !imp.organizationsUpdated[id] && !imp.organizationsCreated[id] {
		imp.organizationsUpdated[id] = true
		imp.report.OrganizationsUpdated++
	}
}

// recordRejection is a rejected record with its reason.
type recordRejection struct {
	id, name string
	err      error
}

func (e *recordRejection) Error() string { return e.err.Error() }

// checkRecord decodes one record and applies the rules that reject it
// before anything is written.
func (imp *importer) checkRecord(raw json.RawMessage) (*serviceRecord, []string, error) {
	var w wireService
	if err := json.Unmarshal(raw, &w); err != nil {
		id, name := peekIdentity(raw)
		return nil, nil, &recordRejection{id: id, name: name, err: reject("invalid record: %s", describeDecodeError(err))}
	}
	id := cleanText(string(w.ID))
	name := collapseSpace(w.Name)
	fail := func(err error) (*serviceRecord, []string, error) {
		return nil, nil, &recordRejection{id: id, name: name, err: err}
	}

	if id == "" {
		return fail(reject("id is missing"))
	}
	if firstName, seen := imp.seenIDs[id]; seen {
		return fail(reject("id is already used by an earlier record in this feed (%q); the earlier record is kept", firstName))
	}
	imp.seenIDs[id] = name

	if name == "" {
		if len(w.AtLocationService) > 0 {
			return fail(reject("record is a service_at_location entry, not a service; import a /services feed"))
		}
		return fail(reject("name is empty"))
	}

	m := &mapper{now: imp.now()}
	rec, err := m.mapService(&w, raw)
	if err != nil {
		return fail(err)
	}
	return rec, m.warnings, nil
}

func (imp *importer) rejectRecord(ctx context.Context, err error) {
	var rejection *recordRejection
	if !errors.As(err, &rejection) {
		rejection = &recordRejection{err: err}
	}
	imp.addRejection(ctx, rejection.id, rejection.name, rejection.err.Error())
}

func (imp *importer) addRejection(ctx context.Context, id, name, reason string) {
	imp.report.Rejected++
	imp.report.Rejections = append(imp.report.Rejections, Rejection{ID: id, Name: name, Reason: reason})
	imp.logger.WarnContext(ctx, "ORUK record rejected", "source", imp.source, "source_id", id, "reason", reason)
}

// recordSaveFailure rejects a record whose transaction failed. Validation
// and constraint errors are about the record; a run of other errors means
// the database is failing, and stops the import.
func (imp *importer) recordSaveFailure(ctx context.Context, rec *serviceRecord, err error) error {
	var rejection *rejectionError
	switch {
	case errors.As(err, &rejection):
		imp.addRejection(ctx, rec.SourceID, rec.Name, rejection.reason)
		return nil
	case ent.IsValidationError(err), ent.IsConstraintError(err):
		imp.addRejection(ctx, rec.SourceID, rec.Name, "could not be saved: "+err.Error())
		return nil
	}

	imp.consecutiveFailures++
	imp.addRejection(ctx, rec.SourceID, rec.Name, "could not be saved: "+err.Error())
	if imp.consecutiveFailures >= maxConsecutiveFailures {
		return fmt.Errorf("stopped after %d records in a row failed to save: %w", imp.consecutiveFailures, err)
	}
	return nil
}

// peekIdentity reads the id and name of a record that did not decode, for
// the rejection report.
func peekIdentity(raw json.RawMessage) (id, name string) {
	var identity struct {
		ID   any `json:"id"`
		Name any `json:"name"`
	}
	if json.Unmarshal(raw, &identity) != nil {
		return "", ""
	}
	switch v := identity.ID.(type) {
	case string:
		id = v
	case float64:
		id = fmt.Sprint(v)
	}
	if s, ok := identity.Name.(string); ok {
		name = collapseSpace(s)
	}
	return id, name
}

// describeDecodeError rewords a decoding error to name the field and the
// JSON types involved rather than Go types.
func describeDecodeError(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		field := typeErr.Field
		if field == "" {
			return fmt.Sprintf("the record is %s, not an object", describeJSONValue(typeErr.Value))
		}
		return fmt.Sprintf("field %s is %s where %s is expected", field, describeJSONValue(typeErr.Value), jsonKind(typeErr.Type.Kind().String()))
	}
	return err.Error()
}

// describeJSONValue names the JSON type encoding/json reports ("a JSON
// number"), or quotes the value that a wire type's UnmarshalJSON reports.
func describeJSONValue(value string) string {
	switch value {
	case "string", "number", "bool", "array", "object":
		return "a JSON " + value
	}
	return value
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "slice", "array":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	case "float64", "int":
		return "a number"
	}
	return goKind
}
