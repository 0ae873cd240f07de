package oruk

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/content"
)

// mappingVersion is part of every content hash. Change it when the mapping
// from feed to database changes, so that the next import rewrites records
// whose source is unchanged.
const mappingVersion = "oruk-import-1"

// Ages outside 0-maxPossibleAge are taken as errors in the feed and reject
// the record; ages inside it but above the Local Offer's range are clamped.
const (
	localOfferMaxAge = 25 // the Local Offer covers ages 0 to 25
	maxPossibleAge   = 120
)

// Limits of the database schema, checked here so that a record breaking them
// gets a plain reason instead of a validation error.
const maxNameLength = 300

// serviceRecord is one service from the feed, checked and mapped onto what
// the Local Offer stores.
type serviceRecord struct {
	SourceID string
	Hash     string

	Name        string
	Summary     string
	Description string // sanitised HTML
	URL         string
	Email       string
	Withdrawn   bool // inactive or defunct in the feed
	Closed      bool // temporarily closed in the feed
	MinAge      *int
	MaxAge      *int
	Eligibility string
	HowToAccess string
	Routes      []schematype.AccessRoute
	Languages   []string
	IsFree      bool
	ReviewedAt  *time.Time

	// Organization is nil when the record names none, and the service goes
	// under the source's placeholder organisation; OrganizationSourceID may
	// still name one imported earlier (3.0 organization_id).
	Organization         *organizationRecord
	OrganizationSourceID string

	Locations   []locationRecord
	Contacts    []contactRecord
	Schedules   []scheduleRecord
	CostOptions []costOptionRecord
	Terms       []termRecord
}

type organizationRecord struct {
	SourceID    string
	Hash        string
	Name        string
	Description string
	Website     string
	Email       string
	Phone       string
}

type locationRecord struct {
	SourceID      string
	Hash          string
	Name          string
	Description   string
	Address1      string
	Address2      string
	City          string
	Postcode      string
	Latitude      *float64
	Longitude     *float64
	Accessibility string
}

type contactRecord struct {
	SourceID string
	Name     string
	Title    string
	Email    string
	Phone    string
}

type scheduleRecord struct {
	SourceID    string
	Weekday     *schedule.Weekday
	OpensAt     string
	ClosesAt    string
	ValidFrom   *time.Time
	ValidTo     *time.Time
	Description string
}

type costOptionRecord struct {
	SourceID          string
	Option            string
	Amount            *float64
	AmountDescription string
	Currency          string
}

// termRecord is a taxonomy term the feed attaches to a service. Code is the
// feed's id for the term, when it has a stable one.
type termRecord struct {
	Code   string
	Name   string
	Parent string
}

// rejectionError is a reason to reject a record, written for the report.
type rejectionError struct{ reason string }

func (e *rejectionError) Error() string { return e.reason }

func reject(format string, args ...any) error {
	return &rejectionError{reason: fmt.Sprintf(format, args...)}
}

// mapper turns wire records into service records, collecting warnings about
// values it had to drop or change.
type mapper struct {
	now      time.Time
	warnings []string
}

func (m *mapper) warn(format string, args ...any) {
	m.warnings = append(m.warnings, fmt.Sprintf(format, args...))
}

// mapService checks a decoded record and maps it. raw is the record as it
// appeared in the feed, for the content hash.
func (m *mapper) mapService(w *wireService, raw json.RawMessage) (*serviceRecord, error) {
	hash, err := contentHash(raw)
	if err != nil {
		return nil, reject("record cannot be read: %v", err)
	}

	rec := &serviceRecord{
		SourceID:    cleanText(string(w.ID)),
		Hash:        hash,
		Name:        collapseSpace(w.Name),
		Summary:     content.PlainText(w.ShortDescription),
		Description: sanitizeDescription(w.Description),
		Email:       m.email("email", w.Email),
		Eligibility: eligibilityText(w.Eligibilities),
		HowToAccess: content.PlainText(w.AttendingAccessAdditional),
		Routes:      accessRoutes(w.AttendingAccess),
		Languages:   languages(w.Languages),
		ReviewedAt:  m.reviewedAt(w),
	}
	if len([]rune(rec.Name)) > maxNameLength {
		return nil, reject("name is longer than %d characters", maxNameLength)
	}
	rec.URL = m.url("url", w.URL)

	if err := m.mapStatus(rec, w.Status); err != nil {
		return nil, err
	}
	if err := m.mapAges(rec, w); err != nil {
		return nil, err
	}

	rec.Organization = m.organization(w.Organization)
	rec.OrganizationSourceID = cleanText(string(w.OrganizationID))
	rec.Locations = m.locations(rec.SourceID, w.ServiceAtLocations)
	rec.Contacts = m.contacts(w.Contacts)
	rec.Schedules = m.schedules(append(slices.Clip(w.RegularSchedules), w.Schedules...))
	rec.CostOptions, rec.IsFree = m.costOptions(w.CostOptions, w.Fees)
	rec.Terms = terms(w)
	return rec, nil
}

