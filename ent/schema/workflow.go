package schema

import (
	"encoding/json"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// contentTypeField names which kind of content a change request or revision
// is about; exactly one of service_id and information_page_id is set.
func contentTypeField() ent.Field {
	return field.Enum("content_type").
		NamedValues("Service", "SERVICE", "InformationPage", "INFORMATION_PAGE").Immutable()
}

// ChangeRequest is a proposed change to a service or information page:
// creating it, changing its content or removing it. Families see nothing of
// it until an LO officer approves it, or at once when the author's
// organisation is trusted or the author is an LO officer.
type ChangeRequest struct{ ent.Schema }

func (ChangeRequest) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{Ordered: true}}
}

func (ChangeRequest) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").
			NamedValues("Create", "CREATE", "Update", "UPDATE", "Remove", "REMOVE"),
		field.Enum("state").
			NamedValues(
				"Draft", "DRAFT",
				"Submitted", "SUBMITTED",
				"Approved", "APPROVED",
				"Rejected", "REJECTED",
				"Withdrawn", "WITHDRAWN",
			).Default("DRAFT"),
		contentTypeField(),
		field.UUID("service_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("information_page_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("base_version").NonNegative().
			Comment("The content's version that the request is based on; a save brings it up to date."),
		field.JSON("base", json.RawMessage{}).Optional().
			Comment("The published content at base_version, as a workflow snapshot: what the proposal is compared with.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.JSON("proposed", json.RawMessage{}).Optional().
			Comment("The proposed content as a workflow snapshot; empty for a removal.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Text("reason").Optional().
			Comment("The author's reason: required for a removal, a note to the LO team otherwise."),
		field.UUID("author_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("reviewer_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Text("decision_note").Optional().
			Comment("Why the request was rejected, or the reviewer's note on approval; the author sees it."),
		field.JSON("reviewer_edited_fields", []string{}).Optional().
			Comment("Fields the reviewer changed when approving, by their GraphQL names."),
		field.Time("submitted_at").Optional().Nillable().
			Annotations(entgql.OrderField("SUBMITTED_AT")),
		field.Time("decided_at").Optional().Nillable(),
		field.Bool("published_without_review").Default(false).
			Comment("Published at once because the author's organisation is trusted."),
		field.Time("checked_at").Optional().Nillable().
			Comment("When an LO officer checked a change that was published without review."),
	}
}

func (ChangeRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("service", Service.Type).Field("service_id").Unique(),
		edge.To("information_page", InformationPage.Type).Field("information_page_id").Unique(),
		edge.To("author", User.Type).Field("author_id").Unique(),
		edge.To("reviewer", User.Type).Field("reviewer_id").Unique(),
	}
}

func (ChangeRequest) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("state", "submitted_at"),
		index.Fields("service_id", "state"),
		index.Fields("information_page_id", "state"),
		index.Fields("author_id", "state"),
	}
}

func (ChangeRequest) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
	}
}

// Revision is one published state of a service or information page. Every
// publication adds one; none is ever changed or deleted.
type Revision struct{ ent.Schema }

func (Revision) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}}
}

func (Revision) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Immutable().
			Comment("When the content was published in this state."),
		contentTypeField(),
		field.UUID("service_id", uuidType()).Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("information_page_id", uuidType()).Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("version").Positive().Immutable().
			Comment("The content's version in this state.").
			Annotations(entgql.OrderField("VERSION")),
		field.Enum("origin").
			NamedValues(
				"ChangeRequest", "CHANGE_REQUEST",
				"Trusted", "TRUSTED",
				"DirectEdit", "DIRECT_EDIT",
				"Restore", "RESTORE",
				"Import", "IMPORT",
				"Baseline", "BASELINE",
			).Immutable().
			Comment("How the state came to be published. BASELINE is content published before it had revisions, recorded when its first change here was published."),
		field.JSON("snapshot", json.RawMessage{}).Immutable().
			Comment("The published content, as a workflow snapshot.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.JSON("changed_fields", []string{}).Optional().Immutable().
			Comment("Fields that differ from the revision before, by their GraphQL names."),
		field.UUID("author_id", uuidType()).Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("approver_id", uuidType()).Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("change_request_id", uuidType()).Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.UUID("restored_from_id", uuidType()).Optional().Nillable().Immutable().
			Comment("The earlier revision this one restored, for a RESTORE.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (Revision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("service", Service.Type).Field("service_id").Unique().Immutable(),
		edge.To("information_page", InformationPage.Type).Field("information_page_id").Unique().Immutable(),
		edge.To("author", User.Type).Field("author_id").Unique().Immutable(),
		edge.To("approver", User.Type).Field("approver_id").Unique().Immutable(),
		edge.To("change_request", ChangeRequest.Type).Field("change_request_id").Unique().Immutable(),
	}
}

func (Revision) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("service_id", "version").Unique(),
		index.Fields("information_page_id", "version").Unique(),
	}
}

func (Revision) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
	}
}
