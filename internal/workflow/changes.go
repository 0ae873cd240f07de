package workflow

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/content"
)

// ServiceChanges is what one save changes in a service's content. A nil
// field keeps the value the draft has; a Clear flag empties an optional
// value. A list replaces the whole list when given, and an empty list
// empties it. Child records keep their id: one given without an id is new.
type ServiceChanges struct {
	OrganizationID        *uuid.UUID
	Name                  *string
	Summary               *string
	EasyReadSummary       *string
	Description           *string
	Website               *string
	Email                 *string
	MinAge                *int
	ClearMinAge           bool
	MaxAge                *int
	ClearMaxAge           bool
	Coverage              *service.Coverage
	AccessRoutes          []schematype.AccessRoute
	HowToAccess           *string
	Eligibility           *string
	EligibilityDecision   *string
	HowToComplain         *string
	PersonalBudget        *bool
	ShortBreakTier        *service.ShortBreakTier
	ClearShortBreakTier   bool
	AdulthoodThemes       []schematype.AdulthoodTheme
	Languages             []string
	Audiences             []schematype.Audience
	InclusionBasis        *service.InclusionBasis
	ClearInclusionBasis   bool
	ContractEndDate       *time.Time
	ClearContractEndDate  bool
	IsFree                *bool
	TaxonomyTermIDs       []uuid.UUID
	Locations             []LocationChanges
	Contacts              []ContactChanges
	Schedules             []ScheduleChanges
	CostOptions           []CostOptionChanges
	EducationDetails      *EducationDetailsContent
	ClearEducationDetails bool
}

// InformationPageChanges is ServiceChanges for an information page.
type InformationPageChanges struct {
	Title           *string
	Topic           *informationpage.Topic
	Audiences       []schematype.Audience
	Summary         *string
	Body            *string
	EasyReadSummary *string
	SectionID       *uuid.UUID
	ClearSection    bool
}

// applyTo returns c with the changes made. c is not modified. linked holds
// the content of other services' locations that the changes link to.
func (ch *ServiceChanges) applyTo(c ServiceContent, linked map[uuid.UUID]LocationContent) ServiceContent {
	if ch == nil {
		return c
	}
	setIf(&c.OrganizationID, ch.OrganizationID)
	setIf(&c.Name, ch.Name)
	setIf(&c.Summary, ch.Summary)
	setIf(&c.EasyReadSummary, ch.EasyReadSummary)
	setIf(&c.Description, ch.Description)
	setIf(&c.Website, ch.Website)
	setIf(&c.Email, ch.Email)
	setOptional(&c.MinAge, ch.MinAge, ch.ClearMinAge)
	setOptional(&c.MaxAge, ch.MaxAge, ch.ClearMaxAge)
	setIf(&c.Coverage, ch.Coverage)
	setList(&c.AccessRoutes, ch.AccessRoutes)
	setIf(&c.HowToAccess, ch.HowToAccess)
	setIf(&c.Eligibility, ch.Eligibility)
	setIf(&c.EligibilityDecision, ch.EligibilityDecision)
	setIf(&c.HowToComplain, ch.HowToComplain)
	setIf(&c.PersonalBudget, ch.PersonalBudget)
	setOptional(&c.ShortBreakTier, ch.ShortBreakTier, ch.ClearShortBreakTier)
	setList(&c.AdulthoodThemes, ch.AdulthoodThemes)
	setList(&c.Languages, ch.Languages)
	setList(&c.Audiences, ch.Audiences)
	setOptional(&c.InclusionBasis, ch.InclusionBasis, ch.ClearInclusionBasis)
	setOptional(&c.ContractEndDate, ch.ContractEndDate, ch.ClearContractEndDate)
	setIf(&c.IsFree, ch.IsFree)
	setList(&c.TaxonomyTermIDs, ch.TaxonomyTermIDs)
	ch.applyChildren(&c, linked)
	setOptional(&c.EducationDetails, ch.EducationDetails, ch.ClearEducationDetails)
	return c
}

// checkFlags fails when a value and the flag that clears it are both
// given, which leaves the caller's intent unclear.
func (ch *ServiceChanges) checkFlags(prefix string) error {
	pairs := []struct {
		field string
		set   bool
		clear bool
	}{
		{"minAge", ch.MinAge != nil, ch.ClearMinAge},
		{"maxAge", ch.MaxAge != nil, ch.ClearMaxAge},
		{"shortBreakTier", ch.ShortBreakTier != nil, ch.ClearShortBreakTier},
		{"inclusionBasis", ch.InclusionBasis != nil, ch.ClearInclusionBasis},
		{"contractEndDate", ch.ContractEndDate != nil, ch.ClearContractEndDate},
		{"educationDetails", ch.EducationDetails != nil, ch.ClearEducationDetails},
	}
	for i, l := range ch.Locations {
		pairs = append(pairs, struct {
			field string
			set   bool
			clear bool
		}{fmt.Sprintf("locations[%d].latitude", i), l.Latitude != nil || l.Longitude != nil, l.ClearCoordinates})
	}
	for _, p := range pairs {
		if p.set && p.clear {
			return apperr.Input(prefix+"."+p.field, "is given with the flag that clears it: give one or the other")
		}
	}
	return nil
}

