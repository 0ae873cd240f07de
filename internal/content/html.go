// Package content holds small helpers shared by everything that writes
// content: HTML sanitising, plain text for search, slugs, URLs and review
// dates.
package content

import (
	"html"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// descriptionPolicy is bluemonday's user-generated-content policy: headings,
// paragraphs, lists, tables, links and images, with no scripts, styles,
// iframes, forms or class attributes. Links may use http, https or mailto, or
// be relative, and get rel="nofollow".
var descriptionPolicy = bluemonday.UGCPolicy()

// textPolicy removes every tag and puts a space where each one was, so that
// "<p>a</p><p>b</p>" reads as "a b" and not "ab".
var textPolicy = bluemonday.StrictPolicy().AddSpaceWhenStrippingTag(true)

// SanitizeHTML returns the HTML with everything outside descriptionPolicy
// removed, and rel="nofollow noopener" on every link.
func SanitizeHTML(s string) string {
	clean := descriptionPolicy.Sanitize(s)

	// bluemonday adds noopener only to links it also gives target="_blank",
	// which would open every link in a new tab. The policy rejects rel
	// attributes from the input and escapes quotes in text, so the only
	// rel="nofollow" in the output is the one bluemonday adds to links.
	return strings.ReplaceAll(clean, `rel="nofollow"`, `rel="nofollow noopener"`)
}

// PlainText returns the text of an HTML fragment for search indexing:
// tags removed, entities decoded and runs of white space (non-breaking
// spaces included) collapsed to one space.
func PlainText(htmlText string) string {
	text := html.UnescapeString(textPolicy.Sanitize(htmlText))
	return strings.Join(strings.Fields(text), " ")
}
