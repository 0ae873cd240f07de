-- Full-text indexes for the public directory search. The product writes them
-- from Go (internal/directory), in the same transaction as each change to a
-- service, organisation or information page. There are no triggers, because a
-- later migration that rebuilds a table would drop them without a word.
-- service_id and information_page_id hold the row's UUID as text.
CREATE VIRTUAL TABLE `service_search` USING fts5(service_id UNINDEXED, name, summary, description, organization, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE `information_page_search` USING fts5(information_page_id UNINDEXED, title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2');
-- Index the rows that already exist. The HTML of descriptions and bodies goes
-- in as it is here, tags included; directory.Reindex rebuilds the index from
-- plain text.
INSERT INTO `service_search` (service_id, name, summary, description, organization)
SELECT s.`id`, s.`name`, coalesce(s.`summary`, ''), coalesce(s.`description`, ''), o.`name`
FROM `services` AS s JOIN `organizations` AS o ON o.`id` = s.`organization_id`;
INSERT INTO `information_page_search` (information_page_id, title, summary, body)
SELECT `id`, `title`, coalesce(`summary`, ''), `body` FROM `information_pages`;
