package feedback

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackresponse"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

const (
	// maxCouncilResponseLength is the longest council response, in
	// characters: room for several paragraphs.
	maxCouncilResponseLength = 10000
	// maxCouncilResponseGroup is the most items one council response
	// answers together.
	maxCouncilResponseGroup = 100
)

// CouncilResponse is the council's response to one item of feedback or a
// group of items, the "we did" of the annual report.
type CouncilResponse struct {
	FeedbackIDs []uuid.UUID
	Text        string
}

// CouncilResponseSet is the result of SetCouncilResponse.
type CouncilResponseSet struct {
	// Responses are the items' FeedbackResponses, in the order of the
	// input's ids.
	Responses []*ent.FeedbackResponse
	// GroupID is shared by the items of a group; nil for one item.
	GroupID *uuid.UUID
	// Text is the stored text, for its personal data warnings.
	Text string
}

// CouncilApproval names the council responses to approve: the items'
// ids, or the group's id.
type CouncilApproval struct {
	FeedbackIDs []uuid.UUID
	GroupID     *uuid.UUID
	// AcknowledgePersonalData approves text in which likely personal data
	// was found.
	AcknowledgePersonalData bool
}

// SetCouncilResponse writes or replaces the council's response to one
// item, or to a group of items that then share its text and a new group
// id, for LO officers. An item given alone leaves any group it was in.
// Text that changes after approval needs approving again, so an approved
// item whose text changes is open again.
func (m *Manager) SetCouncilResponse(ctx context.Context, in CouncilResponse) (*CouncilResponseSet, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	ids, err := councilFeedbackIDs(in.FeedbackIDs)
	if err != nil {
		return nil, err
	}
	text := strings.TrimSpace(in.Text)
	if text == "" {
		return nil, apperr.Input("input.text", "must not be empty: write the council's response")
	}
	if utf8.RuneCountInString(text) > maxCouncilResponseLength {
		return nil, apperr.Input("input.text", "must be at most %d characters", maxCouncilResponseLength)
	}
	var groupID *uuid.UUID
	if len(ids) > 1 {
		id := uuid.Must(uuid.NewV7())
		groupID = &id
	}

	set := &CouncilResponseSet{GroupID: groupID, Text: text}
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		items, err := loadCouncilItems(ctx, tx, ids)
		if err != nil {
			return err
		}
		if !m.allowed(ctx, authz.TypeFeedback, authz.ActionUpdate, authz.RelationNone) {
			return fmt.Errorf("you may not write the council's response: only the LO team does: %w", apperr.ErrForbidden)
		}
		for _, f := range items {
			if reason := councilResponseBlocker(f); reason != "" {
				return apperr.Input("input.feedbackIds", "feedback %s cannot have a council response: %s", f.ID, reason)
			}
		}
		for _, f := range items {
			response, err := m.setCouncilText(ctx, tx, f, text, groupID)
			if err != nil {
				return err
			}
			set.Responses = append(set.Responses, response)
			detail := "feedback " + f.ID.String()
			if groupID != nil {
				detail += ", group " + groupID.String()
			}
			pending.Add(audit.Event{
				Action: "council_response.set", ObjectType: authz.TypeFeedbackResponse, ObjectID: response.ID,
				ChangedFields: []string{"council_response", "council_response_group_id"},
				Detail:        detail,
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return set, nil
}

// setCouncilText writes text and groupID on f's FeedbackResponse, creating
// it when f has none. A change of text withdraws an approval and opens the
// item again.
func (m *Manager) setCouncilText(ctx context.Context, tx *ent.Client, f *ent.Feedback, text string, groupID *uuid.UUID) (*ent.FeedbackResponse, error) {
	existing, err := tx.FeedbackResponse.Query().Where(feedbackresponse.FeedbackID(f.ID)).Only(system(ctx))
	if ent.IsNotFound(err) {
		response, err := tx.FeedbackResponse.Create().
			SetFeedbackID(f.ID).
			SetCouncilResponse(text).
			SetNillableCouncilResponseGroupID(groupID).
			Save(system(ctx))
		if err != nil {
			return nil, fmt.Errorf("save the council response to feedback %s: %w", f.ID, err)
		}
		return response, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load the response to feedback %s: %w", f.ID, err)
	}

	update := tx.FeedbackResponse.UpdateOne(existing).
		SetCouncilResponse(text).
		AddVersion(1)
	if groupID != nil {
		update.SetCouncilResponseGroupID(*groupID)
	} else {
		update.ClearCouncilResponseGroupID()
	}
	changed := existing.CouncilResponse != text
	if changed {
		update.ClearCouncilResponseApprovedAt().ClearCouncilResponseApprovedByID()
	}
	response, err := update.Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("save the council response to feedback %s: %w", f.ID, err)
	}

	if changed && f.Status == feedback.StatusClosed {
		reopened := feedback.StatusTriaged
		switch {
		case existing.AnsweredAt != nil:
			reopened = feedback.StatusAnswered
		case f.CirculatedAt != nil:
			reopened = feedback.StatusCirculated
		}
		err := tx.Feedback.UpdateOne(f).SetStatus(reopened).ClearClosedAt().AddVersion(1).Exec(system(ctx))
		if err != nil {
			return nil, fmt.Errorf("open feedback %s again: %w", f.ID, err)
		}
	}
	return response, nil
}

// ApproveCouncilResponse approves the council's responses to the items
// named, for LO officers: it records who approved them and when, and
// closes the items. Items approved already are left as they are. Text with
// likely personal data is approved only with AcknowledgePersonalData.
func (m *Manager) ApproveCouncilResponse(ctx context.Context, in CouncilApproval) ([]*ent.FeedbackResponse, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	if (len(in.FeedbackIDs) > 0) == (in.GroupID != nil) {
		return nil, apperr.Input("input.feedbackIds", "give feedbackIds or groupId, not both and not neither")
	}

	var approved []*ent.FeedbackResponse
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		ids, err := m.approvalFeedbackIDs(ctx, tx, in)
		if err != nil {
			return err
		}
		items, err := loadCouncilItems(ctx, tx, ids)
		if err != nil {
			return err
		}
		if !m.allowed(ctx, authz.TypeFeedbackResponse, authz.ActionApprove, authz.RelationNone) {
			return fmt.Errorf("you may not approve the council's response: only the LO team does: %w", apperr.ErrForbidden)
		}
		toApprove, err := m.checkApproval(ctx, tx, items, in.AcknowledgePersonalData)
		if err != nil {
			return err
		}

		now := m.clock()
		for _, a := range toApprove {
			response, err := tx.FeedbackResponse.UpdateOne(a.response).
				SetCouncilResponseApprovedAt(now).
				SetNillableCouncilResponseApprovedByID(callerID(ctx)).
				AddVersion(1).
				Save(system(ctx))
			if err != nil {
				return fmt.Errorf("approve the council response to feedback %s: %w", a.feedback.ID, err)
			}
			err = tx.Feedback.UpdateOne(a.feedback).SetStatus(feedback.StatusClosed).SetClosedAt(now).AddVersion(1).Exec(system(ctx))
			if err != nil {
				return fmt.Errorf("close feedback %s: %w", a.feedback.ID, err)
			}
			approved = append(approved, response)
			pending.Add(audit.Event{
				Action: "council_response.approved", ObjectType: authz.TypeFeedbackResponse, ObjectID: response.ID,
				ChangedFields: []string{"council_response_approved_at", "council_response_approved_by_id"},
				Detail:        "feedback " + a.feedback.ID.String() + " closed",
			})
		}
		return nil
	})
	return approved, err
}

