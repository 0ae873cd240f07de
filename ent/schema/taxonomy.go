package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Taxonomy is a named tree of terms, such as the Local Offer sections or the
// SEND needs.
type Taxonomy struct{ ent.Schema }

func (Taxonomy) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (Taxonomy) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty(),
		field.String("slug").NotEmpty().Unique(),
		field.Text("description").Optional(),
		field.Int("position").Default(0).
			Comment("Display order among taxonomies."),
	}
}

func (Taxonomy) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("all_terms", TaxonomyTerm.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// TaxonomyTerm is one node of a taxonomy tree.
type TaxonomyTerm struct{ ent.Schema }

func (TaxonomyTerm) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (TaxonomyTerm) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty(),
		field.String("slug").NotEmpty(),
		field.String("code").Optional().
			Comment("A stable code for machine use, such as the ORUK taxonomy id."),
		field.Text("description").Optional(),
		field.Int("position").Default(0).
			Comment("Display order among siblings."),
		field.Bool("retired").Default(false).
			Comment("A retired term stays on content that uses it but is not offered for new content."),
		field.UUID("parent_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("taxonomy_id", uuidType()).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (TaxonomyTerm) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("taxonomy", Taxonomy.Type).Ref("all_terms").Field("taxonomy_id").Unique().Required(),
		edge.To("children", TaxonomyTerm.Type).
			Annotations(entgql.Skip(entgql.SkipAll)).
			From("parent").Field("parent_id").Unique().
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("services", Service.Type).Ref("taxonomy_terms").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("locations", Location.Type).Ref("accessibility_features").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (TaxonomyTerm) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("taxonomy_id", "slug").Unique(),
	}
}

func (TaxonomyTerm) Annotations() []schema.Annotation {
	return []schema.Annotation{}
}
