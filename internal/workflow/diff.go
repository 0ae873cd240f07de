package workflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"
)

// A snapshot is compared and merged in units: each top-level field, each
// child record (matched by id) and each taxonomy term of the set. Two
// changes conflict when they touch the same unit; changes to different
// units merge.
//
// A unit's key is the field's GraphQL name, or "field/id" for a child
// record or a member of a set.

// childLists are the fields that hold child records with ids.
var childLists = map[string]bool{"locations": true, "contacts": true, "schedules": true, "costOptions": true}

// idSets are the fields that hold sets of ids.
var idSets = map[string]bool{"taxonomyTermIds": true}

// units flattens one part of a snapshot (a ServiceContent or an
// InformationPageContent; nil for content that does not exist) into its
// units, each with its value as canonical JSON.
func units(part any) (map[string]string, error) {
	out := map[string]string{}
	fields, err := asObject(part)
	if err != nil || fields == nil {
		return out, err
	}
	for name, value := range fields {
		switch {
		case childLists[name]:
			records, _ := value.([]any)
			for _, r := range records {
				record, ok := r.(map[string]any)
				id, hasID := record["id"].(string)
				if !ok || !hasID {
					return nil, fmt.Errorf("read %s: a record without an id", name)
				}
				out[name+"/"+id] = string(mustMarshal(record))
			}
		case idSets[name]:
			ids, _ := value.([]any)
			for _, id := range ids {
				text, ok := id.(string)
				if !ok {
					return nil, fmt.Errorf("read %s: an id that is not text", name)
				}
				out[name+"/"+text] = "true"
			}
		default:
			if text := string(mustMarshal(value)); !isEmpty(text) {
				out[name] = text
			}
		}
	}
	return out, nil
}

// asObject returns content as decoded JSON, normalised (see normalizeJSON),
// so that each value marshals to its canonical text: encoding/json writes
// object keys in sorted order.
func asObject(part any) (map[string]any, error) {
	data, err := json.Marshal(part)
	if err != nil {
		return nil, fmt.Errorf("encode content: %w", err)
	}
	var fields map[string]any
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, fmt.Errorf("read content: %w", err)
	}
	for name, value := range fields {
		fields[name] = normalizeJSON(value)
	}
	return fields, nil
}

// canonical re-encodes JSON so that equal values compare equal as text:
// an empty list is null, at any depth, and object keys are sorted.
func canonical(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	return string(mustMarshal(normalizeJSON(v)))
}

func normalizeJSON(v any) any {
	switch v := v.(type) {
	case []any:
		if len(v) == 0 {
			return nil
		}
		for i := range v {
			v[i] = normalizeJSON(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = normalizeJSON(v[k])
		}
	}
	return v
}

// isEmpty reports whether a canonical value is no value at all, which is
// the same as the field being absent.
func isEmpty(value string) bool {
	return value == "null" || value == `""`
}

func mustMarshal(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		// Only values decoded from JSON reach here, and those always encode.
		panic(fmt.Sprintf("encode decoded JSON: %v", err))
	}
	return data
}

