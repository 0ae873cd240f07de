package oruk

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// The wire types decode one service record of either ORUK version. The two
// versions mostly use different names for different things (1.0
// regular_schedules and eligibilitys, 3.0 schedules and minimum_age), so one
// set of types reads both, and a field the record does not have stays empty.
// Fields the Local Offer cannot hold (logos, funding, service areas,
// accreditations, alerts) are not decoded.

type wireService struct {
	ID             flexString `json:"id"`
	OrganizationID flexString `json:"organization_id"` // 3.0
	Name           string     `json:"name"`
	Description    string     `json:"description"`
	// ShortDescription is not in either UK profile but some HSDS feeds
	// carry it; it becomes the summary.
	ShortDescription string     `json:"short_description"`
	URL              string     `json:"url"`
	Email            string     `json:"email"`
	Status           string     `json:"status"`
	Fees             string     `json:"fees"`
	MinimumAge       flexNumber `json:"minimum_age"` // 3.0
	MaximumAge       flexNumber `json:"maximum_age"` // 3.0
	AssuredDate      string     `json:"assured_date"`
	LastModified     string     `json:"last_modified"` // 3.0
	AttendingAccess  string     `json:"attending_access"`

	Organization       *wireOrganization       `json:"organization"`
	Eligibilities      []wireEligibility       `json:"eligibilitys"`      // 1.0
	RegularSchedules   []wireSchedule          `json:"regular_schedules"` // 1.0
	Schedules          []wireSchedule          `json:"schedules"`         // 3.0
	ServiceAtLocations []wireServiceAtLocation `json:"service_at_locations"`
	Languages          []wireLanguage          `json:"languages"`
	Contacts           []wireContact           `json:"contacts"`
	CostOptions        []wireCostOption        `json:"cost_options"`
	ServiceTaxonomies  []wireServiceTaxonomy   `json:"service_taxonomys"` // 1.0
	Attributes         []wireAttribute         `json:"attributes"`        // 3.0
	Reviews            []wireReview            `json:"reviews"`           // 1.0

	// The pc_ fields are extensions in feeds published with Placecube's
	// Open Place directory, such as Bristol's.
	Metadata                  *wireMetadata  `json:"pc_metadata"`
	TargetAudiences           []wireAudience `json:"pc_targetAudience"`
	AttendingAccessAdditional string         `json:"pc_attendingAccess_additionalInfo"`

	// AtLocationService is set when the record is a 3.0 service_at_location
	// entry, which nests the service instead of being one.
	AtLocationService json.RawMessage `json:"service"`
}

