package report

import (
	"github.com/localoffer/localoffer/ent/engagementactivity"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/schema/schematype"
)

// The report's words for the enums it prints, in the enums' order.

var sources = []feedback.Source{
	feedback.SourceChildOrYoungPerson, feedback.SourceParentOrCarer,
	feedback.SourceProvider, feedback.SourceProfessional, feedback.SourceOther,
}

var sourceLabels = map[feedback.Source]string{
	feedback.SourceChildOrYoungPerson: "Children and young people",
	feedback.SourceParentOrCarer:      "Parents and carers",
	feedback.SourceProvider:           "Providers",
	feedback.SourceProfessional:       "Professionals",
	feedback.SourceOther:              "Others",
}

var channels = []feedback.Channel{
	feedback.ChannelWebsite, feedback.ChannelSurvey, feedback.ChannelEmail, feedback.ChannelTelephone,
	feedback.ChannelEvent, feedback.ChannelFocusGroup, feedback.ChannelWorkshop, feedback.ChannelDropIn,
	feedback.ChannelOther,
}

var channelLabels = map[feedback.Channel]string{
	feedback.ChannelWebsite:    "Website form",
	feedback.ChannelSurvey:     "Survey",
	feedback.ChannelEmail:      "Email",
	feedback.ChannelTelephone:  "Telephone",
	feedback.ChannelEvent:      "Event",
	feedback.ChannelFocusGroup: "Focus group",
	feedback.ChannelWorkshop:   "Workshop",
	feedback.ChannelDropIn:     "Drop-in",
	feedback.ChannelOther:      "Other",
}

var topics = []feedback.Topic{
	feedback.TopicContent, feedback.TopicAccessibility, feedback.TopicDevelopmentAndReview,
	feedback.TopicQualityOfProvision, feedback.TopicGapInProvision, feedback.TopicOther,
}

var topicLabels = map[feedback.Topic]string{
	feedback.TopicContent:              "The Local Offer's content",
	feedback.TopicAccessibility:        "Accessibility",
	feedback.TopicDevelopmentAndReview: "Developing and reviewing the Local Offer",
	feedback.TopicQualityOfProvision:   "Quality of provision",
	feedback.TopicGapInProvision:       "Gaps in provision",
	feedback.TopicOther:                "Other",
}

var kindLabels = map[engagementactivity.Kind]string{
	engagementactivity.KindCoProduction: "Co-production",
	engagementactivity.KindConsultation: "Consultation",
}

var audienceLabels = map[schematype.Audience]string{
	schematype.AudienceParentsAndCarers:       "parents and carers",
	schematype.AudienceChildrenAndYoungPeople: "children and young people",
	schematype.AudienceProfessionals:          "professionals",
}

// noSection is the name of the listing of items about no Local Offer
// section.
const noSection = "No section"

// isStatutory reports whether feedback from source is one of the comments
// the council must publish with its response: from a child, a young person,
// a parent or a carer.
func isStatutory(source feedback.Source) bool {
	return source == feedback.SourceChildOrYoungPerson || source == feedback.SourceParentOrCarer
}
