-- Add the names of the taxonomy terms a service is tagged with to its
-- full-text index entry, so that a search for a need or a section finds the
-- services tagged with it. FTS5 tables cannot gain a column, so the table is
-- rebuilt from the existing entries, which the product wrote as plain text.
-- Apostrophes are dropped from term names here; the product's own
-- normalisation differs only in ways that the porter stemmer evens out
-- ("Down's" is indexed as "downs", which stems to "down").
CREATE VIRTUAL TABLE `service_search_new` USING fts5(service_id UNINDEXED, name, summary, description, organization, terms, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO `service_search_new` (service_id, name, summary, description, organization, terms)
SELECT ss.service_id, ss.name, ss.summary, ss.description, ss.organization,
       coalesce((SELECT group_concat(replace(replace(t.`name`, '''', ''), '’', ''), char(10))
                 FROM `service_taxonomy_terms` AS st JOIN `taxonomy_terms` AS t ON t.`id` = st.`taxonomy_term_id`
                 WHERE st.`service_id` = ss.service_id), '')
FROM `service_search` AS ss;
DROP TABLE `service_search`;
ALTER TABLE `service_search_new` RENAME TO `service_search`;