func (m *mapper) mapStatus(rec *serviceRecord, status string) error {
	switch strings.ToLower(collapseSpace(status)) {
	case "", "active":
	case "inactive", "defunct":
		rec.Withdrawn = true
	case "temporarily closed":
		rec.Closed = true
	default:
		return reject("status %q is not one of active, inactive, defunct or temporarily closed", abbreviate(status))
	}
	return nil
}

// mapAges takes the age range from 3.0 minimum_age and maximum_age, or else
// from the widest range among the 1.0 eligibility entries.
func (m *mapper) mapAges(rec *serviceRecord, w *wireService) error {
	low, high := w.MinimumAge, w.MaximumAge
	for _, e := range w.Eligibilities {
		if e.MinimumAge.Set && (!low.Set || e.MinimumAge.Value < low.Value) {
			low = e.MinimumAge
		}
		if e.MaximumAge.Set && (!high.Set || e.MaximumAge.Value > high.Value) {
			high = e.MaximumAge
		}
	}

	for _, age := range []struct {
		name  string
		value flexNumber
	}{{"minimum_age", low}, {"maximum_age", high}} {
		if age.value.Set && (age.value.Value < 0 || age.value.Value > maxPossibleAge || math.IsNaN(age.value.Value)) {
			return reject("%s %v is not a possible age in years", age.name, age.value.Value)
		}
	}
	if low.Set && high.Set && low.Value > high.Value {
		return reject("minimum_age %v is above maximum_age %v", low.Value, high.Value)
	}

	rec.MinAge = m.clampAge("minimum_age", low)
	rec.MaxAge = m.clampAge("maximum_age", high)
	return nil
}

// clampAge rounds an age down to whole years and clamps it to the Local
// Offer's 0-25 range, with a warning when that changes it.
func (m *mapper) clampAge(name string, age flexNumber) *int {
	if !age.Set {
		return nil
	}
	years := int(math.Floor(age.Value))
	if years > localOfferMaxAge {
		m.warn("%s %v is above %d, the top of the Local Offer's age range; stored as %d", name, age.Value, localOfferMaxAge, localOfferMaxAge)
		years = localOfferMaxAge
	}
	return &years
}

// reviewedAt returns the time the record was last checked, according to the
// feed: the service's assured_date, or else (1.0) the latest review date or
// the Placecube metadata's date_assured, or else (3.0) last_modified. A date
// in the future is ignored.
func (m *mapper) reviewedAt(w *wireService) *time.Time {
	candidates := []struct{ field, value string }{{"assured_date", w.AssuredDate}}
	if latest := latestReviewDate(w.Reviews); latest != "" {
		candidates = append(candidates, struct{ field, value string }{"reviews.date", latest})
	}
	if w.Metadata != nil {
		candidates = append(candidates, struct{ field, value string }{"pc_metadata.date_assured", w.Metadata.DateAssured})
	}
	candidates = append(candidates, struct{ field, value string }{"last_modified", w.LastModified})

	for _, c := range candidates {
		if strings.TrimSpace(c.value) == "" {
			continue
		}
		t, ok := parseFeedTime(c.value)
		if !ok {
			m.warn("%s %q is not a date; ignored", c.field, abbreviate(c.value))
			continue
		}
		if t.After(m.now) {
			m.warn("%s %s is in the future; ignored", c.field, c.value)
			continue
		}
		return &t
	}
	return nil
}

