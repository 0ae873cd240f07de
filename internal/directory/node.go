package directory

import (
	"context"
	"errors"
	"fmt"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"
	"github.com/hashicorp/go-multierror"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/contact"
	"github.com/localoffer/localoffer/ent/costoption"
	"github.com/localoffer/localoffer/ent/educationdetails"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
)

// MaxNodes is the largest number of ids one nodes(ids) call may ask for.
const MaxNodes = 100

// nodeTables are the tables whose rows are GraphQL nodes.
var nodeTables = []string{
	service.Table, organization.Table, informationpage.Table, location.Table,
	contact.Table, schedule.Table, costoption.Table, educationdetails.Table,
	taxonomy.Table, taxonomyterm.Table,
}

// Node loads the record with the given id, whatever its type, through the
// privacy rules: a record the caller may not read is ErrNotFound.
func Node(ctx context.Context, client *ent.Client, dialectName string, id uuid.UUID) (ent.Noder, error) {
	nodes, err := Nodes(ctx, client, dialectName, []uuid.UUID{id})
	if err != nil {
		return nil, err
	}
	if nodes[0] == nil {
		return nil, fmt.Errorf("load node %s: %w", id, ErrNotFound)
	}
	return nodes[0], nil
}

// Nodes loads several records by id in one query per table involved; an id
// that does not exist, or that the caller may not read, gives nil at its
// position.
func Nodes(ctx context.Context, client *ent.Client, dialectName string, ids []uuid.UUID) ([]ent.Noder, error) {
	if len(ids) > MaxNodes {
		return nil, &InputError{Field: "ids", Message: fmt.Sprintf("at most %d ids at once, got %d", MaxNodes, len(ids))}
	}
	if len(ids) == 0 {
		return []ent.Noder{}, nil
	}
	types, err := nodeTypes(ctx, client, dialectName, ids)
	if err != nil {
		return nil, err
	}

	found := map[uuid.UUID]ent.Noder{}
	byTable := map[string][]uuid.UUID{}
	for _, id := range ids {
		if table, ok := types[id]; ok {
			byTable[table] = append(byTable[table], id)
		}
	}
	for _, tableIDs := range byTable {
		noders, err := client.Noders(ctx, tableIDs, ent.WithNodeType(func(_ context.Context, id uuid.UUID) (string, error) {
			return types[id], nil
		}))
		for i, noder := range noders {
			if noder != nil {
				found[tableIDs[i]] = noder
			}
		}
		if err != nil && !onlyNotFound(err) {
			return nil, fmt.Errorf("load nodes: %w", err)
		}
	}

	result := make([]ent.Noder, len(ids))
	for i, id := range ids {
		result[i] = found[id]
	}
	return result, nil
}

// onlyNotFound reports whether err, possibly one error per id, says only that
// records were not found: the privacy rules filter out what the caller may
// not read, and ent reports that as not found.
func onlyNotFound(err error) bool {
	var multi *multierror.Error
	if errors.As(err, &multi) {
		for _, e := range multi.Errors {
			if !ent.IsNotFound(e) {
				return false
			}
		}
		return true
	}
	return ent.IsNotFound(err)
}

// nodeTypes finds the table of each id with one UNION query. It reads ids
// only; the records themselves are then loaded through the privacy rules.
func nodeTypes(ctx context.Context, client *ent.Client, dialectName string, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	values := make([]any, len(ids))
	for i, id := range ids {
		values[i] = id
	}
	var query *sql.Selector
	for _, table := range nodeTables {
		t := sql.Dialect(dialectName).Table(table)
		part := sql.Dialect(dialectName).
			Select(t.C("id")).AppendSelectExprAs(sql.Expr("'"+table+"'"), "node_table").
			From(t).
			Where(sql.In(t.C("id"), values...))
		if query == nil {
			query = part
		} else {
			query.UnionAll(part)
		}
	}
	text, args := query.Query()
	rows, err := client.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("find node types: %w", err)
	}
	defer rows.Close()
	types := make(map[uuid.UUID]string, len(ids))
	for rows.Next() {
		var (
			id    uuid.UUID
			table string
		)
		if err := rows.Scan(&id, &table); err != nil {
			return nil, fmt.Errorf("find node types: %w", err)
		}
		types[id] = table
	}
	return types, rows.Err()
}
