package directory

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
)

// Keyset (seek) pagination. A cursor carries the order key of its row and
// the row's id, and the next page starts strictly after that pair. Rows
// added, removed or moved between requests therefore never make a page
// repeat or skip a row that stayed where it was. Rows sort by the key, then
// by id, both in the order's direction.
//
// Every cursor of this package, keyset or offset, has the value [tag, key].
// The tag names the connection and order the cursor belongs to, such as
// "services:NAME", so that a cursor from another order is rejected rather
// than read as a place in this one.

// cursorKeyColumn names the order key that a keyset page selects with each
// row, to be written into the row's cursor.
const cursorKeyColumn = "cursor_key"

// seekOrder is an order that pages by keyset.
type seekOrder struct {
	tag string
	// key returns the SQL expression rows sort by.
	key func(*sql.Selector) string
	// cursorKey returns the expression whose value a cursor stores. Bound
	// back in place of key, that value must compare exactly as the row's own
	// key does.
	cursorKey func(*sql.Selector) string
	// validKey reports whether a key read from a cursor is one the database
	// accepts, so that a forged cursor is an input error, not a failed query.
	validKey  func(string) bool
	ascending bool
}

// textOrder is an order by a text column without regard to case, so that
// "autism outreach" sorts beside "Autism Outreach".
func textOrder(tag, column string, ascending bool) seekOrder {
	key := func(s *sql.Selector) string { return "LOWER(" + s.C(column) + ")" }
	return seekOrder{tag: tag, key: key, cursorKey: key, validKey: validText, ascending: ascending}
}

// timeOrder is an order by a time column. Its cursors hold the stored value
// as text, which the database compares as it compares the column. SQLite
// stores times as text and compares them as text. PostgreSQL reads the text
// of a timestamp with time zone back to the same microsecond.
//
// NOTE: on SQLite, text order is time order only while every stored time has
// the same UTC offset. ent writes time.Now in the server's local zone, so a
// server whose zone changes offset (such as Europe/London in summer) orders
// and pages these rows by text, as ORDER BY always did there.
func timeOrder(tag, column string, ascending bool) seekOrder {
	return seekOrder{
		tag:       tag,
		key:       func(s *sql.Selector) string { return s.C(column) },
		cursorKey: func(s *sql.Selector) string { return "CAST(" + s.C(column) + " AS TEXT)" },
		validKey:  validTimeText,
		ascending: ascending,
	}
}

// validText rejects text that PostgreSQL cannot store: invalid UTF-8 and
// NUL characters.
func validText(key string) bool {
	return utf8.ValidString(key) && !strings.ContainsRune(key, 0)
}

// storedTimeLayouts are the text forms of a stored time: SQLite's, as
// modernc.org/sqlite writes it with _time_format=sqlite, and PostgreSQL's
// default ISO output, whose offset may have no minutes.
var storedTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z07",
}

// validTimeText also keeps the year and offset within what PostgreSQL reads
// (it has no year 0) and what real time zones use (at most 14 hours).
func validTimeText(key string) bool {
	for _, layout := range storedTimeLayouts {
		t, err := time.Parse(layout, key)
		if err != nil {
			continue
		}
		_, offset := t.Zone()
		return t.Year() >= 1 && offset >= -14*3600 && offset <= 14*3600
	}
	return false
}

// cursorTags are the tags of every connection and order of this package.
var cursorTags = func() map[string]bool {
	tags := map[string]bool{}
	for _, field := range []ServiceOrderField{ServiceOrderRelevance, ServiceOrderName, ServiceOrderUpdatedAt, ServiceOrderDistance} {
		tags[serviceCursorTag(field)] = true
	}
	for _, field := range []InformationPageOrderField{InformationPageOrderRelevance, InformationPageOrderTitle, InformationPageOrderUpdatedAt} {
		tags[informationPageCursorTag(field)] = true
	}
	return tags
}()

// seekCursor is a decoded keyset cursor.
type seekCursor struct {
	key string
	id  uuid.UUID
}

// seekPlan is one keyset page request, checked and decoded.
type seekPlan struct {
	order         seekOrder
	after, before *seekCursor
	limit         int
	// backward is set when the request gives last: the page is read from
	// the end of the list, then put back in order.
	backward bool
}

// plan checks the cursors of a validated page against the order.
func (o seekOrder) plan(p Page) (seekPlan, error) {
	plan := seekPlan{order: o}
	var err error
	if p.After != nil {
		if plan.after, err = o.decode(*p.After, "after"); err != nil {
			return seekPlan{}, err
		}
	}
	if p.Before != nil {
		if plan.before, err = o.decode(*p.Before, "before"); err != nil {
			return seekPlan{}, err
		}
	}
	if p.Last != nil {
		plan.limit, plan.backward = *p.Last, true
	} else {
		plan.limit = *p.First
	}
	return plan, nil
}

func (o seekOrder) decode(c entgql.Cursor[uuid.UUID], field string) (*seekCursor, error) {
	value, err := cursorValue(c, field, o.tag)
	if err != nil {
		return nil, err
	}
	key, ok := value.(string)
	if !ok || !o.validKey(key) {
		return nil, invalidCursor(field)
	}
	return &seekCursor{key: key, id: c.ID}, nil
}

// where returns the predicates that keep the rows between the cursors.
func (p seekPlan) where() []func(*sql.Selector) {
	var predicates []func(*sql.Selector)
	if p.after != nil {
		predicates = append(predicates, p.order.compare(*p.after, true, false))
	}
	if p.before != nil {
		predicates = append(predicates, p.order.compare(*p.before, false, false))
	}
	return predicates
}

