package directory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/hook"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/viewer"
)

// indexBatchSize is the number of rows one index statement writes, which
// keeps the bound arguments far below SQLite's and PostgreSQL's limits.
const indexBatchSize = 100

// serviceSearchFields and informationPageSearchFields are the fields, and
// serviceSearchEdges the edges, whose change rewrites a row's search index
// entry.
var (
	serviceSearchFields         = []string{service.FieldName, service.FieldSummary, service.FieldDescription, service.FieldOrganizationID}
	serviceSearchEdges          = []string{service.EdgeTaxonomyTerms}
	informationPageSearchFields = []string{informationpage.FieldTitle, informationpage.FieldSummary, informationpage.FieldBody}
)

// indexer keeps the full-text index tables current. It writes through the
// mutation's own client, so inside a transaction the index changes commit or
// roll back with the change itself.
type indexer struct {
	mu      sync.Mutex
	dialect string
}

// RegisterHooks makes every change to a service, information page,
// organisation or taxonomy term made through client update the search index.
//
// NOTE: a change made outside a transaction writes the index in statements
// of its own, so a crash between the two leaves the index stale until the
// next change or a Reindex.
func RegisterHooks(client *ent.Client) {
	ix := &indexer{}
	client.Service.Use(ix.serviceHook)
	client.InformationPage.Use(ix.informationPageHook)
	client.Organization.Use(ix.organizationHook)
	client.TaxonomyTerm.Use(ix.taxonomyTermHook)
}

// Reindex rebuilds both search indexes from the content tables, in one
// transaction unless client is already transactional.
func Reindex(ctx context.Context, client *ent.Client) error {
	ctx = viewer.SystemContext(ctx)
	tx, err := client.Tx(ctx)
	if errors.Is(err, ent.ErrTxStarted) {
		return reindex(ctx, client)
	}
	if err != nil {
		return fmt.Errorf("reindex: begin transaction: %w", err)
	}
	if err := reindex(ctx, tx.Client()); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("reindex: commit: %w", err)
	}
	return nil
}

func reindex(ctx context.Context, client *ent.Client) error {
	ix := &indexer{}
	d, err := ix.dialectOf(ctx, client)
	if err != nil {
		return err
	}
	for _, table := range []searchTable{serviceSearchTable, informationPageSearchTable} {
		query, args := sql.Dialect(d).Delete(table.name).Query()
		if _, err := client.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("reindex: clear %s: %w", table.name, err)
		}
	}

	serviceIDs, err := client.Service.Query().IDs(ctx)
	if err != nil {
		return fmt.Errorf("reindex: list services: %w", err)
	}
	if err := ix.indexServices(ctx, client, serviceIDs); err != nil {
		return err
	}
	pageIDs, err := client.InformationPage.Query().IDs(ctx)
	if err != nil {
		return fmt.Errorf("reindex: list information pages: %w", err)
	}
	return ix.indexInformationPages(ctx, client, pageIDs)
}

// dialectOf returns the SQL dialect behind client. The generated client does
// not export its driver, but a query hands its dialect to every predicate, so
// one empty query finds it. The result is kept for later calls.
func (ix *indexer) dialectOf(ctx context.Context, client *ent.Client) (string, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.dialect != "" {
		return ix.dialect, nil
	}
	var name string
	_, err := client.SearchSynonym.Query().
		Where(func(s *sql.Selector) {
			name = s.Dialect()
			s.Where(sql.False())
		}).
		Exist(viewer.SystemContext(ctx))
	if err != nil {
		return "", fmt.Errorf("find the database dialect: %w", err)
	}
	ix.dialect = name
	return name, nil
}

func (ix *indexer) serviceHook(next ent.Mutator) ent.Mutator {
	return hook.ServiceFunc(func(ctx context.Context, m *ent.ServiceMutation) (ent.Value, error) {
		if !changesIndex(m, serviceSearchFields, serviceSearchEdges) {
			return next.Mutate(ctx, m)
		}
		return ix.around(ctx, m, next, func(ids []uuid.UUID) error {
			if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
				return ix.remove(ctx, m.Client(), serviceSearchTable, ids)
			}
			return ix.indexServices(ctx, m.Client(), ids)
		})
	})
}

