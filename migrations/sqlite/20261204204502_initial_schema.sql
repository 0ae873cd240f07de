-- Create "contacts" table
CREATE TABLE `contacts` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NULL, `title` text NULL, `email` text NULL, `phone` text NULL, `source_id` text NULL, `service_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `contacts_services_contacts` FOREIGN KEY (`service_id`) REFERENCES `services` (`id`) ON DELETE CASCADE);
-- Create "cost_options" table
CREATE TABLE `cost_options` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `option` text NULL, `amount` real NULL, `currency` text NOT NULL DEFAULT ('GBP'), `amount_description` text NULL, `source_id` text NULL, `service_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `cost_options_services_cost_options` FOREIGN KEY (`service_id`) REFERENCES `services` (`id`) ON DELETE CASCADE);
-- Create "education_details" table
CREATE TABLE `education_details` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `urn` text NULL, `establishment_type` text NOT NULL, `resourced_provision` json NULL, `senco_name` text NULL, `senco_email` text NULL, `senco_phone` text NULL, `sen_information_report_url` text NULL, `sen_information_report_date` datetime NULL, `teaching_approach` text NULL, `curriculum_adaptation` text NULL, `additional_support` text NULL, `progress_assessment` text NULL, `effectiveness_evaluation` text NULL, `facilities_access` text NULL, `activities_beyond_curriculum` text NULL, `other_support` text NULL, `staff_expertise` text NULL, `emotional_social_development` text NULL, `service_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `education_details_services_education_details` FOREIGN KEY (`service_id`) REFERENCES `services` (`id`) ON DELETE CASCADE);
-- Create index "education_details_service_id_key" to table: "education_details"
CREATE UNIQUE INDEX `education_details_service_id_key` ON `education_details` (`service_id`);
-- Create "information_pages" table
CREATE TABLE `information_pages` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `source` text NULL, `source_id` text NULL, `source_hash` text NULL, `title` text NOT NULL, `slug` text NOT NULL, `topic` text NOT NULL DEFAULT ('OTHER'), `audiences` json NULL, `summary` text NULL, `body` text NOT NULL, `easy_read_summary` text NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `published_at` datetime NULL, `last_reviewed_at` datetime NULL, `review_due_at` datetime NULL, `section_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `information_pages_taxonomy_terms_section` FOREIGN KEY (`section_id`) REFERENCES `taxonomy_terms` (`id`) ON DELETE SET NULL);
-- Create index "information_pages_slug_key" to table: "information_pages"
CREATE UNIQUE INDEX `information_pages_slug_key` ON `information_pages` (`slug`);
-- Create index "informationpage_source_source_id" to table: "information_pages"
CREATE UNIQUE INDEX `informationpage_source_source_id` ON `information_pages` (`source`, `source_id`);
-- Create index "informationpage_status_updated_at" to table: "information_pages"
CREATE INDEX `informationpage_status_updated_at` ON `information_pages` (`status`, `updated_at`);
-- Create "locations" table
CREATE TABLE `locations` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `source` text NULL, `source_id` text NULL, `source_hash` text NULL, `name` text NULL, `description` text NULL, `address_1` text NULL, `address_2` text NULL, `city` text NULL, `postcode` text NULL, `latitude` real NULL, `longitude` real NULL, `accessibility` text NULL, `mask_address` bool NOT NULL DEFAULT (false), PRIMARY KEY (`id`));
-- Create index "location_source_source_id" to table: "locations"
CREATE UNIQUE INDEX `location_source_source_id` ON `locations` (`source`, `source_id`);
-- Create "organizations" table
CREATE TABLE `organizations` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `source` text NULL, `source_id` text NULL, `source_hash` text NULL, `name` text NOT NULL, `slug` text NOT NULL, `description` text NULL, `website` text NULL, `email` text NULL, `phone` text NULL, `kind` text NOT NULL DEFAULT ('OTHER'), `trusted` bool NOT NULL DEFAULT (false), `inspection_url` text NULL, PRIMARY KEY (`id`));
-- Create index "organizations_slug_key" to table: "organizations"
CREATE UNIQUE INDEX `organizations_slug_key` ON `organizations` (`slug`);
-- Create index "organization_source_source_id" to table: "organizations"
CREATE UNIQUE INDEX `organization_source_source_id` ON `organizations` (`source`, `source_id`);
-- Create "schedules" table
CREATE TABLE `schedules` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `weekday` text NULL, `opens_at` text NULL, `closes_at` text NULL, `valid_from` datetime NULL, `valid_to` datetime NULL, `description` text NULL, `source_id` text NULL, `service_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `schedules_services_schedules` FOREIGN KEY (`service_id`) REFERENCES `services` (`id`) ON DELETE CASCADE);
-- Create "search_synonyms" table
CREATE TABLE `search_synonyms` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `key` text NOT NULL, `terms` json NOT NULL, PRIMARY KEY (`id`));
-- Create index "search_synonyms_key_key" to table: "search_synonyms"
CREATE UNIQUE INDEX `search_synonyms_key_key` ON `search_synonyms` (`key`);
-- Create "services" table
CREATE TABLE `services` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `source` text NULL, `source_id` text NULL, `source_hash` text NULL, `name` text NOT NULL, `slug` text NOT NULL, `summary` text NULL, `easy_read_summary` text NULL, `description` text NULL, `website` text NULL, `email` text NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `published_at` datetime NULL, `temporarily_closed` bool NOT NULL DEFAULT (false), `reopening_date` datetime NULL, `min_age` integer NULL, `max_age` integer NULL, `coverage` text NOT NULL DEFAULT ('LOCAL'), `access_routes` json NULL, `how_to_access` text NULL, `eligibility` text NULL, `eligibility_decision` text NULL, `how_to_complain` text NULL, `personal_budget` bool NOT NULL DEFAULT (false), `short_break_tier` text NULL, `adulthood_themes` json NULL, `languages` json NULL, `audiences` json NULL, `inclusion_basis` text NULL, `contract_end_date` datetime NULL, `is_free` bool NOT NULL DEFAULT (false), `last_reviewed_at` datetime NULL, `review_due_at` datetime NULL, `organization_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `services_organizations_services` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Create index "services_slug_key" to table: "services"
CREATE UNIQUE INDEX `services_slug_key` ON `services` (`slug`);
-- Create index "service_source_source_id" to table: "services"
CREATE UNIQUE INDEX `service_source_source_id` ON `services` (`source`, `source_id`);
-- Create index "service_status_updated_at" to table: "services"
CREATE INDEX `service_status_updated_at` ON `services` (`status`, `updated_at`);
-- Create index "service_status_name" to table: "services"
CREATE INDEX `service_status_name` ON `services` (`status`, `name`);
-- Create "taxonomies" table
CREATE TABLE `taxonomies` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `description` text NULL, `position` integer NOT NULL DEFAULT (0), PRIMARY KEY (`id`));
-- Create index "taxonomies_slug_key" to table: "taxonomies"
CREATE UNIQUE INDEX `taxonomies_slug_key` ON `taxonomies` (`slug`);
-- Create "taxonomy_terms" table
CREATE TABLE `taxonomy_terms` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `code` text NULL, `description` text NULL, `position` integer NOT NULL DEFAULT (0), `retired` bool NOT NULL DEFAULT (false), `taxonomy_id` uuid NOT NULL, `parent_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `taxonomy_terms_taxonomies_all_terms` FOREIGN KEY (`taxonomy_id`) REFERENCES `taxonomies` (`id`) ON DELETE NO ACTION, CONSTRAINT `taxonomy_terms_taxonomy_terms_children` FOREIGN KEY (`parent_id`) REFERENCES `taxonomy_terms` (`id`) ON DELETE SET NULL);
-- Create index "taxonomyterm_taxonomy_id_slug" to table: "taxonomy_terms"
CREATE UNIQUE INDEX `taxonomyterm_taxonomy_id_slug` ON `taxonomy_terms` (`taxonomy_id`, `slug`);
-- Create "location_accessibility_features" table
CREATE TABLE `location_accessibility_features` (`location_id` uuid NOT NULL, `taxonomy_term_id` uuid NOT NULL, PRIMARY KEY (`location_id`, `taxonomy_term_id`), CONSTRAINT `location_accessibility_features_location_id` FOREIGN KEY (`location_id`) REFERENCES `locations` (`id`) ON DELETE CASCADE, CONSTRAINT `location_accessibility_features_taxonomy_term_id` FOREIGN KEY (`taxonomy_term_id`) REFERENCES `taxonomy_terms` (`id`) ON DELETE CASCADE);
-- Create "service_locations" table
CREATE TABLE `service_locations` (`service_id` uuid NOT NULL, `location_id` uuid NOT NULL, PRIMARY KEY (`service_id`, `location_id`), CONSTRAINT `service_locations_service_id` FOREIGN KEY (`service_id`) REFERENCES `services` (`id`) ON DELETE CASCADE, CONSTRAINT `service_locations_location_id` FOREIGN KEY (`location_id`) REFERENCES `locations` (`id`) ON DELETE CASCADE);
-- Create "service_taxonomy_terms" table
CREATE TABLE `service_taxonomy_terms` (`service_id` uuid NOT NULL, `taxonomy_term_id` uuid NOT NULL, PRIMARY KEY (`service_id`, `taxonomy_term_id`), CONSTRAINT `service_taxonomy_terms_service_id` FOREIGN KEY (`service_id`) REFERENCES `services` (`id`) ON DELETE CASCADE, CONSTRAINT `service_taxonomy_terms_taxonomy_term_id` FOREIGN KEY (`taxonomy_term_id`) REFERENCES `taxonomy_terms` (`id`) ON DELETE CASCADE);
