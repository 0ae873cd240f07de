package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/engagementactivity"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackresponse"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/viewer"
)

// compute returns the figures of year from the database as it is at now.
// It reads as the system, past the privacy rules, because the report is a
// publication: its figures must not depend on who requests them. Callers
// check the caller's rights first.
//
// NOTE: it loads the year's feedback, engagement activities and cycle
// reviews into memory at once: a few thousand rows a year for one council.
func compute(ctx context.Context, client *ent.Client, year AcademicYear, now time.Time) (*Figures, error) {
	ctx = viewer.SystemContext(ctx)
	f := &Figures{AcademicYear: year.String(), ComputedAt: now.UTC().Truncate(time.Second)}

	cycles, err := client.ReviewCycle.Query().
		Where(reviewcycle.FeedbackCirculatedOnGTE(year.FirstDay()), reviewcycle.FeedbackCirculatedOnLTE(year.LastDay())).
		Order(ent.Asc(reviewcycle.FieldFeedbackCirculatedOn), ent.Asc(reviewcycle.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the review cycles of %s: %w", year, err)
	}
	for _, c := range cycles {
		f.ReviewCycles = append(f.ReviewCycles, ReviewCycle{
			ID: c.ID, Name: c.Name, FeedbackCirculatedOn: c.FeedbackCirculatedOn, ResponsesDueOn: c.ResponsesDueOn,
			UpdateNotificationsOn: c.UpdateNotificationsOn, UpdatesDueOn: c.UpdatesDueOn,
		})
	}

	received, circulated, err := loadFeedback(ctx, client, year)
	if err != nil {
		return nil, err
	}
	f.countFeedback(received)
	if err := f.listFeedback(ctx, client, received); err != nil {
		return nil, err
	}
	f.Answers = answerCompliance(circulated, now)

	if f.ContentReviews, err = reviewCompliance(ctx, client, cycles, now); err != nil {
		return nil, fmt.Errorf("count the content reviews of %s: %w", year, err)
	}
	if f.EngagementActivities, err = loadActivities(ctx, client, year); err != nil {
		return nil, err
	}
	return f, nil
}

// loadFeedback returns the reportable feedback received in the year, and
// the reportable feedback circulated in the year, each oldest first, with
// their answers. It never loads the body.
func loadFeedback(ctx context.Context, client *ent.Client, year AcademicYear) (received, circulated []*ent.Feedback, err error) {
	start, end := year.Start(), year.End()
	items, err := client.Feedback.Query().
		Where(feedback.Or(
			feedback.And(feedback.ReceivedAtGTE(start), feedback.ReceivedAtLT(end)),
			feedback.And(feedback.CirculatedAtGTE(start), feedback.CirculatedAtLT(end)),
		)).
		Select(
			feedback.FieldReceivedAt, feedback.FieldChannel, feedback.FieldSource, feedback.FieldTopic,
			feedback.FieldSectionID, feedback.FieldStatus, feedback.FieldSafeguarding,
			feedback.FieldSafeguardingKeywords, feedback.FieldSafeguardingClearedAt,
			feedback.FieldExclusionReason, feedback.FieldExcludedAt, feedback.FieldSummary,
			feedback.FieldCirculatedAt, feedback.FieldResponseDueAt,
		).
		WithResponse(func(q *ent.FeedbackResponseQuery) {
			q.Select(
				feedbackresponse.FieldFeedbackID, feedbackresponse.FieldAction, feedbackresponse.FieldOutcome,
				feedbackresponse.FieldAnsweredAt, feedbackresponse.FieldCouncilResponse,
				feedbackresponse.FieldCouncilResponseGroupID, feedbackresponse.FieldCouncilResponseApprovedAt,
			)
		}).
		Order(ent.Asc(feedback.FieldReceivedAt), ent.Asc(feedback.FieldID)).
		All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("load the feedback of %s: %w", year, err)
	}
	for _, item := range items {
		if !reportable(item) {
			continue
		}
		if year.contains(item.ReceivedAt) {
			received = append(received, item)
		}
		if item.CirculatedAt != nil && year.contains(*item.CirculatedAt) {
			circulated = append(circulated, item)
		}
	}
	return received, circulated, nil
}

// reportable reports whether an item may appear in the report: it is not
// flagged for safeguarding, nor suggested for a flag by the keyword check
// and not cleared since, and it is not excluded.
func reportable(item *ent.Feedback) bool {
	switch {
	case item.Safeguarding:
		return false
	case len(item.SafeguardingKeywords) > 0 && item.SafeguardingClearedAt == nil:
		return false
	case item.ExclusionReason != nil, item.ExcludedAt != nil, item.Status == feedback.StatusExcluded:
		return false
	}
	return true
}

