package seed

import "github.com/localoffer/localoffer/ent/schema/schematype"

// Slugs of the seeded taxonomies. A slug is how code and API clients find a
// taxonomy, so these must not change.
const (
	SectionsTaxonomy      = "local-offer-sections"
	SENDNeedsTaxonomy     = "send-needs"
	ConditionsTaxonomy    = "conditions"
	AccessibilityTaxonomy = "accessibility-features"
	AudiencesTaxonomy     = "audiences"
)

// referenceTaxonomies lists the taxonomies every install has, in display order.
var referenceTaxonomies = []taxonomySpec{
	sectionsTaxonomy,
	sendNeedsTaxonomy,
	conditionsTaxonomy,
	accessibilityTaxonomy,
	audiencesTaxonomy,
}

var sectionsTaxonomy = taxonomySpec{
	Slug:        SectionsTaxonomy,
	Name:        "Local Offer sections",
	Description: "The top-level sections of the Local Offer website. Every service and information page sits in at least one.",
	Terms: []termSpec{
		{Slug: "education", Name: "Education",
			Description: "Early years settings, schools and colleges, and the support they give: SEN support, resourced provision and special schools."},
		{Slug: "health", Name: "Health",
			Description: "NHS services for children and young people: therapies, community paediatrics, mental health, nursing and equipment."},
		{Slug: "social-care", Name: "Social Care",
			Description: "Help from children's and adults' social care: assessments, short breaks, direct payments and support for carers."},
		{Slug: "ehc-assessments-and-plans", Name: "EHC Assessments and Plans",
			Description: "How education, health and care needs assessments and EHC plans work: requests, timescales, annual reviews and appeals."},
		{Slug: "information-and-advice", Name: "Information and Advice",
			Description: "Impartial information, advice and support, parent carer groups and where else to get help."},
		{Slug: "things-to-do", Name: "Things to Do",
			Description: "Clubs, activities, holiday schemes and leisure that welcome children and young people with SEND."},
		{Slug: "getting-around", Name: "Getting Around",
			Description: "Home to school transport, travel training, Blue Badges, bus passes and accessible travel."},
		{Slug: "preparing-for-adulthood", Name: "Preparing for Adulthood",
			Description: "Moving on from school: further education, employment, independent living, friends and community, and good health."},
		{Slug: "the-crew", Name: "Children and Young People: The Crew",
			Description: "The young people's part of the Local Offer, written with and for children and young people."},
		{Slug: "co-production-and-feedback", Name: "Co-production and Feedback",
			Description: "How families and young people shape the Local Offer, give feedback on it and read what the council did in response."},
	},
}

// sendNeedsTaxonomy follows the four broad areas of need of the SEND Code of
// Practice 0 to 25 years (January 2015), paragraphs 6.28 to 6.35. Where a
// term has one, its code is the primary-need code of the DfE school census.
var sendNeedsTaxonomy = taxonomySpec{
	Slug:        SENDNeedsTaxonomy,
	Name:        "SEND needs",
	Description: "The four broad areas of need of the SEND Code of Practice, with the need types usually grouped under each.",
	Terms: []termSpec{
		{
			Slug: "communication-and-interaction", Name: "Communication and interaction",
			Description: "Difficulty saying what they want to, understanding what is said to them or using the social rules of communication.",
			Children: []termSpec{
				{Slug: "speech-language-and-communication-needs", Name: "Speech, language and communication needs", Code: "SLCN",
					Description: "Difficulties with speech sounds, understanding or using language, or the social use of language."},
				{Slug: "autism", Name: "Autism", Code: "ASD",
					Description: "Autism, including Asperger's syndrome: differences in social communication and interaction, and in sensory experience."},
			},
		},
		{
			Slug: "cognition-and-learning", Name: "Cognition and learning",
			Description: "Learning at a slower pace than others of the same age, even with appropriate differentiation, or a specific difficulty with one aspect of learning.",
			Children: []termSpec{
				{Slug: "moderate-learning-difficulties", Name: "Moderate learning difficulties", Code: "MLD"},
				{Slug: "severe-learning-difficulties", Name: "Severe learning difficulties", Code: "SLD"},
				{Slug: "profound-and-multiple-learning-difficulties", Name: "Profound and multiple learning difficulties", Code: "PMLD",
					Description: "Severe and complex learning difficulties together with a physical disability or sensory impairment."},
				{
					Slug: "specific-learning-difficulties", Name: "Specific learning difficulties", Code: "SPLD",
					Description: "A difficulty with one or more particular aspects of learning.",
					Children: []termSpec{
						{Slug: "dyslexia", Name: "Dyslexia"},
						{Slug: "dyscalculia", Name: "Dyscalculia"},
						{Slug: "dyspraxia", Name: "Dyspraxia (developmental coordination disorder)"},
					},
				},
			},
		},
		{
			Slug: "social-emotional-and-mental-health", Name: "Social, emotional and mental health", Code: "SEMH",
			Description: "Social and emotional difficulties that show in many ways, such as becoming withdrawn or isolated, or behaviour that is challenging, disruptive or disturbing.",
			Children: []termSpec{
				{Slug: "adhd", Name: "Attention deficit hyperactivity disorder (ADHD)"},
				{Slug: "anxiety", Name: "Anxiety"},
				{Slug: "depression-and-low-mood", Name: "Depression and low mood"},
				{Slug: "attachment-difficulties", Name: "Attachment difficulties"},
				{Slug: "self-harm", Name: "Self-harm"},
				{Slug: "eating-disorders", Name: "Eating disorders"},
			},
		},
		{
			Slug: "sensory-and-physical-needs", Name: "Sensory and/or physical needs",
			Description: "A disability that prevents or hinders use of the educational facilities generally provided, such as a sensory or physical impairment.",
			Children: []termSpec{
				{Slug: "hearing-impairment", Name: "Hearing impairment", Code: "HI"},
				{Slug: "visual-impairment", Name: "Visual impairment", Code: "VI"},
				{Slug: "multi-sensory-impairment", Name: "Multi-sensory impairment", Code: "MSI",
					Description: "A combination of visual and hearing difficulties."},
				{Slug: "physical-disability", Name: "Physical disability", Code: "PD"},
			},
		},
	},
}

