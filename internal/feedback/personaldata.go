package feedback

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// PersonalDataKind is a kind of personal data FindPersonalData looks for.
type PersonalDataKind string

const (
	PersonalDataName     PersonalDataKind = "NAME"
	PersonalDataEmail    PersonalDataKind = "EMAIL_ADDRESS"
	PersonalDataPhone    PersonalDataKind = "PHONE_NUMBER"
	PersonalDataNHS      PersonalDataKind = "NHS_NUMBER"
	PersonalDataPostcode PersonalDataKind = "POSTCODE"
)

// PersonalDataMatch is one piece of likely personal data in a text.
type PersonalDataMatch struct {
	Kind PersonalDataKind
	// Text is the matched text.
	Text string
	// Start is the offset of the match in the text, in characters (Unicode
	// code points), for highlighting.
	Start int
}

var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	// nhsPattern is ten digits, written together or as 3-3-4.
	nhsPattern = regexp.MustCompile(`\b\d{3}[ -]?\d{3}[ -]?\d{4}\b`)
	// phonePattern is a UK number: +44 or 0, then nine or ten more digits,
	// with spaces, hyphens or a bracketed area code.
	phonePattern    = regexp.MustCompile(`(?:\+44\s?\(?0?\)?|\(?0)(?:\)?[\s-]?\d){9,10}\b`)
	postcodePattern = regexp.MustCompile(`(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b`)
	// namePattern is a title, or a phrase that usually introduces a name,
	// followed by one to three capitalised words.
	namePattern = regexp.MustCompile(`\b(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?|[Mm]y name is|[Cc]alled|[Nn]amed|[Mm]y (?:son|daughter|child|brother|sister|grandson|granddaughter),?)\s+((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+){0,2})`)
)

// FindPersonalData returns the likely personal data in text, in order and
// without overlaps: email addresses, NHS numbers (ten digits that pass the
// NHS number's check digit), UK phone numbers, postcodes, and names after a
// title or a phrase such as "my son". It is a prompt for the LO officer who
// reads the text before it is circulated or published, not a guarantee:
// names written any other way are not found.
func FindPersonalData(text string) []PersonalDataMatch {
	type span struct {
		kind       PersonalDataKind
		start, end int
	}
	var spans []span
	taken := func(start, end int) bool {
		for _, s := range spans {
			if start < s.end && s.start < end {
				return true
			}
		}
		return false
	}
	add := func(kind PersonalDataKind, start, end int) {
		if !taken(start, end) {
			spans = append(spans, span{kind, start, end})
		}
	}
	for _, m := range emailPattern.FindAllStringIndex(text, -1) {
		add(PersonalDataEmail, m[0], m[1])
	}
	for _, m := range nhsPattern.FindAllStringIndex(text, -1) {
		if validNHSNumber(text[m[0]:m[1]]) {
			add(PersonalDataNHS, m[0], m[1])
		}
	}
	for _, m := range phonePattern.FindAllStringIndex(text, -1) {
		add(PersonalDataPhone, m[0], m[1])
	}
	for _, m := range postcodePattern.FindAllStringIndex(text, -1) {
		add(PersonalDataPostcode, m[0], m[1])
	}
	for _, m := range namePattern.FindAllStringSubmatchIndex(text, -1) {
		add(PersonalDataName, m[2], m[3])
	}

	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	matches := make([]PersonalDataMatch, 0, len(spans))
	for _, s := range spans {
		matches = append(matches, PersonalDataMatch{
			Kind:  s.kind,
			Text:  text[s.start:s.end],
			Start: utf8.RuneCountInString(text[:s.start]),
		})
	}
	return matches
}

// validNHSNumber reports whether s, ten digits with optional separators,
// passes the NHS number's modulus 11 check.
func validNHSNumber(s string) bool {
	digits := strings.NewReplacer(" ", "", "-", "").Replace(s)
	if len(digits) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(digits[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(digits[9]-'0')
}
