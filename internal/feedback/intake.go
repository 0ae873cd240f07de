package feedback

import (
	"context"
	"fmt"
	"math"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// The purposes a sender can consent to their contact details being used for.
const (
	// PurposeCallBack: the LO team may contact them about their feedback.
	PurposeCallBack = "CALL_BACK"
	// PurposeShareWithProvider: the LO team may pass their identity to the
	// provider the feedback is about.
	PurposeShareWithProvider = "SHARE_WITH_PROVIDER"
	// PurposeQuote: their words may be quoted with their name.
	PurposeQuote = "QUOTE"
)

// ConsentPurposes lists every consent purpose.
var ConsentPurposes = []string{PurposeCallBack, PurposeShareWithProvider, PurposeQuote}

// Maximum lengths, in characters, of the contact details; they match the
// columns of FeedbackContact.
const (
	maxNameLength  = 200
	maxEmailLength = 254
	maxPhoneLength = 40
)

// A phone number has between minPhoneDigits and maxPhoneDigits digits: a UK
// number has 10 or 11, and E.164 allows at most 15.
const (
	minPhoneDigits = 10
	maxPhoneDigits = 15
)

// ContactDetails are the contact details a sender gives with their feedback
// and the purposes they consent to. A nil or empty field was not given.
type ContactDetails struct {
	Name            *string
	Email           *string
	Phone           *string
	ConsentPurposes []string
}

// Submission is an item of feedback from the public form.
type Submission struct {
	Source    feedback.Source
	Topic     feedback.Topic
	Sentiment feedback.Sentiment
	// Body is the sender's own words.
	Body string
	// AgeBand is given for feedback from a child or young person.
	AgeBand *feedback.AgeBand
	// ServiceID or InformationPageID names the published content the
	// feedback is about; at most one is set.
	ServiceID         *uuid.UUID
	InformationPageID *uuid.UUID
	Contact           *ContactDetails
}

// Receipt is the proof that feedback arrived, for its sender: its id and
// time, never the words sent.
type Receipt struct {
	ID         uuid.UUID
	ReceivedAt time.Time
	// UrgentHelp is the council's text on where to get help at once.
	UrgentHelp string
}

// item is an item of feedback checked and ready to store.
type item struct {
	channel           feedback.Channel
	receivedAt        time.Time
	source            feedback.Source
	topic             feedback.Topic
	sentiment         feedback.Sentiment
	body              string
	ageBand           *feedback.AgeBand
	serviceID         *uuid.UUID
	informationPageID *uuid.UUID
	contact           *contact
	activityID        *uuid.UUID
	recordedByID      *uuid.UUID
}

// contact is a sender's contact details, checked and normalised.
type contact struct {
	name, email, phone string
	purposes           []string
}

// SubmitFeedback stores an item of feedback from the public form, with its
// contact details when given, and returns its receipt with the urgent-help
// text. Anyone may send feedback, signed in or not, within the limit per
// client address.
func (m *Manager) SubmitFeedback(ctx context.Context, in Submission) (*Receipt, error) {
	if !m.allowed(ctx, authz.TypeFeedback, authz.ActionCreate, authz.RelationNone) {
		return nil, fmt.Errorf("you may not send feedback: %w", apperr.ErrForbidden)
	}
	it, err := m.checkSubmission(in)
	if err != nil {
		return nil, err
	}
	it.channel = feedback.ChannelWebsite

	var stored *ent.Feedback
	err = m.run(ctx, func(tx *ent.Client, _ *audit.Pending) error {
		if err := checkPublishedContent(ctx, tx, it.serviceID, it.informationPageID); err != nil {
			return err
		}
		// Counted only once the input is found good, so that a sender who
		// corrects a mistake is not held back by it.
		if err := m.checkSubmitLimit(ctx); err != nil {
			return err
		}
		it.receivedAt = m.clock()
		stored, err = m.insert(ctx, tx, it)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Receipt{ID: stored.ID, ReceivedAt: stored.ReceivedAt, UrgentHelp: m.opts.Settings.UrgentHelp}, nil
}

// checkSubmission checks the fields the public form and officers' records
// share, and returns them cleaned.
func (m *Manager) checkSubmission(in Submission) (*item, error) {
	if err := checkEnums(in); err != nil {
		return nil, err
	}
	body, err := cleanText("input.body", in.Body, m.opts.Settings.MaxLength)
	if err != nil {
		return nil, err
	}
	if in.ServiceID != nil && in.InformationPageID != nil {
		return nil, apperr.Input("input.serviceId", "give serviceId or informationPageId, not both")
	}
	if in.AgeBand != nil && in.Source != feedback.SourceChildOrYoungPerson {
		return nil, apperr.Input("input.ageBand", "an age band is given only for feedback from a child or young person: leave it out, or set source to CHILD_OR_YOUNG_PERSON")
	}
	details, err := checkContact(in.Contact, in.Source, in.AgeBand)
	if err != nil {
		return nil, err
	}
	return &item{
		source: in.Source, topic: in.Topic, sentiment: in.Sentiment, body: body, ageBand: in.AgeBand,
		serviceID: in.ServiceID, informationPageID: in.InformationPageID, contact: details,
	}, nil
}

// checkEnums checks the enum values for callers that do not come through
// GraphQL, which checks them itself.
func checkEnums(in Submission) error {
	if err := feedback.SourceValidator(in.Source); err != nil {
		return apperr.Input("input.source", "%v", err)
	}
	if err := feedback.TopicValidator(in.Topic); err != nil {
		return apperr.Input("input.topic", "%v", err)
	}
	if err := feedback.SentimentValidator(in.Sentiment); err != nil {
		return apperr.Input("input.sentiment", "%v", err)
	}
	if in.AgeBand != nil {
		if err := feedback.AgeBandValidator(*in.AgeBand); err != nil {
			return apperr.Input("input.ageBand", "%v", err)
		}
	}
	return nil
}

// checkContact checks the contact details and their consent, and returns
// them normalised, or nil when none were given. Children under 13 cannot
// give contact details, so a child or young person who gives them must
// give their age band.
func checkContact(in *ContactDetails, source feedback.Source, ageBand *feedback.AgeBand) (*contact, error) {
	if in == nil {
		return nil, nil
	}
	c := &contact{name: trimmed(in.Name), email: trimmed(in.Email), phone: trimmed(in.Phone)}
	hasDetails := c.name != "" || c.email != "" || c.phone != ""
	switch {
	case !hasDetails && len(in.ConsentPurposes) == 0:
		return nil, nil
	case !hasDetails:
		return nil, apperr.Input("input.contact.consentPurposes", "consent was given without contact details: add a name, email address or phone number, or leave the purposes out")
	case ageBand != nil && *ageBand == feedback.AgeBandUnder13:
		return nil, apperr.Input("input.contact", "contact details are not taken from children under 13: send the feedback without them, or ask a parent or carer to send it with theirs")
	case source == feedback.SourceChildOrYoungPerson && ageBand == nil:
		return nil, apperr.Input("input.ageBand", "give the age band of a child or young person who leaves contact details, because they are not taken from children under 13")
	case len(in.ConsentPurposes) == 0:
		return nil, apperr.Input("input.contact.consentPurposes", "choose at least one purpose the contact details may be used for (CALL_BACK, SHARE_WITH_PROVIDER or QUOTE), or leave the contact details out")
	}

	for _, purpose := range in.ConsentPurposes {
		if !slices.Contains(ConsentPurposes, purpose) {
			return nil, apperr.Input("input.contact.consentPurposes", "%q is not a consent purpose: use CALL_BACK, SHARE_WITH_PROVIDER or QUOTE", purpose)
		}
		if !slices.Contains(c.purposes, purpose) {
			c.purposes = append(c.purposes, purpose)
		}
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

// check checks the lengths and formats of the details, and lower-cases the
// email address. Messages never repeat the value, so that they are safe
// wherever errors are shown.
func (c *contact) check() error {
	if utf8.RuneCountInString(c.name) > maxNameLength {
		return apperr.Input("input.contact.name", "must be at most %d characters", maxNameLength)
	}
	if hasControl(c.name) {
		return apperr.Input("input.contact.name", "must be one line of text")
	}
	if c.email != "" {
		email, ok := normalEmail(c.email)
		if !ok {
			return apperr.Input("input.contact.email", "is not a valid email address: give one such as name@example.org")
		}
		c.email = email
	}
	if c.phone != "" && !validPhone(c.phone) {
		return apperr.Input("input.contact.phone", "is not a valid phone number: give one of %d to %d digits, such as 01632 960123 or +44 7700 900123", minPhoneDigits, maxPhoneDigits)
	}
	if slices.Contains(c.purposes, PurposeCallBack) && c.email == "" && c.phone == "" {
		return apperr.Input("input.contact.consentPurposes", "a call back needs an email address or a phone number: add one, or leave out CALL_BACK")
	}
	return nil
}

// normalEmail returns the address lower-cased, and whether it is a plain
// address (no display name) whose domain has a dot.
func normalEmail(s string) (string, bool) {
	email := strings.ToLower(s)
	if len(email) > maxEmailLength {
		return "", false
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email {
		return "", false
	}
	domain := email[strings.LastIndex(email, "@")+1:]
	return email, strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".")
}

// validPhone reports whether s is written with digits, spaces, hyphens,
// dots and brackets, with an optional + at the start, and has a plausible
// number of digits.
func validPhone(s string) bool {
	if utf8.RuneCountInString(s) > maxPhoneLength {
		return false
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case strings.ContainsRune(" -.()", r):
		default:
			return false
		}
	}
	return digits >= minPhoneDigits && digits <= maxPhoneDigits
}

// PhoneDigits returns the digits of a phone number as stored for subject
// access searches: a UK international prefix (+44, 0044, or 44 before ten
// more digits) becomes the national 0, and the "(0)" some people write
// after +44 is dropped, so that "+44 7700 900123" and "07700 900123" are
// found alike.
func PhoneDigits(phone string) string {
	phone = strings.TrimSpace(phone)
	international := strings.HasPrefix(phone, "+")
	var b strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	digits := b.String()
	if strings.HasPrefix(digits, "00") {
		international = true
		digits = digits[2:]
	}
	if strings.HasPrefix(digits, "44") && (international || len(digits) == 12) {
		return "0" + strings.TrimPrefix(digits[2:], "0")
	}
	return digits
}

// checkSubmitLimit counts one submission from the caller's client address,
// and returns RATE_LIMITED when the address has sent its limit within the
// window. A failing limiter lets the feedback through and is logged: a
// family's comment matters more than a flood it might let in.
func (m *Manager) checkSubmitLimit(ctx context.Context) error {
	if m.opts.Limiter == nil {
		return nil
	}
	settings := m.opts.Settings
	address := clientAddress(ctx)
	ok, retryAfter, err := m.opts.Limiter.Allow(ctx, "feedback:"+address, settings.SubmitLimit, settings.SubmitWindow)
	if err != nil {
		m.opts.Logger.ErrorContext(ctx, "feedback limit not checked", "request_id", requestID(ctx), "error", err)
		return nil
	}
	if ok {
		return nil
	}
	return &apperr.RateLimitedError{
		Message: fmt.Sprintf("too much feedback sent from your address: at most %d items in %s; try again in %s",
			settings.SubmitLimit, describeDuration(settings.SubmitWindow), describeDuration(retryAfter)),
		RetryAfter: max(retryAfter, time.Second),
	}
}

// clientAddress returns the caller's client address, the key of the
// submission limit; callers without one, such as the system, share a key.
func clientAddress(ctx context.Context) string {
	if address := viewer.FromContext(ctx).ClientAddress; address != "" {
		return address
	}
	return "unknown"
}

func requestID(ctx context.Context) string {
	return viewer.FromContext(ctx).RequestID
}

// describeDuration writes d for a message, rounded up to whole seconds,
// minutes or hours.
func describeDuration(d time.Duration) string {
	plural := func(n float64, unit string) string {
		count := int(math.Ceil(n))
		if count == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", count, unit)
	}
	switch {
	case d < time.Minute:
		return plural(max(d.Seconds(), 1), "second")
	case d < time.Hour:
		return plural(d.Minutes(), "minute")
	}
	return plural(d.Hours(), "hour")
}

// checkPublishedContent returns BAD_USER_INPUT unless the service or page
// named is published: the public form may point only at what the public
// can see. The message is the same for a draft and for an id that does not
// exist.
func checkPublishedContent(ctx context.Context, tx *ent.Client, serviceID, pageID *uuid.UUID) error {
	if serviceID != nil {
		ok, err := tx.Service.Query().Where(service.ID(*serviceID), service.StatusEQ(service.StatusPublished)).Exist(system(ctx))
		if err != nil {
			return fmt.Errorf("look up service %s: %w", *serviceID, err)
		}
		if !ok {
			return apperr.Input("input.serviceId", "no published service has id %s", *serviceID)
		}
	}
	if pageID != nil {
		ok, err := tx.InformationPage.Query().
			Where(informationpage.ID(*pageID), informationpage.StatusEQ(informationpage.StatusPublished)).Exist(system(ctx))
		if err != nil {
			return fmt.Errorf("look up information page %s: %w", *pageID, err)
		}
		if !ok {
			return apperr.Input("input.informationPageId", "no published information page has id %s", *pageID)
		}
	}
	return nil
}

// insert stores an item and its contact details, and marks it for
// safeguarding triage when its body has words from the safeguarding list.
func (m *Manager) insert(ctx context.Context, tx *ent.Client, it *item) (*ent.Feedback, error) {
	create := tx.Feedback.Create().
		SetReceivedAt(it.receivedAt).
		SetChannel(it.channel).
		SetSource(it.source).
		SetTopic(it.topic).
		SetSentiment(it.sentiment).
		SetBody(it.body).
		SetNillableAgeBand(it.ageBand).
		SetNillableServiceID(it.serviceID).
		SetNillableInformationPageID(it.informationPageID).
		SetNillableEngagementActivityID(it.activityID).
		SetNillableRecordedByID(it.recordedByID)

	if keywords := SafeguardingKeywords(it.body); len(keywords) > 0 {
		due, err := m.triageDue(ctx, tx)
		if err != nil {
			return nil, err
		}
		create.SetSafeguarding(true).SetSafeguardingKeywords(keywords).SetTriageDueAt(due)
	}

	stored, err := create.Save(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("store feedback: %w", err)
	}
	if stored.Safeguarding {
		if err := m.alertSafeguarding(ctx, tx, stored); err != nil {
			return nil, err
		}
	}
	if it.contact == nil {
		return stored, nil
	}
	err = tx.FeedbackContact.Create().
		SetFeedbackID(stored.ID).
		SetName(it.contact.name).
		SetEmail(it.contact.email).
		SetPhone(it.contact.phone).
		SetPhoneDigits(PhoneDigits(it.contact.phone)).
		SetConsentPurposes(it.contact.purposes).
		SetConsentWordingVersion(m.opts.Settings.ConsentWording).
		SetConsentedAt(it.receivedAt).
		Exec(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("store contact details of feedback %s: %w", stored.ID, err)
	}
	return stored, nil
}

// cleanText trims text and checks that it is present, at most maxLength
// characters long and free of control characters other than line breaks
// and tabs.
func cleanText(field, text string, maxLength int) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", apperr.Input(field, "must not be empty")
	}
	if n := utf8.RuneCountInString(text); n > maxLength {
		return "", apperr.Input(field, "must be at most %d characters; it has %d", maxLength, n)
	}
	for _, r := range text {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return "", apperr.Input(field, "contains a control character (U+%04X): remove it", r)
		}
	}
	return text, nil
}

// trimmed returns *s without surrounding space, or "" for nil.
func trimmed(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

// hasControl reports whether s has a control character, line breaks
// included.
func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}
