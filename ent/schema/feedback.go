package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/localoffer/localoffer/ent/schema/schematype"
)

// skipGraphQL keeps a field out of the generated GraphQL type: a
// hand-written resolver serves it, to the callers allowed to read it.
func skipGraphQL() entgql.Annotation {
	return entgql.Skip(entgql.SkipAll)
}

// Feedback is one comment on the Local Offer or on a service in it, from a
// family, a young person, a provider or a professional, through the public
// form or recorded by an LO officer from another channel. Contact details
// are kept apart, in FeedbackContact. The body is the sender's own words,
// readable by the LO team only and redacted once the annual report that
// answers it is published; the anonymised summary is what is circulated
// and published.
type Feedback struct{ ent.Schema }

func (Feedback) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{Ordered: true}}
}

func (Feedback) Fields() []ent.Field {
	return []ent.Field{
		field.Int("version").Default(1).Positive().
			Comment("Incremented by every change an LO officer makes; a change based on an older version is a conflict."),
		field.Time("received_at").Immutable().
			Annotations(entgql.OrderField("RECEIVED_AT")),
		field.Enum("channel").
			NamedValues(
				"Website", "WEBSITE",
				"Survey", "SURVEY",
				"Email", "EMAIL",
				"Telephone", "TELEPHONE",
				"Event", "EVENT",
				"FocusGroup", "FOCUS_GROUP",
				"Workshop", "WORKSHOP",
				"DropIn", "DROP_IN",
				"Other", "OTHER",
			),
		field.Enum("source").
			NamedValues(
				"ChildOrYoungPerson", "CHILD_OR_YOUNG_PERSON",
				"ParentOrCarer", "PARENT_OR_CARER",
				"Provider", "PROVIDER",
				"Professional", "PROFESSIONAL",
				"Other", "OTHER",
			),
		field.Enum("topic").
			NamedValues(
				"Content", "CONTENT",
				"Accessibility", "ACCESSIBILITY",
				"DevelopmentAndReview", "DEVELOPMENT_AND_REVIEW",
				"QualityOfProvision", "QUALITY_OF_PROVISION",
				"GapInProvision", "GAP_IN_PROVISION",
				"Other", "OTHER",
			),
		field.Enum("sentiment").
			NamedValues(
				"Positive", "POSITIVE",
				"Neutral", "NEUTRAL",
				"Negative", "NEGATIVE",
				"Mixed", "MIXED",
			),
		field.Enum("age_band").
			NamedValues(
				"Under13", "UNDER_13",
				"Age13To15", "AGE_13_TO_15",
				"Age16To17", "AGE_16_TO_17",
				"Age18To25", "AGE_18_TO_25",
			).Optional().Nillable().
			Comment("For feedback from a child or young person. Contact details are never taken with UNDER_13."),
		field.Text("body").
			Comment("The sender's own words. Readable by the LO team only; emptied when redacted.").
			Annotations(skipGraphQL()),
		field.Time("body_redacted_at").Optional().Nillable().
			Comment("When the body was redacted: after the annual report that answers it was published, or on a data subject's request."),
		field.UUID("service_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
		field.UUID("information_page_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
		field.UUID("section_id", uuidType()).Optional().Nillable().
			Comment("The Local Offer section the feedback is about, for the annual report.").
			Annotations(skipGraphQL()),
		field.Enum("status").
			NamedValues(
				"New", "NEW",
				"Triaged", "TRIAGED",
				"Circulated", "CIRCULATED",
				"Answered", "ANSWERED",
				"Closed", "CLOSED",
				"Excluded", "EXCLUDED",
			).Default("NEW"),

		// Safeguarding.
		field.Bool("safeguarding").Default(false).
			Comment("May disclose a risk to a child: LO officers only, never circulated or reported."),
		field.JSON("safeguarding_keywords", []string{}).Optional().
			Comment("Words from the product's safeguarding list found in the body on arrival, which suggest a flag; never the sender's other words.").
			Annotations(skipGraphQL()),
		field.Time("safeguarding_flagged_at").Optional().Nillable().
			Annotations(skipGraphQL()),
		field.UUID("safeguarding_flagged_by_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
		field.Time("safeguarding_cleared_at").Optional().Nillable().
			Comment("When an LO officer decided a suggested or flagged item discloses no risk.").
			Annotations(skipGraphQL()),
		field.Time("triage_due_at").Optional().Nillable().
			Comment("The end of the working day after a safeguarding item arrived or was flagged: the target for its triage.").
			Annotations(skipGraphQL()),
		field.Text("referral").Optional().
			Comment("The referral an LO officer made for a safeguarding item, such as to children's social care.").
			Annotations(skipGraphQL()),
		field.Time("referral_recorded_at").Optional().Nillable().
			Annotations(skipGraphQL()),
		field.UUID("referral_recorded_by_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),

		// Triage.
		field.Enum("responsible_party").
			NamedValues(
				"ContentOwners", "CONTENT_OWNERS",
				"Commissioner", "COMMISSIONER",
				"LOTeam", "LO_TEAM",
			).Optional().Nillable().
			Comment("CONTENT_OWNERS: the lead and content managers of the service or page; COMMISSIONER: the commissioner named; LO_TEAM: gaps in provision and comments on the Local Offer itself."),
		field.UUID("commissioner_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
		field.Text("summary").Optional().
			Comment("The anonymised summary an LO officer writes: what is circulated and published."),
		field.Enum("exclusion_reason").
			NamedValues(
				"Vexatious", "VEXATIOUS",
				"IndividualService", "INDIVIDUAL_SERVICE",
			).Optional().Nillable().
			Comment("INDIVIDUAL_SERVICE: about a service provided to a particular person, which goes to the complaints route."),
		field.Text("exclusion_note").Optional(),
		field.Time("excluded_at").Optional().Nillable(),
		field.UUID("triaged_by_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),

		// Circulation.
		field.Bool("urgent").Default(false).
			Comment("Sent to the responsible party at once, outside the cycle."),
		field.UUID("review_cycle_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
		field.Time("circulated_at").Optional().Nillable(),
		field.Time("response_due_at").Optional().Nillable().
			Comment("The end of the day the responsible party's answer is due."),
		field.Time("closed_at").Optional().Nillable().
			Comment("When the item closed: excluded, or its council response approved. Contact details are purged a set time after."),
		field.Time("contact_purged_at").Optional().Nillable().
			Comment("When the contact details were purged under the retention rule or redacted on request."),

		field.UUID("engagement_activity_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
		field.UUID("recorded_by_id", uuidType()).Optional().Nillable().
			Comment("The LO officer who recorded feedback from another channel; empty for the public form.").
			Annotations(skipGraphQL()),
	}
}

func (Feedback) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("service", Service.Type).Field("service_id").Unique(),
		edge.To("information_page", InformationPage.Type).Field("information_page_id").Unique(),
		edge.To("section", TaxonomyTerm.Type).Field("section_id").Unique(),
		edge.To("commissioner", User.Type).Field("commissioner_id").Unique(),
		edge.To("review_cycle", ReviewCycle.Type).Field("review_cycle_id").Unique(),
		edge.To("engagement_activity", EngagementActivity.Type).Field("engagement_activity_id").Unique(),
		edge.To("recorded_by", User.Type).Field("recorded_by_id").Unique().
			Annotations(skipGraphQL()),
		edge.To("triaged_by", User.Type).Field("triaged_by_id").Unique().
			Annotations(skipGraphQL()),
		edge.To("safeguarding_flagged_by", User.Type).Field("safeguarding_flagged_by_id").Unique().
			Annotations(skipGraphQL()),
		edge.To("referral_recorded_by", User.Type).Field("referral_recorded_by_id").Unique().
			Annotations(skipGraphQL()),
		edge.To("contact", FeedbackContact.Type).Unique().
			Annotations(entsqlCascade(), skipGraphQL()),
		edge.To("response", FeedbackResponse.Type).Unique().
			Annotations(entsqlCascade()),
	}
}

func (Feedback) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "received_at"),
		index.Fields("safeguarding", "referral_recorded_at"),
		index.Fields("service_id"),
		index.Fields("information_page_id"),
		index.Fields("review_cycle_id"),
		index.Fields("closed_at"),
	}
}

func (Feedback) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// FeedbackContact is the contact details a sender gave with their feedback
// and the consent they gave for their use. It is kept apart from the
// feedback, readable by LO officers and admins only, never taken from a
// child under 13, and purged a set time after the item closes.
type FeedbackContact struct{ ent.Schema }

func (FeedbackContact) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (FeedbackContact) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("feedback_id", uuidType()).Unique().Immutable(),
		field.String("name").Optional().MaxLen(200),
		field.String("email").Optional().MaxLen(254).
			Comment("Lower case, so that a subject access search finds it whatever its case."),
		field.String("phone").Optional().MaxLen(40),
		field.String("phone_digits").Optional().MaxLen(40).
			Comment("The phone number's digits only, for subject access searches."),
		field.JSON("consent_purposes", []string{}).Optional().
			Comment("What the sender agreed their details may be used for: CALL_BACK, SHARE_WITH_PROVIDER, QUOTE."),
		field.String("consent_wording_version").NotEmpty().MaxLen(40).
			Comment("The version of the consent wording the sender was shown."),
		field.Time("consented_at"),
	}
}

func (FeedbackContact) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("feedback", Feedback.Type).Ref("contact").Field("feedback_id").Unique().Required().Immutable(),
	}
}

