package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// contentEdges point at the one service or information page a record is
// about.
func contentEdges() []ent.Edge {
	return []ent.Edge{
		edge.To("service", Service.Type).Field("service_id").Unique(),
		edge.To("information_page", InformationPage.Type).Field("information_page_id").Unique(),
	}
}

func contentIDFields() []ent.Field {
	return []ent.Field{
		contentTypeField(),
		field.UUID("service_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("information_page_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// ReviewRecord is one provider's review of a service or information page:
// a confirmation that it is still accurate, a submitted change, or one of
// these made by another route (an email, a call) and recorded by an LO
// officer on the provider's behalf. The SLA's monitoring counts them.
type ReviewRecord struct{ ent.Schema }

func (ReviewRecord) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}}
}

func (ReviewRecord) Fields() []ent.Field {
	return append(contentIDFields(),
		field.Time("reviewed_at").Immutable().
			Annotations(entgql.OrderField("REVIEWED_AT")),
		field.Enum("kind").
			NamedValues(
				"Confirmation", "CONFIRMATION",
				"Submission", "SUBMISSION",
			).Immutable(),
		field.UUID("reviewer_id", uuidType()).Optional().Nillable().Immutable().
			Comment("The lead or content manager who reviewed the content.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("recorded_by_id", uuidType()).Optional().Nillable().Immutable().
			Comment("The LO officer who recorded a review made by another route, on the reviewer's behalf.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("route").Optional().MaxLen(200).Immutable().
			Comment(`How a review recorded on the reviewer's behalf reached the LO team, such as "email" or "telephone call".`),
	)
}

func (ReviewRecord) Edges() []ent.Edge {
	return append(contentEdges(),
		edge.To("reviewer", User.Type).Field("reviewer_id").Unique().Immutable(),
		edge.To("recorded_by", User.Type).Field("recorded_by_id").Unique().Immutable(),
	)
}

func (ReviewRecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("service_id", "reviewed_at"),
		index.Fields("information_page_id", "reviewed_at"),
	}
}

func (ReviewRecord) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// CycleReview is one service or information page that a review cycle asked
// its owners to review, with what happened: when they were asked, when
// they reviewed it, and each step of the escalation when they did not.
type CycleReview struct{ ent.Schema }

func (CycleReview) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (CycleReview) Fields() []ent.Field {
	return append(contentIDFields(),
		field.UUID("review_cycle_id", uuidType()).Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("lead_id", uuidType()).Optional().Nillable().
			Comment("The lead when the owners were asked.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("commissioner_id", uuidType()).Optional().Nillable().
			Comment("The commissioner when the owners were asked.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("notified_at").
			Comment("When the owners were emailed the request to review."),
		field.Time("reviewed_at").Optional().Nillable().
			Comment("The first review in the cycle after the owners were asked."),
		field.Time("reminded_at").Optional().Nillable().
			Comment("Escalation, first step: the lead was reminded after the updates deadline."),
		field.Time("commissioner_notified_at").Optional().Nillable().
			Comment("Escalation, second step: the commissioner was told."),
		field.Time("board_listed_at").Optional().Nillable().
			Comment("Escalation, last step: the content went on the SEND partnership board's list."),
	)
}

func (CycleReview) Edges() []ent.Edge {
	return append(contentEdges(),
		edge.To("review_cycle", ReviewCycle.Type).Field("review_cycle_id").Unique().Required().Immutable(),
		edge.To("lead", User.Type).Field("lead_id").Unique(),
		edge.To("commissioner", User.Type).Field("commissioner_id").Unique(),
	)
}

func (CycleReview) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("review_cycle_id", "service_id").Unique(),
		index.Fields("review_cycle_id", "information_page_id").Unique(),
	}
}

func (CycleReview) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// AmendmentFlag is an LO officer's note that a service or information page
// needs changes. Its owners are emailed, and the flag stays until one of
// them submits a change.
type AmendmentFlag struct{ ent.Schema }

func (AmendmentFlag) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{Ordered: true}}
}

func (AmendmentFlag) Fields() []ent.Field {
	return append(contentIDFields(),
		field.Text("note").NotEmpty().
			Comment("What needs changing, for the owners."),
		field.UUID("flagged_by_id", uuidType()).Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("cleared_at").Optional().Nillable().
			Comment("When a change was submitted, which clears the flag."),
		field.UUID("cleared_by_change_request_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	)
}

func (AmendmentFlag) Edges() []ent.Edge {
	return append(contentEdges(),
		edge.To("flagged_by", User.Type).Field("flagged_by_id").Unique().Immutable(),
		edge.To("cleared_by_change_request", ChangeRequest.Type).Field("cleared_by_change_request_id").Unique(),
	)
}

func (AmendmentFlag) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("service_id", "cleared_at"),
		index.Fields("information_page_id", "cleared_at"),
	}
}

func (AmendmentFlag) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
