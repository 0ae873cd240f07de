-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_information_pages" table
CREATE TABLE `new_information_pages` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `source` text NULL, `source_id` text NULL, `source_hash` text NULL, `title` text NOT NULL, `slug` text NOT NULL, `topic` text NOT NULL DEFAULT ('OTHER'), `audiences` json NULL, `summary` text NULL, `body` text NOT NULL, `easy_read_summary` text NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `published_at` datetime NULL, `last_reviewed_at` datetime NULL, `review_due_at` datetime NULL, `lead_id` uuid NULL, `commissioner_id` uuid NULL, `section_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `information_pages_users_lead` FOREIGN KEY (`lead_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `information_pages_users_commissioner` FOREIGN KEY (`commissioner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `information_pages_taxonomy_terms_section` FOREIGN KEY (`section_id`) REFERENCES `taxonomy_terms` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "information_pages" to new temporary table "new_information_pages"
INSERT INTO `new_information_pages` (`id`, `created_at`, `updated_at`, `version`, `source`, `source_id`, `source_hash`, `title`, `slug`, `topic`, `audiences`, `summary`, `body`, `easy_read_summary`, `status`, `published_at`, `last_reviewed_at`, `review_due_at`, `section_id`) SELECT `id`, `created_at`, `updated_at`, `version`, `source`, `source_id`, `source_hash`, `title`, `slug`, `topic`, `audiences`, `summary`, `body`, `easy_read_summary`, `status`, `published_at`, `last_reviewed_at`, `review_due_at`, `section_id` FROM `information_pages`;
-- Drop "information_pages" table after copying rows
DROP TABLE `information_pages`;
-- Rename temporary table "new_information_pages" to "information_pages"
ALTER TABLE `new_information_pages` RENAME TO `information_pages`;
-- Create index "information_pages_slug_key" to table: "information_pages"
CREATE UNIQUE INDEX `information_pages_slug_key` ON `information_pages` (`slug`);
-- Create index "informationpage_source_source_id" to table: "information_pages"
CREATE UNIQUE INDEX `informationpage_source_source_id` ON `information_pages` (`source`, `source_id`);
-- Create index "informationpage_status_updated_at" to table: "information_pages"
CREATE INDEX `informationpage_status_updated_at` ON `information_pages` (`status`, `updated_at`);
-- Create "new_services" table
CREATE TABLE `new_services` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `source` text NULL, `source_id` text NULL, `source_hash` text NULL, `name` text NOT NULL, `slug` text NOT NULL, `summary` text NULL, `easy_read_summary` text NULL, `description` text NULL, `website` text NULL, `email` text NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `published_at` datetime NULL, `temporarily_closed` bool NOT NULL DEFAULT (false), `reopening_date` datetime NULL, `min_age` integer NULL, `max_age` integer NULL, `coverage` text NOT NULL DEFAULT ('LOCAL'), `access_routes` json NULL, `how_to_access` text NULL, `eligibility` text NULL, `eligibility_decision` text NULL, `how_to_complain` text NULL, `personal_budget` bool NOT NULL DEFAULT (false), `short_break_tier` text NULL, `adulthood_themes` json NULL, `languages` json NULL, `audiences` json NULL, `inclusion_basis` text NULL, `contract_end_date` datetime NULL, `is_free` bool NOT NULL DEFAULT (false), `last_reviewed_at` datetime NULL, `review_due_at` datetime NULL, `organization_id` uuid NOT NULL, `lead_id` uuid NULL, `commissioner_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `services_organizations_services` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `services_users_lead` FOREIGN KEY (`lead_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `services_users_commissioner` FOREIGN KEY (`commissioner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "services" to new temporary table "new_services"
INSERT INTO `new_services` (`id`, `created_at`, `updated_at`, `version`, `source`, `source_id`, `source_hash`, `name`, `slug`, `summary`, `easy_read_summary`, `description`, `website`, `email`, `status`, `published_at`, `temporarily_closed`, `reopening_date`, `min_age`, `max_age`, `coverage`, `access_routes`, `how_to_access`, `eligibility`, `eligibility_decision`, `how_to_complain`, `personal_budget`, `short_break_tier`, `adulthood_themes`, `languages`, `audiences`, `inclusion_basis`, `contract_end_date`, `is_free`, `last_reviewed_at`, `review_due_at`, `organization_id`) SELECT `id`, `created_at`, `updated_at`, `version`, `source`, `source_id`, `source_hash`, `name`, `slug`, `summary`, `easy_read_summary`, `description`, `website`, `email`, `status`, `published_at`, `temporarily_closed`, `reopening_date`, `min_age`, `max_age`, `coverage`, `access_routes`, `how_to_access`, `eligibility`, `eligibility_decision`, `how_to_complain`, `personal_budget`, `short_break_tier`, `adulthood_themes`, `languages`, `audiences`, `inclusion_basis`, `contract_end_date`, `is_free`, `last_reviewed_at`, `review_due_at`, `organization_id` FROM `services`;
-- Drop "services" table after copying rows
DROP TABLE `services`;
-- Rename temporary table "new_services" to "services"
ALTER TABLE `new_services` RENAME TO `services`;
-- Create index "services_slug_key" to table: "services"
CREATE UNIQUE INDEX `services_slug_key` ON `services` (`slug`);
-- Create index "service_source_source_id" to table: "services"
CREATE UNIQUE INDEX `service_source_source_id` ON `services` (`source`, `source_id`);
-- Create index "service_status_updated_at" to table: "services"
CREATE INDEX `service_status_updated_at` ON `services` (`status`, `updated_at`);
-- Create index "service_status_name" to table: "services"
CREATE INDEX `service_status_name` ON `services` (`status`, `name`);
-- Create "api_keys" table
CREATE TABLE `api_keys` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `prefix` text NOT NULL, `secret_hash` text NOT NULL, `allowed_origins` json NULL, `rate_limit_per_minute` integer NOT NULL DEFAULT (600), `revoked_at` datetime NULL, `last_used_at` datetime NULL, `created_by_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `api_keys_users_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Create index "api_keys_prefix_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_prefix_key` ON `api_keys` (`prefix`);
-- Create "audit_events" table
CREATE TABLE `audit_events` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `action` text NOT NULL, `actor_id` uuid NULL, `actor_email` text NULL, `api_key_id` uuid NULL, `object_type` text NULL, `object_id` uuid NULL, `changed_fields` json NULL, `detail` text NULL, `request_id` text NULL, `client_address` text NULL, PRIMARY KEY (`id`));
-- Create index "auditevent_created_at" to table: "audit_events"
CREATE INDEX `auditevent_created_at` ON `audit_events` (`created_at`);
-- Create index "auditevent_object_type_object_id" to table: "audit_events"
CREATE INDEX `auditevent_object_type_object_id` ON `audit_events` (`object_type`, `object_id`);
-- Create index "auditevent_actor_id" to table: "audit_events"
CREATE INDEX `auditevent_actor_id` ON `audit_events` (`actor_id`);
-- Create "notifications" table
CREATE TABLE `notifications` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `event_key` text NOT NULL, `template` text NOT NULL, `recipient` text NOT NULL, `subject` text NOT NULL, `body` text NOT NULL, `state` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `message_id` text NOT NULL, `sent_at` datetime NULL, `last_error` text NULL, PRIMARY KEY (`id`));
-- Create index "notifications_event_key_key" to table: "notifications"
CREATE UNIQUE INDEX `notifications_event_key_key` ON `notifications` (`event_key`);
-- Create "one_time_tokens" table
CREATE TABLE `one_time_tokens` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `purpose` text NOT NULL, `token_hash` text NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL, `user_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `one_time_tokens_users_one_time_tokens` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Create index "one_time_tokens_token_hash_key" to table: "one_time_tokens"
CREATE UNIQUE INDEX `one_time_tokens_token_hash_key` ON `one_time_tokens` (`token_hash`);
-- Create "ownership_reports" table
CREATE TABLE `ownership_reports` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `suggested_lead` text NULL, `note` text NULL, `state` text NOT NULL DEFAULT ('OPEN'), `resolution` text NULL, `resolved_at` datetime NULL, `reporter_id` uuid NOT NULL, `service_id` uuid NULL, `information_page_id` uuid NULL, `resolved_by_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `ownership_reports_users_reporter` FOREIGN KEY (`reporter_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION, CONSTRAINT `ownership_reports_services_service` FOREIGN KEY (`service_id`) REFERENCES `services` (`id`) ON DELETE SET NULL, CONSTRAINT `ownership_reports_information_pages_information_page` FOREIGN KEY (`information_page_id`) REFERENCES `information_pages` (`id`) ON DELETE SET NULL, CONSTRAINT `ownership_reports_users_resolved_by` FOREIGN KEY (`resolved_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Create "provider_applications" table
CREATE TABLE `provider_applications` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `organization_name` text NOT NULL, `service_name` text NOT NULL, `service_summary` text NULL, `inclusion_basis` text NOT NULL, `reason` text NOT NULL, `state` text NOT NULL DEFAULT ('PENDING'), `decline_reason` text NULL, `decided_at` datetime NULL, `applicant_id` uuid NOT NULL, `decided_by_id` uuid NULL, `service_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `provider_applications_users_applicant` FOREIGN KEY (`applicant_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION, CONSTRAINT `provider_applications_users_decided_by` FOREIGN KEY (`decided_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `provider_applications_services_service` FOREIGN KEY (`service_id`) REFERENCES `services` (`id`) ON DELETE SET NULL);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `token_hash` text NOT NULL, `last_used_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, `client_address` text NULL, `user_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sessions_users_sessions` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- Create "sign_in_failures" table
CREATE TABLE `sign_in_failures` (`id` uuid NOT NULL, `key` text NOT NULL, `failed_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "signinfailure_key_failed_at" to table: "sign_in_failures"
CREATE INDEX `signinfailure_key_failed_at` ON `sign_in_failures` (`key`, `failed_at`);
-- Create "users" table
CREATE TABLE `users` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `role` text NOT NULL, `status` text NOT NULL, `password_hash` text NULL, `organization_name` text NULL, `last_sign_in_at` datetime NULL, PRIMARY KEY (`id`));
-- Create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);
-- Create "information_page_content_managers" table
CREATE TABLE `information_page_content_managers` (`information_page_id` uuid NOT NULL, `user_id` uuid NOT NULL, PRIMARY KEY (`information_page_id`, `user_id`), CONSTRAINT `information_page_content_managers_information_page_id` FOREIGN KEY (`information_page_id`) REFERENCES `information_pages` (`id`) ON DELETE CASCADE, CONSTRAINT `information_page_content_managers_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Create "service_content_managers" table
CREATE TABLE `service_content_managers` (`service_id` uuid NOT NULL, `user_id` uuid NOT NULL, PRIMARY KEY (`service_id`, `user_id`), CONSTRAINT `service_content_managers_service_id` FOREIGN KEY (`service_id`) REFERENCES `services` (`id`) ON DELETE CASCADE, CONSTRAINT `service_content_managers_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
