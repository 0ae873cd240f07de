package feedback

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/engagementactivity"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
)

// Recording is feedback an LO officer records from another channel than
// the public form, such as a telephone call or a focus group.
type Recording struct {
	Submission
	Channel feedback.Channel
	// ReceivedAt is when the feedback reached the council, not in the
	// future; nil means now.
	ReceivedAt *time.Time
	// EngagementActivityID is the co-production or consultation activity
	// that produced the feedback.
	EngagementActivityID *uuid.UUID
}

// RecordFeedback stores feedback an LO officer received by another
// channel, with the same checks as the public form. The officer may point
// it at content that is not published.
func (m *Manager) RecordFeedback(ctx context.Context, in Recording) (*ent.Feedback, error) {
	if err := m.authorize(ctx, authz.TypeFeedback, authz.ActionUpdate,
		"you may not record feedback from other channels: only the LO team does; send your own with submitFeedback"); err != nil {
		return nil, err
	}
	if err := feedback.ChannelValidator(in.Channel); err != nil {
		return nil, apperr.Input("input.channel", "%v", err)
	}
	if in.Channel == feedback.ChannelWebsite {
		return nil, apperr.Input("input.channel", "WEBSITE is the public form's channel: choose the channel the feedback came through, or OTHER")
	}
	it, err := m.checkSubmission(in.Submission)
	if err != nil {
		return nil, err
	}
	now := m.clock()
	it.channel, it.receivedAt, it.activityID, it.recordedByID = in.Channel, now, in.EngagementActivityID, callerID(ctx)
	if in.ReceivedAt != nil {
		if in.ReceivedAt.After(now) {
			return nil, apperr.Input("input.receivedAt", "must not be in the future: it is %s now", formatTime(now))
		}
		it.receivedAt = in.ReceivedAt.UTC().Truncate(time.Second)
	}

	var stored *ent.Feedback
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		if _, err := loadSubject(ctx, tx, it.serviceID, it.informationPageID); err != nil {
			return err
		}
		if err := checkActivity(ctx, tx, "input.engagementActivityId", it.activityID); err != nil {
			return err
		}
		stored, err = m.insert(ctx, tx, it)
		if err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "feedback.recorded", ObjectType: authz.TypeFeedback, ObjectID: stored.ID,
			Detail: "channel " + string(it.channel),
		})
		return nil
	})
	return stored, err
}

// checkActivity returns BAD_USER_INPUT on field unless id, when given,
// is an engagement activity the caller can read.
func checkActivity(ctx context.Context, tx *ent.Client, field string, id *uuid.UUID) error {
	if id == nil {
		return nil
	}
	ok, err := tx.EngagementActivity.Query().Where(engagementactivity.ID(*id)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("look up engagement activity %s: %w", *id, err)
	}
	if !ok {
		return apperr.Input(field, "no engagement activity has id %s", *id)
	}
	return nil
}