// countFeedback fills in the counts of the items received in the year.
func (f *Figures) countFeedback(items []*ent.Feedback) {
	bySource := map[feedback.Source]int{}
	byChannel := map[feedback.Channel]int{}
	byTopic := map[feedback.Topic]int{}
	statutory, awaiting := 0, 0
	for _, item := range items {
		bySource[item.Source]++
		byChannel[item.Channel]++
		byTopic[item.Topic]++
		if isStatutory(item.Source) {
			statutory++
		}
		if summary(item) == "" {
			awaiting++
		}
	}

	f.Items = single(len(items))
	f.StatutoryItems = single(statutory)
	f.OtherItems = single(len(items) - statutory)
	f.AwaitingSummary = single(awaiting)

	// The statutory sources and the others each add up to a subtotal that
	// the listing shows, so each is a group of its own.
	for _, part := range [][]feedback.Source{sources[:2], sources[2:]} {
		values := make([]int, len(part))
		for i, source := range part {
			values[i] = bySource[source]
		}
		for i, count := range group(values) {
			f.BySource = append(f.BySource, SourceCount{Source: part[i], Count: count})
		}
	}

	channelValues := make([]int, len(channels))
	for i, channel := range channels {
		channelValues[i] = byChannel[channel]
	}
	for i, count := range group(channelValues) {
		f.ByChannel = append(f.ByChannel, ChannelCount{Channel: channels[i], Count: count})
	}

	topicValues := make([]int, len(topics))
	for i, topic := range topics {
		topicValues[i] = byTopic[topic]
	}
	for i, count := range group(topicValues) {
		f.ByTopic = append(f.ByTopic, TopicCount{Topic: topics[i], Count: count})
	}
}

// summary returns the item's anonymised summary, or "" when it has none.
func summary(item *ent.Feedback) string {
	return strings.TrimSpace(item.Summary)
}

// listFeedback fills in the listings of the summarised items, statutory
// and other apart.
func (f *Figures) listFeedback(ctx context.Context, client *ent.Client, items []*ent.Feedback) error {
	names, err := sectionNames(ctx, client, items)
	if err != nil {
		return err
	}
	var statutory, other []*ent.Feedback
	for _, item := range items {
		switch {
		case summary(item) == "":
		case isStatutory(item.Source):
			statutory = append(statutory, item)
		default:
			other = append(other, item)
		}
	}
	f.Statutory = listing(statutory, names)
	f.Other = listing(other, names)
	return nil
}

// sectionNames returns the names of the Local Offer sections the items are
// about.
func sectionNames(ctx context.Context, client *ent.Client, items []*ent.Feedback) (map[uuid.UUID]string, error) {
	var ids []uuid.UUID
	for _, item := range items {
		if item.SectionID != nil && !slices.Contains(ids, *item.SectionID) {
			ids = append(ids, *item.SectionID)
		}
	}
	names := make(map[uuid.UUID]string, len(ids))
	if len(ids) == 0 {
		return names, nil
	}
	terms, err := client.TaxonomyTerm.Query().Where(taxonomyterm.IDIn(ids...)).
		Select(taxonomyterm.FieldID, taxonomyterm.FieldName).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the names of %d Local Offer sections: %w", len(ids), err)
	}
	for _, term := range terms {
		names[term.ID] = term.Name
	}
	return names, nil
}

// listing groups items, oldest first, by topic in the topics' order, then
// by section in order of name with "No section" last. Within a section,
// items that share a council response group make one entry, which shows
// the approved response once. A group that spans several sections or
// topics has an entry in each.
func listing(items []*ent.Feedback, names map[uuid.UUID]string) []TopicListing {
	listings := []TopicListing{}
	for _, topic := range topics {
		sections := map[uuid.UUID]*SectionListing{}
		var noneListed *SectionListing
		groups := map[[2]uuid.UUID]int{}

		for _, item := range items {
			if item.Topic != topic {
				continue
			}
			section := noneListed
			var sectionKey uuid.UUID
			if item.SectionID != nil {
				sectionKey = *item.SectionID
				section = sections[sectionKey]
			}
			if section == nil {
				section = newSectionListing(item.SectionID, names)
				if item.SectionID == nil {
					noneListed = section
				} else {
					sections[sectionKey] = section
				}
			}
			addItem(section, groups, sectionKey, item)
		}
		if len(sections) == 0 && noneListed == nil {
			continue
		}

		listing := TopicListing{Topic: topic}
		for _, section := range sections {
			listing.Sections = append(listing.Sections, *section)
		}
		slices.SortFunc(listing.Sections, func(a, b SectionListing) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.SectionID.String(), b.SectionID.String()))
		})
		if noneListed != nil {
			listing.Sections = append(listing.Sections, *noneListed)
		}
		listings = append(listings, listing)
	}
	return listings
}

func newSectionListing(id *uuid.UUID, names map[uuid.UUID]string) *SectionListing {
	if id == nil {
		return &SectionListing{Name: noSection}
	}
	name := names[*id]
	if name == "" {
		// A section term deleted since: its id still groups the items.
		name = "Section " + id.String()
	}
	return &SectionListing{SectionID: id, Name: name}
}

