package directory

import (
	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
)

// maxCursorPosition bounds the position a cursor may carry, so that a forged
// cursor cannot ask the database for an absurd OFFSET.
const maxCursorPosition = 1_000_000

// window is the part of a filtered list that one page shows: rows
// [offset, offset+limit) of total.
type window struct {
	offset, limit, total int
}

// pageInfo returns the Relay page info of the window, with cursors tagged
// with tag. Because the total is known, it sets both hasNextPage and
// hasPreviousPage exactly.
func (w window) pageInfo(tag string, firstID, lastID uuid.UUID) ent.PageInfo {
	info := ent.PageInfo{
		HasPreviousPage: w.offset > 0,
		HasNextPage:     w.offset+w.limit < w.total,
	}
	if w.limit > 0 {
		start := positionCursor(tag, firstID, w.offset)
		end := positionCursor(tag, lastID, w.offset+w.limit-1)
		info.StartCursor, info.EndCursor = &start, &end
	}
	return info
}

// forwardOnly rejects backward pagination, for orders whose position of a row
// only makes sense counted from the start (relevance, distance).
func (p Page) forwardOnly(order string) error {
	if p.Last != nil {
		return &InputError{Field: "last", Message: "ordering by " + order + " pages forward only; use first and after"}
	}
	if p.Before != nil {
		return &InputError{Field: "before", Message: "ordering by " + order + " pages forward only; use first and after"}
	}
	return nil
}

// window places a forward page in a list of total rows: it starts after the
// position of the after cursor and holds first rows. Cursors carry the
// 1-based position of their row in the ordered list, so a page is a snapshot
// of the order at the time of the request: when rows move in between, the
// next page may repeat or skip some. Validate and forwardOnly must have run.
func (p Page) window(total int, tag string) (window, error) {
	start := 0
	if p.After != nil {
		position, err := cursorPosition(*p.After, "after", tag)
		if err != nil {
			return window{}, err
		}
		start = min(position, total)
	}
	end := min(total, start+*p.First)
	return window{offset: start, limit: end - start, total: total}, nil
}

// positionCursor returns the cursor of the row at index (0-based) in the
// ordered list, which carries the row's 1-based position.
func positionCursor(tag string, id uuid.UUID, index int) ent.Cursor {
	return ent.Cursor{ID: id, Value: []any{tag, index + 1}}
}

// cursorPosition reads the position an offset cursor carries. The position
// arrives as whichever integer type msgpack chose.
func cursorPosition(c entgql.Cursor[uuid.UUID], field, tag string) (int, error) {
	value, err := cursorValue(c, field, tag)
	if err != nil {
		return 0, err
	}
	var position int64
	switch v := value.(type) {
	case int8:
		position = int64(v)
	case int16:
		position = int64(v)
	case int32:
		position = int64(v)
	case int64:
		position = v
	case int:
		position = int64(v)
	case uint8:
		position = int64(v)
	case uint16:
		position = int64(v)
	case uint32:
		position = int64(v)
	case uint64:
		if v > maxCursorPosition {
			return 0, invalidCursor(field)
		}
		position = int64(v)
	default:
		return 0, invalidCursor(field)
	}
	if position < 1 || position > maxCursorPosition {
		return 0, invalidCursor(field)
	}
	return int(position), nil
}