func (ix *indexer) informationPageHook(next ent.Mutator) ent.Mutator {
	return hook.InformationPageFunc(func(ctx context.Context, m *ent.InformationPageMutation) (ent.Value, error) {
		if !changesIndex(m, informationPageSearchFields, nil) {
			return next.Mutate(ctx, m)
		}
		return ix.around(ctx, m, next, func(ids []uuid.UUID) error {
			if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
				return ix.remove(ctx, m.Client(), informationPageSearchTable, ids)
			}
			return ix.indexInformationPages(ctx, m.Client(), ids)
		})
	})
}

// organizationHook reindexes an organisation's services when its name
// changes, and services moved to it through the organisation's edge.
func (ix *indexer) organizationHook(next ent.Mutator) ent.Mutator {
	return hook.OrganizationFunc(func(ctx context.Context, m *ent.OrganizationMutation) (ent.Value, error) {
		// A new organisation has services only if they are moved to it, and
		// one that has services cannot be deleted.
		_, renamed := m.Name()
		renamed = renamed && !m.Op().Is(ent.OpCreate)
		moved := m.ServicesIDs()
		if m.Op().Is(ent.OpDelete|ent.OpDeleteOne) || (!renamed && len(moved) == 0) {
			return next.Mutate(ctx, m)
		}
		return ix.around(ctx, m, next, func(organizationIDs []uuid.UUID) error {
			serviceIDs := moved
			if renamed {
				ids, err := m.Client().Service.Query().
					Where(service.OrganizationIDIn(organizationIDs...)).
					IDs(viewer.SystemContext(ctx))
				if err != nil {
					return fmt.Errorf("list services of renamed organisations: %w", err)
				}
				serviceIDs = append(serviceIDs, ids...)
			}
			return ix.indexServices(ctx, m.Client(), uniqueIDs(serviceIDs))
		})
	})
}

// taxonomyTermHook reindexes the services tagged with a term when the term
// is renamed or deleted, and the services tagged or untagged through the
// term's own edge.
func (ix *indexer) taxonomyTermHook(next ent.Mutator) ent.Mutator {
	return hook.TaxonomyTermFunc(func(ctx context.Context, m *ent.TaxonomyTermMutation) (ent.Value, error) {
		_, renamed := m.Name()
		renamed = renamed && !m.Op().Is(ent.OpCreate)
		deleted := m.Op().Is(ent.OpDelete | ent.OpDeleteOne)
		retagged := len(m.ServicesIDs()) > 0 || len(m.RemovedServicesIDs()) > 0 || m.ServicesCleared()
		if !renamed && !deleted && !retagged {
			return next.Mutate(ctx, m)
		}

		// The services tagged before the change are read first, because a
		// delete or a cleared edge removes the links.
		var serviceIDs []uuid.UUID
		if renamed || deleted || m.ServicesCleared() {
			termIDs, err := m.IDs(viewer.SystemContext(ctx))
			if err != nil {
				return nil, fmt.Errorf("search index: list the terms to change: %w", err)
			}
			serviceIDs, err = m.Client().Service.Query().
				Where(service.HasTaxonomyTermsWith(taxonomyterm.IDIn(termIDs...))).
				IDs(viewer.SystemContext(ctx))
			if err != nil {
				return nil, fmt.Errorf("search index: list services of changed terms: %w", err)
			}
		}

		value, err := next.Mutate(ctx, m)
		if err != nil {
			return value, err
		}

		serviceIDs = append(serviceIDs, m.ServicesIDs()...)
		serviceIDs = append(serviceIDs, m.RemovedServicesIDs()...)
		if err := ix.indexServices(ctx, m.Client(), uniqueIDs(serviceIDs)); err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
		return value, nil
	})
}