func (FeedbackContact) Indexes() []ent.Index {
	return []ent.Index{index.Fields("email"), index.Fields("phone_digits")}
}

func (FeedbackContact) Annotations() []schema.Annotation {
	return []schema.Annotation{skipGraphQL()}
}

// FeedbackResponse is the answer to one item of feedback: the responsible
// party's action and its outcome, and the council's response, the "we did"
// an LO officer approves for the annual report. One council response can
// answer a group of items: they share its text and group id.
type FeedbackResponse struct{ ent.Schema }

func (FeedbackResponse) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (FeedbackResponse) Fields() []ent.Field {
	return []ent.Field{
		field.Int("version").Default(1).Positive().
			Comment("Incremented by every change; a change based on an older version is a conflict."),
		field.UUID("feedback_id", uuidType()).Unique().Immutable().
			Annotations(skipGraphQL()),
		field.Text("action").Optional().
			Comment("The action the responsible party took or intends."),
		field.Text("outcome").Optional(),
		field.Time("answered_at").Optional().Nillable(),
		field.UUID("answered_by_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
		field.UUID("recorded_by_id", uuidType()).Optional().Nillable().
			Comment("The LO officer who recorded an answer received by another route, on the responsible party's behalf.").
			Annotations(skipGraphQL()),
		field.String("route").Optional().MaxLen(200).
			Comment(`How an answer recorded on someone's behalf reached the LO team, such as "email".`),
		field.Text("council_response").Optional().
			Comment(`The council's response, published in the annual report ("you said, we did").`),
		field.UUID("council_response_group_id", uuidType()).Optional().Nillable().
			Comment("Shared by the items one council response answers together.").
			Annotations(entgql.Type("ID")),
		field.Time("council_response_approved_at").Optional().Nillable(),
		field.UUID("council_response_approved_by_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
	}
}

func (FeedbackResponse) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("feedback", Feedback.Type).Ref("response").Field("feedback_id").Unique().Required().Immutable(),
		edge.To("answered_by", User.Type).Field("answered_by_id").Unique(),
		edge.To("recorded_by", User.Type).Field("recorded_by_id").Unique(),
		edge.To("council_response_approved_by", User.Type).Field("council_response_approved_by_id").Unique(),
	}
}

