package seed

import (
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
)

const nhsComplaints = "Talk to the team first. You can also contact the trust's Patient Advice and Liaison Service (PALS) on 01632 960299 or pals@hwch.nhs.example. " +
	"If the trust's response to a formal complaint does not resolve it, you can ask the Parliamentary and Health Service Ombudsman to review it."

// healthServices are provided by the community NHS trust.
var healthServices = []demoService{
	{
		Slug: "childrens-speech-and-language-therapy", Name: "Children's Speech and Language Therapy", Organization: "harrowmere-wolds-community-health",
		Summary:  "NHS speech and language therapy for children and young people with speech, language, communication, eating, drinking or swallowing difficulties.",
		EasyRead: "Speech and language therapists help children who find talking, understanding or swallowing hard.",
		Description: `<p>Our speech and language therapists (SLTs) assess children and work with families, nurseries and schools so that the people who see a child every day can help them.</p>
<ul><li>Parents of children under 5 can come to a drop-in advice session without a referral.</li>
<li>School-age children are referred by the school's SENCO, with your agreement.</li>
<li>We also see children of any age with eating, drinking and swallowing difficulties.</li></ul>`,
		MinAge: 0, MaxAge: 19,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteSelfReferral, schematype.AccessRouteProfessionalReferral, schematype.AccessRouteGP},
		HowToAccess:   "Under 5s: come to a drop-in or refer yourself online. School age: through the school SENCO, GP or another health professional.",
		Eligibility:   "Children and young people registered with a GP in Harrowmere Vale, up to age 19 if still at school.",
		HowToComplain: nhsComplaints,
		Audiences:     forEveryone, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: append(weekdays("08:30", "17:00"),
			demoSchedule{Weekday: schedule.WeekdayTuesday, Opens: "09:30", Closes: "11:30", Description: "Drop-in advice for under 5s at Linwell Family Hub"}),
		Contacts: []demoContact{
			{Name: "Speech and Language Therapy admin", Email: "slt@hwch.nhs.example", Phone: "01632 960201"},
		},
		Venues:   []string{"linwell-health-centre", "child-development-centre", "linwell-family-hub"},
		Sections: []string{"health"}, Needs: []string{"speech-language-and-communication-needs", "communication-and-interaction"},
	},
	{
		Slug: "childrens-occupational-therapy", Name: "Children's Occupational Therapy", Organization: "harrowmere-wolds-community-health",
		Summary:     "Occupational therapists who help children with everyday activities such as dressing, eating, handwriting and play, and advise on equipment and adaptations.",
		Description: `<p>We assess children whose physical, developmental or coordination difficulties make daily activities hard, and set goals with the family and school. Support may be a block of therapy, a home programme, advice to school, or specialist seating and equipment.</p>`,
		MinAge:      0, MaxAge: 18,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteProfessionalReferral, schematype.AccessRouteGP},
		HowToAccess:   "Referral by a GP, paediatrician, health visitor, therapist or school SENCO.",
		Eligibility:   "Children registered with a GP in Harrowmere Vale whose difficulties affect their independence in daily activities.",
		HowToComplain: nhsComplaints,
		Audiences:     forParentsAndPros, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("08:30", "16:30"),
		Contacts: []demoContact{
			{Name: "Children's Therapies admin", Email: "childrens.therapies@hwch.nhs.example", Phone: "01632 960202"},
		},
		Venues:   []string{"child-development-centre"},
		Sections: []string{"health"}, Needs: []string{"physical-disability", "dyspraxia", "sensory-and-physical-needs"},
		Conditions: []string{"cerebral-palsy", "muscular-dystrophy"},
	},
	{
		Slug: "childrens-physiotherapy", Name: "Children's Physiotherapy", Organization: "harrowmere-wolds-community-health",
		Summary:     "Physiotherapy for babies, children and young people with movement difficulties, including postural care, splints and hydrotherapy.",
		Description: `<p>Paediatric physiotherapists help children to move, sit, stand and walk as well as they can. We work at the Child Development Centre, in special schools and at home, and run hydrotherapy sessions in the pool at Oakfield School.</p>`,
		MinAge:      0, MaxAge: 19,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteProfessionalReferral, schematype.AccessRouteGP},
		HowToAccess:   "Referral by a GP, paediatrician, health visitor or other health professional.",
		Eligibility:   "Children and young people registered with a GP in Harrowmere Vale.",
		HowToComplain: nhsComplaints,
		Audiences:     forParentsAndPros, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("08:30", "16:30"),
		Contacts: []demoContact{
			{Name: "Children's Therapies admin", Email: "childrens.therapies@hwch.nhs.example", Phone: "01632 960202"},
		},
		Venues:   []string{"child-development-centre", "oakfield-school"},
		Sections: []string{"health"}, Needs: []string{"physical-disability", "sensory-and-physical-needs"},
		Conditions: []string{"cerebral-palsy", "spina-bifida-and-hydrocephalus", "muscular-dystrophy"},
	},
	{
		Slug: "neurodevelopmental-assessment-pathway", Name: "Neurodevelopmental Assessment Pathway (Autism and ADHD)", Organization: "harrowmere-wolds-community-health",
		Summary:  "Multi-disciplinary assessment for autism and ADHD for children and young people aged 4 to 18.",
		EasyRead: "A team of health workers finds out if a child is autistic or has ADHD.",
		Description: `<p>A paediatrician, a speech and language therapist and a clinical psychologist assess together, using information from home and school. After the assessment we meet you to explain the outcome and what support is available, whether or not there is a diagnosis.</p>
<p>Waiting times are published on our website each month. Support from school, the Autism Outreach Team and local charities does not depend on a diagnosis, so you do not need to wait for one.</p>`,
		MinAge: 4, MaxAge: 18,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteProfessionalReferral, schematype.AccessRouteGP},
		HowToAccess:   "Referral by the school SENCO or GP with a completed neurodevelopmental referral form, including the school's observations.",
		Eligibility:   "Children and young people aged 4 to 18 registered with a GP in Harrowmere Vale.",
		HowToComplain: nhsComplaints,
		Audiences:     forParentsAndPros, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("09:00", "17:00"),
		Contacts: []demoContact{
			{Name: "Neurodevelopmental team", Email: "ndpathway@hwch.nhs.example", Phone: "01632 960203"},
		},
		Venues:   []string{"child-development-centre"},
		Sections: []string{"health"}, Needs: []string{"autism", "adhd", "communication-and-interaction"},
		ReviewOverdue: true,
	},
	{
		Slug: "community-paediatrics", Name: "Community Paediatrics", Organization: "harrowmere-wolds-community-health",
		Summary:     "Paediatricians who assess and care for children with developmental delay, disabilities and complex health needs, and give medical advice for EHC needs assessments.",
		Description: `<p>Community paediatricians see children with developmental concerns, physical disabilities, epilepsy linked to a disability, and complex health needs. They coordinate care with therapists and hospital specialists.</p>`,
		MinAge:      0, MaxAge: 18,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteGP, schematype.AccessRouteProfessionalReferral},
		HowToAccess:   "Referral by a GP, health visitor, school nurse or another doctor.",
		Eligibility:   "Children and young people registered with a GP in Harrowmere Vale.",
		HowToComplain: nhsComplaints,
		Audiences:     forParentsAndPros, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("09:00", "17:00"),
		Contacts: []demoContact{
			{Name: "Community Paediatrics secretaries", Email: "paediatrics@hwch.nhs.example", Phone: "01632 960204"},
		},
		Venues:   []string{"child-development-centre"},
		Sections: []string{"health"}, Needs: allNeeds,
		Conditions: []string{"epilepsy", "cerebral-palsy", "downs-syndrome", "global-developmental-delay", "foetal-alcohol-spectrum-disorder"},
	},
	{
		Slug: "camhs", Name: "Child and Adolescent Mental Health Service (CAMHS)", Organization: "harrowmere-wolds-community-health",
		Summary: "Specialist NHS mental health assessment and treatment for children and young people up to 18, including a crisis line.",
		Description: `<p>CAMHS helps children and young people with significant mental health difficulties such as anxiety, depression, self-harm, eating disorders and trauma. Treatment may be talking therapy, family work, group work or medication.</p>
<p>Young people aged 14 and over can refer themselves. If you are worried about someone's safety now, call the 24-hour crisis line or 999.</p>`,
		MinAge: 0, MaxAge: 18,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteGP, schematype.AccessRouteProfessionalReferral, schematype.AccessRouteSelfReferral},
		HowToAccess:   "Referral by a GP, school, social worker or other professional; self-referral online from age 14.",
		Eligibility:   "Children and young people up to their 18th birthday registered with a GP in Harrowmere Vale.",
		HowToComplain: nhsComplaints,
		Audiences:     forEveryone, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: append(weekdays("09:00", "17:00"),
			demoSchedule{Weekday: schedule.WeekdaySaturday, Opens: "00:00", Closes: "24:00", Description: "Crisis line only"},
			demoSchedule{Weekday: schedule.WeekdaySunday, Opens: "00:00", Closes: "24:00", Description: "Crisis line only"}),
		Contacts: []demoContact{
			{Name: "CAMHS single point of access", Email: "camhs@hwch.nhs.example", Phone: "01632 960205"},
			{Name: "24-hour crisis line", Phone: "0808 157 0205"},
		},
		Venues:   []string{"child-development-centre", "linwell-health-centre"},
		Sections: []string{"health"},
		Needs:    []string{"social-emotional-and-mental-health", "anxiety", "depression-and-low-mood", "self-harm", "eating-disorders"},
	},
	{
		Slug: "mental-health-support-teams-in-schools", Name: "Mental Health Support Teams in Schools", Organization: "harrowmere-wolds-community-health",
		Summary:     "Early help for mild to moderate anxiety and low mood, delivered in schools and colleges by education mental health practitioners.",
		Description: `<p>Mental health support teams work in partnership schools and colleges. They offer short courses of guided self-help for pupils with mild to moderate anxiety, low mood or worries about behaviour, and help schools build a whole-school approach to wellbeing.</p>`,
		MinAge:      5, MaxAge: 18,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteProfessionalReferral, schematype.AccessRouteSelfReferral},
		HowToAccess:   "Ask the school's mental health lead. Secondary pupils can ask for support themselves.",
		Eligibility:   "Pupils at partnership schools and colleges in Harrowmere Vale.",
		HowToComplain: nhsComplaints,
		Audiences:     forEveryone, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("08:30", "16:30"),
		Contacts: []demoContact{
			{Name: "Mental Health Support Teams", Email: "mhst@hwch.nhs.example", Phone: "01632 960206"},
		},
		Venues:   []string{"linwell-health-centre"},
		Sections: []string{"health", "education"}, Needs: []string{"social-emotional-and-mental-health", "anxiety", "depression-and-low-mood"},
	},
	{
		Slug: "childrens-community-nursing", Name: "Children's Community Nursing Team", Organization: "harrowmere-wolds-community-health",
		Summary:     "Nurses who care for children with complex or long-term health needs at home and in school, and train families and staff.",
		Description: `<p>The team provides nursing care at home, including for children with life-limiting conditions, and trains parents, school staff and short breaks staff in tasks such as tube feeding, suction and giving epilepsy rescue medicine.</p>`,
		MinAge:      0, MaxAge: 19,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteProfessionalReferral},
		HowToAccess:   "Referral by a hospital consultant, GP or community paediatrician.",
		Eligibility:   "Children and young people with complex health needs registered with a GP in Harrowmere Vale.",
		HowToComplain: nhsComplaints,
		Audiences:     forParentsAndPros, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: append(weekdays("08:00", "20:00"),
			demoSchedule{Weekday: schedule.WeekdaySaturday, Opens: "09:00", Closes: "17:00", Description: "Planned visits only"},
			demoSchedule{Weekday: schedule.WeekdaySunday, Opens: "09:00", Closes: "17:00", Description: "Planned visits only"}),
		Contacts: []demoContact{
			{Name: "Children's Community Nursing", Email: "ccn@hwch.nhs.example", Phone: "01632 960207"},
		},
		Venues:   []string{"child-development-centre"},
		Sections: []string{"health"}, Needs: []string{"physical-disability", "profound-and-multiple-learning-difficulties"},
		Conditions: []string{"life-limiting-conditions", "epilepsy", "cystic-fibrosis", "type-1-diabetes"},
	},
	{
		Slug: "paediatric-audiology", Name: "Paediatric Audiology", Organization: "harrowmere-wolds-community-health",
		Summary:     "Hearing tests for babies, children and young people, and the fitting and review of hearing aids.",
		Description: `<p>We follow up babies referred from the newborn hearing screening programme, test the hearing of children of any age, and fit and maintain hearing aids. Every child diagnosed with a permanent hearing loss is referred, with consent, to the Hearing Support Service.</p>`,
		MinAge:      0, MaxAge: 18,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteGP, schematype.AccessRouteProfessionalReferral},
		HowToAccess:   "Referral by a GP, health visitor, school nurse, speech and language therapist or the newborn hearing screening programme.",
		Eligibility:   "Children and young people registered with a GP in Harrowmere Vale.",
		HowToComplain: nhsComplaints,
		Audiences:     forParentsAndPros, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("08:30", "17:00"),
		Contacts: []demoContact{
			{Name: "Audiology appointments", Email: "audiology@hwch.nhs.example", Phone: "01632 960208"},
		},
		Venues:   []string{"child-development-centre"},
		Sections: []string{"health"}, Needs: []string{"hearing-impairment"},
	},
}
