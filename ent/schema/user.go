package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// User is a person who signs in: an LO admin or officer of the council's
// Local Offer team, or a provider's service lead or content manager. What a
// provider may do follows from their relation to each piece of content, not
// from the role alone.
type User struct{ ent.Schema }

func (User) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().MaxLen(254).Unique().
			Comment("Lower case, so that addresses are unique whatever their case."),
		field.String("name").NotEmpty().MaxLen(200),
		field.Enum("role").
			NamedValues(
				"LOAdmin", "LO_ADMIN",
				"LOOfficer", "LO_OFFICER",
				"Provider", "PROVIDER",
			),
		field.Enum("status").
			NamedValues(
				"Invited", "INVITED",
				"PendingApproval", "PENDING_APPROVAL",
				"Active", "ACTIVE",
				"Declined", "DECLINED",
				"Disabled", "DISABLED",
			),
		field.String("password_hash").Optional().Sensitive().
			Comment("argon2id hash in PHC string format; empty until the user sets a password.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("organization_name").Optional().
			Comment("The organisation a provider named when signing up."),
		field.Time("last_sign_in_at").Optional().Nillable(),
	}
}

func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("led_services", Service.Type).Ref("lead").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("managed_services", Service.Type).Ref("content_managers").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("commissioned_services", Service.Type).Ref("commissioner").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("led_pages", InformationPage.Type).Ref("lead").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("managed_pages", InformationPage.Type).Ref("content_managers").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("commissioned_pages", InformationPage.Type).Ref("commissioner").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("sessions", Session.Type).Annotations(entsqlCascade(), entgql.Skip(entgql.SkipAll)),
		edge.To("one_time_tokens", OneTimeToken.Type).Annotations(entsqlCascade(), entgql.Skip(entgql.SkipAll)),
	}
}

func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