// orderBy returns the ORDER BY terms of the page, reversed when it is read
// from the end, and selects the cursor key with each row.
func (p seekPlan) orderBy() []func(*sql.Selector) {
	ascending := p.order.ascending != p.backward
	return []func(*sql.Selector){
		func(s *sql.Selector) {
			s.AppendSelectExprAs(sql.Raw(p.order.cursorKey(s)), cursorKeyColumn)
			s.OrderExpr(sql.Expr(p.order.key(s) + sqlDirection(ascending)))
			s.OrderExpr(sql.Expr(s.C("id") + sqlDirection(ascending)))
		},
	}
}

// compare returns a predicate for the rows that come after the cursor in the
// order (or before it, when later is false), and also the cursor's own row
// when inclusive is set.
func (o seekOrder) compare(c seekCursor, later, inclusive bool) func(*sql.Selector) {
	op := "<"
	if o.ascending == later {
		op = ">"
	}
	idOp := op
	if inclusive {
		idOp += "="
	}
	return func(s *sql.Selector) {
		key, id := o.key(s), s.C("id")
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("(" + key + " " + op + " ").Arg(c.key).
				WriteString(" OR (" + key + " = ").Arg(c.key).
				WriteString(" AND " + id + " " + idOp + " ").Arg(c.id).
				WriteString("))")
		}))
	}
}

func sqlDirection(ascending bool) string {
	if ascending {
		return " ASC"
	}
	return " DESC"
}

// seekSource runs the queries of a keyset page on one table. Both functions
// apply the request's filters themselves.
type seekSource[N any] struct {
	// list returns up to limit rows that match where, in order.
	list func(where, order []func(*sql.Selector), limit int) ([]N, error)
	// exists reports whether a row matches where.
	exists func(where func(*sql.Selector)) (bool, error)
	// row returns a row's id and the cursor key selected with it.
	row func(N) (uuid.UUID, ent.Value, error)
}

// seekPage is one page of rows with their cursors.
type seekPage[N any] struct {
	nodes    []N
	cursors  []ent.Cursor
	pageInfo ent.PageInfo
}

// seekRows loads one page. It reads one row more than the page holds, to
// learn whether there are more rows in the direction of reading. Whether
// there are rows on the other side of the page is known only where a cursor
// bounds it, and then costs one more query.
func seekRows[N any](src seekSource[N], plan seekPlan) (seekPage[N], error) {
	rows, err := src.list(plan.where(), plan.orderBy(), plan.limit+1)
	if err != nil {
		return seekPage[N]{}, err
	}
	more := len(rows) > plan.limit
	rows = rows[:min(len(rows), plan.limit)]
	if plan.backward {
		for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
			rows[i], rows[j] = rows[j], rows[i]
		}
	}

	page := seekPage[N]{nodes: rows, cursors: make([]ent.Cursor, len(rows))}
	for i, row := range rows {
		id, value, err := src.row(row)
		if err != nil {
			return seekPage[N]{}, fmt.Errorf("read cursor key: %w", err)
		}
		key, err := cursorKeyText(value)
		if err != nil {
			return seekPage[N]{}, err
		}
		page.cursors[i] = ent.Cursor{ID: id, Value: []any{plan.order.tag, key}}
	}

	page.pageInfo.HasNextPage = more && !plan.backward
	page.pageInfo.HasPreviousPage = more && plan.backward
	if plan.before != nil && !page.pageInfo.HasNextPage {
		if page.pageInfo.HasNextPage, err = src.exists(plan.order.compare(*plan.before, true, true)); err != nil {
			return seekPage[N]{}, err
		}
	}
	if plan.after != nil && !page.pageInfo.HasPreviousPage {
		if page.pageInfo.HasPreviousPage, err = src.exists(plan.order.compare(*plan.after, false, true)); err != nil {
			return seekPage[N]{}, err
		}
	}
	if len(rows) > 0 {
		page.pageInfo.StartCursor = &page.cursors[0]
		page.pageInfo.EndCursor = &page.cursors[len(rows)-1]
	}
	return page, nil
}

// cursorKeyText returns the text of a selected cursor key, which drivers
// return as a string or as bytes.
func cursorKeyText(value ent.Value) (string, error) {
	switch v := value.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	}
	return "", fmt.Errorf("cursor key of unexpected type %T", value)
}

// cursorValue checks that a cursor's value is [tag, key] with the expected
// tag and returns the key, which for an offset cursor is a position.
func cursorValue(c entgql.Cursor[uuid.UUID], field, tag string) (any, error) {
	value, ok := c.Value.([]any)
	if !ok || len(value) != 2 {
		return nil, invalidCursor(field)
	}
	got, ok := value[0].(string)
	if !ok || !cursorTags[got] {
		return nil, invalidCursor(field)
	}
	if got != tag {
		return nil, &InputError{Field: field, Message: fmt.Sprintf(
			"the cursor comes from %s, not from %s: use a cursor from a response with the same orderBy",
			describeTag(got), describeTag(tag))}
	}
	return value[1], nil
}

// describeTag turns a cursor tag such as "services:NAME" into words.
func describeTag(tag string) string {
	connection, order, ok := strings.Cut(tag, ":")
	if !ok {
		return "another connection"
	}
	return connection + " ordered by " + order
}

func invalidCursor(field string) error {
	return &InputError{Field: field, Message: "invalid cursor: use a cursor from this connection's pageInfo or edges"}
}
