package report

import (
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/engagementactivity"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/schema/schematype"
)

// Figures is the content of an annual report: the items it lists and the
// counts. While the report is a draft, Figures are computed at each read.
// Once an LO officer marks it complete, they are stored as JSON and never
// computed again. Every count follows the small-number rule (see count.go).
// No field contains a sender's own words, contact details or the value of a
// hidden count.
type Figures struct {
	AcademicYear string `json:"academicYear"`
	// ComputedAt is when the figures were computed: the time of the read
	// for a draft, and the time it was marked complete after that.
	ComputedAt   time.Time     `json:"computedAt"`
	ReviewCycles []ReviewCycle `json:"reviewCycles"`

	// Items counts the feedback the report covers: received in the year,
	// not flagged or suggested for safeguarding, and not excluded.
	Items Count `json:"items"`
	// StatutoryItems are those from children, young people, parents and
	// carers; OtherItems those from providers, professionals and others.
	StatutoryItems Count `json:"statutoryItems"`
	OtherItems     Count `json:"otherItems"`
	// AwaitingSummary counts the items without an anonymised summary. They
	// are counted everywhere but left out of the listing.
	AwaitingSummary      Count          `json:"awaitingSummary"`
	BySource             []SourceCount  `json:"bySource"`
	ByChannel            []ChannelCount `json:"byChannel"`
	ByTopic              []TopicCount   `json:"byTopic"`
	Statutory            []TopicListing `json:"statutory"`
	Other                []TopicListing `json:"other"`
	EngagementActivities []Activity     `json:"engagementActivities"`
	ContentReviews       Compliance     `json:"contentReviews"`
	Answers              Compliance     `json:"answers"`
}

// ReviewCycle is one of the year's review cycles, as it was when the
// figures were computed.
type ReviewCycle struct {
	ID                    uuid.UUID       `json:"id"`
	Name                  string          `json:"name"`
	FeedbackCirculatedOn  schematype.Date `json:"feedbackCirculatedOn"`
	ResponsesDueOn        schematype.Date `json:"responsesDueOn"`
	UpdateNotificationsOn schematype.Date `json:"updateNotificationsOn"`
	UpdatesDueOn          schematype.Date `json:"updatesDueOn"`
}

// SourceCount is the number of items from one source.
type SourceCount struct {
	Source feedback.Source `json:"source"`
	Count  Count           `json:"count"`
}

// Label returns the source in words, such as "Parents and carers".
func (c SourceCount) Label() string { return sourceLabels[c.Source] }

// Statutory reports whether the source is a child, young person, parent or
// carer: the comments the SEND Regulations 2014 (reg. 56) require the
// council to publish.
func (c SourceCount) Statutory() bool { return isStatutory(c.Source) }

// ChannelCount is the number of items that came through one channel.
type ChannelCount struct {
	Channel feedback.Channel `json:"channel"`
	Count   Count            `json:"count"`
}

// Label returns the channel in words, such as "Focus group".
func (c ChannelCount) Label() string { return channelLabels[c.Channel] }

// TopicCount is the number of items on one topic.
type TopicCount struct {
	Topic feedback.Topic `json:"topic"`
	Count Count          `json:"count"`
}

// Label returns the topic in words, such as "Gaps in provision".
func (c TopicCount) Label() string { return topicLabels[c.Topic] }

// TopicListing is the summarised items of one part of the report on one
// topic, by Local Offer section.
type TopicListing struct {
	Topic    feedback.Topic   `json:"topic"`
	Sections []SectionListing `json:"sections"`
}

// Label returns the topic in words.
func (l TopicListing) Label() string { return topicLabels[l.Topic] }

// SectionListing is the summarised items on one topic about one Local Offer
// section. SectionID is nil, and Name "No section", for items about no
// section.
type SectionListing struct {
	SectionID *uuid.UUID `json:"sectionId"`
	Name      string     `json:"name"`
	Entries   []Entry    `json:"entries"`
}

// Entry is the items one council response answers together, or one item
// on its own. CouncilResponse is empty until an LO officer approves it.
type Entry struct {
	CouncilResponse string `json:"councilResponse,omitempty"`
	Items           []Item `json:"items"`
}

// Item is one item of feedback as the report lists it: its anonymised
// summary and what the responsible party did.
type Item struct {
	Summary string `json:"summary"`
	// Action is what the responsible party did or intends, and Outcome its
	// result; both are empty until they answer.
	Action  string `json:"action,omitempty"`
	Outcome string `json:"outcome,omitempty"`
}

// Activity is one engagement activity of the year. Its number of
// participants follows the small-number rule on its own.
type Activity struct {
	HeldOn       schematype.Date         `json:"heldOn"`
	Title        string                  `json:"title"`
	Kind         engagementactivity.Kind `json:"kind"`
	Audiences    []schematype.Audience   `json:"audiences"`
	Participants Count                   `json:"participants"`
}

// KindLabel returns the kind in words, such as "Co-production".
func (a Activity) KindLabel() string { return kindLabels[a.Kind] }

// Compliance is how much of something due was done on time: content
// reviewed by its review cycle's updates deadline, or feedback answered by
// its response deadline. Total = OnTime + Late + Missing + NotYetDue; the
// five counts form one group under the small-number rule.
type Compliance struct {
	Total  Count `json:"total"`
	OnTime Count `json:"onTime"`
	Late   Count `json:"late"`
	// Missing counts what was not done by a deadline that has passed.
	Missing Count `json:"missing"`
	// NotYetDue counts what is not done yet, before its deadline.
	NotYetDue Count `json:"notYetDue"`
	// OnTimePercentage is OnTime as a whole percentage of what was due by
	// ComputedAt, which is Total less NotYetDue. It is nil when nothing was
	// due, or when OnTime or NotYetDue is hidden.
	OnTimePercentage *int `json:"onTimePercentage"`
}
