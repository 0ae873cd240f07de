package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/sla"
)

func flaggedForAmendment(flag *ent.AmendmentFlag, err error) (*model.FlagForAmendmentPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.FlagForAmendmentPayload{AmendmentFlag: flag}, nil
}

func clearedAmendmentFlag(flag *ent.AmendmentFlag, err error) (*model.ClearAmendmentFlagPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ClearAmendmentFlagPayload{AmendmentFlag: flag}, nil
}

func recordedReview(record *ent.ReviewRecord, err error) (*model.RecordReviewPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.RecordReviewPayload{ReviewRecord: record}, nil
}

// amendmentFlagFilter returns where, or an empty filter when it was left
// out.
func amendmentFlagFilter(where *sla.AmendmentFlagFilter) sla.AmendmentFlagFilter {
	if where == nil {
		return sla.AmendmentFlagFilter{}
	}
	return *where
}

// openFlagsKey is the context key of an operation's openFlags.
type openFlagsKey struct{}

// openFlags are the open amendment flags the caller may read, by the id of
// the service or information page, loaded once per operation.
type openFlags struct {
	once      sync.Once
	byContent map[uuid.UUID][]*ent.AmendmentFlag
	err       error
}

// AmendmentFlagScope gives each GraphQL operation its own cache of open
// amendment flags, so that a list of services or pages selecting
// openAmendmentFlags runs one query, not one per record. Register it with
// handler.Server.AroundOperations.
func AmendmentFlagScope(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, openFlagsKey{}, &openFlags{}))
}

// openAmendmentFlags returns the open flags on the content with the id.
// Outside an operation with AmendmentFlagScope it loads them for this call.
//
// NOTE: the cache lives for the whole operation, so in a document of
// several mutations, a payload after the first does not see flags that an
// earlier mutation of the same document opened or cleared.
func (r *Resolver) openAmendmentFlags(ctx context.Context, contentID uuid.UUID) ([]*ent.AmendmentFlag, error) {
	cache, ok := ctx.Value(openFlagsKey{}).(*openFlags)
	if !ok {
		cache = &openFlags{}
	}
	cache.once.Do(func() {
		flags, err := r.sla().OpenAmendmentFlags(ctx)
		cache.byContent, cache.err = groupByContent(flags), err
	})
	if cache.err != nil {
		return nil, cache.err
	}
	flags := cache.byContent[contentID]
	if flags == nil {
		flags = []*ent.AmendmentFlag{}
	}
	return flags, nil
}

func groupByContent(flags []*ent.AmendmentFlag) map[uuid.UUID][]*ent.AmendmentFlag {
	byContent := map[uuid.UUID][]*ent.AmendmentFlag{}
	for _, flag := range flags {
		switch {
		case flag.ServiceID != nil:
			byContent[*flag.ServiceID] = append(byContent[*flag.ServiceID], flag)
		case flag.InformationPageID != nil:
			byContent[*flag.InformationPageID] = append(byContent[*flag.InformationPageID], flag)
		}
	}
	return byContent
}
