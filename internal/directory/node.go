package directory

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/apikey"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/bankholiday"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/contact"
	"github.com/localoffer/localoffer/ent/costoption"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/educationdetails"
	"github.com/localoffer/localoffer/ent/engagementactivity"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackresponse"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/ownershipreport"
	"github.com/localoffer/localoffer/ent/providerapplication"
	"github.com/localoffer/localoffer/ent/reportsignoff"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	"github.com/localoffer/localoffer/ent/revision"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/slaacceptance"
	"github.com/localoffer/localoffer/ent/slaversion"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/ent/user"
)

// MaxNodes is the largest number of ids one nodes(ids) call may ask for.
const MaxNodes = 100

// nodeTable is a table whose rows are GraphQL nodes, with the function that
// loads rows of it by id and the edges selected on them. load goes through
// the privacy rules, so a row the caller may not read is missing from its
// result, exactly like a row that does not exist.
type nodeTable struct {
	name string
	load func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error)
}

// nodeTables are the tables node(id) and nodes(ids) look in. The second
// argument of CollectFields names the GraphQL types whose fragments apply to
// the rows: the table's own type and the Node interface.
var nodeTables = []nodeTable{
	{changerequest.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.ChangeRequest.Query().Where(changerequest.IDIn(ids...)).CollectFields(ctx, "ChangeRequest", "Node")
		return nodesByID(ctx, query, err, func(n *ent.ChangeRequest) uuid.UUID { return n.ID })
	}},
	{revision.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.Revision.Query().Where(revision.IDIn(ids...)).CollectFields(ctx, "Revision", "Node")
		return nodesByID(ctx, query, err, func(n *ent.Revision) uuid.UUID { return n.ID })
	}},
	{service.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.Service.Query().Where(service.IDIn(ids...)).CollectFields(ctx, "Service", "Node")
		return nodesByID(ctx, query, err, func(n *ent.Service) uuid.UUID { return n.ID })
	}},
	{organization.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.Organization.Query().Where(organization.IDIn(ids...)).CollectFields(ctx, "Organization", "Node")
		return nodesByID(ctx, query, err, func(n *ent.Organization) uuid.UUID { return n.ID })
	}},
	{informationpage.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.InformationPage.Query().Where(informationpage.IDIn(ids...)).CollectFields(ctx, "InformationPage", "Node")
		return nodesByID(ctx, query, err, func(n *ent.InformationPage) uuid.UUID { return n.ID })
	}},
	{location.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.Location.Query().Where(location.IDIn(ids...)).CollectFields(ctx, "Location", "Node")
		return nodesByID(ctx, query, err, func(n *ent.Location) uuid.UUID { return n.ID })
	}},
	{contact.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.Contact.Query().Where(contact.IDIn(ids...)).CollectFields(ctx, "Contact", "Node")
		return nodesByID(ctx, query, err, func(n *ent.Contact) uuid.UUID { return n.ID })
	}},
	{schedule.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.Schedule.Query().Where(schedule.IDIn(ids...)).CollectFields(ctx, "Schedule", "Node")
		return nodesByID(ctx, query, err, func(n *ent.Schedule) uuid.UUID { return n.ID })
	}},
	{costoption.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.CostOption.Query().Where(costoption.IDIn(ids...)).CollectFields(ctx, "CostOption", "Node")
		return nodesByID(ctx, query, err, func(n *ent.CostOption) uuid.UUID { return n.ID })
	}},
	{educationdetails.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.EducationDetails.Query().Where(educationdetails.IDIn(ids...)).CollectFields(ctx, "EducationDetails", "Node")
		return nodesByID(ctx, query, err, func(n *ent.EducationDetails) uuid.UUID { return n.ID })
	}},
	{taxonomy.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.Taxonomy.Query().Where(taxonomy.IDIn(ids...)).CollectFields(ctx, "Taxonomy", "Node")
		return nodesByID(ctx, query, err, func(n *ent.Taxonomy) uuid.UUID { return n.ID })
	}},
	{taxonomyterm.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.TaxonomyTerm.Query().Where(taxonomyterm.IDIn(ids...)).CollectFields(ctx, "TaxonomyTerm", "Node")
		return nodesByID(ctx, query, err, func(n *ent.TaxonomyTerm) uuid.UUID { return n.ID })
	}},
	{user.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.User.Query().Where(user.IDIn(ids...)).CollectFields(ctx, "User", "Node")
		return nodesByID(ctx, query, err, func(n *ent.User) uuid.UUID { return n.ID })
	}},
	{apikey.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.APIKey.Query().Where(apikey.IDIn(ids...)).CollectFields(ctx, "APIKey", "Node")
		return nodesByID(ctx, query, err, func(n *ent.APIKey) uuid.UUID { return n.ID })
	}},
	{auditevent.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.AuditEvent.Query().Where(auditevent.IDIn(ids...)).CollectFields(ctx, "AuditEvent", "Node")
		return nodesByID(ctx, query, err, func(n *ent.AuditEvent) uuid.UUID { return n.ID })
	}},
	{notification.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.Notification.Query().Where(notification.IDIn(ids...)).CollectFields(ctx, "Notification", "Node")
		return nodesByID(ctx, query, err, func(n *ent.Notification) uuid.UUID { return n.ID })
	}},
	{providerapplication.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.ProviderApplication.Query().Where(providerapplication.IDIn(ids...)).CollectFields(ctx, "ProviderApplication", "Node")
		return nodesByID(ctx, query, err, func(n *ent.ProviderApplication) uuid.UUID { return n.ID })
	}},
	{ownershipreport.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.OwnershipReport.Query().Where(ownershipreport.IDIn(ids...)).CollectFields(ctx, "OwnershipReport", "Node")
		return nodesByID(ctx, query, err, func(n *ent.OwnershipReport) uuid.UUID { return n.ID })
	}},
	{reviewcycle.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.ReviewCycle.Query().Where(reviewcycle.IDIn(ids...)).CollectFields(ctx, "ReviewCycle", "Node")
		return nodesByID(ctx, query, err, func(n *ent.ReviewCycle) uuid.UUID { return n.ID })
	}},
	{bankholiday.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.BankHoliday.Query().Where(bankholiday.IDIn(ids...)).CollectFields(ctx, "BankHoliday", "Node")
		return nodesByID(ctx, query, err, func(n *ent.BankHoliday) uuid.UUID { return n.ID })
	}},
	{slaversion.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.SLAVersion.Query().Where(slaversion.IDIn(ids...)).CollectFields(ctx, "SLAVersion", "Node")
		return nodesByID(ctx, query, err, func(n *ent.SLAVersion) uuid.UUID { return n.ID })
	}},
	{slaacceptance.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.SLAAcceptance.Query().Where(slaacceptance.IDIn(ids...)).CollectFields(ctx, "SLAAcceptance", "Node")
		return nodesByID(ctx, query, err, func(n *ent.SLAAcceptance) uuid.UUID { return n.ID })
	}},
	{cyclereview.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.CycleReview.Query().Where(cyclereview.IDIn(ids...)).CollectFields(ctx, "CycleReview", "Node")
		return nodesByID(ctx, query, err, func(n *ent.CycleReview) uuid.UUID { return n.ID })
	}},
	{feedback.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.Feedback.Query().Where(feedback.IDIn(ids...)).CollectFields(ctx, "Feedback", "Node")
		return nodesByID(ctx, query, err, func(n *ent.Feedback) uuid.UUID { return n.ID })
	}},
	{feedbackresponse.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.FeedbackResponse.Query().Where(feedbackresponse.IDIn(ids...)).CollectFields(ctx, "FeedbackResponse", "Node")
		return nodesByID(ctx, query, err, func(n *ent.FeedbackResponse) uuid.UUID { return n.ID })
	}},
	{engagementactivity.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.EngagementActivity.Query().Where(engagementactivity.IDIn(ids...)).CollectFields(ctx, "EngagementActivity", "Node")
		return nodesByID(ctx, query, err, func(n *ent.EngagementActivity) uuid.UUID { return n.ID })
	}},
	{annualreport.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.AnnualReport.Query().Where(annualreport.IDIn(ids...)).CollectFields(ctx, "AnnualReport", "Node")
		return nodesByID(ctx, query, err, func(n *ent.AnnualReport) uuid.UUID { return n.ID })
	}},
	{reportsignoff.Table, func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
		query, err := client.ReportSignOff.Query().Where(reportsignoff.IDIn(ids...)).CollectFields(ctx, "ReportSignOff", "Node")
		return nodesByID(ctx, query, err, func(n *ent.ReportSignOff) uuid.UUID { return n.ID })
	}},
}

