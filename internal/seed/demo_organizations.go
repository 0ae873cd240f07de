package seed

import "github.com/localoffer/localoffer/ent/organization"

// demoOrganizations covers every kind of provider a Local Offer lists.
var demoOrganizations = []demoOrganization{
	{
		Slug: "harrowmere-vale-council", Name: "Harrowmere Vale Council", Kind: organization.KindLocalAuthority,
		Description: "The unitary council for Harrowmere Vale, responsible for education, children's and adults' social care and the Local Offer.",
		Website:     "https://www.harrowmerevale.example.org", Email: "localoffer@harrowmerevale.example.org", Phone: "01632 960100",
		Trusted: true, InspectionURL: "https://reports.ofsted.example.org/local-authority/harrowmere-vale",
	},
	{
		Slug: "harrowmere-vale-sendiass", Name: "Harrowmere Vale SENDIASS", Kind: organization.KindLocalAuthority,
		Description: "The SEND information, advice and support service for Harrowmere Vale. It is funded by the council and the NHS but run at arm's length from both, so its advice is impartial.",
		Website:     "https://sendiass.harrowmerevale.example.org", Email: "sendiass@harrowmerevale.example.org", Phone: "0808 157 0120",
		Trusted: true,
	},
	{
		Slug: "harrowmere-wolds-community-health", Name: "Harrowmere and Wolds Community Health NHS Trust", Kind: organization.KindNHS,
		Description: "The NHS trust that provides community health services for children and young people in Harrowmere Vale: therapies, community paediatrics, nursing and mental health.",
		Website:     "https://www.hwch.nhs.example", Email: "childrens.services@hwch.nhs.example", Phone: "01632 960200",
		Trusted: true, InspectionURL: "https://www.cqc.example.org/provider/harrowmere-wolds-community-health",
	},
	{
		Slug: "brackenford-primary-school", Name: "Brackenford Primary School", Kind: organization.KindSchool,
		Description: "A community primary school for pupils aged 4 to 11, maintained by Harrowmere Vale Council, with a resource base for speech, language and communication needs.",
		Website:     "https://www.brackenford-primary.sch.example", Email: "office@brackenford-primary.sch.example", Phone: "01632 960310",
		InspectionURL: "https://reports.ofsted.example.org/provider/990101",
	},
	{
		Slug: "linwell-academy", Name: "Linwell Academy", Kind: organization.KindSchool,
		Description: "A secondary academy with a sixth form for students aged 11 to 18, and an autism resource base. Part of the Vale Learning Trust.",
		Website:     "https://www.linwell-academy.sch.example", Email: "enquiries@linwell-academy.sch.example", Phone: "01632 960330",
		InspectionURL: "https://reports.ofsted.example.org/provider/990102",
	},
	{
		Slug: "oakfield-school", Name: "Oakfield School", Kind: organization.KindSchool,
		Description: "A maintained special school for pupils aged 2 to 19 with severe, profound and multiple learning difficulties, and autistic pupils with learning difficulties.",
		Website:     "https://www.oakfield.sch.example", Email: "office@oakfield.sch.example", Phone: "01632 960350",
		InspectionURL: "https://reports.ofsted.example.org/provider/990103",
	},
	{
		Slug: "harrowmere-vale-college", Name: "Harrowmere Vale College", Kind: organization.KindCollege,
		Description: "The further education college for the district, with vocational courses, foundation learning and supported internships for students aged 16 to 25.",
		Website:     "https://www.harrowmerevale-college.ac.example", Email: "learningsupport@harrowmerevale-college.ac.example", Phone: "01632 960370",
		InspectionURL: "https://reports.ofsted.example.org/provider/990104",
	},
	{
		Slug: "brackenford-nursery-school", Name: "Brackenford Nursery School", Kind: organization.KindEarlyYears,
		Description: "A maintained nursery school for children aged 2 to 4, next to Brackenford Primary School.",
		Website:     "https://www.brackenford-nursery.sch.example", Email: "office@brackenford-nursery.sch.example", Phone: "01632 960390",
		InspectionURL: "https://reports.ofsted.example.org/provider/990105",
	},
	{
		Slug: "willowbank-pre-school", Name: "Willowbank Pre-school", Kind: organization.KindEarlyYears,
		Description: "A parent-run charity pre-school in Easterby village hall for children aged 2 to 4.",
		Website:     "https://www.willowbank-preschool.example.org", Email: "hello@willowbank-preschool.example.org", Phone: "07700 900410",
		InspectionURL: "https://reports.ofsted.example.org/provider/EY990106",
	},
	{
		Slug: "harrowmere-vale-parent-carer-forum", Name: "Harrowmere Vale Parent Carer Forum", Kind: organization.KindVoluntary,
		Description: "The independent forum of parents and carers of children and young people with SEND, which works with the council and the NHS to improve services.",
		Website:     "https://www.hvpcf.example.org", Email: "hello@hvpcf.example.org", Phone: "07700 900430",
	},
	{
		Slug: "vale-downs-syndrome-support", Name: "Vale Down's Syndrome Support", Kind: organization.KindVoluntary,
		Description: "A charity run by parents for families of children and young people who have Down's syndrome.",
		Website:     "https://www.valedownssyndrome.example.org", Email: "info@valedownssyndrome.example.org", Phone: "07700 900450",
	},
	{
		Slug: "wolds-deaf-childrens-society", Name: "Wolds Deaf Children's Society", Kind: organization.KindVoluntary,
		Description: "A local charity supporting deaf children, young people and their families across Harrowmere Vale and the Wolds.",
		Website:     "https://www.woldsdeafchildren.example.org", Email: "families@woldsdeafchildren.example.org", Phone: "01632 960470",
	},
	{
		Slug: "spectrum-together", Name: "Spectrum Together Harrowmere", Kind: organization.KindVoluntary,
		Description: "A charity of and for autistic children, young people and their families, before and after diagnosis.",
		Website:     "https://www.spectrumtogether.example.org", Email: "hello@spectrumtogether.example.org", Phone: "01632 960490",
	},
	{
		Slug: "open-door-youth-wellbeing", Name: "Open Door Youth Wellbeing", Kind: organization.KindVoluntary,
		Description: "A charity giving free counselling and emotional wellbeing support to young people aged 11 to 25.",
		Website:     "https://www.opendoor-youth.example.org", Email: "talk@opendoor-youth.example.org", Phone: "01632 960510",
	},
	{
		Slug: "harrowmere-vale-carers-centre", Name: "Harrowmere Vale Carers' Centre", Kind: organization.KindVoluntary,
		Description: "A charity supporting unpaid carers, including parent carers of disabled children and young carers.",
		Website:     "https://www.hvcarers.example.org", Email: "support@hvcarers.example.org", Phone: "01632 960530",
	},
	{
		Slug: "harrowmere-vale-leisure-trust", Name: "Harrowmere Vale Leisure Trust", Kind: organization.KindVoluntary,
		Description: "The charitable trust that runs the district's leisure centres and pools on behalf of the council.",
		Website:     "https://www.hvleisure.example.org", Email: "bookings@hvleisure.example.org", Phone: "01632 960550",
	},
	{
		Slug: "brightsteps-therapy", Name: "Brightsteps Therapy Ltd", Kind: organization.KindPrivate,
		Description: "An independent practice of speech and language therapists, occupational therapists and specialist dyslexia teachers.",
		Website:     "https://www.brightsteps.example.com", Email: "clinic@brightsteps.example.com", Phone: "01632 960570",
		InspectionURL: "https://www.cqc.example.org/provider/brightsteps-therapy",
	},
	{
		Slug: "kestrel-clubs", Name: "Kestrel Clubs Ltd", Kind: organization.KindPrivate,
		Description: "Ofsted-registered before-school, after-school and holiday clubs that include children with SEND.",
		Website:     "https://www.kestrelclubs.example.com", Email: "bookings@kestrelclubs.example.com", Phone: "01632 960590",
		InspectionURL: "https://reports.ofsted.example.org/provider/EY990107",
	},
	{
		Slug: "hollybrook-care-farm", Name: "Hollybrook Care Farm CIC", Kind: organization.KindOther,
		Description: "A community interest company offering farm-based work experience and day opportunities for young people with SEND.",
		Website:     "https://www.hollybrookfarm.example.org", Email: "farm@hollybrookfarm.example.org", Phone: "01632 960610",
	},
}
