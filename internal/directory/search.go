package directory

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/localoffer/localoffer/ent"
)

// Limits on a search, so that one request cannot build a huge full-text
// query.
const (
	maxSearchLength = 200 // characters
	maxSearchWords  = 16
)

// stopWords are dropped from a search because nearly every document has
// them. The boolean words are among them: a family typing "autism and ADHD"
// means two needs, not an operator, and every remaining word is required
// anyway. Synonym phrases such as "speech and language" are matched before
// stop words are dropped, so they keep their inner words.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true,
	"be": true, "by": true, "for": true, "from": true, "i": true, "in": true,
	"is": true, "it": true, "me": true, "my": true, "not": true, "of": true,
	"on": true, "or": true, "our": true, "s": true, "t": true, "the": true,
	"to": true, "we": true, "with": true, "you": true, "your": true,
}

// searchQuery is a cleaned search: every group must match, and a group
// matches when any of its alternatives does. An alternative is a phrase of
// one or more lower-case words separated by single spaces.
type searchQuery struct {
	groups [][]string
}

func (q searchQuery) empty() bool { return len(q.groups) == 0 }

// synonymGroup is one row of search_synonyms, with each term split into
// words the way a search is.
type synonymGroup struct {
	terms [][]string
}

// loadSynonyms reads every synonym group. The table is small (tens of rows)
// and LO officers may change it at any time, so it is read per search.
func loadSynonyms(ctx context.Context, client *ent.Client) ([]synonymGroup, error) {
	rows, err := client.SearchSynonym.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load search synonyms: %w", err)
	}
	groups := make([]synonymGroup, 0, len(rows))
	for _, row := range rows {
		var group synonymGroup
		for _, term := range row.Terms {
			if words := searchWords(term); len(words) > 0 {
				group.terms = append(group.terms, wordsOf(words))
			}
		}
		groups = append(groups, group)
	}
	return groups, nil
}

// searchWord is one word of a search. joined marks a word that was written
// against the previous one with a hyphen or similar, as in "after-school".
type searchWord struct {
	text   string
	joined bool
}

// possessive and innerApostrophe find the apostrophes that normaliseApostrophes
// removes.
var (
	possessive      = regexp.MustCompile(`(?i)(\pL)['’]s\b`)
	innerApostrophe = regexp.MustCompile(`(\pL)['’](\pL)`)
)

// normaliseApostrophes drops possessive "'s" and joins words split by an
// apostrophe, so that "Down's syndrome" reads "Down syndrome" and "don't"
// reads "dont". Both the indexed text and searches go through it: the
// tokenisers would otherwise split "Down's" into "down" and "s", and a phrase
// search for "down syndrome" would miss it.
func normaliseApostrophes(text string) string {
	text = possessive.ReplaceAllString(text, "$1")
	return innerApostrophe.ReplaceAllString(text, "$1$2")
}