// approvalFeedbackIDs returns the ids of the items an approval names: the
// input's, or those of the group's responses the caller may read.
func (m *Manager) approvalFeedbackIDs(ctx context.Context, tx *ent.Client, in CouncilApproval) ([]uuid.UUID, error) {
	if in.GroupID == nil {
		return councilFeedbackIDs(in.FeedbackIDs)
	}
	responses, err := tx.FeedbackResponse.Query().
		Where(feedbackresponse.CouncilResponseGroupID(*in.GroupID)).
		Order(ent.Asc(feedbackresponse.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load council response group %s: %w", *in.GroupID, err)
	}
	if len(responses) == 0 {
		return nil, apperr.NotFound("no council response group with id %s", *in.GroupID)
	}
	ids := make([]uuid.UUID, 0, len(responses))
	for _, r := range responses {
		ids = append(ids, r.FeedbackID)
	}
	return ids, nil
}

// approval is one item to approve with its response.
type approval struct {
	feedback *ent.Feedback
	response *ent.FeedbackResponse
}

// checkApproval returns the items whose council response is to be
// approved: those with a response not approved yet. Every item must have
// one, and none may be held for safeguarding or excluded; text with
// likely personal data needs acknowledge.
func (m *Manager) checkApproval(ctx context.Context, tx *ent.Client, items []*ent.Feedback, acknowledge bool) ([]approval, error) {
	ids := make([]uuid.UUID, 0, len(items))
	for _, f := range items {
		ids = append(ids, f.ID)
	}
	responses, err := tx.FeedbackResponse.Query().Where(feedbackresponse.FeedbackIDIn(ids...)).All(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("load the responses to %d item(s) of feedback: %w", len(ids), err)
	}
	byFeedback := map[uuid.UUID]*ent.FeedbackResponse{}
	for _, r := range responses {
		byFeedback[r.FeedbackID] = r
	}

	var toApprove []approval
	for _, f := range items {
		if reason := councilResponseBlocker(f); reason != "" {
			return nil, apperr.Input("input.feedbackIds", "the council response to feedback %s cannot be approved: %s", f.ID, reason)
		}
		r := byFeedback[f.ID]
		if r == nil || r.CouncilResponse == "" {
			return nil, apperr.Input("input.feedbackIds", "feedback %s has no council response: write one with setCouncilResponse first", f.ID)
		}
		if r.CouncilResponseApprovedAt != nil {
			continue
		}
		// Approval publishes the answer's action and outcome with the
		// council's response, so all three are checked.
		published := strings.Join([]string{r.Action, r.Outcome, r.CouncilResponse}, "\n\n")
		if found := FindPersonalData(published); len(found) > 0 && !acknowledge {
			return nil, apperr.Input("input.acknowledgePersonalData",
				"the answer or council response to feedback %s may contain personal data (%d match(es), such as a %s), and approval publishes them: remove it with setCouncilResponse or an answer recorded with recordFeedbackAnswer, or set acknowledgePersonalData to approve the text as it is",
				f.ID, len(found), strings.ToLower(strings.ReplaceAll(string(found[0].Kind), "_", " ")))
		}
		toApprove = append(toApprove, approval{feedback: f, response: r})
	}
	if len(toApprove) == 0 {
		return nil, apperr.Input("input.feedbackIds", "every council response named is approved already")
	}
	return toApprove, nil
}

// councilFeedbackIDs checks the ids of a council response's items and
// returns them without repeats, in the order given.
func councilFeedbackIDs(ids []uuid.UUID) ([]uuid.UUID, error) {
	if len(ids) == 0 {
		return nil, apperr.Input("input.feedbackIds", "must name at least one item of feedback")
	}
	unique := make([]uuid.UUID, 0, len(ids))
	seen := map[uuid.UUID]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	if len(unique) > maxCouncilResponseGroup {
		return nil, apperr.Input("input.feedbackIds", "names %d items: one council response answers at most %d", len(unique), maxCouncilResponseGroup)
	}
	return unique, nil
}

// loadCouncilItems loads the items with the ids through the privacy rules,
// in the order of ids: an item the caller may not read is ErrNotFound.
func loadCouncilItems(ctx context.Context, tx *ent.Client, ids []uuid.UUID) ([]*ent.Feedback, error) {
	found, err := tx.Feedback.Query().Where(feedback.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load %d item(s) of feedback: %w", len(ids), err)
	}
	byID := map[uuid.UUID]*ent.Feedback{}
	for _, f := range found {
		byID[f.ID] = f
	}
	items := make([]*ent.Feedback, 0, len(ids))
	for _, id := range ids {
		f, ok := byID[id]
		if !ok {
			return nil, apperr.NotFound("no feedback with id %s", id)
		}
		items = append(items, f)
	}
	return items, nil
}

// councilResponseBlocker returns why f cannot have a published council
// response, or "" when it can: it must be triaged, and neither held for
// safeguarding nor excluded, because neither kind is ever published.
func councilResponseBlocker(f *ent.Feedback) string {
	switch {
	case safeguardingHeld(f):
		return "it may disclose a risk to a child, so it is never published"
	case f.ExcludedAt != nil || f.ExclusionReason != nil || f.Status == feedback.StatusExcluded:
		return "it was excluded, so it is never published"
	case f.Status == feedback.StatusNew:
		return "it is not triaged yet: set its responsible party and summary first"
	}
	return ""
}