// applyTo is ServiceChanges.applyTo for an information page.
func (ch *InformationPageChanges) applyTo(c InformationPageContent) InformationPageContent {
	if ch == nil {
		return c
	}
	setIf(&c.Title, ch.Title)
	setIf(&c.Topic, ch.Topic)
	setList(&c.Audiences, ch.Audiences)
	setIf(&c.Summary, ch.Summary)
	setIf(&c.Body, ch.Body)
	setIf(&c.EasyReadSummary, ch.EasyReadSummary)
	setOptional(&c.SectionID, ch.SectionID, ch.ClearSection)
	return c
}

func setIf[T any](field *T, value *T) {
	if value != nil {
		*field = *value
	}
}

func setOptional[T any](field **T, value *T, clear bool) {
	switch {
	case value != nil:
		v := *value
		*field = &v
	case clear:
		*field = nil
	}
}

func setList[T any](field *[]T, value []T) {
	if value != nil {
		*field = value
	}
}

const (
	maxNameRunes = 300
	maxTextRunes = 20_000
	maxAge       = 25
)

var clockTime = regexp.MustCompile(`^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$`)

// normalize checks service content and puts it in its stored form: text
// trimmed, HTML sanitised, web addresses completed, ids given to new child
// records, sets sorted. Errors name the input field under prefix.
func (c *ServiceContent) normalize(prefix string) error {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return apperr.Input(prefix+".name", "is empty: give the service's name")
	}
	if err := checkLength(prefix+".name", c.Name, maxNameRunes); err != nil {
		return err
	}
	for _, text := range []struct {
		field string
		value *string
	}{
		{"summary", &c.Summary}, {"easyReadSummary", &c.EasyReadSummary}, {"description", &c.Description},
		{"howToAccess", &c.HowToAccess}, {"eligibility", &c.Eligibility},
		{"eligibilityDecision", &c.EligibilityDecision}, {"howToComplain", &c.HowToComplain},
	} {
		*text.value = strings.TrimSpace(*text.value)
		if err := checkLength(prefix+"."+text.field, *text.value, maxTextRunes); err != nil {
			return err
		}
	}
	c.Description = content.SanitizeHTML(c.Description)

	website, err := content.NormalizeURL(c.Website)
	if err != nil {
		return apperr.Input(prefix+".website", "%v: give the service's web page as an http or https address", err)
	}
	c.Website = website
	if c.Email, err = normalizeEmail(prefix+".email", c.Email); err != nil {
		return err
	}
	if err := checkAges(prefix, c.MinAge, c.MaxAge); err != nil {
		return err
	}
	var languages []string
	for _, language := range c.Languages {
		if language = strings.TrimSpace(language); language != "" {
			languages = append(languages, language)
		}
	}
	c.Languages = languages
	sortIDs(c.TaxonomyTermIDs)
	c.TaxonomyTermIDs = compactIDs(c.TaxonomyTermIDs)
	return c.normalizeChildren(prefix)
}