// searchWords splits text into lower-case words of letters and digits, after
// normaliseApostrophes. Other punctuation inside a run of non-space
// characters joins the words on either side.
func searchWords(text string) []searchWord {
	var words []searchWord
	for _, chunk := range strings.Fields(strings.ToLower(normaliseApostrophes(text))) {
		parts := strings.FieldsFunc(chunk, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		for i, part := range parts {
			words = append(words, searchWord{text: part, joined: i > 0})
		}
	}
	return words
}

func wordsOf(words []searchWord) []string {
	texts := make([]string, len(words))
	for i, w := range words {
		texts[i] = w.text
	}
	return texts
}

// parseSearch cleans a search and expands it with synonyms. At each word the
// longest synonym term that starts there wins, and the group becomes every
// term of every synonym group containing that term. Words joined by hyphens
// form one phrase. Stop words outside a synonym term are dropped.
func parseSearch(text string, synonyms []synonymGroup) (searchQuery, error) {
	if utf8.RuneCountInString(text) > maxSearchLength {
		return searchQuery{}, &InputError{Field: "search", Message: fmt.Sprintf("must be at most %d characters", maxSearchLength)}
	}
	words := searchWords(text)
	var query searchQuery
	for i := 0; i < len(words); {
		if group, n := matchSynonyms(words[i:], synonyms); n > 0 {
			query.groups = append(query.groups, group)
			i += n
			continue
		}
		n := 1
		for i+n < len(words) && words[i+n].joined {
			n++
		}
		phrase := dropStopWords(wordsOf(words[i : i+n]))
		if len(phrase) > 0 {
			query.groups = append(query.groups, []string{strings.Join(phrase, " ")})
		}
		i += n
	}
	if len(query.groups) > maxSearchWords {
		return searchQuery{}, &InputError{Field: "search", Message: fmt.Sprintf("use at most %d words", maxSearchWords)}
	}
	return query, nil
}

// matchSynonyms returns the alternatives for the longest synonym term at the
// start of words and the number of words it covers, or 0 when none matches.
func matchSynonyms(words []searchWord, synonyms []synonymGroup) ([]string, int) {
	longest := 0
	for _, group := range synonyms {
		for _, term := range group.terms {
			if len(term) > longest && startsWith(words, term) {
				longest = len(term)
			}
		}
	}
	if longest == 0 {
		return nil, 0
	}

	var alternatives []string
	seen := map[string]bool{}
	for _, group := range synonyms {
		if !groupMatches(group, words[:longest]) {
			continue
		}
		for _, term := range group.terms {
			phrase := strings.Join(term, " ")
			if !seen[phrase] {
				seen[phrase] = true
				alternatives = append(alternatives, phrase)
			}
		}
	}
	return alternatives, longest
}

func groupMatches(group synonymGroup, words []searchWord) bool {
	for _, term := range group.terms {
		if len(term) == len(words) && startsWith(words, term) {
			return true
		}
	}
	return false
}

func startsWith(words []searchWord, term []string) bool {
	if len(term) > len(words) {
		return false
	}
	for i, t := range term {
		if words[i].text != t {
			return false
		}
	}
	return true
}

func dropStopWords(words []string) []string {
	kept := words[:0:0]
	for _, w := range words {
		if !stopWords[w] {
			kept = append(kept, w)
		}
	}
	return kept
}

// fts5Match writes the query in FTS5's query syntax. Every alternative is a
// double-quoted string, which FTS5 tokenises as a phrase, so that no user
// word is read as an operator. Words contain only letters and digits, so they
// cannot contain a double quote.
func (q searchQuery) fts5Match() string {
	groups := make([]string, len(q.groups))
	for i, group := range q.groups {
		quoted := make([]string, len(group))
		for j, phrase := range group {
			quoted[j] = `"` + phrase + `"`
		}
		groups[i] = "(" + strings.Join(quoted, " OR ") + ")"
	}
	return strings.Join(groups, " AND ")
}

// tsquery returns a PostgreSQL tsquery expression for the query:
// phraseto_tsquery for each alternative, so that user text is only ever a
// bound argument, combined with || within a group and && between groups.
func (q searchQuery) tsquery() sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		for i, group := range q.groups {
			if i > 0 {
				b.WriteString(" && ")
			}
			b.WriteString("(")
			for j, phrase := range group {
				if j > 0 {
					b.WriteString(" || ")
				}
				b.WriteString("phraseto_tsquery('" + textSearchConfig + "', ").Arg(phrase).WriteString("::text)")
			}
			b.WriteString(")")
		}
	})
}

// textSearchConfig is the PostgreSQL text search configuration the search
// migration creates: english stemming without a stop-word list.
const textSearchConfig = "localoffer_english"

// searchTable describes one full-text index table.
type searchTable struct {
	name     string
	idColumn string
	// titleColumn is the FTS5 column of the name or title, which the
	// PostgreSQL document gives the weight A.
	titleColumn string
	// fts5Weights are the bm25 weights of the FTS5 columns, in table order,
	// the id column first.
	fts5Weights string
}

