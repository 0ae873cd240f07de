package seed

import (
	"github.com/localoffer/localoffer/ent/educationdetails"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
)

// The demo content describes Harrowmere Vale, an invented unitary council
// area. Its towns, organisations, people, addresses and URNs are fictional.
// Phone numbers come from Ofcom's ranges reserved for drama (01632 960xxx,
// 07700 900xxx, 0808 157 0xxx), e-mail addresses and websites use the
// reserved example domains (RFC 2606), and the HV postcode area does not
// exist. The coordinates are invented too. They lie within about 10 km of one
// another, so that distance search has something to order.

type demoOrganization struct {
	Slug          string
	Name          string
	Kind          organization.Kind
	Description   string
	Website       string
	Email         string
	Phone         string
	Trusted       bool
	InspectionURL string
}

// demoVenue is a location that one or more demo services share.
type demoVenue struct {
	Key           string
	Name          string
	Address1      string
	Address2      string
	City          string
	Postcode      string
	Latitude      float64
	Longitude     float64
	Accessibility string
	// Features are slugs of accessibility-features taxonomy terms.
	Features    []string
	MaskAddress bool
}

type demoService struct {
	Slug         string
	Name         string
	Organization string // slug of a demoOrganization
	Summary      string
	EasyRead     string
	Description  string // HTML
	MinAge       int
	MaxAge       int
	// Coverage is LOCAL when empty.
	Coverage            service.Coverage
	AccessRoutes        []schematype.AccessRoute
	HowToAccess         string
	Eligibility         string
	EligibilityDecision string
	HowToComplain       string
	PersonalBudget      bool
	// ShortBreakTier is empty for a service that is not a short break.
	ShortBreakTier  service.ShortBreakTier
	AdulthoodThemes []schematype.AdulthoodTheme
	Languages       []string
	Audiences       []schematype.Audience
	InclusionBasis  service.InclusionBasis
	IsFree          bool
	Costs           []demoCost
	Schedules       []demoSchedule
	Contacts        []demoContact
	Venues          []string // keys of demoVenues
	// Sections, Needs and Conditions are term slugs in the Local Offer
	// sections, SEND needs and conditions taxonomies.
	Sections   []string
	Needs      []string
	Conditions []string
	// ReviewOverdue makes the service's last review more than six months old.
	ReviewOverdue bool
	Education     *demoEducation
}

type demoCost struct {
	Option      string
	Amount      float64 // pounds sterling
	Description string
}

type demoSchedule struct {
	Weekday     schedule.Weekday
	Opens       string // HH:MM, London time
	Closes      string
	Description string
}

type demoContact struct {
	Name  string
	Title string
	Email string
	Phone string
}

// demoEducation is what a school, early years setting or college publishes
// about its SEN provision, including the ten answers of SEND Regulations
// 2014, Schedule 2, paragraph 5.
type demoEducation struct {
	URN        string
	Type       educationdetails.EstablishmentType
	Resourced  []schematype.ResourcedProvision
	SENCOName  string
	SENCOEmail string
	SENCOPhone string
	ReportURL  string
	ReportAge  int // days between the SEN information report and seeding
	Answers    scheduleTwoAnswers
}

type scheduleTwoAnswers struct {
	TeachingApproach           string
	CurriculumAdaptation       string
	AdditionalSupport          string
	ProgressAssessment         string
	EffectivenessEvaluation    string
	FacilitiesAccess           string
	ActivitiesBeyondCurriculum string
	OtherSupport               string
	StaffExpertise             string
	EmotionalSocialDevelopment string
}

type demoPage struct {
	Slug      string
	Title     string
	Topic     informationpage.Topic
	Section   string // slug of a Local Offer sections term
	Audiences []schematype.Audience
	Summary   string
	EasyRead  string
	Body      string // HTML
}

// weekdays returns the same opening hours for Monday to Friday.
func weekdays(opens, closes string) []demoSchedule {
	days := []schedule.Weekday{
		schedule.WeekdayMonday, schedule.WeekdayTuesday, schedule.WeekdayWednesday,
		schedule.WeekdayThursday, schedule.WeekdayFriday,
	}
	schedules := make([]demoSchedule, 0, len(days))
	for _, day := range days {
		schedules = append(schedules, demoSchedule{Weekday: day, Opens: opens, Closes: closes})
	}
	return schedules
}

// Audience lists used by many services.
var (
	forFamilies       = []schematype.Audience{schematype.AudienceParentsAndCarers, schematype.AudienceChildrenAndYoungPeople}
	forEveryone       = []schematype.Audience{schematype.AudienceParentsAndCarers, schematype.AudienceChildrenAndYoungPeople, schematype.AudienceProfessionals}
	forParents        = []schematype.Audience{schematype.AudienceParentsAndCarers}
	forYoungPeople    = []schematype.Audience{schematype.AudienceChildrenAndYoungPeople}
	forParentsAndPros = []schematype.Audience{schematype.AudienceParentsAndCarers, schematype.AudienceProfessionals}
)

// allNeeds tags a service that is open to every area of SEND need.
var allNeeds = []string{
	"communication-and-interaction", "cognition-and-learning",
	"social-emotional-and-mental-health", "sensory-and-physical-needs",
}