type wireOrganization struct {
	ID          flexString  `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	URL         string      `json:"url"`     // 1.0
	Website     string      `json:"website"` // 3.0
	Email       string      `json:"email"`
	Phones      []wirePhone `json:"phones"`
}

type wireEligibility struct {
	Eligibility string     `json:"eligibility"`
	MinimumAge  flexNumber `json:"minimum_age"`
	MaximumAge  flexNumber `json:"maximum_age"`
}

type wireSchedule struct {
	ID          flexString `json:"id"`
	Weekday     flexString `json:"weekday"` // 1.0: a day name or 1-7 from Monday
	ByDay       string     `json:"byday"`   // RFC 5545 BYDAY, such as "MO,TU"
	Freq        string     `json:"freq"`
	OpensAt     string     `json:"opens_at"`
	ClosesAt    string     `json:"closes_at"`
	ValidFrom   string     `json:"valid_from"`
	ValidTo     string     `json:"valid_to"`
	Description string     `json:"description"`
	Notes       string     `json:"notes"`
}

type wireServiceAtLocation struct {
	ID       flexString    `json:"id"`
	Location *wireLocation `json:"location"`
}

type wireLocation struct {
	ID                flexString          `json:"id"`
	Name              string              `json:"name"`
	Description       string              `json:"description"`
	Latitude          flexNumber          `json:"latitude"`
	Longitude         flexNumber          `json:"longitude"`
	PhysicalAddresses []wireAddress       `json:"physical_addresses"` // 1.0
	Addresses         []wireAddress       `json:"addresses"`          // 3.0
	Accessibility     []wireAccessibility `json:"accessibility"`      // 3.0
	// AccessibilityForDisabilities is the 1.0 name of Accessibility.
	AccessibilityForDisabilities []wireAccessibility `json:"accessibility_for_disabilities"`
}

type wireAddress struct {
	Address1    string `json:"address_1"`
	Address2    string `json:"address_2"`
	City        string `json:"city"`
	PostalCode  string `json:"postal_code"`
	AddressType string `json:"address_type"` // 3.0: physical, postal or virtual
}

type wireAccessibility struct {
	Accessibility string `json:"accessibility"`
	Description   string `json:"description"`
	Details       string `json:"details"`
}

type wireLanguage struct {
	Language string `json:"language"` // 1.0
	Name     string `json:"name"`     // 3.0
	Code     string `json:"code"`     // 3.0
}

type wireContact struct {
	ID     flexString  `json:"id"`
	Name   string      `json:"name"`
	Title  string      `json:"title"`
	Email  string      `json:"email"`
	Phones []wirePhone `json:"phones"`
}

type wirePhone struct {
	Number string `json:"number"`
}

type wireCostOption struct {
	ID                flexString `json:"id"`
	Option            string     `json:"option"`
	Amount            flexNumber `json:"amount"`
	AmountDescription string     `json:"amount_description"`
	Currency          string     `json:"currency"`
}

type wireServiceTaxonomy struct {
	Taxonomy *wireTerm `json:"taxonomy"`
}

type wireAttribute struct {
	TaxonomyTerm *wireTerm `json:"taxonomy_term"`
}

// wireTerm is a 1.0 taxonomy entry or a 3.0 taxonomy_term.
type wireTerm struct {
	ID   flexString `json:"id"`
	Name string     `json:"name"`
	Term string     `json:"term"` // 3.0, the same as name
}

type wireReview struct {
	Date string `json:"date"`
}

type wireMetadata struct {
	DateAssured string `json:"date_assured"`
}

type wireAudience struct {
	AudienceType string `json:"audienceType"`
}

// flexString accepts a JSON string or number, because feeds give ids both
// ways; null gives "".
type flexString string

func (s *flexString) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case bytes.Equal(data, []byte("null")):
		*s = ""
	case len(data) > 0 && data[0] == '"':
		var v string
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		*s = flexString(v)
	case len(data) > 0 && (data[0] == '-' || (data[0] >= '0' && data[0] <= '9')):
		*s = flexString(data)
	default:
		return typeError(data, reflect.TypeFor[string]())
	}
	return nil
}

// flexNumber accepts a JSON number or a string holding one; null and ""
// leave it unset.
type flexNumber struct {
	Value float64
	Set   bool
}

func (n *flexNumber) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		*n = flexNumber{}
		return nil
	}
	text := string(data)
	if len(data) > 0 && data[0] == '"' {
		if err := json.Unmarshal(data, &text); err != nil {
			return err
		}
		text = strings.TrimSpace(text)
		if text == "" {
			*n = flexNumber{}
			return nil
		}
	}
	value, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(value) || math.IsInf(value, 0) {
		return typeError(data, reflect.TypeFor[float64]())
	}
	*n = flexNumber{Value: value, Set: true}
	return nil
}

func (n flexNumber) MarshalJSON() ([]byte, error) {
	if !n.Set {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// typeError reports a value of the wrong type. encoding/json adds the field
// path to an *json.UnmarshalTypeError returned by UnmarshalJSON, so the
// rejection names the field.
func typeError(data []byte, want reflect.Type) error {
	return &json.UnmarshalTypeError{Value: abbreviate(string(data)), Type: want}
}

// abbreviate shortens a value quoted in a rejection reason.
func abbreviate(s string) string {
	const max = 40
	runes := []rune(s)
	if len(runes) <= max {
		return s
	}
	return string(runes[:max]) + "…"
}