func (FeedbackResponse) Indexes() []ent.Index {
	return []ent.Index{index.Fields("council_response_group_id")}
}

// EngagementActivity is a co-production or consultation event the council
// ran with children, young people, parents or professionals (SEND
// Regulations 2014, reg. 54-55), with the feedback it produced.
type EngagementActivity struct{ ent.Schema }

func (EngagementActivity) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{Ordered: true}}
}

func (EngagementActivity) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").NotEmpty().MaxLen(200),
		field.Enum("kind").
			NamedValues(
				"CoProduction", "CO_PRODUCTION",
				"Consultation", "CONSULTATION",
			),
		dateField("held_on", "The day the activity took place, or began."),
		field.JSON("audiences", []schematype.Audience{}).Optional().
			Annotations(entgql.Type("[Audience!]")),
		field.Int("participants").NonNegative().
			Comment("How many people took part."),
		field.Text("description").Optional(),
		field.UUID("recorded_by_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
	}
}

func (EngagementActivity) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("feedback", Feedback.Type).Ref("engagement_activity").
			Annotations(entgql.RelayConnection()),
		edge.To("recorded_by", User.Type).Field("recorded_by_id").Unique().
			Annotations(skipGraphQL()),
	}
}

func (EngagementActivity) Indexes() []ent.Index {
	return []ent.Index{index.Fields("held_on")}
}