func latestReviewDate(reviews []wireReview) string {
	var latest string
	var latestTime time.Time
	for _, r := range reviews {
		if t, ok := parseFeedTime(r.Date); ok && t.After(latestTime) {
			latest, latestTime = r.Date, t
		}
	}
	return latest
}

// parseFeedTime reads a date or date-time. A date, or a date-time without a
// zone, is London time; a date means the start of that day.
func parseFeedTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "02/01/2006"} {
		if t, err := time.ParseInLocation(layout, s, content.London); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func (m *mapper) organization(w *wireOrganization) *organizationRecord {
	if w == nil {
		return nil
	}
	name := collapseSpace(w.Name)
	if name == "" {
		m.warn("organization %q has no name; the service goes under the placeholder organisation", string(w.ID))
		return nil
	}
	if len([]rune(name)) > maxNameLength {
		m.warn("organization name is longer than %d characters; the service goes under the placeholder organisation", maxNameLength)
		return nil
	}

	hash, _ := contentHash(mustMarshal(w))
	website := w.Website
	if strings.TrimSpace(website) == "" {
		website = w.URL
	}
	org := &organizationRecord{
		SourceID:    cleanText(string(w.ID)),
		Hash:        hash,
		Name:        name,
		Description: sanitizeDescription(w.Description),
		Website:     m.url("organization.url", website),
		Email:       m.email("organization.email", w.Email),
		Phone:       firstPhone(w.Phones),
	}
	// Without an id the organisation is matched on its name, which is the
	// best a re-import can do.
	if org.SourceID == "" {
		org.SourceID = "name:" + content.Slugify(name)
	}
	return org
}

func (m *mapper) locations(serviceSourceID string, links []wireServiceAtLocation) []locationRecord {
	var out []locationRecord
	seen := map[string]bool{}
	for _, link := range links {
		if link.Location == nil {
			continue
		}
		loc := m.location(serviceSourceID, link.Location)
		if seen[loc.SourceID] {
			continue
		}
		seen[loc.SourceID] = true
		out = append(out, loc)
	}
	return out
}

func (m *mapper) location(serviceSourceID string, w *wireLocation) locationRecord {
	hash, _ := contentHash(mustMarshal(w))
	loc := locationRecord{
		SourceID:    cleanText(string(w.ID)),
		Hash:        hash,
		Name:        collapseSpace(w.Name),
		Description: content.PlainText(w.Description),
	}
	// A location without an id gets one derived from its content, so that
	// a re-import finds it again unless the location itself changed.
	if loc.SourceID == "" {
		loc.SourceID = serviceSourceID + "/location/" + hash[:16]
	}

	if address := pickAddress(append(slices.Clip(w.PhysicalAddresses), w.Addresses...)); address != nil {
		loc.Address1 = collapseSpace(address.Address1)
		loc.Address2 = collapseSpace(address.Address2)
		loc.City = collapseSpace(address.City)
		loc.Postcode = strings.ToUpper(collapseSpace(address.PostalCode))
	}

	var access []string
	for _, a := range append(slices.Clip(w.Accessibility), w.AccessibilityForDisabilities...) {
		for _, text := range []string{a.Accessibility, a.Description, a.Details} {
			if text = content.PlainText(text); text != "" && !slices.Contains(access, text) {
				access = append(access, text)
			}
		}
	}
	loc.Accessibility = strings.Join(access, "\n")

	loc.Latitude, loc.Longitude = m.coordinates(loc.SourceID, w.Latitude, w.Longitude)
	return loc
}

// coordinates returns the latitude and longitude when both are present and
// in range. Some feeds give (0, 0), in the Gulf of Guinea, for an unknown
// position, so it is dropped without a warning.
func (m *mapper) coordinates(locationID string, lat, lng flexNumber) (*float64, *float64) {
	if !lat.Set && !lng.Set {
		return nil, nil
	}
	if !lat.Set || !lng.Set {
		m.warn("location %s has only one of latitude and longitude; neither stored", locationID)
		return nil, nil
	}
	if lat.Value == 0 && lng.Value == 0 {
		return nil, nil
	}
	if lat.Value < -90 || lat.Value > 90 || lng.Value < -180 || lng.Value > 180 {
		m.warn("location %s has latitude %v and longitude %v, outside -90..90 and -180..180; neither stored", locationID, lat.Value, lng.Value)
		return nil, nil
	}
	return &lat.Value, &lng.Value
}

// pickAddress returns the first physical address, or else the first address.
func pickAddress(addresses []wireAddress) *wireAddress {
	for i := range addresses {
		if strings.EqualFold(addresses[i].AddressType, "physical") {
			return &addresses[i]
		}
	}
	if len(addresses) > 0 {
		return &addresses[0]
	}
	return nil
}

func (m *mapper) contacts(in []wireContact) []contactRecord {
	var out []contactRecord
	for _, w := range in {
		c := contactRecord{
			SourceID: cleanText(string(w.ID)),
			Name:     collapseSpace(w.Name),
			Title:    collapseSpace(w.Title),
			Email:    m.email("contacts.email", w.Email),
			Phone:    firstPhone(w.Phones),
		}
		if c.Name == "" && c.Title == "" && c.Email == "" && c.Phone == "" {
			continue
		}
		out = append(out, c)
	}
	return out
}

func (m *mapper) costOptions(in []wireCostOption, fees string) ([]costOptionRecord, bool) {
	var out []costOptionRecord
	allZero := len(in) > 0
	for _, w := range in {
		c := costOptionRecord{
			SourceID:          cleanText(string(w.ID)),
			Option:            collapseSpace(w.Option),
			AmountDescription: content.PlainText(w.AmountDescription),
			Currency:          strings.ToUpper(collapseSpace(w.Currency)),
		}
		if c.Currency == "" {
			c.Currency = "GBP"
		}
		if w.Amount.Set {
			if w.Amount.Value < 0 || math.IsNaN(w.Amount.Value) {
				m.warn("cost option %s has amount %v, below zero; amount not stored", c.SourceID, w.Amount.Value)
			} else {
				amount := w.Amount.Value
				c.Amount = &amount
			}
		}
		if c.Amount == nil || *c.Amount != 0 {
			allZero = false
		}
		if c.Option == "" && c.Amount == nil && c.AmountDescription == "" {
			continue
		}
		out = append(out, c)
	}

	// fees is free text that the structured cost options replace; it is used
	// only when the record has none.
	feesText := content.PlainText(fees)
	if len(in) > 0 || feesText == "" {
		return out, allZero
	}
	if isFreeText(feesText) {
		return nil, true
	}
	return []costOptionRecord{{SourceID: "fees", AmountDescription: feesText, Currency: "GBP"}}, false
}

func isFreeText(fees string) bool {
	fees = strings.ToLower(strings.TrimRight(fees, ".!"))
	switch fees {
	case "free", "free of charge", "no charge", "no cost", "none", "nil", "£0", "0", "0.00", "£0.00":
		return true
	}
	return strings.HasPrefix(fees, "free ") || strings.HasPrefix(fees, "free,") || strings.HasPrefix(fees, "free -")
}

// schedules maps regular schedules. One feed entry for several days
// ("byday": "MO,TU") becomes one row per day, with source id "<id>#MO".
func (m *mapper) schedules(in []wireSchedule) []scheduleRecord {
	var out []scheduleRecord
	for _, w := range in {
		base := scheduleRecord{
			SourceID:    cleanText(string(w.ID)),
			OpensAt:     m.clockTime("opens_at", w.OpensAt),
			ClosesAt:    m.clockTime("closes_at", w.ClosesAt),
			Description: joinText(content.PlainText(w.Description), content.PlainText(w.Notes)),
		}
		base.ValidFrom = m.date("valid_from", w.ValidFrom)
		base.ValidTo = m.date("valid_to", w.ValidTo)

		days, ok := weekdays(string(w.Weekday), w.ByDay)
		if !ok {
			// A monthly rule ("1MO": the first Monday) has no weekly
			// weekday, so the row keeps only its times and description.
			base.Description = joinText(base.Description, "Recurrence: "+strings.TrimSpace(w.Freq+" "+w.ByDay))
			days = nil
		}
		if len(days) == 0 {
			if base.OpensAt != "" || base.ClosesAt != "" || base.Description != "" {
				out = append(out, base)
			}
			continue
		}
		for _, day := range days {
			row := base
			row.Weekday = &day
			if len(days) > 1 && base.SourceID != "" {
				row.SourceID = base.SourceID + "#" + rruleDay(day)
			}
			out = append(out, row)
		}
	}
	return out
}

var dayCodes = map[string]schedule.Weekday{
	"MO": schedule.WeekdayMonday, "TU": schedule.WeekdayTuesday, "WE": schedule.WeekdayWednesday,
	"TH": schedule.WeekdayThursday, "FR": schedule.WeekdayFriday, "SA": schedule.WeekdaySaturday,
	"SU": schedule.WeekdaySunday,
}

// weekdays reads a 1.0 weekday (a day name, an RFC 5545 code, or 1-7 from
// Monday) or a BYDAY list. ok is false for entries a weekday cannot express,
// such as "1MO".
func weekdays(weekday, byDay string) (days []schedule.Weekday, ok bool) {
	list := byDay
	if strings.TrimSpace(weekday) != "" {
		list = weekday
	}
	for _, token := range strings.Split(list, ",") {
		token = strings.ToUpper(strings.TrimSpace(token))
		if token == "" {
			continue
		}
		day, found := parseWeekday(token)
		if !found {
			return nil, false
		}
		if !slices.Contains(days, day) {
			days = append(days, day)
		}
	}
	return days, true
}

// weekOrder lists the days from Monday, the first day in ISO 8601.
var weekOrder = []schedule.Weekday{
	schedule.WeekdayMonday, schedule.WeekdayTuesday, schedule.WeekdayWednesday,
	schedule.WeekdayThursday, schedule.WeekdayFriday, schedule.WeekdaySaturday, schedule.WeekdaySunday,
}

// parseWeekday reads "MO", "1" (Monday) or a day name of at least three
// letters ("MON", "MONDAY"); token is upper case.
func parseWeekday(token string) (schedule.Weekday, bool) {
	if day, ok := dayCodes[token]; ok {
		return day, true
	}
	if len(token) == 1 && token[0] >= '1' && token[0] <= '7' {
		return weekOrder[token[0]-'1'], true
	}
	for _, day := range weekOrder {
		if len(token) >= 3 && strings.HasPrefix(string(day), token) {
			return day, true
		}
	}
	return "", false
}

func rruleDay(day schedule.Weekday) string {
	for code, d := range dayCodes {
		if d == day {
			return code
		}
	}
	return string(day)
}

// clockTime turns "10:00:00", "9:30" or "2:30pm" into the schema's HH:MM.
func (m *mapper) clockTime(field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if s == "24:00" || s == "24:00:00" {
		return "24:00"
	}
	for _, layout := range []string{"15:04:05", "15:04", "3:04pm", "3:04 pm", "3pm", "3 pm", "15:04:05Z07:00"} {
		if t, err := time.Parse(layout, strings.ToLower(s)); err == nil {
			return t.Format("15:04")
		}
	}
	m.warn("schedule %s %q is not a time of day; not stored", field, abbreviate(s))
	return ""
}

func (m *mapper) date(field, s string) *time.Time {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	t, ok := parseFeedTime(s)
	if !ok {
		m.warn("schedule %s %q is not a date; not stored", field, abbreviate(s))
		return nil
	}
	return &t
}

// url normalises a web address, dropping it with a warning when it is not a
// usable http or https address.
func (m *mapper) url(field, s string) string {
	normalized, err := content.NormalizeURL(s)
	if err != nil {
		m.warn("%s: %v; not stored", field, err)
		return ""
	}
	return normalized
}

// email checks an address, after removing the full stop that sometimes
// ends one copied from a sentence.
func (m *mapper) email(field, s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".")
	if s == "" {
		return ""
	}
	address, err := mail.ParseAddress(s)
	if err != nil || address.Address != s {
		m.warn("%s %q is not an email address; not stored", field, abbreviate(s))
		return ""
	}
	return s
}

