-- Create "bank_holidays" table
CREATE TABLE "bank_holidays" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "date" date NOT NULL, "name" character varying NOT NULL, PRIMARY KEY ("id"));
-- Create index "bankholiday_date" to table: "bank_holidays"
CREATE UNIQUE INDEX "bankholiday_date" ON "bank_holidays" ("date");
-- Create "review_cycles" table
CREATE TABLE "review_cycles" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "feedback_circulated_on" date NOT NULL, "responses_due_on" date NOT NULL, "update_notifications_on" date NOT NULL, "updates_due_on" date NOT NULL, "default_key" character varying NULL, PRIMARY KEY ("id"));
-- Create index "review_cycles_name_key" to table: "review_cycles"
CREATE UNIQUE INDEX "review_cycles_name_key" ON "review_cycles" ("name");
-- Create index "review_cycles_default_key_key" to table: "review_cycles"
CREATE UNIQUE INDEX "review_cycles_default_key_key" ON "review_cycles" ("default_key");
-- Create index "reviewcycle_feedback_circulated_on" to table: "review_cycles"
CREATE INDEX "reviewcycle_feedback_circulated_on" ON "review_cycles" ("feedback_circulated_on");
-- Create "sla_versions" table
CREATE TABLE "sla_versions" ("id" uuid NOT NULL, "version" bigint NOT NULL, "text" text NOT NULL, "published_at" timestamptz NOT NULL, "published_by_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "sla_versions_users_published_by" FOREIGN KEY ("published_by_id") REFERENCES "users" ("id") ON DELETE SET NULL);
-- Create index "sla_versions_version_key" to table: "sla_versions"
CREATE UNIQUE INDEX "sla_versions_version_key" ON "sla_versions" ("version");
-- Create "sla_acceptances" table
CREATE TABLE "sla_acceptances" ("id" uuid NOT NULL, "accepted_at" timestamptz NOT NULL, "user_id" uuid NOT NULL, "sla_version_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sla_acceptances_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE NO ACTION, CONSTRAINT "sla_acceptances_sla_versions_acceptances" FOREIGN KEY ("sla_version_id") REFERENCES "sla_versions" ("id") ON DELETE NO ACTION);
-- Create index "slaacceptance_user_id_sla_version_id" to table: "sla_acceptances"
CREATE UNIQUE INDEX "slaacceptance_user_id_sla_version_id" ON "sla_acceptances" ("user_id", "sla_version_id");
