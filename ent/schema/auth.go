package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Session is a signed-in user's bearer token. Only a hash of the token is
// stored, so a copy of the database cannot be used to sign in.
type Session struct{ ent.Schema }

func (Session) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().Unique().Sensitive(),
		field.Time("last_used_at"),
		field.Time("expires_at").
			Comment("End of the absolute lifetime; the idle timeout is checked against last_used_at."),
		field.Time("revoked_at").Optional().Nillable(),
		field.String("client_address").Optional(),
		field.UUID("user_id", uuidType()),
	}
}

func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Field("user_id").Unique().Required(),
	}
}

func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// OneTimeToken is an invitation or password-reset link's secret, stored as a
// hash, usable once before it expires.
type OneTimeToken struct{ ent.Schema }

func (OneTimeToken) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (OneTimeToken) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("purpose").NamedValues("Invitation", "INVITATION", "PasswordReset", "PASSWORD_RESET"),
		field.String("token_hash").NotEmpty().Unique().Sensitive(),
		field.Time("expires_at"),
		field.Time("used_at").Optional().Nillable(),
		field.UUID("user_id", uuidType()),
	}
}

func (OneTimeToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("one_time_tokens").Field("user_id").Unique().Required(),
	}
}

func (OneTimeToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// SignInFailure records one failed sign-in, by account and by client
// address, so that repeated failures can be slowed and then refused. Rows
// older than the counting window are deleted.
type SignInFailure struct{ ent.Schema }

func (SignInFailure) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}}
}

func (SignInFailure) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().
			Comment(`"account:" and a hash of the normalised email, or "address:" and the client address.`),
		field.Time("failed_at"),
	}
}

func (SignInFailure) Indexes() []ent.Index {
	return []ent.Index{index.Fields("key", "failed_at")}
}

func (SignInFailure) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// APIKey lets a partner website read published content. The secret is shown
// once, at creation; only its hash is stored.
type APIKey struct{ ent.Schema }

func (APIKey) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{Ordered: true}}
}

func (APIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200),
		field.String("prefix").NotEmpty().Unique().
			Comment("The key's first characters, shown in lists so that an admin can tell keys apart."),
		field.String("secret_hash").NotEmpty().Sensitive().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.JSON("allowed_origins", []string{}).Optional().
			Comment("Origins (scheme://host[:port]) browsers may send the key from; empty allows any origin."),
		field.Int("rate_limit_per_minute").Positive().Default(600),
		field.Time("revoked_at").Optional().Nillable(),
		field.Time("last_used_at").Optional().Nillable(),
		field.UUID("created_by_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (APIKey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("created_by", User.Type).Field("created_by_id").Unique(),
	}
}

func (APIKey) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// AuditEvent records a security-relevant action: sign-ins, failures, role,
// ownership and key changes. It names changed fields, never their values,
// feedback text or secrets.
type AuditEvent struct{ ent.Schema }

func (AuditEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}}
}

func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.String("action").NotEmpty().
			Comment(`Such as "user.sign_in" or "service.lead_changed".`),
		field.UUID("actor_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Type("ID")),
		field.String("actor_email").Optional().
			Comment("The actor's email at the time, kept when the account is later removed."),
		field.UUID("api_key_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Type("ID")),
		field.String("object_type").Optional(),
		field.UUID("object_id", uuidType()).Optional().Nillable().
			Annotations(entgql.Type("ID")),
		field.JSON("changed_fields", []string{}).Optional(),
		field.String("detail").Optional().MaxLen(500).
			Comment("A short note without personal data, such as the reason a sign-in failed."),
		field.String("request_id").Optional(),
		field.String("client_address").Optional(),
	}
}

func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("created_at"),
		index.Fields("object_type", "object_id"),
		index.Fields("actor_id"),
	}
}

func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// Notification is one email in the outbox, written in the same transaction as
// the change that causes it. EventKey makes the outbox idempotent: one
// notification per event, however often the change is retried.
type Notification struct{ ent.Schema }

func (Notification) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{Ordered: true}}
}

func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.String("event_key").NotEmpty().Unique(),
		field.String("template").NotEmpty(),
		field.String("recipient").NotEmpty().
			Comment("Email address."),
		field.String("subject").NotEmpty(),
		field.Text("body"),
		field.Text("html_body").Optional().
			Comment("HTML body. When set, the email is sent as multipart/alternative with the plain-text body.").
			// The outbox query shows the plain-text body, which carries the
			// same content and links.
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("state").NamedValues("Pending", "PENDING", "Sent", "SENT", "Failed", "FAILED").Default("PENDING"),
		field.Int("attempts").Default(0),
		field.String("message_id").NotEmpty().
			Comment("RFC 5322 Message-ID, fixed when the notification is created so that a retry sends the same one."),
		field.Time("sent_at").Optional().Nillable(),
		field.String("last_error").Optional(),
		field.Time("body_purged_at").Optional().Nillable().
			Comment("When the bodies were emptied under the retention rule, a set time after delivery."),
	}
}

func (Notification) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

func (Notification) Indexes() []ent.Index {
	return []ent.Index{
		// The delivery sweep looks for pending notifications.
		index.Fields("state"),
	}
}
