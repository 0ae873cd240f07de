package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

func uuidType() uuid.UUID { return uuid.UUID{} }

// Location is a place where one or more services are delivered.
type Location struct{ ent.Schema }

func (Location) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}, ContentMixin{}}
}

func (Location) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Optional(),
		field.Text("description").Optional(),
		field.String("address_1").Optional().
			Annotations(entgql.Skip(entgql.SkipType)),
		field.String("address_2").Optional().
			Annotations(entgql.Skip(entgql.SkipType)),
		field.String("city").Optional(),
		field.String("postcode").Optional(),
		field.Float("latitude").Optional().Nillable().Min(-90).Max(90),
		field.Float("longitude").Optional().Nillable().Min(-180).Max(180),
		field.Text("accessibility").Optional().
			Comment("Free text about physical access, in the provider's words."),
		field.Bool("mask_address").Default(false).
			Comment("Hide the street address publicly, for example at a refuge; the postcode area and town still show."),
	}
}

func (Location) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("services", Service.Type).Ref("locations").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("accessibility_features", TaxonomyTerm.Type),
	}
}

func (Location) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("source", "source_id").Unique(),
	}
}

// Contact is a named person or team to get in touch with about a service.
type Contact struct{ ent.Schema }

func (Contact) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (Contact) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Optional(),
		field.String("title").Optional(),
		field.String("email").Optional(),
		field.String("phone").Optional(),
		field.String("source_id").Optional().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("service_id", uuidType()).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (Contact) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("service", Service.Type).Ref("contacts").Field("service_id").Unique().Required().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Schedule is one regular opening time of a service.
type Schedule struct{ ent.Schema }

func (Schedule) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (Schedule) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("weekday").
			NamedValues(
				"Monday", "MONDAY",
				"Tuesday", "TUESDAY",
				"Wednesday", "WEDNESDAY",
				"Thursday", "THURSDAY",
				"Friday", "FRIDAY",
				"Saturday", "SATURDAY",
				"Sunday", "SUNDAY",
			).Optional().Nillable(),
		field.String("opens_at").Optional().Match(clockTime).
			Comment("Local time as HH:MM, 24-hour clock."),
		field.String("closes_at").Optional().Match(clockTime).
			Comment("Local time as HH:MM, 24-hour clock; 24:00 means midnight at the end of the day."),
		field.Time("valid_from").Optional().Nillable(),
		field.Time("valid_to").Optional().Nillable(),
		field.Text("description").Optional().
			Comment("Opening times in words, for what the fields cannot express, such as term time only."),
		field.String("source_id").Optional().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("service_id", uuidType()).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (Schedule) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("service", Service.Type).Ref("schedules").Field("service_id").Unique().Required().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// CostOption is one price of a service.
type CostOption struct{ ent.Schema }

func (CostOption) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (CostOption) Fields() []ent.Field {
	return []ent.Field{
		field.String("option").Optional().
			Comment("What the price is for, such as \"per session\"."),
		field.Float("amount").Optional().Nillable().Min(0),
		field.String("currency").Default("GBP"),
		field.Text("amount_description").Optional(),
		field.String("source_id").Optional().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("service_id", uuidType()).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (CostOption) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("service", Service.Type).Ref("cost_options").Field("service_id").Unique().Required().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}