// The bm25 weights multiply a column's count of matching phrases before
// bm25 saturates it, so they order matches of one phrase by column (name
// above summary above term names and organisation above description). They
// cannot put every name match first: bm25 adds up the scores of the
// alternatives of a synonym group, and a description holding two rare
// alternatives outscores a name holding one common one. Name matches are
// ranked first separately (see joinSearch).
var (
	serviceSearchTable = searchTable{
		name:        "service_search",
		idColumn:    "service_id",
		titleColumn: "name",
		fts5Weights: "0.0, 10.0, 4.0, 1.0, 2.0, 2.0", // id, name, summary, description, organisation, term names
	}
	informationPageSearchTable = searchTable{
		name:        "information_page_search",
		idColumn:    "information_page_id",
		titleColumn: "title",
		fts5Weights: "0.0, 10.0, 4.0, 1.0", // id, title, summary, body
	}
)

// searchAlias names the ranked search results joined to the main query, and
// titleMatchColumn its column that is 1 for rows whose name or title alone
// matches the search and 0 for the others.
const (
	searchAlias      = "search"
	titleMatchColumn = "title_match"
)

// joinSearch returns a predicate that keeps only rows matching q and joins
// two columns: search.rank, where a higher rank is a better match, and
// search.title_match. orderByRank orders by title_match first, so that a
// service whose name matches the whole search comes before one that matches
// only in its summary, description or tags.
func joinSearch(table searchTable, q searchQuery) func(*sql.Selector) {
	return func(s *sql.Selector) {
		d := s.Dialect()
		t := sql.Dialect(d).Table(table.name)
		ranked := sql.Dialect(d).Select(t.C(table.idColumn)).From(t)
		if d == dialect.Postgres {
			// ts_rank weighs the A to D labels 1.0, 0.4, 0.2 and 0.1.
			ranked.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("ts_rank(" + t.C("document") + ", ").Join(q.tsquery()).WriteString(")")
			}), "rank")
			// ts_filter keeps the lexemes of weight A: the name or title.
			ranked.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("CASE WHEN ts_filter(" + t.C("document") + ", '{a}') @@ (").Join(q.tsquery()).WriteString(") THEN 1 ELSE 0 END")
			}), titleMatchColumn)
			ranked.Where(sql.P(func(b *sql.Builder) {
				b.WriteString(t.C("document") + " @@ (").Join(q.tsquery()).WriteString(")")
			}))
		} else {
			// bm25 is lower for better matches, so it is negated.
			ranked.AppendSelectExprAs(sql.Expr("-bm25("+table.name+", "+table.fts5Weights+")"), "rank")
			// A column filter limits the whole query to the name or title.
			ranked.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("CASE WHEN " + table.name + ".rowid IN (SELECT rowid FROM " + table.name + " WHERE " + table.name + " MATCH ").
					Arg(table.titleColumn + " : (" + q.fts5Match() + ")").
					WriteString(") THEN 1 ELSE 0 END")
			}), titleMatchColumn)
			ranked.Where(sql.P(func(b *sql.Builder) {
				b.WriteString(table.name + " MATCH ").Arg(q.fts5Match())
			}))
		}
		ranked.As(searchAlias)
		s.Join(ranked).On(s.C("id"), ranked.C(table.idColumn))
	}
}

// orderByRank orders by the title match and then the rank that joinSearch
// adds, best match first unless ascending is set.
func orderByRank(ascending bool) func(*sql.Selector) {
	return func(s *sql.Selector) {
		search := sql.Dialect(s.Dialect()).Table(searchAlias)
		for _, column := range []string{search.C(titleMatchColumn), search.C("rank")} {
			if ascending {
				s.OrderBy(sql.Asc(column))
			} else {
				s.OrderBy(sql.Desc(column))
			}
		}
	}
}