// conditionsTaxonomy lists diagnosed conditions that are not need types in
// their own right. Autism, ADHD and the sensory impairments are terms of the
// SEND needs taxonomy instead, so that one filter finds them.
var conditionsTaxonomy = taxonomySpec{
	Slug:        ConditionsTaxonomy,
	Name:        "Disabilities and medical conditions",
	Description: "Diagnosed disabilities and medical conditions a service specialises in, beside the broad areas of SEND need.",
	Terms: []termSpec{
		{Slug: "downs-syndrome", Name: "Down's syndrome"},
		{Slug: "cerebral-palsy", Name: "Cerebral palsy"},
		{Slug: "epilepsy", Name: "Epilepsy"},
		{Slug: "type-1-diabetes", Name: "Type 1 diabetes"},
		{Slug: "cystic-fibrosis", Name: "Cystic fibrosis"},
		{Slug: "muscular-dystrophy", Name: "Muscular dystrophy"},
		{Slug: "spina-bifida-and-hydrocephalus", Name: "Spina bifida and hydrocephalus"},
		{Slug: "tourette-syndrome", Name: "Tourette's syndrome"},
		{Slug: "fragile-x-syndrome", Name: "Fragile X syndrome"},
		{Slug: "foetal-alcohol-spectrum-disorder", Name: "Foetal alcohol spectrum disorder"},
		{Slug: "global-developmental-delay", Name: "Global developmental delay"},
		{Slug: "acquired-brain-injury", Name: "Acquired brain injury"},
		{Slug: "life-limiting-conditions", Name: "Life-limiting and life-threatening conditions"},
	},
}

var accessibilityTaxonomy = taxonomySpec{
	Slug:        AccessibilityTaxonomy,
	Name:        "Accessibility features",
	Description: "Features of a location, or of how a service is delivered there, that make it easier to use.",
	Terms: []termSpec{
		{Slug: "step-free-access", Name: "Step-free access",
			Description: "Level or ramped access to the entrance and to every area the service uses."},
		{Slug: "lift", Name: "Lift to all floors"},
		{Slug: "accessible-toilet", Name: "Accessible toilet"},
		{Slug: "changing-places-toilet", Name: "Changing Places toilet",
			Description: "A larger accessible toilet with a height-adjustable changing bench and a hoist."},
		{Slug: "hearing-loop", Name: "Hearing loop"},
		{Slug: "quiet-space", Name: "Quiet space",
			Description: "A calm, low-stimulus room or area to take a break in."},
		{Slug: "sensory-room", Name: "Sensory room"},
		{Slug: "accessible-parking", Name: "Accessible parking",
			Description: "Marked spaces for Blue Badge holders close to the entrance."},
		{Slug: "bsl-interpretation", Name: "BSL interpretation",
			Description: "British Sign Language interpreters can be booked for appointments or sessions."},
		{Slug: "easy-read-materials", Name: "Easy read materials"},
		{Slug: "large-print", Name: "Large print materials"},
		{Slug: "assistance-dogs-welcome", Name: "Assistance dogs welcome"},
		{Slug: "visual-timetables", Name: "Visual timetables and signage"},
	},
}

// audiencesTaxonomy mirrors the Audience enum: each term's code is the enum
// value, so that search filters and the GraphQL enum agree.
var audiencesTaxonomy = taxonomySpec{
	Slug:        AudiencesTaxonomy,
	Name:        "Audiences",
	Description: "Who a service or information page is written for.",
	Terms: []termSpec{
		{Slug: "parents-and-carers", Name: "Parents and carers", Code: string(schematype.AudienceParentsAndCarers)},
		{Slug: "children-and-young-people", Name: "Children and young people", Code: string(schematype.AudienceChildrenAndYoungPeople)},
		{Slug: "professionals", Name: "Professionals", Code: string(schematype.AudienceProfessionals)},
	},
}
