-- Add the names of the taxonomy terms a service is tagged with to its
-- full-text document, with the weight C of the organisation name, so that a
-- search for a need or a section finds the services tagged with it.
-- Apostrophes are dropped from term names here; the product's own
-- normalisation differs only in ways that the english stemmer evens out
-- ("Down's" is indexed as "downs", which stems to "down").
UPDATE "service_search" AS ss
SET "document" = ss."document" || setweight(to_tsvector('localoffer_english', tagged."names"), 'C')
FROM (
    SELECT st."service_id", string_agg(replace(replace(t."name", '''', ''), '’', ''), E'\n') AS "names"
    FROM "service_taxonomy_terms" AS st JOIN "taxonomy_terms" AS t ON t."id" = st."taxonomy_term_id"
    GROUP BY st."service_id"
) AS tagged
WHERE tagged."service_id" = ss."service_id";