func (EngagementActivity) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// AnnualReport is the council's yearly "you said, we did" report for one
// academic year (SEND Regulations 2014, reg. 56). Its figures are computed
// live while it is a draft and frozen when an LO officer marks it complete;
// it is then signed off step by step and published.
type AnnualReport struct{ ent.Schema }

func (AnnualReport) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (AnnualReport) Fields() []ent.Field {
	return []ent.Field{
		field.String("academic_year").NotEmpty().MaxLen(7).Unique().Immutable().
			Comment(`Such as "2025-26": 1 September 2025 to 31 August 2026.`),
		field.Enum("status").
			NamedValues(
				"Draft", "DRAFT",
				"Complete", "COMPLETE",
				"SignedOff", "SIGNED_OFF",
				"Published", "PUBLISHED",
			).Default("DRAFT"),
		field.Bytes("figures").Optional().
			Comment("The report's content as JSON, frozen when the draft was marked complete.").
			Annotations(skipGraphQL()),
		field.Time("completed_at").Optional().Nillable(),
		field.UUID("completed_by_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
		field.Time("published_at").Optional().Nillable(),
		field.UUID("published_by_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
	}
}

func (AnnualReport) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("sign_offs", ReportSignOff.Type).
			Annotations(entsqlCascade()),
		edge.To("completed_by", User.Type).Field("completed_by_id").Unique().
			Annotations(skipGraphQL()),
		edge.To("published_by", User.Type).Field("published_by_id").Unique().
			Annotations(skipGraphQL()),
	}
}

// ReportSignOff is one step of an annual report's sign-off, such as the
// Director of Education and Learning's, recorded with who signed and when.
type ReportSignOff struct{ ent.Schema }

func (ReportSignOff) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (ReportSignOff) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("annual_report_id", uuidType()).Immutable().
			Annotations(skipGraphQL()),
		field.Int("position").NonNegative().Immutable().
			Comment("The step's place in the order, from 1."),
		field.String("step").NotEmpty().MaxLen(200).Immutable().
			Comment(`Who signs at this step, such as "Director of Education and Learning".`),
		field.String("signed_by").Optional().MaxLen(200).
			Comment("The name of the person who signed, as the LO officer recorded it."),
		field.Time("signed_off_at").Optional().Nillable(),
		field.UUID("recorded_by_id", uuidType()).Optional().Nillable().
			Annotations(skipGraphQL()),
	}
}

func (ReportSignOff) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("annual_report", AnnualReport.Type).Ref("sign_offs").Field("annual_report_id").
			Unique().Required().Immutable(),
		edge.To("recorded_by", User.Type).Field("recorded_by_id").Unique(),
	}
}

func (ReportSignOff) Indexes() []ent.Index {
	return []ent.Index{index.Fields("annual_report_id", "position").Unique()}
}
