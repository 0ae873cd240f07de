-- Full-text indexes for the public directory search: one weighted tsvector per
-- row (A name or title, B summary, C organisation name, D description or
-- body). The product writes them from Go (internal/directory), in the same
-- transaction as each change to a service, organisation or information page,
-- so that SQLite and PostgreSQL behave the same and no trigger is needed.
--
-- The localoffer_english configuration is PostgreSQL's english one with the
-- Snowball stemmer but no stop-word list, as SQLite's porter tokenizer has
-- none: with the list, words such as "down" (in "Down syndrome") and "after"
-- (in "after-school") could not be searched at all. Searches drop the common
-- words themselves, in Go.
CREATE TEXT SEARCH DICTIONARY "localoffer_english_stem" (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION "localoffer_english" (COPY = english);
ALTER TEXT SEARCH CONFIGURATION "localoffer_english" ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH "localoffer_english_stem";
CREATE TABLE "service_search" ("service_id" uuid NOT NULL, "document" tsvector NOT NULL, PRIMARY KEY ("service_id"), CONSTRAINT "service_search_service_id" FOREIGN KEY ("service_id") REFERENCES "services" ("id") ON DELETE CASCADE);
CREATE INDEX "service_search_document" ON "service_search" USING GIN ("document");
CREATE TABLE "information_page_search" ("information_page_id" uuid NOT NULL, "document" tsvector NOT NULL, PRIMARY KEY ("information_page_id"), CONSTRAINT "information_page_search_information_page_id" FOREIGN KEY ("information_page_id") REFERENCES "information_pages" ("id") ON DELETE CASCADE);
CREATE INDEX "information_page_search_document" ON "information_page_search" USING GIN ("document");
-- Index the rows that already exist. The parser skips HTML tags, so
-- descriptions and bodies can go in as they are; directory.Reindex rebuilds
-- the index with the text normalised as searches are.
INSERT INTO "service_search" ("service_id", "document")
SELECT s."id",
       setweight(to_tsvector('localoffer_english', s."name"), 'A') ||
       setweight(to_tsvector('localoffer_english', coalesce(s."summary", '')), 'B') ||
       setweight(to_tsvector('localoffer_english', o."name"), 'C') ||
       setweight(to_tsvector('localoffer_english', coalesce(s."description", '')), 'D')
FROM "services" AS s JOIN "organizations" AS o ON o."id" = s."organization_id";
INSERT INTO "information_page_search" ("information_page_id", "document")
SELECT "id",
       setweight(to_tsvector('localoffer_english', "title"), 'A') ||
       setweight(to_tsvector('localoffer_english', coalesce("summary", '')), 'B') ||
       setweight(to_tsvector('localoffer_english', "body"), 'D')
FROM "information_pages";