// nodesByID runs a query built by CollectFields, whose error it takes too,
// and returns its rows by id.
func nodesByID[N ent.Noder](ctx context.Context, query interface {
	All(context.Context) ([]N, error)
}, collectErr error, id func(N) uuid.UUID) (map[uuid.UUID]ent.Noder, error) {
	if collectErr != nil {
		return nil, fmt.Errorf("collect node fields: %w", collectErr)
	}
	rows, err := query.All(ctx)
	if err != nil {
		return nil, err
	}
	found := make(map[uuid.UUID]ent.Noder, len(rows))
	for _, row := range rows {
		found[id(row)] = row
	}
	return found, nil
}

// Node loads the record with the given id, whatever its type, through the
// privacy rules. A record that does not exist and one the caller may not
// read give the same ErrNotFound, whose message names the id.
func Node(ctx context.Context, client *ent.Client, dialectName string, id uuid.UUID) (ent.Noder, error) {
	nodes, err := Nodes(ctx, client, dialectName, []uuid.UUID{id})
	if err != nil {
		return nil, err
	}
	if nodes[0] == nil {
		return nil, notFound("no node with id %s", id)
	}
	return nodes[0], nil
}

// Nodes loads several records by id, with one query to find each id's table
// and one query per table involved. An id that does not exist, or that the
// caller may not read, gives nil at its position and no error.
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

	byTable := map[string][]uuid.UUID{}
	for _, id := range ids {
		if table, ok := types[id]; ok && !slices.Contains(byTable[table], id) {
			byTable[table] = append(byTable[table], id)
		}
	}
	found := map[uuid.UUID]ent.Noder{}
	for _, table := range nodeTables {
		tableIDs := byTable[table.name]
		if len(tableIDs) == 0 {
			continue
		}
		loaded, err := table.load(ctx, client, tableIDs)
		if err != nil {
			return nil, fmt.Errorf("load nodes from %s: %w", table.name, err)
		}
		maps.Copy(found, loaded)
	}

	result := make([]ent.Noder, len(ids))
	for i, id := range ids {
		result[i] = found[id]
	}
	return result, nil
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
		t := sql.Dialect(dialectName).Table(table.name)
		part := sql.Dialect(dialectName).
			Select(t.C("id")).AppendSelectExprAs(sql.Expr("'"+table.name+"'"), "node_table").
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