// addItem adds item to section: to the entry of its council response group
// in this section when there is one, or as an entry of its own.
func addItem(section *SectionListing, groups map[[2]uuid.UUID]int, sectionKey uuid.UUID, item *ent.Feedback) {
	listed := Item{Summary: summary(item)}
	response := item.Edges.Response
	var approved string
	// The answer's action and outcome are published only with an approved
	// council response: approval is the LO officer's check of all three
	// for personal data.
	if response != nil && response.CouncilResponseApprovedAt != nil {
		if response.AnsweredAt != nil {
			listed.Action = strings.TrimSpace(response.Action)
			listed.Outcome = strings.TrimSpace(response.Outcome)
		}
		approved = strings.TrimSpace(response.CouncilResponse)
	}

	if response == nil || response.CouncilResponseGroupID == nil {
		section.Entries = append(section.Entries, Entry{CouncilResponse: approved, Items: []Item{listed}})
		return
	}
	key := [2]uuid.UUID{sectionKey, *response.CouncilResponseGroupID}
	index, ok := groups[key]
	if !ok {
		index = len(section.Entries)
		section.Entries = append(section.Entries, Entry{})
		groups[key] = index
	}
	entry := &section.Entries[index]
	entry.Items = append(entry.Items, listed)
	if entry.CouncilResponse == "" {
		entry.CouncilResponse = approved
	}
}

// answerCompliance counts the answers to the items circulated in the year.
// An answer is on time when it came before the item's response deadline,
// the end of its due day, London time, as the answers' own figures count it.
//
// NOTE: an item circulated without a response deadline counts as on time
// once answered and as not yet due until then; circulation always sets one.
func answerCompliance(items []*ent.Feedback, now time.Time) Compliance {
	var onTime, late, missing, notYetDue int
	for _, item := range items {
		var answeredAt *time.Time
		if item.Edges.Response != nil {
			answeredAt = item.Edges.Response.AnsweredAt
		}
		due := item.ResponseDueAt
		switch {
		case answeredAt != nil && (due == nil || answeredAt.Before(*due)):
			onTime++
		case answeredAt != nil:
			late++
		case due == nil || now.Before(*due):
			notYetDue++
		default:
			missing++
		}
	}
	return compliance(onTime, late, missing, notYetDue)
}

// reviewCompliance counts the reviews that the year's cycles asked content
// owners for. A review is on time when it happened before the cycle's
// updates deadline (sla.Deadline), as the SLA monitoring counts it.
func reviewCompliance(ctx context.Context, client *ent.Client, cycles []*ent.ReviewCycle, now time.Time) (Compliance, error) {
	deadlines := make(map[uuid.UUID]time.Time, len(cycles))
	ids := make([]uuid.UUID, 0, len(cycles))
	for _, c := range cycles {
		deadlines[c.ID] = sla.Deadline(c.UpdatesDueOn)
		ids = append(ids, c.ID)
	}
	var onTime, late, missing, notYetDue int
	if len(ids) > 0 {
		reviews, err := client.CycleReview.Query().
			Where(cyclereview.ReviewCycleIDIn(ids...)).
			Select(cyclereview.FieldReviewCycleID, cyclereview.FieldReviewedAt).
			All(ctx)
		if err != nil {
			return Compliance{}, err
		}
		for _, review := range reviews {
			deadline := deadlines[review.ReviewCycleID]
			switch {
			case review.ReviewedAt != nil && review.ReviewedAt.Before(deadline):
				onTime++
			case review.ReviewedAt != nil:
				late++
			case now.Before(deadline):
				notYetDue++
			default:
				missing++
			}
		}
	}
	return compliance(onTime, late, missing, notYetDue), nil
}

// compliance applies the small-number rule to the parts of a compliance
// figure, as one group, and works out the percentage on time.
func compliance(onTime, late, missing, notYetDue int) Compliance {
	total := onTime + late + missing + notYetDue
	counts := group([]int{onTime, late, missing, notYetDue})
	c := Compliance{
		Total: single(total), OnTime: counts[0], Late: counts[1], Missing: counts[2], NotYetDue: counts[3],
	}
	if c.OnTime.Hidden == nil && c.NotYetDue.Hidden == nil {
		c.OnTimePercentage = percentage(onTime, total-notYetDue)
	}
	return c
}

// loadActivities returns the engagement activities held in the year, in
// date order.
func loadActivities(ctx context.Context, client *ent.Client, year AcademicYear) ([]Activity, error) {
	rows, err := client.EngagementActivity.Query().
		Where(engagementactivity.HeldOnGTE(year.FirstDay()), engagementactivity.HeldOnLTE(year.LastDay())).
		Order(ent.Asc(engagementactivity.FieldHeldOn), ent.Asc(engagementactivity.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the engagement activities of %s: %w", year, err)
	}
	activities := make([]Activity, 0, len(rows))
	for _, row := range rows {
		audiences := row.Audiences
		if audiences == nil {
			audiences = []schematype.Audience{}
		}
		activities = append(activities, Activity{
			HeldOn: row.HeldOn, Title: row.Title, Kind: row.Kind, Audiences: audiences,
			Participants: single(row.Participants),
		})
	}
	return activities, nil
}
