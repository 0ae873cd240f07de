package seed

// demoVenues are the places where demo services are delivered. Outreach
// services list the base their staff work from.
var demoVenues = []demoVenue{
	{
		Key: "civic-centre", Name: "Harrowmere Vale Civic Centre", Address1: "Market Street", City: "Harrowmere", Postcode: "HV1 1QS",
		Latitude: 53.2812, Longitude: -0.1175,
		Accessibility: "Level entrance from Market Street with automatic doors. Lifts to all floors. Reception has a hearing loop.",
		Features:      []string{"step-free-access", "lift", "accessible-toilet", "hearing-loop", "accessible-parking", "bsl-interpretation", "easy-read-materials"},
	},
	{
		Key: "harrowmere-family-hub", Name: "Harrowmere Family Hub", Address1: "14 Orchard Lane", City: "Harrowmere", Postcode: "HV1 3DL",
		Latitude: 53.2790, Longitude: -0.1221,
		Accessibility: "All on the ground floor. Changing Places toilet and a sensory room that can be booked.",
		Features:      []string{"step-free-access", "accessible-toilet", "changing-places-toilet", "quiet-space", "sensory-room", "accessible-parking", "visual-timetables"},
	},
	{
		Key: "linwell-family-hub", Name: "Linwell Family Hub", Address1: "Station Road", City: "Linwell", Postcode: "HV6 2PE",
		Latitude: 53.2561, Longitude: -0.1589,
		Accessibility: "Ramped entrance. Two accessible parking bays at the front.",
		Features:      []string{"step-free-access", "accessible-toilet", "accessible-parking", "quiet-space"},
	},
	{
		Key: "child-development-centre", Name: "Harrowmere Child Development Centre", Address1: "Harrowmere Community Hospital", Address2: "Wolds Road", City: "Harrowmere", Postcode: "HV2 4NT",
		Latitude: 53.2865, Longitude: -0.1102,
		Accessibility: "Entrance B, level access from the hospital car park. Quiet waiting room on request; tell reception when you arrive.",
		Features:      []string{"step-free-access", "lift", "accessible-toilet", "changing-places-toilet", "hearing-loop", "quiet-space", "accessible-parking", "bsl-interpretation"},
	},
	{
		Key: "linwell-health-centre", Name: "Linwell Health Centre", Address1: "2 Mill Street", City: "Linwell", Postcode: "HV6 1BW",
		Latitude: 53.2540, Longitude: -0.1621,
		Accessibility: "Level access. Therapy rooms are on the ground floor.",
		Features:      []string{"step-free-access", "accessible-toilet", "hearing-loop"},
	},
	{
		Key: "brackenford-primary", Name: "Brackenford Primary School", Address1: "Church Lane", City: "Brackenford", Postcode: "HV4 7RJ",
		Latitude: 53.3046, Longitude: -0.0862,
		Accessibility: "Single-storey building with ramps to every entrance.",
		Features:      []string{"step-free-access", "accessible-toilet", "quiet-space", "visual-timetables"},
	},
	{
		Key: "linwell-academy", Name: "Linwell Academy", Address1: "Fen Lane", City: "Linwell", Postcode: "HV6 3TG",
		Latitude: 53.2578, Longitude: -0.1650,
		Accessibility: "Lift in the main block; the resource base has its own entrance and a low-arousal room.",
		Features:      []string{"step-free-access", "lift", "accessible-toilet", "hearing-loop", "quiet-space"},
	},
	{
		Key: "oakfield-school", Name: "Oakfield School", Address1: "Meadow Way", City: "Harrowmere", Postcode: "HV2 6EX",
		Latitude: 53.2841, Longitude: -0.1304,
		Accessibility: "Purpose-built and fully accessible, with ceiling hoists, a hydrotherapy pool and a Changing Places toilet.",
		Features:      []string{"step-free-access", "accessible-toilet", "changing-places-toilet", "sensory-room", "quiet-space", "accessible-parking", "visual-timetables"},
	},
	{
		Key: "brackenford-nursery", Name: "Brackenford Nursery School", Address1: "Green Lane", City: "Brackenford", Postcode: "HV4 7SA",
		Latitude: 53.3061, Longitude: -0.0838,
		Features: []string{"step-free-access", "accessible-toilet", "sensory-room"},
	},
	{
		Key: "easterby-village-hall", Name: "Easterby Village Hall", Address1: "The Green", City: "Easterby", Postcode: "HV8 5LP",
		Latitude: 53.2702, Longitude: -0.0598,
		Accessibility: "Ramp at the side door. The accessible toilet has no hoist.",
		Features:      []string{"step-free-access", "accessible-toilet"},
	},
	{
		Key: "college-riverside", Name: "Harrowmere Vale College, Riverside Campus", Address1: "Quay Road", City: "Harrowmere", Postcode: "HV1 5HN",
		Latitude: 53.2772, Longitude: -0.1143,
		Accessibility: "Lifts in every building. The Learning Hub has quiet study rooms and assistive technology.",
		Features:      []string{"step-free-access", "lift", "accessible-toilet", "changing-places-toilet", "hearing-loop", "quiet-space", "accessible-parking"},
	},
	{
		Key: "leisure-centre", Name: "Harrowmere Leisure Centre", Address1: "Park Road", City: "Harrowmere", Postcode: "HV2 2QF",
		Latitude: 53.2831, Longitude: -0.1251,
		Accessibility: "Pool hoist and a Changing Places toilet beside the poolside changing village.",
		Features:      []string{"step-free-access", "lift", "accessible-toilet", "changing-places-toilet", "accessible-parking", "assistance-dogs-welcome"},
	},
	{
		Key: "easterby-community-centre", Name: "Easterby Community Centre", Address1: "5 Back Lane", City: "Easterby", Postcode: "HV8 5NG",
		Latitude: 53.2694, Longitude: -0.0621,
		Features: []string{"step-free-access", "accessible-toilet", "quiet-space"},
	},
	{
		Key: "brackenford-youth-centre", Name: "Brackenford Youth Centre", Address1: "Bridge Street", City: "Brackenford", Postcode: "HV4 7UD",
		Latitude: 53.3039, Longitude: -0.0889,
		Features: []string{"step-free-access", "accessible-toilet", "quiet-space"},
	},
	{
		Key: "harrowmere-library", Name: "Harrowmere Library", Address1: "1 Kings Walk", City: "Harrowmere", Postcode: "HV1 1RB",
		Latitude: 53.2805, Longitude: -0.1190,
		Features: []string{"step-free-access", "lift", "accessible-toilet", "hearing-loop", "large-print", "easy-read-materials"},
	},
	{
		Key: "carers-centre", Name: "Harrowmere Vale Carers' Centre", Address1: "22 Wellgate", City: "Harrowmere", Postcode: "HV1 2HZ",
		Latitude: 53.2799, Longitude: -0.1161,
		Accessibility: "Ground-floor meeting rooms; the first-floor offices have no lift.",
		Features:      []string{"accessible-toilet", "hearing-loop"},
	},
	{
		Key: "sunflower-house", Name: "Sunflower House", Address1: "Address given to families when a stay is agreed", City: "Linwell", Postcode: "HV6 4WY",
		Latitude: 53.2602, Longitude: -0.1549,
		Accessibility: "Single-storey home with ceiling hoists in bedrooms and bathrooms, a sensory room and an enclosed garden.",
		Features:      []string{"step-free-access", "accessible-toilet", "sensory-room", "quiet-space"},
		// The address of a children's home is not published.
		MaskAddress: true,
	},
	{
		Key: "hollybrook-farm", Name: "Hollybrook Care Farm", Address1: "Hollybrook Lane", City: "Easterby", Postcode: "HV8 6JX",
		Latitude: 53.2655, Longitude: -0.0512,
		Accessibility: "Firm paths around the yard; the fields are uneven. Accessible toilet in the farm office.",
		Features:      []string{"accessible-toilet", "accessible-parking"},
	},
	{
		Key: "brightsteps-clinic", Name: "Brightsteps Therapy", Address1: "Unit 3, Wolds Business Park", City: "Harrowmere", Postcode: "HV2 8GA",
		Latitude: 53.2877, Longitude: -0.1029,
		Features: []string{"step-free-access", "accessible-toilet", "quiet-space", "accessible-parking"},
	},
	{
		Key: "open-door-centre", Name: "Open Door", Address1: "9 Castle Street", City: "Harrowmere", Postcode: "HV1 2AJ",
		Latitude: 53.2817, Longitude: -0.1158,
		Accessibility: "Counselling rooms on the ground floor; the entrance has one small step and a portable ramp.",
		Features:      []string{"accessible-toilet", "quiet-space"},
	},
}
