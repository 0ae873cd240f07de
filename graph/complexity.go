package graph

import (
	"time"

	"entgo.io/contrib/entgql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/graph/generated"
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/feedback"
)

// Item counts assumed for list fields that take no page size. They are
// estimates, not limits, because nothing caps these lists. listEstimate is
// for lists that grow with the directory, such as an organisation's services.
// detailEstimate is for the parts of one record, such as a service's
// locations, schedules or taxonomy terms: the demo content has at most 12 of
// any of them on one service.
const (
	listEstimate   = 20
	detailEstimate = 10
)

// Complexity returns the complexity functions of the directory's fields, for
// the server's complexity limit. A field counts 1 plus the complexity of its
// selection, as gqlgen counts by default. The selection of a list counts once
// per item instead: a connection's by its page size (first or last, 20 when
// neither is given), nodes' by its number of ids, recentlyUpdated's by its
// length, and an unpaginated list's by listEstimate or detailEstimate.
//
// The taxonomy tree (Taxonomy.terms, TaxonomyTerm.children and parent) keeps
// the default: every term of every taxonomy is loaded once per operation,
// so nesting the tree deeper costs no more queries, and the tree has no
// edge back to services.
func Complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot

	c.Query.Services = func(child int, _ *string, _ *model.ServiceWhereInput, _ *model.ServiceOrder, _ *entgql.Cursor[uuid.UUID], first *int, _ *entgql.Cursor[uuid.UUID], last *int) int {
		return pageComplexity(child, first, last)
	}
	c.Query.InformationPages = func(child int, _ *string, _ *model.InformationPageWhereInput, _ *model.InformationPageOrder, _ *entgql.Cursor[uuid.UUID], first *int, _ *entgql.Cursor[uuid.UUID], last *int) int {
		return pageComplexity(child, first, last)
	}
	c.Query.Organizations = func(child int, _ *entgql.Cursor[uuid.UUID], first *int, _ *entgql.Cursor[uuid.UUID], last *int, _ *ent.OrganizationOrder) int {
		return pageComplexity(child, first, last)
	}
	c.Query.Nodes = func(child int, ids []uuid.UUID) int {
		return 1 + min(len(ids), directory.MaxNodes)*child
	}
	c.Query.RecentlyUpdated = func(child int, first *int, _ *time.Time) int {
		size := directory.DefaultRecentUpdates
		if first != nil {
			size = *first
		}
		return 1 + clampPageSize(size)*child
	}

	c.SLAVersion.Acceptances = func(child int, _ *entgql.Cursor[uuid.UUID], first *int, _ *entgql.Cursor[uuid.UUID], last *int) int {
		return pageComplexity(child, first, last)
	}

	c.Query.Feedback = func(child int, _ *entgql.Cursor[uuid.UUID], first *int, _ *entgql.Cursor[uuid.UUID], last *int, _ *feedback.Filter, _ *ent.FeedbackOrder) int {
		return pageComplexity(child, first, last)
	}
	c.Query.EngagementActivities = func(child int, _ *entgql.Cursor[uuid.UUID], first *int, _ *entgql.Cursor[uuid.UUID], last *int, _ *feedback.ActivityFilter) int {
		return pageComplexity(child, first, last)
	}
	c.EngagementActivity.Feedback = func(child int, _ *entgql.Cursor[uuid.UUID], first *int, _ *entgql.Cursor[uuid.UUID], last *int, _ *ent.FeedbackOrder) int {
		return pageComplexity(child, first, last)
	}
	c.Query.SafeguardingQueue = estimated(listEstimate)

	c.Query.Taxonomies = estimated(listEstimate)
	c.Organization.Services = estimated(listEstimate)
	c.Service.ContentManagers = estimated(listEstimate)
	c.InformationPage.ContentManagers = estimated(listEstimate)

	c.Service.Locations = estimated(detailEstimate)
	c.Service.Contacts = estimated(detailEstimate)
	c.Service.Schedules = estimated(detailEstimate)
	c.Service.CostOptions = estimated(detailEstimate)
	c.Service.TaxonomyTerms = estimated(detailEstimate)
	c.Location.AccessibilityFeatures = estimated(detailEstimate)
	c.EducationDetails.ResourcedProvision = estimated(detailEstimate)
	return c
}

// pageComplexity counts a connection's selection once per item of the page.
func pageComplexity(child int, first, last *int) int {
	size := directory.DefaultPageSize
	switch {
	case first != nil:
		size = *first
	case last != nil:
		size = *last
	}
	return 1 + clampPageSize(size)*child
}

// clampPageSize keeps a page size the resolver will reject anyway within
// 0 to MaxPageSize, so that a huge first cannot overflow the count and the
// caller gets the resolver's message about the page size.
func clampPageSize(size int) int {
	return max(0, min(size, directory.MaxPageSize))
}

// estimated returns the complexity function of a list of about items items.
func estimated(items int) func(child int) int {
	return func(child int) int { return 1 + items*child }
}
