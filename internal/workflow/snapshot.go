package workflow

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/educationdetails"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
)

// Snapshot is the content of one service or information page at one moment:
// a published revision, or what a change request proposes. Exactly one of
// its two parts is set.
//
// The JSON names are the GraphQL field names, so a difference between two
// snapshots names fields as API clients know them. Child records carry
// their ids, so that a change to one location is told apart from the
// removal of one and the addition of another.
type Snapshot struct {
	Service         *ServiceContent         `json:"service,omitempty"`
	InformationPage *InformationPageContent `json:"informationPage,omitempty"`
}

// ServiceContent is everything about a service that goes through moderation.
// Its status, slug, ownership, temporary closure and review dates are not
// content: they change by other routes.
type ServiceContent struct {
	OrganizationID      uuid.UUID                   `json:"organizationId"`
	Name                string                      `json:"name"`
	Summary             string                      `json:"summary"`
	EasyReadSummary     string                      `json:"easyReadSummary"`
	Description         string                      `json:"description"`
	Website             string                      `json:"website"`
	Email               string                      `json:"email"`
	MinAge              *int                        `json:"minAge"`
	MaxAge              *int                        `json:"maxAge"`
	Coverage            service.Coverage            `json:"coverage"`
	AccessRoutes        []schematype.AccessRoute    `json:"accessRoutes"`
	HowToAccess         string                      `json:"howToAccess"`
	Eligibility         string                      `json:"eligibility"`
	EligibilityDecision string                      `json:"eligibilityDecision"`
	HowToComplain       string                      `json:"howToComplain"`
	PersonalBudget      bool                        `json:"personalBudget"`
	ShortBreakTier      *service.ShortBreakTier     `json:"shortBreakTier"`
	AdulthoodThemes     []schematype.AdulthoodTheme `json:"adulthoodThemes"`
	Languages           []string                    `json:"languages"`
	Audiences           []schematype.Audience       `json:"audiences"`
	InclusionBasis      *service.InclusionBasis     `json:"inclusionBasis"`
	ContractEndDate     *time.Time                  `json:"contractEndDate"`
	IsFree              bool                        `json:"isFree"`
	// TaxonomyTermIDs is a set: its order carries no meaning.
	TaxonomyTermIDs  []uuid.UUID              `json:"taxonomyTermIds"`
	Locations        []LocationContent        `json:"locations"`
	Contacts         []ContactContent         `json:"contacts"`
	Schedules        []ScheduleContent        `json:"schedules"`
	CostOptions      []CostOptionContent      `json:"costOptions"`
	EducationDetails *EducationDetailsContent `json:"educationDetails"`
}

// LocationContent is one place where the service is delivered. A location
// may be shared by several services, so a change to it shows on each.
type LocationContent struct {
	ID                      uuid.UUID   `json:"id"`
	Name                    string      `json:"name"`
	Description             string      `json:"description"`
	Address1                string      `json:"address1"`
	Address2                string      `json:"address2"`
	City                    string      `json:"city"`
	Postcode                string      `json:"postcode"`
	Latitude                *float64    `json:"latitude"`
	Longitude               *float64    `json:"longitude"`
	Accessibility           string      `json:"accessibility"`
	MaskAddress             bool        `json:"maskAddress"`
	AccessibilityFeatureIDs []uuid.UUID `json:"accessibilityFeatureIds"`
}

// ContactContent is a person or team to contact about the service.
type ContactContent struct {
	ID    uuid.UUID `json:"id"`
	Name  string    `json:"name"`
	Title string    `json:"title"`
	Email string    `json:"email"`
	Phone string    `json:"phone"`
}

// ScheduleContent is one regular opening time.
type ScheduleContent struct {
	ID          uuid.UUID         `json:"id"`
	Weekday     *schedule.Weekday `json:"weekday"`
	OpensAt     string            `json:"opensAt"`
	ClosesAt    string            `json:"closesAt"`
	ValidFrom   *time.Time        `json:"validFrom"`
	ValidTo     *time.Time        `json:"validTo"`
	Description string            `json:"description"`
}

// CostOptionContent is one price.
type CostOptionContent struct {
	ID                uuid.UUID `json:"id"`
	Option            string    `json:"option"`
	Amount            *float64  `json:"amount"`
	Currency          string    `json:"currency"`
	AmountDescription string    `json:"amountDescription"`
}

// EducationDetailsContent is what a school, early years setting or college
// publishes about its SEN provision.
type EducationDetailsContent struct {
	URN                        string                             `json:"urn"`
	EstablishmentType          educationdetails.EstablishmentType `json:"establishmentType"`
	ResourcedProvision         []schematype.ResourcedProvision    `json:"resourcedProvision"`
	SencoName                  string                             `json:"sencoName"`
	SencoEmail                 string                             `json:"sencoEmail"`
	SencoPhone                 string                             `json:"sencoPhone"`
	SenInformationReportURL    string                             `json:"senInformationReportUrl"`
	SenInformationReportDate   *time.Time                         `json:"senInformationReportDate"`
	TeachingApproach           string                             `json:"teachingApproach"`
	CurriculumAdaptation       string                             `json:"curriculumAdaptation"`
	AdditionalSupport          string                             `json:"additionalSupport"`
	ProgressAssessment         string                             `json:"progressAssessment"`
	EffectivenessEvaluation    string                             `json:"effectivenessEvaluation"`
	FacilitiesAccess           string                             `json:"facilitiesAccess"`
	ActivitiesBeyondCurriculum string                             `json:"activitiesBeyondCurriculum"`
	OtherSupport               string                             `json:"otherSupport"`
	StaffExpertise             string                             `json:"staffExpertise"`
	EmotionalSocialDevelopment string                             `json:"emotionalSocialDevelopment"`
}

// InformationPageContent is everything about an information page that goes
// through moderation.
type InformationPageContent struct {
	Title           string                `json:"title"`
	Topic           informationpage.Topic `json:"topic"`
	Audiences       []schematype.Audience `json:"audiences"`
	Summary         string                `json:"summary"`
	Body            string                `json:"body"`
	EasyReadSummary string                `json:"easyReadSummary"`
	SectionID       *uuid.UUID            `json:"sectionId"`
}

// encode returns s as stored in change requests and revisions.
func (s Snapshot) encode() (json.RawMessage, error) {
	data, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode snapshot: %w", err)
	}
	return data, nil
}

// decodeSnapshot reads a stored snapshot. Empty data is an empty snapshot,
// as a removal request proposes.
func decodeSnapshot(data json.RawMessage) (Snapshot, error) {
	var s Snapshot
	if len(data) == 0 {
		return s, nil
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("decode snapshot: %w", err)
	}
	return s, nil
}
