package sla

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Figures counts what happened to the content a review cycle asked its
// owners to review. A review is on time when it happened before the cycle's
// updates deadline (see Deadline). Each row counts once in ReviewedOnTime,
// ReviewedLate or NotReviewed, and in every escalation step it reached.
type Figures struct {
	Asked                int
	ReviewedOnTime       int
	ReviewedLate         int
	NotReviewed          int
	Reminded             int
	CommissionerNotified int
	BoardListed          int
}

// GroupFigures are the figures of one lead, organisation or commissioner.
// ID is nil for content without one, such as information pages, which have
// no organisation. Name is empty when ID is nil or the caller may not read
// the record.
type GroupFigures struct {
	ID      *uuid.UUID
	Name    string
	Figures Figures
}

// CycleFigures are the figures of one review cycle.
type CycleFigures struct {
	ReviewCycle *ent.ReviewCycle
	Figures     Figures
}

// Monitoring is the SLA's monitoring view of one review cycle: its figures,
// the same broken down by lead, organisation and commissioner, and the trend
// across cycles. Every figure counts only the cycle reviews the caller may
// read, so a provider sees the figures of their own content.
type Monitoring struct {
	ReviewCycle     *ent.ReviewCycle
	Totals          Figures
	ByLead          []GroupFigures
	ByOrganization  []GroupFigures
	ByCommissioner  []GroupFigures
	Trend           []CycleFigures
	UpdatesDeadline time.Time
}

// CycleReviewFilter selects cycle reviews. A nil field selects all.
type CycleReviewFilter struct {
	ReviewCycleID  *uuid.UUID
	Reviewed       *bool
	LeadID         *uuid.UUID
	OrganizationID *uuid.UUID
	CommissionerID *uuid.UUID
	BoardListed    *bool
}

// figureRow is one row of an aggregate query: the group's key and its
// counts. Reviewed counts the rows with any review, on time or late.
type figureRow struct {
	Key                  *uuid.UUID `json:"group_key"`
	Asked                int        `json:"asked"`
	Reviewed             int        `json:"reviewed"`
	OnTime               int        `json:"on_time"`
	Reminded             int        `json:"reminded"`
	CommissionerNotified int        `json:"commissioner_told"`
	BoardListed          int        `json:"board_listed"`
}

func (r figureRow) figures() Figures {
	return Figures{
		Asked:                r.Asked,
		ReviewedOnTime:       r.OnTime,
		ReviewedLate:         r.Reviewed - r.OnTime,
		NotReviewed:          r.Asked - r.Reviewed,
		Reminded:             r.Reminded,
		CommissionerNotified: r.CommissionerNotified,
		BoardListed:          r.BoardListed,
	}
}

// authorizeMonitoring lets in the callers whose role may read some cycle
// reviews: the LO team, and providers for their own or commissioned content.
func (m *Manager) authorizeMonitoring(ctx context.Context) error {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return err
	}
	v := viewer.FromContext(ctx)
	if v.System || len(m.authz.Scopes(v.PolicyRole(), authz.TypeCycleReview, authz.ActionRead)) > 0 {
		return nil
	}
	return fmt.Errorf("only providers and the LO team may read the SLA monitoring: %w", apperr.ErrForbidden)
}

// Monitoring returns the monitoring view of the review cycle cycleID, or,
// when cycleID is nil, of the latest cycle whose update notifications date
// has come. It returns nil without an error when no cycle has reached that
// date yet. The number of SQL statements does not depend on the number of
// cycle reviews, leads, organisations or commissioners.
func (m *Manager) Monitoring(ctx context.Context, cycleID *uuid.UUID) (*Monitoring, error) {
	if err := m.authorizeMonitoring(ctx); err != nil {
		return nil, err
	}
	client := m.reader(ctx)
	today := Today(m.clock())

	cycle, err := monitoredCycle(ctx, client, cycleID, today)
	if err != nil || cycle == nil {
		return nil, err
	}
	view := &Monitoring{ReviewCycle: cycle, UpdatesDeadline: Deadline(cycle.UpdatesDueOn)}
	if err := view.load(ctx, client, today); err != nil {
		return nil, err
	}
	return view, nil
}