// changedUnits returns the keys of the units whose values differ between a
// and b, sorted.
func changedUnits(a, b map[string]string) []string {
	var keys []string
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// mergeUnits returns current with the units that proposed changed from base
// taken from proposed, and the units both changed differently: those are
// conflicts, and the result is then not to be used.
func mergeUnits(base, current, proposed map[string]string) (merged map[string]string, conflicts []string) {
	ours := changedUnits(base, proposed)
	theirs := map[string]bool{}
	for _, k := range changedUnits(base, current) {
		theirs[k] = true
	}

	merged = make(map[string]string, len(current))
	for k, v := range current {
		merged[k] = v
	}
	for _, k := range ours {
		value, present := proposed[k]
		if theirs[k] && current[k] != value {
			conflicts = append(conflicts, k)
		}
		if present {
			merged[k] = value
		} else {
			delete(merged, k)
		}
	}
	return merged, conflicts
}

// fromUnits rebuilds content from its units into out, a pointer to a
// ServiceContent or InformationPageContent. Child records are ordered by
// id, which for UUID v7 ids is the order they were created in.
func fromUnits(u map[string]string, out any) error {
	fields := map[string]json.RawMessage{}
	lists := map[string][]string{}
	var keys []string
	for k := range u {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name, _, isMember := strings.Cut(k, "/")
		switch {
		case isMember && childLists[name]:
			lists[name] = append(lists[name], u[k])
		case isMember && idSets[name]:
			_, id, _ := strings.Cut(k, "/")
			lists[name] = append(lists[name], string(mustMarshal(id)))
		default:
			fields[k] = json.RawMessage(u[k])
		}
	}
	for name, items := range lists {
		fields[name] = json.RawMessage("[" + strings.Join(items, ",") + "]")
	}
	if err := json.Unmarshal(mustMarshal(fields), out); err != nil {
		return fmt.Errorf("rebuild content: %w", err)
	}
	return nil
}

// FieldChange is one difference between two states of content, as a person
// reviewing a change reads it.
type FieldChange struct {
	// Field is the GraphQL name of the field, such as "summary", or of the
	// child record's field, such as "locations.postcode".
	Field string
	// RecordID is the child record or taxonomy term the change is about,
	// for fields of child records and for taxonomy terms.
	RecordID *uuid.UUID
	Change   ChangeKind
	// Before and After are the values as text, nil when there is none.
	Before, After *string
}

// ChangeKind is the kind of a field change: a value added, removed or changed.
type ChangeKind string

const (
	ChangeAdded   ChangeKind = "ADDED"
	ChangeRemoved ChangeKind = "REMOVED"
	ChangeChanged ChangeKind = "CHANGED"
)

// Diff lists the differences from one state of content to another, field
// by field, child records included. Either part may be nil: content that
// did not exist yet, or a removal.
func Diff(before, after any) ([]*FieldChange, error) {
	a, err := units(before)
	if err != nil {
		return nil, err
	}
	b, err := units(after)
	if err != nil {
		return nil, err
	}
	var changes []*FieldChange
	for _, k := range changedUnits(a, b) {
		changes = append(changes, unitChanges(k, a, b)...)
	}
	return changes, nil
}

// unitChanges expands the difference in one unit into field changes.
func unitChanges(key string, a, b map[string]string) []*FieldChange {
	before, hadBefore := a[key]
	after, hasAfter := b[key]
	name, id, isMember := strings.Cut(key, "/")
	switch {
	case !isMember:
		return []*FieldChange{{Field: key, Change: ChangeChanged, Before: display(before, hadBefore), After: display(after, hasAfter)}}
	case idSets[name]:
		kind := ChangeAdded
		if hadBefore {
			kind = ChangeRemoved
		}
		return []*FieldChange{{Field: strings.TrimSuffix(name, "Ids") + "s", RecordID: parseID(id), Change: kind}}
	}

	var old, nw map[string]json.RawMessage
	_ = json.Unmarshal([]byte(before), &old)
	_ = json.Unmarshal([]byte(after), &nw)
	kind := ChangeChanged
	switch {
	case !hadBefore:
		kind = ChangeAdded
	case !hasAfter:
		kind = ChangeRemoved
	}
	var changes []*FieldChange
	for _, field := range changedUnits(flatRecord(old), flatRecord(nw)) {
		if field == "id" {
			continue
		}
		ov, hadOld := old[field]
		nv, hasNew := nw[field]
		changes = append(changes, &FieldChange{
			Field:    name + "." + field,
			RecordID: parseID(id),
			Change:   kind,
			Before:   display(canonical(ov), hadOld),
			After:    display(canonical(nv), hasNew),
		})
	}
	return changes
}

// flatRecord returns a child record's fields, leaving out the empty ones,
// so that an added record lists only the fields it sets.
func flatRecord(r map[string]json.RawMessage) map[string]string {
	out := map[string]string{}
	for k, v := range r {
		c := canonical(v)
		if c == "null" || c == `""` || c == "false" {
			continue
		}
		out[k] = c
	}
	return out
}

// display renders a canonical JSON value as text for a reader: strings as
// they are, lists joined with commas, and nothing for null or an empty
// string.
func display(value string, present bool) *string {
	if !present || value == "null" || value == `""` {
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader([]byte(value)))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return &value
	}
	text := displayValue(v)
	return &text
}

func displayValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		items := make([]string, len(v))
		for i, item := range v {
			items[i] = displayValue(item)
		}
		return strings.Join(items, ", ")
	case map[string]any:
		return string(mustMarshal(v))
	default:
		return fmt.Sprint(v)
	}
}

// parseID reads a unit key's id; keys are built from ids, so it parses.
func parseID(s string) *uuid.UUID {
	id, err := uuid.Parse(s)
	if err != nil {
		return nil
	}
	return &id
}
