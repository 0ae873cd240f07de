package dataprotection

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/feedback"
)

// Redacted replaces each occurrence of a data subject's email address or
// phone number in text.
const Redacted = "[redacted]"

// SubjectInput names a data subject as an LO admin typed it: an email
// address, a phone number or both.
type SubjectInput struct {
	Email *string `json:"email,omitempty"`
	Phone *string `json:"phone,omitempty"`
}

// RedactInput is a SubjectInput with the reason for the redaction.
type RedactInput struct {
	Email *string `json:"email,omitempty"`
	Phone *string `json:"phone,omitempty"`
	// Reason is the ground for the redaction, such as the reference of
	// the data subject's request. It is recorded in the audit log, so it
	// must contain no personal data.
	Reason string `json:"reason"`
}

// Subject is a data subject's email address and phone number in the forms
// stored and compared: the address lower-cased and trimmed, the number as
// digits only with a +44 prefix turned to 0. Either may be empty, not
// both.
type Subject struct {
	Email string
	Phone string
	// Names are the subject's names as they gave them with their own
	// feedback, matched as whole words in any case. Only a redaction sets
	// them, from contact details found by the address or number: a name
	// alone does not identify whose data it is.
	Names []string
	// OtherEmails and OtherPhones are the subject's other addresses and
	// numbers, in the stored forms, from the same contact details. Only a
	// redaction sets them, so that redacting by address also removes the
	// number the subject gave with it.
	OtherEmails []string
	OtherPhones []string
}

// minPhoneDigits and maxPhoneDigits bound a phone number: 7 digits rules
// out short numbers that would match parts of unrelated text, and 15 is
// the longest number ITU-T E.164 allows.
const (
	minPhoneDigits = 7
	maxPhoneDigits = 15
	maxEmailLength = 254
)

// NewSubject normalises the address and number of in, and returns
// BAD_USER_INPUT naming the field when neither is given or one is not
// valid. fieldPrefix is prepended to the field names, such as "input.".
func NewSubject(in SubjectInput, fieldPrefix string) (Subject, error) {
	var s Subject
	if in.Email != nil {
		s.Email = NormaliseEmail(*in.Email)
	}
	if in.Phone != nil {
		s.Phone = phoneDigits(*in.Phone)
	}
	if s.Email == "" && s.Phone == "" {
		return Subject{}, apperr.Input(fieldPrefix+"email", "give an email address, a phone number or both")
	}
	if s.Email != "" && !validEmail(s.Email) {
		return Subject{}, apperr.Input(fieldPrefix+"email", "is not an email address: give one such as name@example.org")
	}
	if in.Phone != nil && strings.TrimSpace(*in.Phone) != "" && (len(s.Phone) < minPhoneDigits || len(s.Phone) > maxPhoneDigits) {
		return Subject{}, apperr.Input(fieldPrefix+"phone", "is not a phone number: give %d to %d digits, such as 01632 960001", minPhoneDigits, maxPhoneDigits)
	}
	return s, nil
}

// NormaliseEmail returns address trimmed and lower-cased, as feedback
// contact details and the outbox store it.
func NormaliseEmail(address string) string {
	return strings.ToLower(strings.TrimSpace(address))
}

// phoneDigits normalises a phone number as FeedbackContact.phone_digits
// stores it.
func phoneDigits(number string) string { return feedback.PhoneDigits(number) }

// validEmail reports whether address has one @ with text on both sides, a
// dot in the domain and no spaces.
func validEmail(address string) bool {
	if len(address) > maxEmailLength || strings.ContainsAny(address, " \t\r\n") {
		return false
	}
	local, domain, ok := strings.Cut(address, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return false
	}
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1
}

// phoneDigitsVariants returns the forms in which FeedbackContact.phone_digits
// may hold the subject's number: the national form, and for a UK number
// the international one without the plus.
func (s Subject) phoneDigitsVariants() []string {
	if s.Phone == "" {
		return nil
	}
	variants := []string{s.Phone}
	if strings.HasPrefix(s.Phone, "0") && !strings.HasPrefix(s.Phone, "00") {
		variants = append(variants, "44"+s.Phone[1:])
	}
	return variants
}

// phoneLikePattern returns a SQL LIKE pattern that matches every text in
// which the number might be written, whatever its spacing or prefix: the
// digits after the national 0, in order, with anything between them. Go
// code then checks each candidate with Occurrences.
func (s Subject) phoneLikePattern() string {
	core := strings.TrimPrefix(s.Phone, "0")
	return "%" + strings.Join(strings.Split(core, ""), "%") + "%"
}

// Span is the byte offsets [Start, End) of one occurrence in a text.
type Span struct {
	Start, End int
}

// Occurrences returns where the subject's email address or phone number
// occurs in text, in order and without overlaps.
//
// The address matches in any case, and not inside a longer address: a
// letter, digit or address character must not touch it on either side.
// The number matches however it is spaced or punctuated ("01632 960001",
// "(01632) 960-001", "+44 (0)1632 960001"), but not as part of a longer
// run of digits.
func (s Subject) Occurrences(text string) []Span {
	var spans []Span
	add := func(found []Span) {
		for _, span := range found {
			if !overlaps(spans, span) {
				spans = append(spans, span)
			}
		}
	}
	for _, address := range append([]string{s.Email}, s.OtherEmails...) {
		if address != "" {
			add(emailOccurrences(text, address))
		}
	}
	for _, number := range append([]string{s.Phone}, s.OtherPhones...) {
		if number != "" {
			add(phoneOccurrences(text, number))
		}
	}
	for _, name := range s.Names {
		add(nameOccurrences(text, name))
	}
	sortSpans(spans)
	return spans
}