func eligibilityText(entries []wireEligibility) string {
	var parts []string
	for _, e := range entries {
		if text := content.PlainText(e.Eligibility); text != "" && !slices.Contains(parts, text) {
			parts = append(parts, text)
		}
	}
	return strings.Join(parts, "; ")
}

// accessRoutes reads the 1.0 attending_access text, such as "Self referral".
// Values that name no access route, such as "Drop-in" or "Membership", add
// none.
func accessRoutes(attendingAccess string) []schematype.AccessRoute {
	text := strings.ToLower(attendingAccess)
	var routes []schematype.AccessRoute
	add := func(route schematype.AccessRoute) {
		if !slices.Contains(routes, route) {
			routes = append(routes, route)
		}
	}
	if strings.Contains(text, "self") {
		add(schematype.AccessRouteSelfReferral)
	}
	if strings.Contains(text, "professional") {
		add(schematype.AccessRouteProfessionalReferral)
	}
	if strings.Contains(text, "gp") {
		add(schematype.AccessRouteGP)
	}
	if strings.Contains(text, "assessment") {
		add(schematype.AccessRouteAssessment)
	}
	return routes
}

func languages(in []wireLanguage) []string {
	var out []string
	for _, l := range in {
		name := collapseSpace(l.Language)
		if name == "" {
			name = collapseSpace(l.Name)
		}
		if name == "" {
			name = collapseSpace(l.Code)
		}
		if name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// terms collects the taxonomy terms of a record: 1.0 service_taxonomys, 3.0
// attributes and the Placecube target audiences. A target audience such as
// "Parents>Grandparents" is the term Grandparents under Parents. The ids on
// target audiences identify the link, not the audience, so only the name
// matches those terms.
func terms(w *wireService) []termRecord {
	var out []termRecord
	add := func(t termRecord) {
		if t.Name != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	for _, st := range w.ServiceTaxonomies {
		if st.Taxonomy != nil {
			add(termRecord{Code: cleanText(string(st.Taxonomy.ID)), Name: collapseSpace(st.Taxonomy.Name)})
		}
	}
	for _, a := range w.Attributes {
		if a.TaxonomyTerm == nil {
			continue
		}
		name := collapseSpace(a.TaxonomyTerm.Name)
		if name == "" {
			name = collapseSpace(a.TaxonomyTerm.Term)
		}
		add(termRecord{Code: cleanText(string(a.TaxonomyTerm.ID)), Name: name})
	}
	for _, audience := range w.TargetAudiences {
		parent, name, found := strings.Cut(audience.AudienceType, ">")
		if !found {
			parent, name = "", parent
		}
		add(termRecord{Name: collapseSpace(name), Parent: collapseSpace(parent)})
	}
	return out
}

func firstPhone(phones []wirePhone) string {
	for _, p := range phones {
		if number := collapseSpace(p.Number); number != "" {
			return number
		}
	}
	return ""
}

// sanitizeDescription sanitises HTML and drops a description with no text,
// such as the "<p><br></p>" that rich-text editors leave behind.
func sanitizeDescription(s string) string {
	clean := content.SanitizeHTML(cleanText(s))
	if content.PlainText(clean) == "" {
		return ""
	}
	return clean
}

// cleanText trims space and removes NUL characters, which PostgreSQL does
// not store in text columns.
func cleanText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\x00", ""))
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(cleanText(s)), " ")
}

func joinText(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n")
}

// contentHash returns a hash of a JSON value that ignores layout and key
// order, so that a feed re-serialised with the same content hashes the same.
func contentHash(raw []byte) (string, error) {
	var value any
	decoder := json.NewDecoder(strings.NewReader(string(raw)))
	decoder.UseNumber()
	if err := decoder.Decode(&value); err != nil {
		return "", err
	}
	canonical, err := json.Marshal(value)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(append([]byte(mappingVersion+"\n"), canonical...))
	return hex.EncodeToString(sum[:]), nil
}

// mustMarshal encodes a decoded wire value. The wire types contain only
// strings, finite numbers (flexNumber rejects NaN and infinities) and
// slices and pointers of them, so encoding cannot fail.
func mustMarshal(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encode %T: %v", v, err))
	}
	return data
}
