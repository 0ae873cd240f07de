package seed

import "github.com/localoffer/localoffer/ent/informationpage"

// demoPages are the information pages that the SEND Regulations 2014,
// Schedule 2, expect a Local Offer to cover. The law they describe is
// England's; the local details (names, numbers, deadlines set by the council)
// are fictional.
var demoPages = []demoPage{
	{
		Slug: "asking-for-an-ehc-needs-assessment", Title: "Asking for an EHC needs assessment",
		Topic: informationpage.TopicEHCNeedsAssessment, Section: "ehc-assessments-and-plans", Audiences: forEveryone,
		Summary:  "Who can ask the council to assess a child or young person for an education, health and care (EHC) plan, how to ask, and what happens next.",
		EasyRead: "You can ask the council to check if your child needs an EHC plan. The council must answer within 6 weeks.",
		Body: `<p>Most children and young people with SEND get the help they need through SEN support at their nursery, school or college. Some need more help than a setting can normally give. For them, the council can carry out an <strong>education, health and care (EHC) needs assessment</strong>, which may lead to an EHC plan.</p>
<h2>Who can ask</h2>
<ul><li>a parent or carer</li>
<li>a young person aged 16 to 25</li>
<li>a school, college or early years setting, preferably with the family's agreement</li></ul>
<p>Health and social care professionals, and anyone else, can tell the council about a child who may need an assessment.</p>
<h2>The legal test</h2>
<p>The council must carry out an assessment if the child or young person <em>has or may have</em> special educational needs, and <em>may</em> need special educational provision to be made through an EHC plan (Children and Families Act 2014, section 36). A diagnosis is not needed, and neither is a particular amount of money already spent by the school.</p>
<h2>How to ask</h2>
<p>Write to the SEND Assessment and Review Team by e-mail or letter, or use the online form. Say why you think your child needs an assessment and include any reports you have. Keep a copy and note the date you sent it: the timescales below start on the day the council receives the request.</p>
<h2>What happens next</h2>
<ol><li>Within <strong>6 weeks</strong> the council must tell you whether it will carry out an assessment.</li>
<li>If it does, it gathers advice from you, your child, the school, an educational psychologist, health and social care.</li>
<li>If it decides to issue a plan, it sends you a draft. You have 15 days to comment and to ask for a particular school or college to be named.</li>
<li>The final EHC plan must be issued within <strong>20 weeks</strong> of the request.</li></ol>
<h2>If the answer is no</h2>
<p>You can appeal to the First-tier Tribunal (SEND) against a decision not to assess, or not to issue a plan. Before appealing you must contact the mediation adviser; you do not have to take up mediation. The appeal deadline is two months from the date of the decision letter, or one month from the date of the mediation certificate if that is later.</p>
<p>Harrowmere Vale SENDIASS can help you at every step, free of charge.</p>`,
	},
	{
		Slug: "short-breaks", Title: "Short breaks for disabled children and their families",
		Topic: informationpage.TopicShortBreaks, Section: "social-care", Audiences: forFamilies,
		Summary:  "What short breaks are, the three kinds available in Harrowmere Vale, and how to get them. This page is the council's short breaks services statement.",
		EasyRead: "Short breaks are fun activities for disabled children. They also give parents and carers a rest.",
		Body: `<p>Short breaks give disabled children and young people the chance to have fun, make friends and become more independent. They also give parents and carers a break from caring. Councils must provide a range of short breaks and publish a short breaks services statement (Breaks for Carers of Disabled Children Regulations 2011). This page is Harrowmere Vale's statement.</p>
<h2>Universal short breaks</h2>
<p>Clubs and activities open to everyone that welcome disabled children, such as inclusive swimming, the Saturday Sensory Club and after-school clubs. You book them yourself.</p>
<h2>Targeted short breaks</h2>
<p>For children who need extra support to take part. Ask the Short Breaks Team for a <strong>short breaks grant</strong> to spend on activities that suit your family, or for a funded place at the Summer Inclusive Play Scheme. No social care assessment is needed.</p>
<h2>Specialist short breaks</h2>
<p>For children with complex disabilities: overnight stays at Sunflower House, support at home, or a direct payment to employ a personal assistant. These follow an assessment by the Children with Disabilities Social Work Team.</p>
<h2>Who can have a short break</h2>
<p>Children and young people aged 0 to 18 who live in Harrowmere Vale and whose disability means they need more support than other children of their age to take part in activities.</p>
<h2>Tell us what you think</h2>
<p>We review this statement every year with the Parent Carer Forum. Use the feedback link on this page to tell us about gaps or what works well.</p>`,
	},
	{
		Slug: "personal-budgets", Title: "Personal budgets",
		Topic: informationpage.TopicPersonalBudgets, Section: "ehc-assessments-and-plans", Audiences: forFamilies,
		Summary:  "How a personal budget for an EHC plan works, the ways it can be paid, and how personal budgets from social care and health fit in.",
		EasyRead: "A personal budget is money to pay for some of the help in an EHC plan. You can have a say in how it is spent.",
		Body: `<p>A <strong>personal budget</strong> is an amount of money the council identifies to pay for some of the support in a child's or young person's EHC plan. It gives families and young people more say over how that support is arranged.</p>
<h2>Who can ask for one</h2>
<p>Parents, and young people aged 16 to 25, can ask for a personal budget when an EHC plan is being drafted or when it is reviewed (Children and Families Act 2014, section 49). The council must then tell you what could be included.</p>
<h2>How it can be paid</h2>
<ul><li><strong>Direct payment</strong>: money paid to you to buy the agreed support yourself. For support delivered in a school or college, the head or principal must agree.</li>
<li><strong>Notional arrangement</strong>: the council or school keeps the money and arranges the support as you have agreed.</li>
<li><strong>Third-party arrangement</strong>: an organisation you choose manages the money for you.</li>
<li>a mix of these.</li></ul>
<h2>Social care and health</h2>
<p>Support from children's social care, such as specialist short breaks, can be paid as a direct payment after an assessment. Children who qualify for NHS continuing care have the right to a personal health budget. These can be included in the EHC plan so that you see all of the money in one place.</p>
<p>A personal budget does not mean more money: it is a different way of arranging the support your child is entitled to.</p>`,
	},
	{
		Slug: "preparing-for-adulthood", Title: "Preparing for adulthood",
		Topic: informationpage.TopicPreparingForAdulthood, Section: "preparing-for-adulthood", Audiences: forEveryone,
		Summary:  "Planning for adult life from Year 9: the four preparing-for-adulthood outcomes, decisions at 16, EHC plans to 25 and the move to adult services.",
		EasyRead: "From age 14 your plan will help you get ready for adult life: work, a home, friends and good health.",
		Body: `<p>Planning for adult life starts early. From the annual review in Year 9 (age 13 to 14), every review of an EHC plan must include preparing for adulthood, and focus on the young person's own hopes.</p>
<h2>The four outcomes</h2>
<ul><li><strong>Employment</strong>, including further education, apprenticeships and supported internships</li>
<li><strong>Independent living</strong>: choice and control over where and with whom you live</li>
<li><strong>Friends, relationships and community</strong></li>
<li><strong>Good health</strong>, including moving from children's to adult health services</li></ul>
<h2>Decisions at 16</h2>
<p>After the end of the school year in which they turn 16, young people make decisions about their own EHC plan and education, rather than their parents, as long as they have the mental capacity to do so. Parents can still support them, and SENDIASS has a young people's adviser.</p>
<h2>EHC plans after 18</h2>
<p>An EHC plan can continue up to age 25 if the young person stays in education or training and still needs the support. It ends when they go to university, start paid employment, or no longer need it.</p>
<h2>Adult social care</h2>
<p>If a young person is likely to need care and support as an adult, they (or their parents) can ask for a transition assessment under the Care Act 2014 before their 18th birthday. The Preparing for Adulthood Team starts this in good time so that support does not stop at 18.</p>`,
	},
	{
		Slug: "information-advice-and-support-service", Title: "Information, advice and support (SENDIASS)",
		Topic: informationpage.TopicInformationAdviceSupport, Section: "information-and-advice", Audiences: forFamilies,
		Summary:  "Harrowmere Vale SENDIASS gives free, impartial and confidential advice about SEND to parents, carers, children and young people aged 0 to 25.",
		EasyRead: "SENDIASS gives free advice about SEND. They keep what you tell them private.",
		Body: `<p>Every council must arrange an information, advice and support service about SEND for children, young people and parents (Children and Families Act 2014, section 32). In Harrowmere Vale this is <strong>Harrowmere Vale SENDIASS</strong>.</p>
<p>The service is:</p>
<ul><li><strong>free</strong></li>
<li><strong>impartial</strong>: it is run at arm's length from the council and the NHS</li>
<li><strong>confidential</strong>: it does not share what you tell it without your agreement, unless someone is at risk of harm</li></ul>
<h2>What SENDIASS can help with</h2>
<ul><li>understanding SEN support and what schools should do</li>
<li>asking for an EHC needs assessment, and checking a draft EHC plan</li>
<li>preparing for meetings and annual reviews, and coming with you</li>
<li>exclusions, school admissions and transport</li>
<li>disagreements, mediation and appeals to the SEND Tribunal</li></ul>
<h2>Contact</h2>
<p>Freephone helpline 0808 157 0120, Monday to Friday, with a late line until 7pm on Wednesdays. E-mail sendiass@harrowmerevale.example.org. Young people aged 16 to 25 can text or WhatsApp 07700 900121.</p>`,
	},
	{
		Slug: "travel-and-transport", Title: "Travel and transport",
		Topic: informationpage.TopicTravel, Section: "getting-around", Audiences: forEveryone,
		Summary:  "Free home to school transport, post-16 and post-19 transport, independent travel training, and other help with getting around.",
		EasyRead: "Find out about help to get to school or college, and how to learn to travel on your own.",
		Body: `<h2>Home to school transport (age 5 to 16)</h2>
<p>The council must arrange free transport for children of compulsory school age who attend their nearest suitable school and:</p>
<ul><li>live beyond the statutory walking distance: 2 miles for children under 8, 3 miles for children aged 8 and over; or</li>
<li>cannot reasonably be expected to walk there, even with an adult, because of their special educational needs, disability or mobility problems; or</li>
<li>could not walk the route safely with an adult.</li></ul>
<p>Some low-income families qualify for longer distances. Having an EHC plan does not by itself mean a child qualifies, and a child without one can qualify because of their needs.</p>
<h2>After 16</h2>
<p>There is no automatic right to free transport after 16. Each May the council publishes its post-16 transport policy statement, which explains the help available to students aged 16 to 18 and the contribution families pay. Learners aged 19 to 25 with an EHC plan can ask for transport to their education or training.</p>
<h2>Travel training</h2>
<p>Independent Travel Training teaches young people to travel on their own safely. Being able to travel independently opens up college, work and social life, so ask about it at an annual review from Year 9.</p>
<h2>Other help</h2>
<ul><li>Blue Badge parking for children with certain mobility or health conditions, including some hidden disabilities</li>
<li>a disabled person's bus pass for eligible young people</li>
<li>the Disabled Persons Railcard, which gives a third off most rail fares</li></ul>`,
	},
	{
		Slug: "how-to-complain", Title: "How to complain or resolve a disagreement",
		Topic: informationpage.TopicComplaints, Section: "information-and-advice", Audiences: forEveryone,
		Summary:  "Where to go if you are unhappy with a school, college, the council or the NHS, and how disagreement resolution, mediation and the SEND Tribunal work.",
		EasyRead: "If you are unhappy, talk to the people involved first. There are other people who can help if that does not work.",
		Body: `<p>Start by talking to the people involved: most problems are sorted out quickly that way. SENDIASS can help you at any stage.</p>
<h2>A school or college</h2>
<p>Talk to the teacher or SENCO, then the headteacher or principal, then use the school's or college's complaints procedure, which ends with the governors. For an academy you can then go to the Department for Education. Complaints of disability discrimination by a school can go to the First-tier Tribunal (SEND).</p>
<h2>The council</h2>
<p>Use the council's complaints procedure. Children's social care complaints follow a three-stage statutory procedure. If you are still unhappy after the council's final response, you can ask the Local Government and Social Care Ombudsman to investigate, including delays in EHC needs assessments and plans.</p>
<h2>The NHS</h2>
<p>Contact the service or its Patient Advice and Liaison Service (PALS), then make a formal complaint. After that you can go to the Parliamentary and Health Service Ombudsman.</p>
<h2>Disagreements about SEND provision</h2>
<ul><li><strong>Disagreement resolution</strong>: the council must provide an independent service to help resolve disagreements with schools, colleges, the council or health commissioners about SEN provision. It is free and voluntary.</li>
<li><strong>Mediation</strong>: before appealing to the Tribunal about an EHC needs assessment or plan, you must contact the independent mediation adviser, unless your appeal is only about the school or college named. You then decide whether to take up mediation.</li>
<li><strong>The First-tier Tribunal (SEND)</strong> hears appeals against decisions not to assess, not to issue a plan, to cease a plan, and about the content of a plan and the school or college it names.</li></ul>`,
	},
	{
		Slug: "funding-for-send-support", Title: "How SEND support is funded",
		Topic: informationpage.TopicFunding, Section: "education", Audiences: forEveryone,
		Summary:  "How schools pay for SEN support, when top-up funding comes in, and why a child does not need an EHC plan to get extra help.",
		EasyRead: "Schools get money to help children with SEND. A child does not need an EHC plan to get help.",
		Body: `<p>Mainstream schools receive money for pupils with SEND in three parts, sometimes called elements:</p>
<ol><li><strong>Core funding</strong> for every pupil, which pays for good teaching adapted to the class.</li>
<li><strong>The notional SEN budget</strong>: part of each school's budget that the school uses for SEN support. Schools are expected to pay for additional support up to £6,000 a year for a pupil from this budget.</li>
<li><strong>Top-up funding</strong> from the council's high needs budget, for pupils whose support costs more than that. In Harrowmere Vale most top-up funding follows an EHC plan, but schools can also ask for short-term top-up without one.</li></ol>
<h2>You do not need an EHC plan for support</h2>
<p>Schools must use their best endeavours to meet every pupil's special educational needs. Support starts as soon as a need is identified, through the graduated approach: assess, plan, do and review. Ask the SENCO what support is in place, and for a copy of your child's support plan.</p>
<h2>Early years and colleges</h2>
<p>Early years settings can ask the council for money from the early years inclusion fund, and children who receive Disability Living Allowance can bring the Disability Access Fund to their setting. Colleges have their own additional learning support funding and can ask the council for top-up.</p>`,
	},
	{
		Slug: "your-rights-at-16", Title: "Your say at 16 and over",
		Topic: informationpage.TopicOther, Section: "the-crew", Audiences: forYoungPeople,
		Summary:  "For young people: from 16 you make more of the decisions about your education and your EHC plan. Here is what that means and who can help.",
		EasyRead: "When you are 16 or older, you can make decisions about your school, college and EHC plan. You can get help.",
		Body: `<p>From the end of the school year in which you turn 16, you have the right to make decisions about your own education and your EHC plan. You can:</p>
<ul><li>ask for an EHC needs assessment</li>
<li>say which college or school you want named in your plan</li>
<li>ask for a personal budget</li>
<li>appeal to the SEND Tribunal if you disagree with a decision</li></ul>
<p>Your parents can still help you, and you can ask someone you trust to speak for you. If you need support to make a decision, people must give it to you.</p>
<p>Want to talk it through? Text or WhatsApp the SENDIASS young people's adviser on 07700 900121, or come to The Crew on a Wednesday evening.</p>`,
	},
	{
		Slug: "have-your-say", Title: "Have your say about the Local Offer",
		Topic: informationpage.TopicOther, Section: "co-production-and-feedback", Audiences: forEveryone,
		Summary:  "How to give feedback on the Local Offer and the services in it, and how the council publishes what it heard and what it did.",
		EasyRead: "Tell us what is good, what is wrong and what is missing. We will tell you what we did about it.",
		Body: `<p>The Local Offer belongs to the families and young people who use it. Tell us what is good, what is wrong, and what services are missing.</p>
<ul><li>Use the feedback link at the bottom of any page.</li>
<li>Come to a Parent Carer Forum coffee morning or a session of The Crew.</li>
<li>E-mail localoffer@harrowmerevale.example.org or call 01632 960100.</li></ul>
<p>We send comments about a service to the people who run it and ask them to respond. Every year the council publishes the comments it received and its response, including what it will do, as the SEND Regulations 2014 require.</p>`,
	},
}
