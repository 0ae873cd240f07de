package graph

import "github.com/localoffer/localoffer/internal/sla"

// cycleReviewFilter returns where, or a filter that selects every cycle
// review when where is left out.
func cycleReviewFilter(where *sla.CycleReviewFilter) sla.CycleReviewFilter {
	if where == nil {
		return sla.CycleReviewFilter{}
	}
	return *where
}