// monitoredCycle returns the cycle cycleID, or the latest cycle whose
// update notifications are due by today.
func monitoredCycle(ctx context.Context, client *ent.Client, cycleID *uuid.UUID, today schematype.Date) (*ent.ReviewCycle, error) {
	if cycleID != nil {
		cycle, err := client.ReviewCycle.Get(ctx, *cycleID)
		if ent.IsNotFound(err) {
			return nil, fmt.Errorf("review cycle %s: %w", cycleID, apperr.ErrNotFound)
		}
		if err != nil {
			return nil, fmt.Errorf("load review cycle %s: %w", cycleID, err)
		}
		return cycle, nil
	}
	cycle, err := client.ReviewCycle.Query().
		Where(reviewcycle.UpdateNotificationsOnLTE(today)).
		Order(ent.Desc(reviewcycle.FieldUpdateNotificationsOn), ent.Desc(reviewcycle.FieldID)).
		First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find the latest notified review cycle: %w", err)
	}
	return cycle, nil
}

// load fills in the figures of the view's cycle and the trend.
func (v *Monitoring) load(ctx context.Context, client *ent.Client, today schematype.Date) error {
	cycle := v.ReviewCycle
	deadlines := map[uuid.UUID]time.Time{cycle.ID: v.UpdatesDeadline}
	inCycle := cyclereview.ReviewCycleID(cycle.ID)

	totals, err := aggregate(ctx, client, deadlines, inCycle, nil)
	if err != nil {
		return fmt.Errorf("count the cycle reviews of %q: %w", cycle.Name, err)
	}
	if len(totals) == 1 {
		v.Totals = totals[0].figures()
	}

	if v.ByLead, err = groupFigures(ctx, client, deadlines, inCycle, column(cyclereview.FieldLeadID), userNames); err != nil {
		return fmt.Errorf("count the cycle reviews of %q by lead: %w", cycle.Name, err)
	}
	if v.ByCommissioner, err = groupFigures(ctx, client, deadlines, inCycle, column(cyclereview.FieldCommissionerID), userNames); err != nil {
		return fmt.Errorf("count the cycle reviews of %q by commissioner: %w", cycle.Name, err)
	}
	if v.ByOrganization, err = groupFigures(ctx, client, deadlines, inCycle, serviceOrganization, organizationNames); err != nil {
		return fmt.Errorf("count the cycle reviews of %q by organisation: %w", cycle.Name, err)
	}

	if v.Trend, err = trend(ctx, client, cycle, today); err != nil {
		return fmt.Errorf("count the cycle reviews of every review cycle: %w", err)
	}
	return nil
}

// trend returns the figures of every cycle whose update notifications are
// due by today, and of cycle itself, oldest first.
//
// NOTE: it lists every such cycle, two a year, with no limit.
func trend(ctx context.Context, client *ent.Client, cycle *ent.ReviewCycle, today schematype.Date) ([]CycleFigures, error) {
	cycles, err := client.ReviewCycle.Query().
		Where(reviewcycle.Or(reviewcycle.UpdateNotificationsOnLTE(today), reviewcycle.ID(cycle.ID))).
		Order(ent.Asc(reviewcycle.FieldUpdatesDueOn), ent.Asc(reviewcycle.FieldID)).
		All(ctx)
	if err != nil {
		return nil, err
	}
	deadlines := make(map[uuid.UUID]time.Time, len(cycles))
	ids := make([]uuid.UUID, 0, len(cycles))
	for _, c := range cycles {
		deadlines[c.ID] = Deadline(c.UpdatesDueOn)
		ids = append(ids, c.ID)
	}

	rows, err := aggregate(ctx, client, deadlines, cyclereview.ReviewCycleIDIn(ids...), column(cyclereview.FieldReviewCycleID))
	if err != nil {
		return nil, err
	}
	byCycle := make(map[uuid.UUID]Figures, len(rows))
	for _, row := range rows {
		if row.Key != nil {
			byCycle[*row.Key] = row.figures()
		}
	}

	result := make([]CycleFigures, 0, len(cycles))
	for _, c := range cycles {
		result = append(result, CycleFigures{ReviewCycle: c, Figures: byCycle[c.ID]})
	}
	return result, nil
}

// groupKey returns the column, qualified for s, that an aggregate groups by.
type groupKey func(s *sql.Selector) string

func column(name string) groupKey {
	return func(s *sql.Selector) string { return s.C(name) }
}

// serviceOrganization groups by the organisation of the reviewed service.
// Information pages have no organisation, so their key is NULL.
func serviceOrganization(s *sql.Selector) string {
	services := sql.Table(service.Table).As("monitored_service")
	s.LeftJoin(services).On(s.C(cyclereview.FieldServiceID), services.C(service.FieldID))
	return services.C(service.FieldOrganizationID)
}

