package schema

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$`)

// SearchSynonym is a group of words and phrases that search treats as one,
// such as "autism", "autistic", "ASD" and "ASC". The groups are data so that
// LO officers can extend them.
type SearchSynonym struct{ ent.Schema }

func (SearchSynonym) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (SearchSynonym) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().Unique().
			Comment("Stable name of the group, such as \"autism\"."),
		field.JSON("terms", []string{}).
			Comment("Lower-case words and phrases that mean the same in a search."),
	}
}

func (SearchSynonym) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipAll),
	}
}
