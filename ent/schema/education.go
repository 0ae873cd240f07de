package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/localoffer/localoffer/ent/schema/schematype"
)

// EducationDetails holds what the Local Offer publishes about a school, early
// years setting or college, including its answers to the ten questions of
// SEND Regulations 2014, Schedule 2, paragraph 5.
type EducationDetails struct{ ent.Schema }

func (EducationDetails) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}}
}

func (EducationDetails) Fields() []ent.Field {
	return []ent.Field{
		field.String("urn").Optional().
			Comment("Unique reference number from Get Information about Schools."),
		field.Enum("establishment_type").
			NamedValues(
				"MaintainedSchool", "MAINTAINED_SCHOOL",
				"Academy", "ACADEMY",
				"SpecialSchool", "SPECIAL_SCHOOL",
				"MaintainedNurserySchool", "MAINTAINED_NURSERY_SCHOOL",
				"EarlyYearsSetting", "EARLY_YEARS_SETTING",
				"FurtherEducationCollege", "FURTHER_EDUCATION_COLLEGE",
				"IndependentSpecialSchool", "INDEPENDENT_SPECIAL_SCHOOL",
				"AlternativeProvision", "ALTERNATIVE_PROVISION",
			),
		field.JSON("resourced_provision", []schematype.ResourcedProvision{}).Optional().
			Annotations(entgql.Type("[ResourcedProvision!]")),
		field.String("senco_name").Optional().
			Comment("The SENCO or named contact for SEN."),
		field.String("senco_email").Optional(),
		field.String("senco_phone").Optional(),
		field.String("sen_information_report_url").Optional(),
		field.Time("sen_information_report_date").Optional().Nillable(),
		field.Text("teaching_approach").Optional(),
		field.Text("curriculum_adaptation").Optional(),
		field.Text("additional_support").Optional(),
		field.Text("progress_assessment").Optional(),
		field.Text("effectiveness_evaluation").Optional(),
		field.Text("facilities_access").Optional(),
		field.Text("activities_beyond_curriculum").Optional(),
		field.Text("other_support").Optional(),
		field.Text("staff_expertise").Optional(),
		field.Text("emotional_social_development").Optional(),
		field.UUID("service_id", uuidType()).Unique().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (EducationDetails) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("service", Service.Type).Ref("education_details").Field("service_id").Unique().Required().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}
