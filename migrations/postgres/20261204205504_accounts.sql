-- Create "sign_in_failures" table
CREATE TABLE "sign_in_failures" ("id" uuid NOT NULL, "key" character varying NOT NULL, "failed_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "signinfailure_key_failed_at" to table: "sign_in_failures"
CREATE INDEX "signinfailure_key_failed_at" ON "sign_in_failures" ("key", "failed_at");
-- Create "audit_events" table
CREATE TABLE "audit_events" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "action" character varying NOT NULL, "actor_id" uuid NULL, "actor_email" character varying NULL, "api_key_id" uuid NULL, "object_type" character varying NULL, "object_id" uuid NULL, "changed_fields" jsonb NULL, "detail" character varying NULL, "request_id" character varying NULL, "client_address" character varying NULL, PRIMARY KEY ("id"));
-- Create index "auditevent_created_at" to table: "audit_events"
CREATE INDEX "auditevent_created_at" ON "audit_events" ("created_at");
-- Create index "auditevent_object_type_object_id" to table: "audit_events"
CREATE INDEX "auditevent_object_type_object_id" ON "audit_events" ("object_type", "object_id");
-- Create index "auditevent_actor_id" to table: "audit_events"
CREATE INDEX "auditevent_actor_id" ON "audit_events" ("actor_id");
-- Create "notifications" table
CREATE TABLE "notifications" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "event_key" character varying NOT NULL, "template" character varying NOT NULL, "recipient" character varying NOT NULL, "subject" character varying NOT NULL, "body" text NOT NULL, "state" character varying NOT NULL DEFAULT 'PENDING', "attempts" bigint NOT NULL DEFAULT 0, "message_id" character varying NOT NULL, "sent_at" timestamptz NULL, "last_error" character varying NULL, PRIMARY KEY ("id"));
-- Create index "notifications_event_key_key" to table: "notifications"
CREATE UNIQUE INDEX "notifications_event_key_key" ON "notifications" ("event_key");
-- Create "users" table
CREATE TABLE "users" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "email" character varying NOT NULL, "name" character varying NOT NULL, "role" character varying NOT NULL, "status" character varying NOT NULL, "password_hash" character varying NULL, "organization_name" character varying NULL, "last_sign_in_at" timestamptz NULL, PRIMARY KEY ("id"));
-- Create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX "users_email_key" ON "users" ("email");
-- Create "api_keys" table
CREATE TABLE "api_keys" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "prefix" character varying NOT NULL, "secret_hash" character varying NOT NULL, "allowed_origins" jsonb NULL, "rate_limit_per_minute" bigint NOT NULL DEFAULT 600, "revoked_at" timestamptz NULL, "last_used_at" timestamptz NULL, "created_by_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "api_keys_users_created_by" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE SET NULL);
-- Create index "api_keys_prefix_key" to table: "api_keys"
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys" ("prefix");
-- Modify "information_pages" table
ALTER TABLE "information_pages" ADD COLUMN "lead_id" uuid NULL, ADD COLUMN "commissioner_id" uuid NULL, ADD CONSTRAINT "information_pages_users_lead" FOREIGN KEY ("lead_id") REFERENCES "users" ("id") ON DELETE SET NULL, ADD CONSTRAINT "information_pages_users_commissioner" FOREIGN KEY ("commissioner_id") REFERENCES "users" ("id") ON DELETE SET NULL;
-- Create "information_page_content_managers" table
CREATE TABLE "information_page_content_managers" ("information_page_id" uuid NOT NULL, "user_id" uuid NOT NULL, PRIMARY KEY ("information_page_id", "user_id"), CONSTRAINT "information_page_content_managers_information_page_id" FOREIGN KEY ("information_page_id") REFERENCES "information_pages" ("id") ON DELETE CASCADE, CONSTRAINT "information_page_content_managers_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE);
-- Create "one_time_tokens" table
CREATE TABLE "one_time_tokens" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "purpose" character varying NOT NULL, "token_hash" character varying NOT NULL, "expires_at" timestamptz NOT NULL, "used_at" timestamptz NULL, "user_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "one_time_tokens_users_one_time_tokens" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE);
-- Create index "one_time_tokens_token_hash_key" to table: "one_time_tokens"
CREATE UNIQUE INDEX "one_time_tokens_token_hash_key" ON "one_time_tokens" ("token_hash");
-- Modify "services" table
ALTER TABLE "services" ADD COLUMN "lead_id" uuid NULL, ADD COLUMN "commissioner_id" uuid NULL, ADD CONSTRAINT "services_users_lead" FOREIGN KEY ("lead_id") REFERENCES "users" ("id") ON DELETE SET NULL, ADD CONSTRAINT "services_users_commissioner" FOREIGN KEY ("commissioner_id") REFERENCES "users" ("id") ON DELETE SET NULL;
-- Create "ownership_reports" table
CREATE TABLE "ownership_reports" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "kind" character varying NOT NULL, "suggested_lead" character varying NULL, "note" text NULL, "state" character varying NOT NULL DEFAULT 'OPEN', "resolution" text NULL, "resolved_at" timestamptz NULL, "reporter_id" uuid NOT NULL, "service_id" uuid NULL, "information_page_id" uuid NULL, "resolved_by_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "ownership_reports_users_reporter" FOREIGN KEY ("reporter_id") REFERENCES "users" ("id") ON DELETE NO ACTION, CONSTRAINT "ownership_reports_services_service" FOREIGN KEY ("service_id") REFERENCES "services" ("id") ON DELETE SET NULL, CONSTRAINT "ownership_reports_information_pages_information_page" FOREIGN KEY ("information_page_id") REFERENCES "information_pages" ("id") ON DELETE SET NULL, CONSTRAINT "ownership_reports_users_resolved_by" FOREIGN KEY ("resolved_by_id") REFERENCES "users" ("id") ON DELETE SET NULL);
-- Create "provider_applications" table
CREATE TABLE "provider_applications" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "organization_name" character varying NOT NULL, "service_name" character varying NOT NULL, "service_summary" text NULL, "inclusion_basis" character varying NOT NULL, "reason" text NOT NULL, "state" character varying NOT NULL DEFAULT 'PENDING', "decline_reason" text NULL, "decided_at" timestamptz NULL, "applicant_id" uuid NOT NULL, "decided_by_id" uuid NULL, "service_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "provider_applications_users_applicant" FOREIGN KEY ("applicant_id") REFERENCES "users" ("id") ON DELETE NO ACTION, CONSTRAINT "provider_applications_users_decided_by" FOREIGN KEY ("decided_by_id") REFERENCES "users" ("id") ON DELETE SET NULL, CONSTRAINT "provider_applications_services_service" FOREIGN KEY ("service_id") REFERENCES "services" ("id") ON DELETE SET NULL);
-- Create "service_content_managers" table
CREATE TABLE "service_content_managers" ("service_id" uuid NOT NULL, "user_id" uuid NOT NULL, PRIMARY KEY ("service_id", "user_id"), CONSTRAINT "service_content_managers_service_id" FOREIGN KEY ("service_id") REFERENCES "services" ("id") ON DELETE CASCADE, CONSTRAINT "service_content_managers_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE);
-- Create "sessions" table
CREATE TABLE "sessions" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "token_hash" character varying NOT NULL, "last_used_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, "revoked_at" timestamptz NULL, "client_address" character varying NULL, "user_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sessions_users_sessions" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE);
-- Create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" ("token_hash");
