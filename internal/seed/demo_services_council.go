package seed

import (
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
)

const councilComplaints = "Talk to the team first: most concerns are sorted out quickly that way. " +
	"If you are still unhappy, use the council's complaints procedure at https://www.harrowmerevale.example.org/complaints " +
	"or call 01632 960199. If the council's final response does not resolve it, you can ask the Local Government and Social Care Ombudsman to investigate."

// councilServices are run or commissioned by Harrowmere Vale Council, and by
// the SENDIASS it funds.
var councilServices = []demoService{
	{
		Slug: "send-assessment-and-review-team", Name: "SEND Assessment and Review Team", Organization: "harrowmere-vale-council",
		Summary:  "The council team that carries out education, health and care (EHC) needs assessments, writes EHC plans and runs their annual reviews.",
		EasyRead: "We decide if a child needs an EHC plan. We write the plan and check it every year.",
		Description: `<p>The SEND Assessment and Review Team handles every request for an EHC needs assessment in Harrowmere Vale. Each family has a named SEND officer from the day a request arrives.</p>
<ul><li>We tell you within 6 weeks whether we will carry out an assessment.</li>
<li>If we assess and then decide to issue a plan, you receive the final EHC plan within 20 weeks of the request.</li>
<li>We attend or support annual reviews and amend plans after them.</li></ul>
<p>The information page <em>Asking for an EHC needs assessment</em> explains each step.</p>`,
		MinAge: 0, MaxAge: 25,
		AccessRoutes:        []schematype.AccessRoute{schematype.AccessRouteSelfReferral, schematype.AccessRouteProfessionalReferral},
		HowToAccess:         "Parents, young people aged 16 to 25 and schools or settings can ask for an assessment by e-mail, by letter or with the online form.",
		Eligibility:         "Children and young people aged 0 to 25 who live in Harrowmere Vale and have or may have special educational needs.",
		EligibilityDecision: "A multi-agency panel of education, health and social care officers decides whether to assess, applying the legal test in section 36 of the Children and Families Act 2014.",
		HowToComplain:       councilComplaints + " You can appeal to the First-tier Tribunal (SEND) against a decision not to assess, not to issue a plan, or about the plan's content.",
		Audiences:           forEveryone, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: append(weekdays("09:00", "17:00")[:4], demoSchedule{Weekday: schedule.WeekdayFriday, Opens: "09:00", Closes: "16:30"}),
		Contacts: []demoContact{
			{Name: "SEND Assessment and Review Team", Email: "sendteam@harrowmerevale.example.org", Phone: "01632 960101"},
		},
		Venues:   []string{"civic-centre"},
		Sections: []string{"ehc-assessments-and-plans", "education"}, Needs: allNeeds,
	},
	{
		Slug: "educational-psychology-service", Name: "Educational Psychology Service", Organization: "harrowmere-vale-council",
		Summary: "Educational psychologists who assess children's learning and development, advise schools and families, and give psychological advice for EHC needs assessments.",
		Description: `<p>Our educational psychologists work with early years settings, schools and colleges to understand why a child or young person is finding learning hard and what will help.</p>
<p>We give the statutory psychological advice for every EHC needs assessment, run training for school staff, and offer critical incident support to schools.</p>`,
		MinAge: 0, MaxAge: 25,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteProfessionalReferral, schematype.AccessRouteEHCPlan},
		HowToAccess:   "Talk to your child's SENCO: schools and settings ask for our involvement through their link educational psychologist.",
		Eligibility:   "Children and young people at early years settings, schools and colleges in Harrowmere Vale.",
		HowToComplain: councilComplaints,
		Audiences:     forParentsAndPros, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("08:30", "17:00"),
		Contacts: []demoContact{
			{Name: "Dr Helen Marsh", Title: "Principal Educational Psychologist", Email: "eps@harrowmerevale.example.org", Phone: "01632 960102"},
		},
		Venues:   []string{"civic-centre"},
		Sections: []string{"education"},
		Needs:    []string{"cognition-and-learning", "communication-and-interaction", "social-emotional-and-mental-health"},
	},
	{
		Slug: "autism-outreach-team", Name: "Autism Outreach Team", Organization: "harrowmere-vale-council",
		Summary:  "Specialist teachers and practitioners who help early years settings and schools include autistic children, and run workshops for parents.",
		EasyRead: "We help schools and nurseries support autistic children. We also run courses for parents.",
		Description: `<p>The Autism Outreach Team works alongside staff in mainstream early years settings and schools. We observe, advise on adjustments, model strategies in class and train whole staff teams.</p>
<p>A diagnosis is not needed: we support children who are waiting for an autism assessment too.</p>
<p>For parents we run a free four-week course, <strong>Understanding Autism</strong>, several times a year, in the evening and in the day.</p>`,
		MinAge: 2, MaxAge: 19,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteProfessionalReferral, schematype.AccessRouteSelfReferral},
		HowToAccess:   "Schools and settings refer with the outreach request form, with the parents' consent. Parents can book the Understanding Autism course themselves.",
		Eligibility:   "Autistic children and young people, or those waiting for an autism assessment, at early years settings and schools in Harrowmere Vale.",
		HowToComplain: councilComplaints,
		Audiences:     forEveryone, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: append(weekdays("08:30", "16:30"),
			demoSchedule{Weekday: schedule.WeekdayTuesday, Opens: "18:30", Closes: "20:30", Description: "Understanding Autism parent course, four evenings each term"}),
		Contacts: []demoContact{
			{Name: "Priya Natarajan", Title: "Autism Outreach Team Leader", Email: "autism.outreach@harrowmerevale.example.org", Phone: "01632 960103"},
		},
		Venues:   []string{"civic-centre", "harrowmere-family-hub"},
		Sections: []string{"education"}, Needs: []string{"autism", "communication-and-interaction"},
	},
	{
		Slug: "hearing-support-service", Name: "Hearing Support Service for Deaf Children", Organization: "harrowmere-vale-council",
		Summary:  "Qualified Teachers of the Deaf who support deaf children and young people, and their families, from diagnosis to age 25.",
		EasyRead: "Teachers of the Deaf help deaf children at home, at nursery, at school and at college.",
		Description: `<p>Our Qualified Teachers of the Deaf visit babies and their families at home soon after diagnosis, and then support children at nursery, school and college.</p>
<ul><li>advice on hearing aids, cochlear implants and radio aids, and checks that they work</li>
<li>language and communication support, in spoken English, British Sign Language or both</li>
<li>deaf awareness training for school staff and classmates</li>
<li>advice on access arrangements for exams</li></ul>`,
		MinAge: 0, MaxAge: 25,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteProfessionalReferral, schematype.AccessRouteSelfReferral},
		HowToAccess:   "Paediatric audiology refers every child diagnosed with a permanent hearing loss. Parents and schools can also contact us directly.",
		Eligibility:   "Children and young people with a permanent hearing loss who live in Harrowmere Vale.",
		HowToComplain: councilComplaints,
		Languages:     []string{"English", "British Sign Language"},
		Audiences:     forEveryone, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("08:30", "16:30"),
		Contacts: []demoContact{
			{Name: "Gareth Lloyd", Title: "Teacher of the Deaf (team leader)", Email: "hearing.support@harrowmerevale.example.org", Phone: "01632 960104"},
			{Name: "Text or WhatsApp", Phone: "07700 900104"},
		},
		Venues:   []string{"civic-centre"},
		Sections: []string{"education"}, Needs: []string{"hearing-impairment", "multi-sensory-impairment"},
	},
	{
		Slug: "vision-support-service", Name: "Vision Support Service", Organization: "harrowmere-vale-council",
		Summary:     "Qualified Teachers of Children and Young People with Vision Impairment and habilitation specialists who support blind and partially sighted children.",
		Description: `<p>We support children and young people with a vision impairment at home and in education: functional vision assessments, advice on modified large print and braille, technology, and habilitation training in mobility and independent living skills.</p>`,
		MinAge:      0, MaxAge: 25,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteProfessionalReferral, schematype.AccessRouteSelfReferral},
		HowToAccess:   "Referral by an ophthalmologist, orthoptist, school or parent. Call or e-mail us.",
		Eligibility:   "Children and young people with a diagnosed vision impairment that is not corrected by glasses.",
		HowToComplain: councilComplaints,
		Audiences:     forEveryone, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("08:30", "16:30"),
		Contacts: []demoContact{
			{Name: "Vision Support Service", Email: "vision.support@harrowmerevale.example.org", Phone: "01632 960105"},
		},
		Venues:   []string{"civic-centre"},
		Sections: []string{"education"}, Needs: []string{"visual-impairment", "multi-sensory-impairment"},
	},
	{
		Slug: "portage-home-visiting", Name: "Portage Home Visiting", Organization: "harrowmere-vale-council",
		Summary:  "Weekly home visits for pre-school children with significant developmental delay or a disability, to help parents support their child's learning through play.",
		EasyRead: "A Portage worker visits your home and shows you play that helps your young child learn.",
		Description: `<p>A trained Portage home visitor comes to your home, usually every week or fortnight, and plans small, achievable learning steps with you, through play your child enjoys.</p>
<p>We also run a weekly Portage play group at Harrowmere Family Hub.</p>`,
		MinAge: 0, MaxAge: 4,
		AccessRoutes:        []schematype.AccessRoute{schematype.AccessRouteSelfReferral, schematype.AccessRouteProfessionalReferral},
		HowToAccess:         "Health visitors, paediatricians and therapists refer, and parents can refer themselves with the Portage request form.",
		Eligibility:         "Children from birth to school age with developmental delay in two or more areas, or a diagnosed disability.",
		EligibilityDecision: "The Portage team decides at its monthly allocation meeting, using the referral and a first home visit.",
		HowToComplain:       councilComplaints,
		Audiences:           forParents, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: append(weekdays("09:00", "16:00"),
			demoSchedule{Weekday: schedule.WeekdayWednesday, Opens: "10:00", Closes: "11:30", Description: "Portage play group, term time"}),
		Contacts: []demoContact{
			{Name: "Lucy Fenwick", Title: "Portage Coordinator", Email: "portage@harrowmerevale.example.org", Phone: "01632 960106"},
		},
		Venues:   []string{"harrowmere-family-hub"},
		Sections: []string{"education"}, Needs: []string{"cognition-and-learning", "communication-and-interaction", "sensory-and-physical-needs"},
		Conditions: []string{"global-developmental-delay", "downs-syndrome"},
	},
	{
		Slug: "understanding-adhd-parent-course", Name: "Understanding ADHD: Parent Course", Organization: "harrowmere-vale-council",
		Summary: "A free six-week course at the family hubs for parents and carers of children with ADHD, or who are waiting for an ADHD assessment.",
		Description: `<p>Over six morning sessions, family hub practitioners and a clinical nurse specialist explain what ADHD is, how it affects attention, sleep and emotions, and practical ways to make routines, homework and mornings calmer.</p>
<p>No diagnosis is needed. A crèche is available if you book it in advance.</p>`,
		MinAge: 4, MaxAge: 18,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteSelfReferral},
		HowToAccess:   "Book a place online or by phoning the family hub.",
		Eligibility:   "Parents and carers living in Harrowmere Vale.",
		HowToComplain: councilComplaints,
		Audiences:     forParents, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: []demoSchedule{
			{Weekday: schedule.WeekdayThursday, Opens: "09:30", Closes: "11:30", Description: "Six consecutive weeks, starting each half term"},
		},
		Contacts: []demoContact{
			{Name: "Family Hub bookings", Email: "familyhubs@harrowmerevale.example.org", Phone: "01632 960107"},
		},
		Venues:   []string{"harrowmere-family-hub", "linwell-family-hub"},
		Sections: []string{"information-and-advice", "health"}, Needs: []string{"adhd", "social-emotional-and-mental-health"},
	},
	{
		Slug: "disabled-childrens-team", Name: "Children with Disabilities Social Work Team", Organization: "harrowmere-vale-council",
		Summary: "Social workers who assess the needs of disabled children and their families and arrange support, including specialist short breaks.",
		Description: `<p>The team carries out child and family assessments under the Children Act 1989 for children whose disability has a substantial and long-term effect on their daily life.</p>
<p>Support can include specialist short breaks, direct payments, help at home and carers' assessments for parents.</p>`,
		MinAge: 0, MaxAge: 18,
		AccessRoutes:        []schematype.AccessRoute{schematype.AccessRouteAssessment, schematype.AccessRouteSelfReferral, schematype.AccessRouteProfessionalReferral},
		HowToAccess:         "Contact the Children's Front Door on 01632 960110. Anyone can make a referral, including parents.",
		Eligibility:         "Children and young people under 18 in Harrowmere Vale with a severe and permanent disability.",
		EligibilityDecision: "A social worker decides after a child and family assessment, completed within 45 working days.",
		HowToComplain:       councilComplaints + " Complaints about children's social care follow the three-stage statutory procedure.",
		PersonalBudget:      true,
		Audiences:           forParentsAndPros, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: []demoSchedule{
			{Weekday: schedule.WeekdayMonday, Opens: "08:45", Closes: "17:00"},
			{Weekday: schedule.WeekdayTuesday, Opens: "08:45", Closes: "17:00"},
			{Weekday: schedule.WeekdayWednesday, Opens: "08:45", Closes: "17:00"},
			{Weekday: schedule.WeekdayThursday, Opens: "08:45", Closes: "17:00"},
			{Weekday: schedule.WeekdayFriday, Opens: "08:45", Closes: "16:30", Description: "Out of hours, call the emergency duty team on 01632 960111"},
		},
		Contacts: []demoContact{
			{Name: "Children's Front Door", Email: "frontdoor@harrowmerevale.example.org", Phone: "01632 960110"},
		},
		Venues:   []string{"civic-centre"},
		Sections: []string{"social-care"}, Needs: allNeeds,
		Conditions: []string{"life-limiting-conditions", "cerebral-palsy"},
	},
	{
		Slug: "short-breaks-team", Name: "Short Breaks Team", Organization: "harrowmere-vale-council",
		Summary:  "Short breaks for disabled children and their families: a yearly short breaks grant, funded places at inclusive clubs and holiday schemes, and advice on what is available.",
		EasyRead: "Short breaks give disabled children fun things to do and give their families a rest.",
		Description: `<p>Short breaks give disabled children and young people time to enjoy activities away from their parents, and give parents and carers a break from caring.</p>
<p>You can ask us for a <strong>short breaks grant</strong> without a social care assessment. Families can spend it on clubs, activities and sitting services that suit them. We also fund extra staff so that children can join inclusive after-school and holiday clubs.</p>
<p>The council's short breaks services statement is on the information page <em>Short breaks for disabled children and their families</em>.</p>`,
		MinAge: 0, MaxAge: 18,
		AccessRoutes:        []schematype.AccessRoute{schematype.AccessRouteSelfReferral},
		HowToAccess:         "Fill in the short breaks request form online or ask us to send a paper copy.",
		Eligibility:         "Disabled children and young people aged 0 to 18 who live in Harrowmere Vale and need more support than other children of their age to take part in activities.",
		EligibilityDecision: "The Short Breaks Team decides on requests within 20 working days, using the criteria in the short breaks services statement.",
		HowToComplain:       councilComplaints,
		PersonalBudget:      true, ShortBreakTier: service.ShortBreakTierTargeted,
		Audiences: forFamilies, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("09:00", "16:30"),
		Contacts: []demoContact{
			{Name: "Short Breaks Team", Email: "shortbreaks@harrowmerevale.example.org", Phone: "01632 960112"},
		},
		Venues:   []string{"civic-centre"},
		Sections: []string{"social-care", "things-to-do"}, Needs: allNeeds,
	},
	{
		Slug: "sunflower-house-overnight-short-breaks", Name: "Sunflower House Overnight Short Breaks", Organization: "harrowmere-vale-council",
		Summary: "A six-bed children's home offering planned overnight and weekend short breaks for children with complex disabilities.",
		Description: `<p>Sunflower House is a homely, fully accessible short breaks unit registered with Ofsted. Children stay for one or more nights at a time, planned months ahead, with the same staff team each visit.</p>
<p>Nurses from the children's community nursing team train staff in each child's health care, such as gastrostomy feeding and epilepsy rescue medicine.</p>`,
		MinAge: 5, MaxAge: 18,
		AccessRoutes:        []schematype.AccessRoute{schematype.AccessRouteAssessment},
		HowToAccess:         "Through a child and family assessment by the Children with Disabilities Social Work Team.",
		Eligibility:         "Children with severe or complex disabilities whose families have an assessed need for overnight breaks.",
		EligibilityDecision: "The resource panel decides after a social work assessment.",
		HowToComplain:       councilComplaints,
		PersonalBudget:      false, ShortBreakTier: service.ShortBreakTierSpecialist,
		Audiences: forParentsAndPros, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: []demoSchedule{
			{Weekday: schedule.WeekdayFriday, Opens: "15:30", Closes: "24:00", Description: "Stays are booked in advance"},
			{Weekday: schedule.WeekdaySaturday, Opens: "00:00", Closes: "24:00"},
			{Weekday: schedule.WeekdaySunday, Opens: "00:00", Closes: "18:00"},
		},
		Contacts: []demoContact{
			{Name: "Sunflower House manager", Email: "sunflower.house@harrowmerevale.example.org", Phone: "01632 960113"},
		},
		Venues:   []string{"sunflower-house"},
		Sections: []string{"social-care"}, Needs: []string{"severe-learning-difficulties", "profound-and-multiple-learning-difficulties", "autism", "physical-disability"},
		Conditions: []string{"epilepsy", "cerebral-palsy", "life-limiting-conditions"},
	},
	{
		Slug: "independent-travel-training", Name: "Independent Travel Training", Organization: "harrowmere-vale-council",
		Summary:  "One-to-one training that teaches young people with SEND to travel safely on their own by bus, train or on foot, to school, college or work.",
		EasyRead: "A trainer helps you learn to travel on your own, one step at a time.",
		Description: `<p>A travel trainer works with the young person on their own route, first travelling with them, then following at a distance, until they are confident and safe alone. Training usually takes 6 to 12 weeks.</p>
<p>We cover road safety, timetables and apps, money and tickets, and what to do if something goes wrong. Young people who finish the training keep a free bus pass for their route for the rest of the academic year.</p>`,
		MinAge: 11, MaxAge: 25,
		AccessRoutes:    []schematype.AccessRoute{schematype.AccessRouteSelfReferral, schematype.AccessRouteProfessionalReferral},
		HowToAccess:     "Schools, colleges and social workers refer; young people and parents can ask for an assessment of readiness.",
		Eligibility:     "Young people aged 11 to 25 with SEND who live in Harrowmere Vale.",
		HowToComplain:   councilComplaints,
		AdulthoodThemes: []schematype.AdulthoodTheme{schematype.AdulthoodThemeIndependentLiving, schematype.AdulthoodThemeCommunityInclusion},
		Audiences:       forEveryone, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("07:30", "18:00"),
		Contacts: []demoContact{
			{Name: "Travel Training Team", Email: "travel.training@harrowmerevale.example.org", Phone: "01632 960114"},
		},
		Venues:   []string{"civic-centre"},
		Sections: []string{"getting-around", "preparing-for-adulthood"},
		Needs:    []string{"cognition-and-learning", "autism", "moderate-learning-difficulties"},
	},
	{
		Slug: "home-to-school-transport", Name: "Home to School Transport for Children with SEND", Organization: "harrowmere-vale-council",
		Summary: "Free transport to school for eligible children of compulsory school age, and a post-16 travel scheme for students with SEND.",
		Description: `<p>Children of compulsory school age get free transport if they live beyond the statutory walking distance of their nearest suitable school, or cannot reasonably be expected to walk there because of their special educational needs, disability or mobility problems.</p>
<p>Support may be a bus pass, a seat in a minibus or taxi, or a personal travel budget so that you can take your child yourself. Students aged 16 to 18 pay a contribution towards post-16 transport, as the information page <em>Travel and transport</em> explains.</p>`,
		MinAge: 5, MaxAge: 25,
		AccessRoutes:        []schematype.AccessRoute{schematype.AccessRouteAssessment, schematype.AccessRouteEHCPlan},
		HowToAccess:         "Apply online each year before 31 May for the following September, or when your child's school changes.",
		Eligibility:         "Children and young people living in Harrowmere Vale who meet the council's home to school transport policy.",
		EligibilityDecision: "The transport eligibility team decides within 20 school days; you can ask for a review by a senior officer, then appeal to an independent appeal panel.",
		HowToComplain:       councilComplaints,
		Audiences:           forParents, InclusionBasis: service.InclusionBasisCommissioned,
		Costs: []demoCost{
			{Option: "Compulsory school age (5 to 16)", Amount: 0, Description: "Free for eligible children."},
			{Option: "Post-16 contribution per academic year", Amount: 540, Description: "Halved for families receiving free school meals; payable in three instalments."},
		},
		Schedules: weekdays("09:00", "17:00"),
		Contacts: []demoContact{
			{Name: "School Transport Team", Email: "school.transport@harrowmerevale.example.org", Phone: "01632 960115"},
		},
		Venues:   []string{"civic-centre"},
		Sections: []string{"getting-around"}, Needs: allNeeds,
		ReviewOverdue: true,
	},
	{
		Slug: "preparing-for-adulthood-team", Name: "Preparing for Adulthood Team", Organization: "harrowmere-vale-council",
		Summary: "Social workers and transition advisers who help young people with SEND plan for adult life from age 14, including the move to adult social care.",
		Description: `<p>From Year 9 we join the annual reviews of young people with EHC plans who are likely to need support as adults. We help them think about work, where they will live, friends and community, and staying healthy.</p>
<p>For young people likely to need adult care and support, we carry out a Care Act transition assessment before they turn 18, so that support continues without a gap.</p>`,
		MinAge: 14, MaxAge: 25,
		AccessRoutes:    []schematype.AccessRoute{schematype.AccessRouteEHCPlan, schematype.AccessRouteProfessionalReferral, schematype.AccessRouteSelfReferral},
		HowToAccess:     "Ask at an annual review, or contact us directly.",
		Eligibility:     "Young people aged 14 to 25 with an EHC plan or a disability that is likely to need support in adult life.",
		HowToComplain:   councilComplaints,
		AdulthoodThemes: schematype.AdulthoodThemes,
		Audiences:       forEveryone, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("09:00", "17:00"),
		Contacts: []demoContact{
			{Name: "Sam Okafor", Title: "Preparing for Adulthood Manager", Email: "pfa@harrowmerevale.example.org", Phone: "01632 960116"},
		},
		Venues:   []string{"civic-centre"},
		Sections: []string{"preparing-for-adulthood", "social-care"}, Needs: allNeeds,
	},
	{
		Slug: "the-crew-youth-voice", Name: "The Crew: SEND Youth Voice Group", Organization: "harrowmere-vale-council",
		Summary:  "A group for young people with SEND aged 11 to 25 who meet every week, have fun and tell the council what needs to change.",
		EasyRead: "Meet other young people. Have fun. Tell the council what you think.",
		Description: `<p>The Crew is run by young people with support from youth workers. Members check the Local Offer website, interview people for council jobs, and help decide how money for young people is spent.</p>
<p>Sessions have games, food and a quiet room. Bring a friend or a support worker if you like.</p>`,
		MinAge: 11, MaxAge: 25,
		AccessRoutes:    []schematype.AccessRoute{schematype.AccessRouteSelfReferral},
		HowToAccess:     "Just turn up, or message us first and a youth worker will meet you at the door.",
		Eligibility:     "Young people aged 11 to 25 with SEND.",
		HowToComplain:   councilComplaints,
		AdulthoodThemes: []schematype.AdulthoodTheme{schematype.AdulthoodThemeCommunityInclusion},
		Audiences:       forYoungPeople, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: []demoSchedule{
			{Weekday: schedule.WeekdayWednesday, Opens: "17:30", Closes: "19:30", Description: "Term time"},
		},
		Contacts: []demoContact{
			{Name: "Youth Participation Team", Email: "thecrew@harrowmerevale.example.org", Phone: "07700 900117"},
		},
		Venues:   []string{"brackenford-youth-centre"},
		Sections: []string{"the-crew", "co-production-and-feedback", "things-to-do"}, Needs: allNeeds,
	},
	{
		Slug: "sendiass", Name: "Harrowmere Vale SENDIASS (Information, Advice and Support Service)", Organization: "harrowmere-vale-sendiass",
		Summary:  "Free, impartial and confidential information, advice and support about SEND for parents, carers, children and young people.",
		EasyRead: "We give free advice about SEND. We are on your side and we keep what you tell us private.",
		Description: `<p>SENDIASS is the statutory information, advice and support service for Harrowmere Vale. We are separate from the council's SEND team, and our advice is impartial.</p>
<ul><li>a helpline and e-mail advice</li>
<li>help with asking for an EHC needs assessment and reading a draft EHC plan</li>
<li>support at meetings, including annual reviews and exclusion meetings</li>
<li>information about mediation and appeals to the SEND Tribunal</li>
<li>trained independent volunteers who can support you through an EHC needs assessment</li></ul>`,
		MinAge: 0, MaxAge: 25,
		AccessRoutes:  []schematype.AccessRoute{schematype.AccessRouteSelfReferral},
		HowToAccess:   "Call the freephone helpline, e-mail, or use the contact form on our website. Professionals can refer with consent.",
		Eligibility:   "Parents and carers of children with SEND aged 0 to 25, and children and young people with SEND, in Harrowmere Vale.",
		HowToComplain: "Tell the SENDIASS manager. If you are not satisfied, write to the chair of the SENDIASS steering group at the address on our website.",
		Languages:     []string{"English", "Polish", "Romanian"},
		Audiences:     forFamilies, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: []demoSchedule{
			{Weekday: schedule.WeekdayMonday, Opens: "09:30", Closes: "16:30"},
			{Weekday: schedule.WeekdayTuesday, Opens: "09:30", Closes: "16:30"},
			{Weekday: schedule.WeekdayWednesday, Opens: "09:30", Closes: "19:00", Description: "Late helpline until 7pm"},
			{Weekday: schedule.WeekdayThursday, Opens: "09:30", Closes: "16:30"},
			{Weekday: schedule.WeekdayFriday, Opens: "09:30", Closes: "13:00"},
		},
		Contacts: []demoContact{
			{Name: "SENDIASS helpline", Email: "sendiass@harrowmerevale.example.org", Phone: "0808 157 0120"},
		},
		Venues:   []string{"harrowmere-library"},
		Sections: []string{"information-and-advice", "ehc-assessments-and-plans"}, Needs: allNeeds,
	},
	{
		Slug: "sendiass-young-peoples-advice", Name: "Young People's Advice (SENDIASS)", Organization: "harrowmere-vale-sendiass",
		Summary:  "Advice and support for young people aged 16 to 25 about their own education, EHC plan and rights.",
		EasyRead: "If you are 16 to 25, we can help you say what you want about school, college and your EHC plan.",
		Description: `<p>From the end of the school year in which you turn 16, you can make decisions about your own education and EHC plan. Our young people's adviser can explain your options, help you prepare for meetings and come with you.</p>
<p>You can message us on WhatsApp if you would rather not talk on the phone.</p>`,
		MinAge: 16, MaxAge: 25,
		AccessRoutes:    []schematype.AccessRoute{schematype.AccessRouteSelfReferral},
		HowToAccess:     "Text, WhatsApp, e-mail or call. A parent or worker can contact us for you if you agree.",
		Eligibility:     "Young people aged 16 to 25 with SEND in Harrowmere Vale.",
		HowToComplain:   "Tell the SENDIASS manager, or ask someone you trust to do it for you.",
		AdulthoodThemes: []schematype.AdulthoodTheme{schematype.AdulthoodThemeEmployment, schematype.AdulthoodThemeIndependentLiving},
		Audiences:       forYoungPeople, InclusionBasis: service.InclusionBasisCommissioned, IsFree: true,
		Schedules: weekdays("09:30", "16:30"),
		Contacts: []demoContact{
			{Name: "Young people's adviser", Email: "yp.sendiass@harrowmerevale.example.org", Phone: "07700 900121"},
		},
		Venues:   []string{"harrowmere-library"},
		Sections: []string{"the-crew", "information-and-advice", "preparing-for-adulthood"}, Needs: allNeeds,
	},
}
