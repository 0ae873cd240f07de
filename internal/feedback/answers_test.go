package feedback

import (
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
)

func TestAnswerStateOf(t *testing.T) {
	t.Parallel()
	circulated := time.Date(2031, time.May, 6, 9, 0, 0, 0, time.UTC)
	due := time.Date(2031, time.June, 9, 23, 0, 0, 0, time.UTC)
	item := &ent.Feedback{CirculatedAt: &circulated, ResponseDueAt: &due}
	answeredAt := func(at time.Time) *ent.FeedbackResponse { return &ent.FeedbackResponse{AnsweredAt: &at} }

	tests := []struct {
		name     string
		response *ent.FeedbackResponse
		now      time.Time
		want     AnswerState
	}{
		{"answered a second before the deadline", answeredAt(due.Add(-time.Second)), due.Add(time.Hour), AnswerOnTime},
		{"answered at the deadline", answeredAt(due), due.Add(time.Hour), AnswerLate},
		{"not answered before the deadline", nil, due.Add(-time.Second), AnswerNotYetDue},
		{"not answered at the deadline", nil, due, AnswerOverdue},
		{"council response but no answer", &ent.FeedbackResponse{CouncilResponse: "We did."}, due.Add(time.Hour), AnswerOverdue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := AnswerStateOf(item, tt.response, tt.now)
			if got == nil || *got != tt.want {
				t.Errorf("AnswerStateOf = %v, want %s", got, tt.want)
			}
			if late := tt.response != nil && AnsweredLate(item, tt.response); late != (tt.want == AnswerLate) {
				t.Errorf("AnsweredLate = %t, want %t", late, tt.want == AnswerLate)
			}
		})
	}

	if got := AnswerStateOf(&ent.Feedback{}, nil, due); got != nil {
		t.Errorf("AnswerStateOf an item not circulated = %s, want nil", *got)
	}
}
