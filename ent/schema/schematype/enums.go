// Package schematype holds the value types of ent schema fields: those
// stored as JSON lists, with their GraphQL enum encoding, and calendar dates.
package schematype

import (
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Audience is a group of people a service or page is written for.
type Audience string

const (
	AudienceParentsAndCarers       Audience = "PARENTS_AND_CARERS"
	AudienceChildrenAndYoungPeople Audience = "CHILDREN_AND_YOUNG_PEOPLE"
	AudienceProfessionals          Audience = "PROFESSIONALS"
)

// Audiences lists every Audience in display order.
var Audiences = []Audience{AudienceParentsAndCarers, AudienceChildrenAndYoungPeople, AudienceProfessionals}

func (a Audience) MarshalGQL(w io.Writer)    { marshalEnum(w, string(a)) }
func (a *Audience) UnmarshalGQL(v any) error { return unmarshalEnum(v, "Audience", Audiences, a) }

// AccessRoute is a way a child or family can get to a service.
type AccessRoute string

const (
	AccessRouteSelfReferral         AccessRoute = "SELF_REFERRAL"
	AccessRouteProfessionalReferral AccessRoute = "PROFESSIONAL_REFERRAL"
	AccessRouteGP                   AccessRoute = "GP_REFERRAL"
	AccessRouteEHCPlan              AccessRoute = "EHC_PLAN"
	AccessRouteAssessment           AccessRoute = "ASSESSMENT"
)

// AccessRoutes lists every AccessRoute.
var AccessRoutes = []AccessRoute{
	AccessRouteSelfReferral, AccessRouteProfessionalReferral, AccessRouteGP,
	AccessRouteEHCPlan, AccessRouteAssessment,
}

func (r AccessRoute) MarshalGQL(w io.Writer) { marshalEnum(w, string(r)) }
func (r *AccessRoute) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, "AccessRoute", AccessRoutes, r)
}

// AdulthoodTheme is one of the four preparing-for-adulthood outcomes of the
// SEND Code of Practice (chapter 8).
type AdulthoodTheme string

const (
	AdulthoodThemeEmployment         AdulthoodTheme = "EMPLOYMENT"
	AdulthoodThemeIndependentLiving  AdulthoodTheme = "INDEPENDENT_LIVING"
	AdulthoodThemeCommunityInclusion AdulthoodTheme = "COMMUNITY_INCLUSION"
	AdulthoodThemeGoodHealth         AdulthoodTheme = "GOOD_HEALTH"
)

// AdulthoodThemes lists every AdulthoodTheme.
var AdulthoodThemes = []AdulthoodTheme{
	AdulthoodThemeEmployment, AdulthoodThemeIndependentLiving,
	AdulthoodThemeCommunityInclusion, AdulthoodThemeGoodHealth,
}

func (t AdulthoodTheme) MarshalGQL(w io.Writer) { marshalEnum(w, string(t)) }
func (t *AdulthoodTheme) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, "AdulthoodTheme", AdulthoodThemes, t)
}

// ResourcedProvision describes a SEN unit or resourced provision at a school.
type ResourcedProvision struct {
	Kind           string `json:"kind"`           // "SEN unit" or "resourced provision"
	DesignatedNeed string `json:"designatedNeed"` // for example "Autism" or "Hearing impairment"
	Places         int    `json:"places"`
}

func marshalEnum(w io.Writer, value string) {
	_, _ = io.WriteString(w, strconv.Quote(value))
}

func unmarshalEnum[T ~string](v any, typeName string, valid []T, out *T) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%s must be a string, got %T", typeName, v)
	}
	if !slices.Contains(valid, T(s)) {
		return fmt.Errorf("%q is not a valid %s; use one of %v", s, typeName, valid)
	}
	*out = T(s)
	return nil
}
