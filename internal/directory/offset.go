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

// pageInfo returns the Relay page info of the window. Because the total is
// known, it sets both hasNextPage and hasPreviousPage exactly, whichever direction
// the page was asked in.
func (w window) pageInfo(firstID, lastID uuid.UUID) ent.PageInfo {
	info := ent.PageInfo{
		HasPreviousPage: w.offset > 0,
		HasNextPage:     w.offset+w.limit < w.total,
	}
	if w.limit > 0 {
		start := positionCursor(firstID, w.offset)
		end := positionCursor(lastID, w.offset+w.limit-1)
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

// window places the page in a list of total rows, following the Relay
// algorithm: after and before narrow the list, then first keeps its head or
// last its tail. Cursors carry the 1-based position of their row in the
// ordered list, so every order pages the same way. Validate must have run.
func (p Page) window(total int) (window, error) {
	start, end := 0, total
	if p.After != nil {
		position, err := cursorPosition(*p.After, "after")
		if err != nil {
			return window{}, err
		}
		start = min(position, total)
	}
	if p.Before != nil {
		position, err := cursorPosition(*p.Before, "before")
		if err != nil {
			return window{}, err
		}
		end = max(min(position-1, total), start)
	}
	if p.First != nil {
		end = min(end, start+*p.First)
	}
	if p.Last != nil {
		start = max(start, end-*p.Last)
	}
	return window{offset: start, limit: end - start, total: total}, nil
}

// positionCursor returns the cursor of the row at index (0-based) in the
// ordered list. The value is the 1-based position, because the encoding
// drops a zero value.
func positionCursor(id uuid.UUID, index int) ent.Cursor {
	return ent.Cursor{ID: id, Value: index + 1}
}

// cursorPosition reads the position a cursor of this package carries. The
// cursor's value arrives as whichever integer type msgpack chose.
func cursorPosition(c entgql.Cursor[uuid.UUID], field string) (int, error) {
	var position int64
	switch v := c.Value.(type) {
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

func invalidCursor(field string) error {
	return &InputError{Field: field, Message: "invalid cursor: use a cursor from this connection's pageInfo or edges"}
}