// nameLoader returns the names of the records with the given ids that the
// caller may read.
type nameLoader func(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]string, error)

func userNames(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	users, err := client.User.Query().Where(user.IDIn(ids...)).Select(user.FieldID, user.FieldName).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the names of %d users: %w", len(ids), err)
	}
	names := make(map[uuid.UUID]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return names, nil
}

func organizationNames(ctx context.Context, client *ent.Client, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	organizations, err := client.Organization.Query().Where(organization.IDIn(ids...)).
		Select(organization.FieldID, organization.FieldName).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the names of %d organisations: %w", len(ids), err)
	}
	names := make(map[uuid.UUID]string, len(organizations))
	for _, o := range organizations {
		names[o.ID] = o.Name
	}
	return names, nil
}

// groupFigures returns the figures grouped by key, with each group's name,
// most content not reviewed first, then by name, with the group without an
// id last among equals. It runs two statements.
func groupFigures(ctx context.Context, client *ent.Client, deadlines map[uuid.UUID]time.Time, where predicate.CycleReview, key groupKey, names nameLoader) ([]GroupFigures, error) {
	rows, err := aggregate(ctx, client, deadlines, where, key)
	if err != nil {
		return nil, err
	}
	ids := make([]uuid.UUID, 0, len(rows))
	for _, row := range rows {
		if row.Key != nil {
			ids = append(ids, *row.Key)
		}
	}
	named := map[uuid.UUID]string{}
	if len(ids) > 0 {
		if named, err = names(ctx, client, ids); err != nil {
			return nil, err
		}
	}

	groups := make([]GroupFigures, 0, len(rows))
	for _, row := range rows {
		group := GroupFigures{ID: row.Key, Figures: row.figures()}
		if row.Key != nil {
			group.Name = named[*row.Key]
		}
		groups = append(groups, group)
	}
	slices.SortFunc(groups, func(a, b GroupFigures) int {
		return cmp.Or(
			cmp.Compare(b.Figures.NotReviewed, a.Figures.NotReviewed),
			compareIDs(a.ID, b.ID, false),
			cmp.Compare(a.Name, b.Name),
			compareIDs(a.ID, b.ID, true))
	})
	return groups, nil
}

// compareIDs orders groups without an id after those with one, and, when
// byValue is set, those with one by id.
func compareIDs(a, b *uuid.UUID, byValue bool) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	case byValue:
		return cmp.Compare(a.String(), b.String())
	}
	return 0
}

// aggregate counts the cycle reviews that match where and that the caller
// may read, in one GROUP BY statement, or one total row when key is nil.
// deadlines maps each review cycle to its updates deadline: a review before
// it is on time.
//
// The comparison with the deadline runs in SQL. On SQLite, times are text,
// which compares correctly only because the product stores every time in
// UTC, as Deadline returns it.
func aggregate(ctx context.Context, client *ent.Client, deadlines map[uuid.UUID]time.Time, where predicate.CycleReview, key groupKey) ([]figureRow, error) {
	var rows []figureRow
	err := client.CycleReview.Query().
		Where(where).
		Modify(func(s *sql.Selector) {
			keyColumn := "NULL"
			if key != nil {
				keyColumn = key(s)
			}
			s.Select().AppendSelectExprAs(sql.Expr(keyColumn), "group_key")
			s.AppendSelectExprAs(sql.Expr("COUNT(*)"), "asked")
			s.AppendSelectExprAs(sql.Expr(countNotNull(s, cyclereview.FieldReviewedAt)), "reviewed")
			s.AppendSelectExprAs(countOnTime(s, deadlines), "on_time")
			s.AppendSelectExprAs(sql.Expr(countNotNull(s, cyclereview.FieldRemindedAt)), "reminded")
			s.AppendSelectExprAs(sql.Expr(countNotNull(s, cyclereview.FieldCommissionerNotifiedAt)), "commissioner_told")
			s.AppendSelectExprAs(sql.Expr(countNotNull(s, cyclereview.FieldBoardListedAt)), "board_listed")
			if key != nil {
				s.GroupBy(keyColumn)
			}
		}).
		Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	if key == nil {
		// Without GROUP BY the statement returns one row even when no cycle
		// review matches, with a NULL key.
		for i := range rows {
			rows[i].Key = nil
		}
	}
	return rows, nil
}

