package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// ownershipEdges are the people responsible for a service or information
// page: one lead (none means the LO team leads it), the content managers the
// lead delegates to, and optionally a commissioner.
func ownershipEdges() []ent.Edge {
	return []ent.Edge{
		edge.To("lead", User.Type).Field("lead_id").Unique(),
		edge.To("content_managers", User.Type),
		edge.To("commissioner", User.Type).Field("commissioner_id").Unique(),
	}
}

func ownershipFields() []ent.Field {
	return []ent.Field{
		field.UUID("lead_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("commissioner_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// ProviderApplication is a provider's sign-up: who they are and the service
// they want listed. An LO officer approves or declines it.
type ProviderApplication struct{ ent.Schema }

func (ProviderApplication) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{Ordered: true}}
}

func (ProviderApplication) Fields() []ent.Field {
	return []ent.Field{
		field.String("organization_name").NotEmpty().MaxLen(300),
		field.String("service_name").NotEmpty().MaxLen(300),
		field.Text("service_summary").Optional(),
		field.Enum("inclusion_basis").
			NamedValues(
				"CouncilPlacement", "COUNCIL_PLACEMENT",
				"Commissioned", "COMMISSIONED",
				"Voluntary", "VOLUNTARY",
			),
		field.Text("reason").NotEmpty().
			Comment("Why the service belongs on the Local Offer, in the applicant's words."),
		field.Enum("state").NamedValues("Pending", "PENDING", "Approved", "APPROVED", "Declined", "DECLINED").Default("PENDING"),
		field.Text("decline_reason").Optional(),
		field.Time("decided_at").Optional().Nillable(),
		field.UUID("applicant_id", uuidType()).
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("decided_by_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("service_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (ProviderApplication) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("applicant", User.Type).Field("applicant_id").Unique().Required(),
		edge.To("decided_by", User.Type).Field("decided_by_id").Unique(),
		edge.To("service", Service.Type).Field("service_id").Unique().
			Comment("The pending service created when the application is approved."),
	}
}

func (ProviderApplication) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// OwnershipReport is a lead's or content manager's report that content is no
// longer theirs, or that someone else leads it. LO officers resolve it.
type OwnershipReport struct{ ent.Schema }

func (OwnershipReport) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{Ordered: true}}
}

func (OwnershipReport) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").NamedValues("NoLongerLead", "NO_LONGER_LEAD", "NotTheLead", "NOT_THE_LEAD"),
		field.String("suggested_lead").Optional().MaxLen(300).
			Comment("Who the reporter says leads the content instead: a name, an email or both."),
		field.Text("note").Optional(),
		field.Enum("state").NamedValues("Open", "OPEN", "Resolved", "RESOLVED").Default("OPEN"),
		field.Text("resolution").Optional(),
		field.Time("resolved_at").Optional().Nillable(),
		field.UUID("reporter_id", uuidType()).
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("service_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("information_page_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("resolved_by_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (OwnershipReport) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("reporter", User.Type).Field("reporter_id").Unique().Required(),
		edge.To("service", Service.Type).Field("service_id").Unique(),
		edge.To("information_page", InformationPage.Type).Field("information_page_id").Unique(),
		edge.To("resolved_by", User.Type).Field("resolved_by_id").Unique(),
	}
}

func (OwnershipReport) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
