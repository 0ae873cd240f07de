package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/localoffer/localoffer/ent/schema/schematype"
)

// dateField is a calendar date, stored in a DATE column with no time of day
// or time zone, and written in GraphQL as YYYY-MM-DD.
func dateField(name, comment string) ent.Field {
	return field.Other(name, schematype.Date{}).
		SchemaType(map[string]string{dialect.Postgres: "date", dialect.SQLite: "date"}).
		Comment(comment).
		Annotations(entgql.Type("Date"))
}

// ReviewCycle is one six-monthly round of the service level agreement. The
// LO team circulates families' feedback, and those responsible respond to it
// by a deadline. Owners are then asked to review their content, and review
// or update it by a second deadline. A deadline date means the end of that
// day, London time.
type ReviewCycle struct{ ent.Schema }

func (ReviewCycle) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (ReviewCycle) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).Unique().
			Comment(`Such as "Winter 2026-27".`),
		dateField("feedback_circulated_on",
			"The day families' feedback is circulated to those responsible for the content."),
		dateField("responses_due_on",
			"The deadline for answering the feedback."),
		dateField("update_notifications_on",
			"The day leads and content managers are asked to review their content."),
		dateField("updates_due_on",
			"The deadline for reviewing or updating the content."),
		field.String("default_key").Optional().Nillable().Unique().Immutable().
			Comment(`"summer-2027" or "winter-2026" for a cycle made from the council's default calendar, so that a restart finds it; empty for one an LO admin created.`).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (ReviewCycle) Indexes() []ent.Index {
	return []ent.Index{index.Fields("feedback_circulated_on")}
}

// BankHoliday is a bank holiday in England and Wales, including substitute
// days. A review cycle's default date that falls on one moves to the next
// working day.
type BankHoliday struct{ ent.Schema }

func (BankHoliday) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (BankHoliday) Indexes() []ent.Index {
	return []ent.Index{index.Fields("date").Unique()}
}

func (BankHoliday) Fields() []ent.Field {
	return []ent.Field{
		dateField("date", "The day of the holiday; at most one holiday a day."),
		field.String("name").NotEmpty().MaxLen(100).
			Comment(`Such as "Boxing Day (substitute day)".`),
	}
}

// SLAVersion is one version of the text of the service level agreement
// between the council and providers. The newest version is the current one;
// leads accept it before they can submit changes.
type SLAVersion struct{ ent.Schema }

func (SLAVersion) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}}
}

func (SLAVersion) Fields() []ent.Field {
	return []ent.Field{
		field.Int("version").Positive().Unique().Immutable().
			Comment("1 for the agreement the product ships with, then one more for each version LO admins publish."),
		field.Text("text").NotEmpty().Immutable().
			Comment("Plain text; paragraphs are separated by blank lines."),
		field.Time("published_at").Immutable().
			Comment("When the version became current; the product's own version 1 is published when the database is first prepared."),
		field.UUID("published_by_id", uuidType()).Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (SLAVersion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("published_by", User.Type).Field("published_by_id").Unique().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("acceptances", SLAAcceptance.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// SLAAcceptance records that a lead accepted a version of the service level
// agreement, and when.
type SLAAcceptance struct{ ent.Schema }

func (SLAAcceptance) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}}
}

func (SLAAcceptance) Fields() []ent.Field {
	return []ent.Field{
		field.Time("accepted_at").Immutable(),
		field.UUID("user_id", uuidType()).Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("sla_version_id", uuidType()).Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (SLAAcceptance) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
		edge.From("agreement", SLAVersion.Type).Ref("acceptances").Field("sla_version_id").Unique().Required().Immutable().
			Comment("The version of the agreement accepted."),
	}
}

func (SLAAcceptance) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id", "sla_version_id").Unique()}
}

func (SLAAcceptance) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
