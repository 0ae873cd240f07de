package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
	"github.com/google/uuid"
)

// newID returns a UUID version 7, which sorts by creation time and so keeps
// B-tree indexes compact.
func newID() uuid.UUID {
	return uuid.Must(uuid.NewV7())
}

// IDMixin gives a record its one identifier: a UUID v7 that is also its
// GraphQL ID and its id in Open Referral feeds.
type IDMixin struct{ mixin.Schema }

func (IDMixin) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(newID).Immutable(),
	}
}

// TimeMixin records when a record was created and last changed. Ordered
// makes both times orders of the type's GraphQL connections.
type TimeMixin struct {
	mixin.Schema
	Ordered bool
}

func (m TimeMixin) Fields() []ent.Field {
	created := field.Time("created_at").Default(time.Now).Immutable()
	updated := field.Time("updated_at").Default(time.Now).UpdateDefault(time.Now)
	if m.Ordered {
		created = created.Annotations(entgql.OrderField("CREATED_AT"))
		updated = updated.Annotations(entgql.OrderField("UPDATED_AT"))
	}
	return []ent.Field{created, updated}
}

// ContentMixin carries the fields every editable content record has: a version
// for conflict detection and the feed it was imported from, if any.
type ContentMixin struct{ mixin.Schema }

func (ContentMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int("version").Default(1).Positive().
			Comment("Incremented by every change to the published content; a write based on an older version is a conflict."),
		field.String("source").Optional().Nillable().
			Comment("Name of the feed the record was imported from.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("source_id").Optional().Nillable().
			Comment("The record's id in its source feed: what a re-import matches on.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("source_hash").Optional().
			Comment("Hash of the source record as last imported, so an unchanged record is not rewritten.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}