func uniqueIDs(ids []uuid.UUID) []uuid.UUID {
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	return slices.Compact(ids)
}

// idMutation is the part of a generated mutation that around needs.
type idMutation interface {
	ent.Mutation
	ID() (uuid.UUID, bool)
	IDs(context.Context) ([]uuid.UUID, error)
}

// around runs the mutation and then update with the ids of the rows it
// touched. The ids of an update or delete are read first, because afterwards
// the mutation's predicates may match other rows or none. They are read as
// the system, so that the index covers rows the caller cannot see.
func (ix *indexer) around(ctx context.Context, m idMutation, next ent.Mutator, update func([]uuid.UUID) error) (ent.Value, error) {
	var ids []uuid.UUID
	if !m.Op().Is(ent.OpCreate) {
		var err error
		ids, err = m.IDs(viewer.SystemContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("search index: list the rows to change: %w", err)
		}
	}

	value, err := next.Mutate(ctx, m)
	if err != nil {
		return value, err
	}

	if m.Op().Is(ent.OpCreate) {
		id, ok := m.ID()
		if !ok {
			return nil, errors.New("search index: created row has no id")
		}
		ids = []uuid.UUID{id}
	}
	if len(ids) == 0 {
		return value, nil
	}
	if err := update(ids); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	return value, nil
}

// changesIndex reports whether the mutation creates or deletes rows or
// changes one of the indexed fields or edges. Review dates and the like do
// not count.
func changesIndex(m ent.Mutation, fields, edges []string) bool {
	if !m.Op().Is(ent.OpUpdate | ent.OpUpdateOne) {
		return true
	}
	for _, name := range append(m.Fields(), m.ClearedFields()...) {
		if slices.Contains(fields, name) {
			return true
		}
	}
	changedEdges := slices.Concat(m.AddedEdges(), m.RemovedEdges(), m.ClearedEdges())
	for _, name := range changedEdges {
		if slices.Contains(edges, name) {
			return true
		}
	}
	return false
}

// remove deletes the index rows of ids. On PostgreSQL a foreign key would
// cascade anyway, but FTS5 tables have none.
func (ix *indexer) remove(ctx context.Context, client *ent.Client, table searchTable, ids []uuid.UUID) error {
	d, err := ix.dialectOf(ctx, client)
	if err != nil {
		return err
	}
	for batch := range slices.Chunk(ids, indexBatchSize) {
		query, args := sql.Dialect(d).Delete(table.name).Where(sql.In(table.idColumn, uuidArgs(batch)...)).Query()
		if _, err := client.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("delete from %s: %w", table.name, err)
		}
	}
	return nil
}

// indexServices rewrites the index rows of the services with ids. Services
// that no longer exist lose their rows.
func (ix *indexer) indexServices(ctx context.Context, client *ent.Client, ids []uuid.UUID) error {
	if err := ix.remove(ctx, client, serviceSearchTable, ids); err != nil {
		return err
	}
	d, err := ix.dialectOf(ctx, client)
	if err != nil {
		return err
	}
	for batch := range slices.Chunk(ids, indexBatchSize) {
		services, err := client.Service.Query().
			Where(service.IDIn(batch...)).
			WithOrganization().
			WithTaxonomyTerms(func(q *ent.TaxonomyTermQuery) { q.Order(taxonomyterm.ByName(), taxonomyterm.ByID()) }).
			All(viewer.SystemContext(ctx))
		if err != nil {
			return fmt.Errorf("load services to index: %w", err)
		}
		if len(services) == 0 {
			continue
		}
		insert := serviceIndexInsert(d, services)
		query, args := insert.Query()
		if _, err := client.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", serviceSearchTable.name, err)
		}
	}
	return nil
}

