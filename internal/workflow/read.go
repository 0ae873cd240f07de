package workflow

import (
	"context"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
)

// Proposed is the content a change request proposes: what its preview
// shows. A removal proposes nothing.
func Proposed(cr *ent.ChangeRequest) (Snapshot, error) {
	return decodeSnapshot(cr.Proposed)
}

// Base is the published content a change request was based on; empty for
// content never published.
func Base(cr *ent.ChangeRequest) (Snapshot, error) {
	return decodeSnapshot(cr.Base)
}

// Changes lists what a change request changes, field by field, from the
// version it was based on. A create request lists every field it sets; a
// removal lists nothing.
func Changes(cr *ent.ChangeRequest) ([]*FieldChange, error) {
	if cr.Kind == changerequest.KindRemove {
		return nil, nil
	}
	base, err := Base(cr)
	if err != nil {
		return nil, err
	}
	proposed, err := Proposed(cr)
	if err != nil {
		return nil, err
	}
	return Diff(base.part(), proposed.part())
}

// Conflicts names the fields where an open update request and changes
// published since it was based on them differ: approval would fail on
// these until the author saves the draft again. Decided requests, and
// requests based on the published version, have none.
func Conflicts(ctx context.Context, client *ent.Client, cr *ent.ChangeRequest) ([]string, error) {
	if cr.Kind != changerequest.KindUpdate || !isOpen(cr.State) {
		return nil, nil
	}
	typ, id := targetOf(cr)
	t, err := loadTarget(system(ctx), client, typ, id)
	if err != nil || t.version == cr.BaseVersion {
		return nil, err
	}
	current, err := loadContent(ctx, client, t)
	if err != nil {
		return nil, err
	}
	base, err := Base(cr)
	if err != nil {
		return nil, err
	}
	proposed, err := Proposed(cr)
	if err != nil {
		return nil, err
	}
	_, conflicts, err := mergeSnapshots(t.typ, base, current, proposed)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(conflicts))
	for i, k := range conflicts {
		names[i] = describeUnits([]string{k})
	}
	return names, nil
}
