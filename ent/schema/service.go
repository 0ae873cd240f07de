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

// Service is one service on the Local Offer, as its provider describes it.
type Service struct{ ent.Schema }

func (Service) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}, ContentMixin{}}
}

func (Service) Fields() []ent.Field {
	return append(ownershipFields(),
		field.UUID("organization_id", uuidType()).
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("name").NotEmpty().MaxLen(300),
		field.String("slug").NotEmpty().Unique().
			Comment("Stable part of the public URL; unique across services."),
		field.Text("summary").Optional(),
		field.Text("easy_read_summary").Optional(),
		field.Text("description").Optional().
			Comment("HTML, sanitised on write."),
		field.String("website").Optional().
			Comment("The service's own web page, an http or https URL."),
		field.String("email").Optional().
			Comment("The address to write to about the service."),
		contentStatus(),
		field.Time("published_at").Optional().Nillable(),
		field.Bool("temporarily_closed").Default(false),
		field.Time("reopening_date").Optional().Nillable().
			Comment("Expected reopening date while temporarily closed."),
		field.Int("min_age").Optional().Nillable().Min(0).Max(25).
			Comment("Youngest age served, in years."),
		field.Int("max_age").Optional().Nillable().Min(0).Max(25).
			Comment("Oldest age served, in years."),
		field.Enum("coverage").
			NamedValues(
				"Local", "LOCAL",
				"OutOfArea", "OUT_OF_AREA",
				"RegionalSpecialist", "REGIONAL_SPECIALIST",
				"NationalSpecialist", "NATIONAL_SPECIALIST",
			).Default("LOCAL"),
		field.JSON("access_routes", []schematype.AccessRoute{}).Optional().
			Annotations(entgql.Type("[AccessRoute!]")),
		field.Text("how_to_access").Optional(),
		field.Text("eligibility").Optional(),
		field.Text("eligibility_decision").Optional().
			Comment("How eligibility is decided, and by whom."),
		field.Text("how_to_complain").Optional(),
		field.Bool("personal_budget").Default(false).
			Comment("A personal budget can be used to pay for the service."),
		field.Enum("short_break_tier").
			NamedValues(
				"Universal", "UNIVERSAL",
				"Targeted", "TARGETED",
				"Specialist", "SPECIALIST",
			).Optional().Nillable(),
		field.JSON("adulthood_themes", []schematype.AdulthoodTheme{}).Optional().
			Annotations(entgql.Type("[AdulthoodTheme!]")),
		field.JSON("languages", []string{}).Optional(),
		field.JSON("audiences", []schematype.Audience{}).Optional().
			Annotations(entgql.Type("[Audience!]")),
		field.Enum("inclusion_basis").
			NamedValues(
				"CouncilPlacement", "COUNCIL_PLACEMENT",
				"Commissioned", "COMMISSIONED",
				"Voluntary", "VOLUNTARY",
			).Optional().Nillable().
			Comment("Why the service belongs on the Local Offer."),
		field.Time("contract_end_date").Optional().Nillable(),
		field.Bool("is_free").Default(false),
		reviewedAt(),
		reviewDueAt(),
	)
}

func (Service) Edges() []ent.Edge {
	return append(ownershipEdges(),
		edge.From("organization", Organization.Type).Ref("services").Field("organization_id").Unique().Required(),
		edge.To("locations", Location.Type),
		edge.To("contacts", Contact.Type).Annotations(entsqlCascade()),
		edge.To("schedules", Schedule.Type).Annotations(entsqlCascade()),
		edge.To("cost_options", CostOption.Type).Annotations(entsqlCascade()),
		edge.To("taxonomy_terms", TaxonomyTerm.Type),
		edge.To("education_details", EducationDetails.Type).Unique().Annotations(entsqlCascade()),
	)
}

func (Service) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("source", "source_id").Unique(),
		index.Fields("status", "updated_at"),
		index.Fields("status", "name"),
	}
}

func (Service) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
	}
}