// nameOccurrences finds name in text as whole words, in any case, however
// its words are spaced.
func nameOccurrences(text, name string) []Span {
	words := strings.Fields(name)
	if len(words) == 0 {
		return nil
	}
	for i, word := range words {
		words[i] = regexp.QuoteMeta(word)
	}
	pattern, err := regexp.Compile(`(?i)\b` + strings.Join(words, `\s+`) + `\b`)
	if err != nil {
		return nil
	}
	var spans []Span
	for _, m := range pattern.FindAllStringIndex(text, -1) {
		spans = append(spans, Span{Start: m[0], End: m[1]})
	}
	return spans
}

// Redact returns text with each occurrence replaced by Redacted, and how
// many there were.
func (s Subject) Redact(text string) (string, int) {
	spans := s.Occurrences(text)
	if len(spans) == 0 {
		return text, 0
	}
	var b strings.Builder
	last := 0
	for _, span := range spans {
		b.WriteString(text[last:span.Start])
		b.WriteString(Redacted)
		last = span.End
	}
	b.WriteString(text[last:])
	return b.String(), len(spans)
}

// emailOccurrences finds address in text case-insensitively. address is
// lower case.
func emailOccurrences(text, address string) []Span {
	var spans []Span
	n := len(address)
	for i := 0; i+n <= len(text); i++ {
		if !strings.EqualFold(text[i:i+n], address) {
			continue
		}
		if i > 0 && isAddressByte(text[i-1]) {
			continue
		}
		if i+n < len(text) && continuesDomain(text[i+n:]) {
			continue
		}
		spans = append(spans, Span{i, i + n})
		i += n - 1
	}
	return spans
}

// isAddressByte reports whether b can be part of an email address. Bytes
// of multi-byte UTF-8 characters count, so that an address inside a word
// in another script is not matched either.
func isAddressByte(b byte) bool {
	return isDigit(b) || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') ||
		strings.IndexByte("._%+-'", b) >= 0 || b >= utf8.RuneSelf
}

// continuesDomain reports whether rest, the text after a matched address,
// carries its domain on: a letter, digit or hyphen, or a dot followed by
// one. A dot that ends a sentence does not.
func continuesDomain(rest string) bool {
	b := rest[0]
	if b == '.' {
		return len(rest) > 1 && isDomainByte(rest[1])
	}
	return isDomainByte(b)
}

func isDomainByte(b byte) bool {
	return isDigit(b) || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') || b == '-' || b >= utf8.RuneSelf
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// digitRun is a maximal run of digits in a text.
type digitRun struct {
	start, end int
}

// maxPhoneGap is the most separator bytes allowed between two groups of
// digits of one number, as in ") " after an area code.
const maxPhoneGap = 3

// phoneOccurrences finds number, in its normalised form, in text. It joins
// runs of digits separated only by spaces, hyphens, dots or brackets, and
// matches a chain of whole runs whose digits, normalised, are number.
func phoneOccurrences(text, number string) []Span {
	runs := digitRuns(text)
	var spans []Span
	for i := 0; i < len(runs); i++ {
		var digits strings.Builder
		for j := i; j < len(runs); j++ {
			if j > i && !phoneSeparator(text[runs[j-1].end:runs[j].start]) {
				break
			}
			digits.WriteString(text[runs[j].start:runs[j].end])
			if digits.Len() > maxPhoneDigits+4 {
				break
			}
			start := runs[i].start
			if start > 0 && text[start-1] == '+' {
				start--
			}
			if phoneDigits(text[start:runs[j].end]) == number {
				// An opening bracket before the number goes with it when
				// its closing one is inside, as in "(01632) 960001".
				if start > 0 && text[start-1] == '(' && strings.IndexByte(text[start:runs[j].end], ')') >= 0 {
					start--
				}
				spans = append(spans, Span{start, runs[j].end})
				i = j
				break
			}
		}
	}
	return spans
}

func digitRuns(text string) []digitRun {
	var runs []digitRun
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		start := i
		for i < len(text) && isDigit(text[i]) {
			i++
		}
		runs = append(runs, digitRun{start, i})
	}
	return runs
}

// phoneSeparator reports whether gap, the text between two runs of
// digits, can separate the groups of one phone number.
func phoneSeparator(gap string) bool {
	if gap == "" || len(gap) > maxPhoneGap {
		return false
	}
	for i := 0; i < len(gap); i++ {
		if strings.IndexByte(" -.()", gap[i]) < 0 {
			return false
		}
	}
	return true
}

func overlaps(spans []Span, s Span) bool {
	for _, other := range spans {
		if s.Start < other.End && other.Start < s.End {
			return true
		}
	}
	return false
}

func sortSpans(spans []Span) {
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
}
