package content

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSlugLength is the longest slug Slugify returns, in bytes. Callers that
// add a suffix such as "-2" may go past it.
const MaxSlugLength = 80

// FallbackSlug is the slug of text with no letters or digits.
const FallbackSlug = "service"

// letterSpellings spells out letters that Unicode does not decompose into an
// ASCII letter plus accents, and symbols that carry meaning in a name.
var letterSpellings = map[rune]string{
	'ß': "ss", 'ẞ': "ss",
	'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d",
	'ð': "d", 'Ð': "d",
	'ł': "l", 'Ł': "l",
	'þ': "th", 'Þ': "th",
	'ı': "i",
	'&': " and ",
}

// apostrophes are dropped rather than turned into hyphens, so that
// "Children's Centre" becomes "childrens-centre".
var apostrophes = "'’‘`"

// Slugify turns a name into the part of a URL that identifies it: lower-case
// ASCII letters and digits separated by single hyphens. Accented letters lose
// their accents ("Café" becomes "cafe"), other characters become hyphens, and
// the result is cut at a hyphen to at most MaxSlugLength bytes. Text with no
// letters or digits gives FallbackSlug, so the result is never empty.
func Slugify(s string) string {
	var b strings.Builder
	pendingHyphen := false

	writeASCII := func(r rune) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			pendingHyphen = true
		}
	}

	// NFD splits "é" into "e" and a combining accent, which is then skipped.
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) || strings.ContainsRune(apostrophes, r) {
			continue
		}
		if spelling, ok := letterSpellings[r]; ok {
			for _, sr := range spelling {
				writeASCII(sr)
			}
			continue
		}
		writeASCII(r)
	}

	slug := truncateSlug(b.String(), MaxSlugLength)
	if slug == "" {
		return FallbackSlug
	}
	return slug
}

// truncateSlug cuts slug to at most max bytes, at the last hyphen that fits
// when there is one, so that no word is cut in half.
func truncateSlug(slug string, max int) string {
	if len(slug) <= max {
		return slug
	}
	cut := slug[:max]
	if slug[max] == '-' {
		return cut
	}
	if i := strings.LastIndexByte(cut, '-'); i > 0 {
		return cut[:i]
	}
	return cut
}
