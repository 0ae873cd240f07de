package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/viewer"
	"github.com/localoffer/localoffer/internal/workflow"
)

// workflow returns the workflow operations with the resolver's
// dependencies. They read the sign-in service's clock, so that a test that
// moves that clock moves it for review dates too.
func (r *Resolver) workflow() *workflow.Workflow {
	return workflow.New(r.Client, r.Events, r.PublicURL, r.Logger, r.now)
}

// maxBulkApprovals caps approveChangeRequests, which runs one transaction
// per request.
const maxBulkApprovals = 100

// approveEach approves each change request in a transaction of its own, so
// that one that cannot be approved (a conflict, a request decided
// meanwhile) leaves the others approved. Expected failures are reported
// with their code; anything else is logged and reported as INTERNAL.
func (r *Resolver) approveEach(ctx context.Context, in model.ApproveChangeRequestsInput) (*model.ApproveChangeRequestsPayload, error) {
	if err := outsideTransaction(ctx, "approveChangeRequests"); err != nil {
		return nil, err
	}
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	if len(in.ChangeRequestIds) == 0 {
		return nil, apperr.Input("input.changeRequestIds", "is empty: give the change requests to approve")
	}
	if len(in.ChangeRequestIds) > maxBulkApprovals {
		return nil, apperr.Input("input.changeRequestIds", "has %d ids: approve at most %d at once", len(in.ChangeRequestIds), maxBulkApprovals)
	}
	out := &model.ApproveChangeRequestsPayload{Approved: []*ent.ChangeRequest{}, Failed: []*model.ChangeRequestFailure{}}
	seen := map[uuid.UUID]bool{}
	wf := r.workflow()
	for _, id := range in.ChangeRequestIds {
		if seen[id] {
			continue
		}
		seen[id] = true
		decided, err := wf.ApproveChangeRequest(ctx, workflow.Approval{ChangeRequestID: id, Note: in.Note})
		if err == nil {
			out.Approved = append(out.Approved, decided.ChangeRequest)
			continue
		}
		code, message, ok := apperr.Classify(err)
		if !ok {
			r.Logger.ErrorContext(ctx, "approve change request", "change_request_id", id, "error", err)
			code, message = "INTERNAL", "internal error"
		}
		out.Failed = append(out.Failed, &model.ChangeRequestFailure{ChangeRequestID: id, Code: code, Message: message})
	}
	return out, nil
}

// nonNil returns changes, or an empty list for none: the field is a
// non-null list.
func nonNil(changes []*workflow.FieldChange, err error) ([]*workflow.FieldChange, error) {
	if changes == nil && err == nil {
		changes = []*workflow.FieldChange{}
	}
	return changes, err
}
