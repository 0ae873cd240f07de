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

// InformationPage is an article on the Local Offer, such as how to ask for an
// EHC needs assessment or how short breaks work.
type InformationPage struct{ ent.Schema }

func (InformationPage) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}, ContentMixin{}}
}

func (InformationPage) Fields() []ent.Field {
	return append(ownershipFields(),
		field.String("title").NotEmpty().MaxLen(300),
		field.String("slug").NotEmpty().Unique(),
		field.Enum("topic").
			NamedValues(
				"EHCNeedsAssessment", "EHC_NEEDS_ASSESSMENT",
				"ShortBreaks", "SHORT_BREAKS",
				"PersonalBudgets", "PERSONAL_BUDGETS",
				"PreparingForAdulthood", "PREPARING_FOR_ADULTHOOD",
				"InformationAdviceSupport", "INFORMATION_ADVICE_SUPPORT",
				"Travel", "TRAVEL",
				"Complaints", "COMPLAINTS",
				"Funding", "FUNDING",
				"Education", "EDUCATION",
				"Health", "HEALTH",
				"SocialCare", "SOCIAL_CARE",
				"Other", "OTHER",
			).Default("OTHER").
			Comment("The SEND Regulations 2014 Schedule 2 topic the page covers."),
		field.JSON("audiences", []schematype.Audience{}).Optional().
			Annotations(entgql.Type("[Audience!]")),
		field.Text("summary").Optional(),
		field.Text("body").
			Comment("HTML, sanitised on write."),
		field.Text("easy_read_summary").Optional(),
		contentStatus(),
		field.Time("published_at").Optional().Nillable(),
		reviewedAt(),
		reviewDueAt(),
		field.UUID("section_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	)
}

func (InformationPage) Edges() []ent.Edge {
	return append(ownershipEdges(),
		edge.To("section", TaxonomyTerm.Type).Field("section_id").Unique().
			Comment("The Local Offer section the page sits in."),
	)
}

func (InformationPage) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("source", "source_id").Unique(),
		index.Fields("status", "updated_at"),
	}
}

func (InformationPage) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
	}
}
