package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// contentStatus is the moderation state shared by services and information
// pages: only PUBLISHED content is public.
func contentStatus() ent.Field {
	return field.Enum("status").
		NamedValues(
			"Draft", "DRAFT",
			"Pending", "PENDING",
			"Published", "PUBLISHED",
			"Archived", "ARCHIVED",
		).Default("DRAFT")
}

// reviewedAt and reviewDueAt are review metadata: setting them changes neither
// the published content nor its version.
func reviewedAt() ent.Field {
	return field.Time("last_reviewed_at").Optional().Nillable()
}

func reviewDueAt() ent.Field {
	return field.Time("review_due_at").Optional().Nillable()
}

func entsqlCascade() schema.Annotation {
	return entsql.OnDelete(entsql.Cascade)
}
