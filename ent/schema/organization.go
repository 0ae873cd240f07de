package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Organization is a body that provides services: a council, an NHS trust, a
// school, a charity or a company.
type Organization struct{ ent.Schema }

func (Organization) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{Ordered: true}, ContentMixin{}}
}

func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(300).
			Annotations(entgql.OrderField("NAME")),
		field.String("slug").NotEmpty().Unique(),
		field.Text("description").Optional(),
		field.String("website").Optional(),
		field.String("email").Optional(),
		field.String("phone").Optional(),
		field.Enum("kind").
			NamedValues(
				"LocalAuthority", "LOCAL_AUTHORITY",
				"NHS", "NHS",
				"School", "SCHOOL",
				"College", "COLLEGE",
				"EarlyYears", "EARLY_YEARS",
				"Voluntary", "VOLUNTARY",
				"Private", "PRIVATE",
				"Other", "OTHER",
			).Default("OTHER"),
		field.Bool("trusted").Default(false).
			Comment("Changes by a trusted organisation's providers publish without waiting for approval."),
		field.String("inspection_url").Optional().
			Comment("The organisation's Ofsted or CQC report page."),
	}
}

func (Organization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("services", Service.Type),
	}
}

func (Organization) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("source", "source_id").Unique(),
	}
}

func (Organization) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
	}
}
