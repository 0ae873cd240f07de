package graph

import (
	"context"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/feedback"
)

// answerFilter converts where to the domain's filter; nil selects every
// circulated item.
func answerFilter(where *model.FeedbackAnswerFilter) feedback.AnswerFilter {
	if where == nil {
		return feedback.AnswerFilter{}
	}
	filter := feedback.AnswerFilter{ReviewCycleID: where.ReviewCycleID, Urgent: where.Urgent}
	if where.State != nil {
		state := feedback.AnswerState(*where.State)
		filter.State = &state
	}
	return filter
}

// answerStateOf converts the domain's answer state; nil stays nil.
func answerStateOf(state *feedback.AnswerState, err error) (*model.FeedbackAnswerState, error) {
	if err != nil || state == nil {
		return nil, err
	}
	converted := model.FeedbackAnswerState(*state)
	return &converted, nil
}

// responseWarnings returns the likely personal data in the texts of
// response, for the LO team.
func (r *Resolver) responseWarnings(ctx context.Context, response *ent.FeedbackResponse) ([]*model.PersonalDataWarning, error) {
	texts, err := r.feedback().ResponseTexts(ctx, response)
	if err != nil {
		return nil, err
	}
	warnings := []*model.PersonalDataWarning{}
	for _, text := range texts {
		warnings = append(warnings, personalDataWarnings(text.Field, text.Text)...)
	}
	return warnings, nil
}

func sentFeedbackNow(sent *feedback.SentNow, err error) (*model.SendFeedbackNowPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.SendFeedbackNowPayload{Feedback: sent.Feedback, Recipients: sent.Recipients}, nil
}

func answeredFeedback(response *ent.FeedbackResponse, err error) (*model.AnswerFeedbackPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.AnswerFeedbackPayload{Response: response}, nil
}

func recordedFeedbackAnswer(response *ent.FeedbackResponse, err error) (*model.RecordFeedbackAnswerPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.RecordFeedbackAnswerPayload{Response: response}, nil
}

func setCouncilResponse(set *feedback.CouncilResponseSet, err error) (*model.SetCouncilResponsePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.SetCouncilResponsePayload{
		Responses:            set.Responses,
		GroupID:              set.GroupID,
		PersonalDataWarnings: personalDataWarnings("councilResponse", set.Text),
	}, nil
}

func approvedCouncilResponse(responses []*ent.FeedbackResponse, err error) (*model.ApproveCouncilResponsePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ApproveCouncilResponsePayload{Responses: responses}, nil
}