func (c *ServiceContent) normalizeChildren(prefix string) error {
	for i := range c.Locations {
		l := &c.Locations[i]
		field := fmt.Sprintf("%s.locations[%d]", prefix, i)
		giveID(&l.ID)
		if (l.Latitude == nil) != (l.Longitude == nil) {
			return apperr.Input(field+".latitude", "give latitude and longitude together, or neither")
		}
		if l.Latitude != nil && (*l.Latitude < -90 || *l.Latitude > 90) {
			return apperr.Input(field+".latitude", "%v is out of range: give a latitude from -90 to 90", *l.Latitude)
		}
		if l.Longitude != nil && (*l.Longitude < -180 || *l.Longitude > 180) {
			return apperr.Input(field+".longitude", "%v is out of range: give a longitude from -180 to 180", *l.Longitude)
		}
		l.Postcode = strings.ToUpper(strings.TrimSpace(l.Postcode))
		sortIDs(l.AccessibilityFeatureIDs)
		l.AccessibilityFeatureIDs = compactIDs(l.AccessibilityFeatureIDs)
	}
	for i := range c.Contacts {
		ct := &c.Contacts[i]
		giveID(&ct.ID)
		var err error
		if ct.Email, err = normalizeEmail(fmt.Sprintf("%s.contacts[%d].email", prefix, i), ct.Email); err != nil {
			return err
		}
		ct.Name, ct.Title, ct.Phone = strings.TrimSpace(ct.Name), strings.TrimSpace(ct.Title), strings.TrimSpace(ct.Phone)
	}
	for i := range c.Schedules {
		s := &c.Schedules[i]
		giveID(&s.ID)
		field := fmt.Sprintf("%s.schedules[%d]", prefix, i)
		if s.OpensAt != "" && !clockTime.MatchString(s.OpensAt) {
			return apperr.Input(field+".opensAt", "%q is not a time: give it as HH:MM on the 24-hour clock, such as 09:30", s.OpensAt)
		}
		if s.ClosesAt != "" && !clockTime.MatchString(s.ClosesAt) {
			return apperr.Input(field+".closesAt", "%q is not a time: give it as HH:MM on the 24-hour clock, such as 17:00", s.ClosesAt)
		}
		if s.ValidFrom != nil && s.ValidTo != nil && s.ValidTo.Before(*s.ValidFrom) {
			return apperr.Input(field+".validTo", "is before validFrom: give the last day the times apply")
		}
	}
	for i := range c.CostOptions {
		co := &c.CostOptions[i]
		giveID(&co.ID)
		if co.Amount != nil && *co.Amount < 0 {
			return apperr.Input(fmt.Sprintf("%s.costOptions[%d].amount", prefix, i), "is negative: give the price in pounds, or 0 for free")
		}
		co.Currency = strings.ToUpper(strings.TrimSpace(co.Currency))
		if co.Currency == "" {
			co.Currency = "GBP"
		}
	}
	if e := c.EducationDetails; e != nil {
		url, err := content.NormalizeURL(e.SenInformationReportURL)
		if err != nil {
			return apperr.Input(prefix+".educationDetails.senInformationReportUrl", "%v: give the SEN Information Report's web address", err)
		}
		e.SenInformationReportURL = url
		if e.SencoEmail, err = normalizeEmail(prefix+".educationDetails.sencoEmail", e.SencoEmail); err != nil {
			return err
		}
	}
	return nil
}

// normalize checks information page content and puts it in its stored form.
func (c *InformationPageContent) normalize(prefix string) error {
	c.Title = strings.TrimSpace(c.Title)
	if c.Title == "" {
		return apperr.Input(prefix+".title", "is empty: give the page's title")
	}
	if err := checkLength(prefix+".title", c.Title, maxNameRunes); err != nil {
		return err
	}
	c.Summary = strings.TrimSpace(c.Summary)
	c.EasyReadSummary = strings.TrimSpace(c.EasyReadSummary)
	c.Body = content.SanitizeHTML(strings.TrimSpace(c.Body))
	if c.Body == "" {
		return apperr.Input(prefix+".body", "is empty: give the page's text")
	}
	for field, value := range map[string]string{"summary": c.Summary, "easyReadSummary": c.EasyReadSummary, "body": c.Body} {
		if err := checkLength(prefix+"."+field, value, maxTextRunes*5); err != nil {
			return err
		}
	}
	return nil
}

func checkLength(field, value string, max int) error {
	if n := utf8.RuneCountInString(value); n > max {
		return apperr.Input(field, "is too long (%d characters); shorten it to at most %d", n, max)
	}
	return nil
}

func checkAges(prefix string, minAge, maxAgeValue *int) error {
	for _, age := range []struct {
		field string
		value *int
	}{{"minAge", minAge}, {"maxAge", maxAgeValue}} {
		if age.value != nil && (*age.value < 0 || *age.value > maxAge) {
			return apperr.Input(prefix+"."+age.field, "%d is out of range: the Local Offer covers ages 0 to 25", *age.value)
		}
	}
	if minAge != nil && maxAgeValue != nil && *minAge > *maxAgeValue {
		return apperr.Input(prefix+".maxAge", "%d is below minAge %d: give the oldest age served", *maxAgeValue, *minAge)
	}
	return nil
}

func normalizeEmail(field, email string) (string, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", nil
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email {
		return "", apperr.Input(field, "%q is not an email address: give one such as team@example.org", email)
	}
	return email, nil
}

// giveID gives a new child record its id: a UUID v7, as every record has.
func giveID(id *uuid.UUID) {
	if *id == uuid.Nil {
		*id = uuid.Must(uuid.NewV7())
	}
}

// compactIDs removes repeats from sorted ids.
func compactIDs(ids []uuid.UUID) []uuid.UUID {
	out := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			out = append(out, id)
		}
	}
	return out
}