func countNotNull(s *sql.Selector, field string) string {
	return "COUNT(" + s.C(field) + ")"
}

// countOnTime counts the rows reviewed before their cycle's deadline.
func countOnTime(s *sql.Selector, deadlines map[uuid.UUID]time.Time) sql.Querier {
	onTime := make([]*sql.Predicate, 0, len(deadlines))
	for _, id := range slices.SortedFunc(mapKeys(deadlines), func(a, b uuid.UUID) int { return cmp.Compare(a.String(), b.String()) }) {
		onTime = append(onTime, sql.And(
			sql.EQ(s.C(cyclereview.FieldReviewCycleID), id),
			sql.LT(s.C(cyclereview.FieldReviewedAt), deadlines[id]),
		))
	}
	if len(onTime) == 0 {
		return sql.Expr("0")
	}
	return sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("COUNT(CASE WHEN ").Join(sql.Or(onTime...)).WriteString(" THEN 1 END)")
	})
}

func mapKeys(deadlines map[uuid.UUID]time.Time) func(yield func(uuid.UUID) bool) {
	return func(yield func(uuid.UUID) bool) {
		for id := range deadlines {
			if !yield(id) {
				return
			}
		}
	}
}

// CycleReviews returns a page of the cycle reviews that match filter and
// that the caller may read.
func (m *Manager) CycleReviews(ctx context.Context, filter CycleReviewFilter, page directory.Page) (*ent.CycleReviewConnection, error) {
	if err := m.authorizeMonitoring(ctx); err != nil {
		return nil, err
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	conn, err := m.reader(ctx).CycleReview.Query().
		Where(filter.predicates()...).
		Paginate(ctx, page.After, page.First, page.Before, page.Last)
	if err != nil {
		return nil, fmt.Errorf("list cycle reviews: %w", err)
	}
	return conn, nil
}

// NotReviewed returns every cycle review of cycleID not reviewed yet, with
// its content, the service's organisation, the lead and the commissioner,
// in five statements whatever their number. It is for the CSV export.
func (m *Manager) NotReviewed(ctx context.Context, cycleID uuid.UUID) ([]*ent.CycleReview, error) {
	if err := m.authorizeMonitoring(ctx); err != nil {
		return nil, err
	}
	reviews, err := m.reader(ctx).CycleReview.Query().
		Where(cyclereview.ReviewCycleID(cycleID), cyclereview.ReviewedAtIsNil()).
		WithService(func(q *ent.ServiceQuery) { q.WithOrganization() }).
		WithInformationPage().
		WithLead().
		WithCommissioner().
		Order(ent.Asc(cyclereview.FieldNotifiedAt), ent.Asc(cyclereview.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the cycle reviews of review cycle %s not reviewed: %w", cycleID, err)
	}
	return reviews, nil
}

// ReviewCycleByName returns the review cycle called name, for the command
// line.
func (m *Manager) ReviewCycleByName(ctx context.Context, name string) (*ent.ReviewCycle, error) {
	cycle, err := m.reader(ctx).ReviewCycle.Query().Where(reviewcycle.Name(name)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("review cycle %q: %w", name, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load review cycle %q: %w", name, err)
	}
	return cycle, nil
}

func (f CycleReviewFilter) predicates() []predicate.CycleReview {
	var where []predicate.CycleReview
	if f.ReviewCycleID != nil {
		where = append(where, cyclereview.ReviewCycleID(*f.ReviewCycleID))
	}
	if f.Reviewed != nil {
		where = append(where, nullOr(*f.Reviewed, cyclereview.ReviewedAtNotNil(), cyclereview.ReviewedAtIsNil()))
	}
	if f.BoardListed != nil {
		where = append(where, nullOr(*f.BoardListed, cyclereview.BoardListedAtNotNil(), cyclereview.BoardListedAtIsNil()))
	}
	if f.LeadID != nil {
		where = append(where, cyclereview.LeadID(*f.LeadID))
	}
	if f.CommissionerID != nil {
		where = append(where, cyclereview.CommissionerID(*f.CommissionerID))
	}
	if f.OrganizationID != nil {
		where = append(where, cyclereview.HasServiceWith(service.OrganizationID(*f.OrganizationID)))
	}
	return where
}

func nullOr(set bool, ifSet, ifNull predicate.CycleReview) predicate.CycleReview {
	if set {
		return ifSet
	}
	return ifNull
}