func serviceIndexInsert(d string, services []*ent.Service) *sql.InsertBuilder {
	if d == dialect.Postgres {
		insert := sql.Dialect(d).Insert(serviceSearchTable.name).Columns(serviceSearchTable.idColumn, "document")
		for _, s := range services {
			insert.Values(s.ID, weightedDocument(
				weighted{indexText(s.Name), "A"},
				weighted{indexText(s.Summary), "B"},
				weighted{indexText(organizationName(s)), "C"},
				weighted{indexText(termNames(s)), "C"},
				weighted{indexText(s.Description), "D"},
			))
		}
		return insert
	}
	insert := sql.Dialect(d).Insert(serviceSearchTable.name).
		Columns(serviceSearchTable.idColumn, "name", "summary", "description", "organization", "terms")
	for _, s := range services {
		insert.Values(s.ID, indexText(s.Name), indexText(s.Summary), indexText(s.Description), indexText(organizationName(s)), indexText(termNames(s)))
	}
	return insert
}

// termNames returns the names of the taxonomy terms a service is tagged
// with, for its index entry, so that a search for a need or a section finds
// the services tagged with it.
func termNames(s *ent.Service) string {
	names := make([]string, len(s.Edges.TaxonomyTerms))
	for i, term := range s.Edges.TaxonomyTerms {
		names[i] = term.Name
	}
	return strings.Join(names, "\n")
}

func organizationName(s *ent.Service) string {
	if s.Edges.Organization == nil {
		return ""
	}
	return s.Edges.Organization.Name
}

// indexInformationPages rewrites the index rows of the pages with ids.
func (ix *indexer) indexInformationPages(ctx context.Context, client *ent.Client, ids []uuid.UUID) error {
	if err := ix.remove(ctx, client, informationPageSearchTable, ids); err != nil {
		return err
	}
	d, err := ix.dialectOf(ctx, client)
	if err != nil {
		return err
	}
	for batch := range slices.Chunk(ids, indexBatchSize) {
		pages, err := client.InformationPage.Query().
			Where(informationpage.IDIn(batch...)).
			All(viewer.SystemContext(ctx))
		if err != nil {
			return fmt.Errorf("load information pages to index: %w", err)
		}
		if len(pages) == 0 {
			continue
		}
		query, args := informationPageIndexInsert(d, pages).Query()
		if _, err := client.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", informationPageSearchTable.name, err)
		}
	}
	return nil
}

func informationPageIndexInsert(d string, pages []*ent.InformationPage) *sql.InsertBuilder {
	if d == dialect.Postgres {
		insert := sql.Dialect(d).Insert(informationPageSearchTable.name).Columns(informationPageSearchTable.idColumn, "document")
		for _, p := range pages {
			insert.Values(p.ID, weightedDocument(
				weighted{indexText(p.Title), "A"},
				weighted{indexText(p.Summary), "B"},
				weighted{indexText(p.Body), "D"},
			))
		}
		return insert
	}
	insert := sql.Dialect(d).Insert(informationPageSearchTable.name).
		Columns(informationPageSearchTable.idColumn, "title", "summary", "body")
	for _, p := range pages {
		insert.Values(p.ID, indexText(p.Title), indexText(p.Summary), indexText(p.Body))
	}
	return insert
}

// weighted is one part of a PostgreSQL search document with its weight
// label, A (highest) to D.
type weighted struct {
	text   string
	weight string
}

// weightedDocument returns the tsvector expression of the parts, with every
// text a bound argument.
func weightedDocument(parts ...weighted) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		for i, part := range parts {
			if i > 0 {
				b.WriteString(" || ")
			}
			b.WriteString("setweight(to_tsvector('" + textSearchConfig + "', ").Arg(part.text).WriteString("::text), '" + part.weight + "')")
		}
	})
}

// indexText returns the words to index of a field that may hold HTML: its
// plain text with apostrophes treated as searches treat them.
func indexText(htmlText string) string {
	return normaliseApostrophes(content.PlainText(htmlText))
}

func uuidArgs(ids []uuid.UUID) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}
