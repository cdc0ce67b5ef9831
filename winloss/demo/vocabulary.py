"""The invented words of the demo program: companies, people, places, products and rep notes.

Everything here is fiction written for the demo; any likeness to a real
company or person is accidental. Lists are tuples so their order, and hence
what a seed builds, never changes by accident.
"""

from __future__ import annotations

from interviewer.enums import Authority, RepReason

OUR_COMPANY = "Tessellan"
PRODUCTS = ("Tessellan Core", "Tessellan Flow", "Tessellan Insight", "Tessellan Shield", "Tessellan Suite")
PRODUCT_WEIGHTS = (30, 25, 20, 10, 15)

COMPETITORS = ("Brightfold", "Quillmark", "Ostravo", "Kelvane Systems", "Stratavine", "Halcyra", "Vantorq", "Lumisk")
"""Eight named rivals. Brightfold shows up in about a third of losses; Quillmark beats us in Mid-Market."""
DOMINANT_COMPETITOR = "Brightfold"
MID_MARKET_RIVAL = "Quillmark"

SEGMENTS = ("SMB", "Mid-Market", "Enterprise", "Public Sector")
INDUSTRIES = (
    "Software & Internet",
    "Financial Services",
    "Healthcare",
    "Manufacturing",
    "Retail & Consumer",
    "Government & Education",
)

INDUSTRY_NOUNS: dict[str, tuple[str, ...]] = {
    "Software & Internet": ("Software", "Labs", "Digital", "Cloud", "Data", "Networks", "Apps", "Technologies", "Interactive", "Systems"),
    "Financial Services": ("Capital", "Financial", "Insurance", "Bank", "Credit Union", "Wealth Partners", "Lending", "Assurance", "Payments", "Advisors"),
    "Healthcare": ("Health", "Medical Group", "Clinics", "Diagnostics", "Care Partners", "Therapeutics", "Pharmacy", "Biosciences", "Dental Group", "Home Care"),
    "Manufacturing": ("Manufacturing", "Industries", "Fabrication", "Components", "Tooling", "Plastics", "Metalworks", "Machinery", "Packaging", "Electronics"),
    "Retail & Consumer": ("Outfitters", "Home Goods", "Provisions", "Brands", "Market", "Apparel", "Foods", "Living", "Supply Co.", "Trading"),
    "Government & Education": ("Academy", "College", "Institute", "Learning Trust", "Schools", "Foundation"),
}

GOV_ED = "Government & Education"
PUBLIC_BODY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("City of {place}", GOV_ED),
    ("{place} County", GOV_ED),
    ("{place} Borough Council", GOV_ED),
    ("{place} Unified School District", GOV_ED),
    ("University of {place}", GOV_ED),
    ("{place} Community College", GOV_ED),
    ("{place} Transit Authority", GOV_ED),
    ("{place} Water Board", GOV_ED),
    ("{place} Public Library Network", GOV_ED),
    ("Port of {place}", GOV_ED),
    ("{place} Regional Health Authority", "Healthcare"),
    ("{place} General Hospital", "Healthcare"),
    ("{place} Public Health Department", "Healthcare"),
)
"""Public-sector bodies and the industry each counts under."""
PLACE_QUALIFIERS = ("North ", "South ", "East ", "West ", "New ", "Upper ", "Lower ")

STEM_HEADS = (
    "Ar", "Bel", "Cor", "Dal", "El", "Fen", "Gar", "Hal", "Ith", "Jor", "Kel", "Lor", "Mar", "Nor", "Or",
    "Pel", "Quen", "Ros", "Sel", "Tal", "Ul", "Val", "Wen", "Xan", "Yar", "Zel", "Brin", "Cal", "Dren", "Fal",
    "Gren", "Mor", "Sar", "Tor", "Vel",
)
STEM_TAILS = (
    "ada", "ane", "ara", "ex", "ia", "ico", "ion", "is", "ix", "ova", "ora", "um", "yx", "ant", "enza", "era",
    "ivo", "ona", "ulo", "aro", "eon", "ith", "ynn", "ester",
)
PLACE_HEADS = (
    "Ash", "Black", "Bram", "Clear", "Crest", "Elm", "Fair", "Glen", "Gold", "Green", "Harrow", "High", "Kings",
    "Lark", "Maple", "Mill", "North", "Oak", "Pine", "Red", "Ridge", "Rock", "Silver", "Stone", "Thorn", "West",
    "Willow", "Wolf", "Amber", "Cedar", "Fox", "Hazel",
)
PLACE_TAILS = (
    "bourne", "brook", "bury", "dale", "field", "ford", "gate", "haven", "hurst", "lake", "ley", "mere",
    "mont", "port", "stead", "ton", "vale", "wick", "wood", "worth",
)
COMPOUND_FIRSTS = (
    "Blue", "Bright", "Copper", "Deep", "Far", "First", "Golden", "Iron", "Keystone", "Lantern", "Linden", "Night",
    "Open", "Peak", "Prairie", "Quiet", "River", "Summit", "Swift", "Tidal", "True", "Union", "Vista", "Wild",
)
COMPOUND_SECONDS = (
    "arch", "beam", "bridge", "cliff", "crest", "fern", "field", "harbor", "leaf", "line", "mark", "path",
    "point", "rock", "sail", "shore", "spring", "stone", "wave", "well",
)

FIRST_NAMES = (
    "Aaliyah", "Adebayo", "Aiko", "Alejandro", "Amara", "Anders", "Anika", "Arjun", "Astrid", "Beatriz", "Bjorn",
    "Camille", "Carlos", "Chen", "Chiara", "Daniel", "Daria", "Dmitri", "Elena", "Emeka", "Emily", "Fatima",
    "Felix", "Fiona", "Gabriel", "Grace", "Hana", "Hannah", "Hiroshi", "Ibrahim", "Ines", "Isabel", "Jamal",
    "James", "Jana", "Javier", "Jonas", "Julia", "Kai", "Karin", "Kwame", "Laila", "Lars", "Laura", "Leon",
    "Lucia", "Magnus", "Maria", "Mateo", "Mei", "Michael", "Mina", "Nadia", "Naveen", "Nina", "Noah", "Olivia",
    "Omar", "Pablo", "Priya", "Rafael", "Rania", "Ravi", "Rebecca", "Rohan", "Sakura", "Samuel", "Sara",
    "Sean", "Sofia", "Sven", "Tariq", "Thomas", "Tomasz", "Valentina", "Victor", "Wei", "Yara", "Yusuf", "Zoe",
)
LAST_NAMES = (
    "Abara", "Achterberg", "Alvarez", "Andersson", "Bakshi", "Barros", "Bennett", "Bianchi", "Brennan", "Castillo",
    "Chowdhury", "Costa", "Dahl", "Delacroix", "Dubois", "Ekwueme", "Engstrom", "Farrow", "Fischer", "Fontaine",
    "Garvey", "Haddad", "Halvorsen", "Hartley", "Hoffmann", "Ilunga", "Jansen", "Kaur", "Kowalski", "Kruger",
    "Lambert", "Larsen", "Lindqvist", "Lopez", "Mahlangu", "Marchetti", "McAllister", "Mendes", "Moreau",
    "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Ortega", "Osei", "Park", "Patel", "Pereira", "Quinlan",
    "Rahman", "Reyes", "Rossi", "Sandoval", "Sato", "Schreiber", "Shapiro", "Silva", "Sorensen", "Takahashi",
    "Tanaka", "Thornton", "Varga", "Vasquez", "Vogel", "Wagner", "Whitfield", "Yilmaz", "Zhang", "Zielinski",
)

TITLES: dict[Authority, tuple[str, ...]] = {
    Authority.DECISION_MAKER: (
        "Chief Executive Officer", "Chief Financial Officer", "Chief Operating Officer", "Chief Information Officer",
        "Chief Technology Officer", "Chief Revenue Officer", "VP of Operations", "VP Engineering", "VP, Finance",
        "VP of Customer Experience", "Director of IT", "Director of Operations", "Director of Data & Analytics",
        "Senior Director, Business Systems", "Director of Digital Services",
    ),
    Authority.INFLUENCER: (
        "IT Manager", "Operations Manager", "Engineering Manager", "Product Manager", "Finance Manager",
        "Team Lead, Data Platform", "Lead Developer", "Solutions Architect", "Enterprise Architect",
        "Program Manager", "Revenue Operations Manager", "Security Architect",
    ),
    Authority.USER: (
        "Business Analyst", "Data Analyst", "Financial Analyst", "Operations Specialist", "Support Specialist",
        "Software Engineer", "Systems Engineer", "Reporting Analyst", "Implementation Specialist", "QA Engineer",
    ),
    Authority.PROCUREMENT: (
        "Procurement Manager", "Senior Procurement Specialist", "Purchasing Director", "Purchasing Lead",
        "Category Manager, Procurement", "Strategic Sourcing & Procurement Analyst",
    ),
}

DEAL_ROLES: dict[Authority, tuple[str, ...]] = {
    Authority.DECISION_MAKER: ("Decision Maker", "Economic Buyer", "Executive Sponsor"),
    Authority.INFLUENCER: ("Champion", "Influencer", "Technical Evaluator"),
    Authority.USER: ("End User", "Evaluator"),
    Authority.PROCUREMENT: ("Procurement",),
    Authority.UNKNOWN: ("Other",),
}

PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com")


class Region:
    """A sales region: its time zones, currencies, company suffixes, web domain ending and phone prefix."""

    __slots__ = ("name", "weight", "time_zones", "currencies", "suffixes", "tld", "phone")

    def __init__(
        self,
        name: str,
        weight: int,
        time_zones: tuple[str, ...],
        currencies: tuple[tuple[str, int], ...],
        suffixes: tuple[str, ...],
        tld: str,
        phone: str,
    ) -> None:
        self.name, self.weight, self.time_zones = name, weight, time_zones
        self.currencies, self.suffixes, self.tld, self.phone = currencies, suffixes, tld, phone


REGIONS = (
    Region("North America - East", 24, ("America/New_York", "America/Toronto", "America/Chicago", "America/Detroit"),
           (("USD", 1),), ("Inc.", "LLC", "Corp.", ""), ".com", "+1 {a}-555-01{n:02d}"),
    Region("North America - West", 20, ("America/Los_Angeles", "America/Denver", "America/Vancouver", "America/Phoenix"),
           (("USD", 1),), ("Inc.", "LLC", ""), ".com", "+1 {a}-555-01{n:02d}"),
    Region("UK & Ireland", 14, ("Europe/London", "Europe/Dublin"),
           (("GBP", 8), ("EUR", 1), ("USD", 1)), ("Ltd", "plc", ""), ".co.uk", "+44 20 7946 0{n:03d}"),
    Region("DACH", 10, ("Europe/Berlin", "Europe/Zurich", "Europe/Vienna"),
           (("EUR", 8), ("USD", 2)), ("GmbH", "AG"), ".de", "+49 30 {a}{n:04d}"),
    Region("France & Benelux", 8, ("Europe/Paris", "Europe/Brussels", "Europe/Amsterdam"),
           (("EUR", 9), ("USD", 1)), ("SA", "SAS", "B.V."), ".fr", "+33 1 {a} {n:02d} 00"),
    Region("Nordics", 6, ("Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen", "Europe/Helsinki"),
           (("EUR", 6), ("USD", 4)), ("AB", "AS", "Oy"), ".se", "+46 8 {a} {n:03d}"),
    Region("APAC", 12, ("Australia/Sydney", "Australia/Melbourne", "Asia/Singapore", "Asia/Tokyo"),
           (("USD", 1),), ("Pty Ltd", "Pte Ltd", "K.K."), ".com.au", "+61 2 5550 {n:04d}"),
    Region("LATAM", 6, ("America/Sao_Paulo", "America/Mexico_City", "America/Bogota"),
           (("USD", 1),), ("S.A.", "S.A. de C.V.", "Ltda."), ".com", "+55 11 5555-{n:04d}"),
)

REP_TEAMS: dict[str, tuple[str, ...]] = {
    "SMB": ("Commercial", "Nell Ambrose", "Joaquin Terrell", "Freya Castellan", "Desmond Okoro"),
    "Mid-Market": ("Mid-Market", "Tamsin Vail", "Rudy Marchbanks", "Ottilie Ferris", "Kofi Addae"),
    "Enterprise": ("Strategic Accounts", "Marguerite Quayle", "Hollis Brandt", "Simone Okada", "Everett Lund"),
    "Public Sector": ("Public Sector", "Bernadette Cole", "Idris Farrukh", "Paloma Reinholt", "Cyrus Whitlow"),
}
"""Per segment: the rep team's name, then its four reps."""

LEAD_SOURCES = (
    ("Inbound - Website", 26), ("Outbound - SDR", 22), ("Partner Referral", 12), ("Event", 9),
    ("Paid Search", 11), ("Customer Referral", 8), ("Webinar", 7), ("Review Site", 5),
)
OPEN_STAGES = (("Qualification", 22), ("Discovery", 25), ("Solution Demo", 18), ("Proposal/Price Quote", 18), ("Negotiation/Review", 17))
CLOSED_STAGES = {"won": "Closed Won", "lost": "Closed Lost", "no_decision": "Closed - No Decision"}
DEAL_KINDS = (("New Business", 70), ("Expansion", 18), ("Pilot", 7), ("Multi-year", 5))

_LOST_PRICE = (
    "They went with a cheaper tool and called ours 'more than we need'. We never showed the value at their size.",
    "Procurement compared line items only; we had no total-cost story to push back with.",
    "List price scared them off before the demo. The pricing page should say what is included.",
    "Came down to per-seat cost. A calculator of hours saved would have changed the conversation.",
    "Discount approval took ten days and their budget window closed.",
)
_LOST_FIT = (
    "No native connector to their ERP; that was the deal breaker.",
    "They needed on-premise hosting. Saying plainly that we are cloud-only would qualify these out sooner.",
    "Reporting was not flexible enough for their finance team.",
    "Feature gap on SSO provisioning came up twice; a clear roadmap page would have helped.",
    "They wanted offline mode and we could not show a date.",
    "Mobile app reviews put them off and none of our content answers them.",
)
_CHAMPION_LEFT = (
    "Our champion moved to another company two weeks before signature and the deal stalled.",
    "Sponsor was reorganised out; nobody else had read the business case.",
    "Champion left. We had single-threaded the deal; content for more personas would help.",
    "New VP came in and reset every open project.",
)
REP_NOTES: dict[tuple[str, RepReason], tuple[str, ...]] = {
    ("won", RepReason.PRICE_ADVANTAGE): (
        "The ROI calculator carried the call; more of those for finance buyers would help.",
        "They had budget for half of what the incumbent quoted. A one-page cost comparison would have saved two meetings.",
        "Annual prepay discount closed it. Publishing the pricing tiers would stop buyers guessing.",
        "CFO asked for a cost-per-seat benchmark we did not have, and we won anyway.",
        "Our entry tier was the hook; a case study of a team this size starting small would have shortened the cycle.",
    ),
    ("won", RepReason.PRODUCT_FIT): (
        "The workflow builder demo sold it. A recorded version for people who missed the call would help.",
        "They needed the audit trail for their regulator; we should lead with compliance in this industry.",
        "Integrations page answered most questions before I did. Keep it current.",
        "Technical evaluator loved the sandbox. More sample data in it would make the trial faster.",
        "Fit was obvious once they saw reporting; the website undersells it.",
        "No case study in their vertical, so I had to borrow credibility from a reference call.",
    ),
    ("won", RepReason.MESSAGING_RESONATED): (
        "The 'one source of truth' line in the webinar is what got them to book a demo.",
        "Champion forwarded our comparison guide to her boss word for word.",
        "The customer story from the logistics conference did the heavy lifting.",
        "They quoted our homepage back to me in the first call.",
        "The short explainer video was passed around their whole team.",
    ),
    ("won", RepReason.OTHER): (
        "Came down to a personal relationship with our CSM from a previous job.",
        "Timing was lucky: their contract with the incumbent expired the same month.",
        "Security questionnaire went smoothly thanks to the trust page; more of that please.",
    ),
    ("lost", RepReason.PRICE_ADVANTAGE): _LOST_PRICE,
    ("lost", RepReason.PRODUCT_FIT): _LOST_FIT,
    ("lost", RepReason.CHAMPION_LEFT): _CHAMPION_LEFT,
    ("lost", RepReason.POOR_ONBOARDING): (
        "Pilot went badly: setup took three weeks and they lost confidence.",
        "Trial users never got past the first import; our getting-started guide needs work.",
        "Pilot support tickets went unanswered over a holiday week.",
    ),
    ("lost", RepReason.OTHER): (
        "Our answers to the security questionnaire took three weeks; they had moved on by then.",
        "Their board wanted a vendor with an office in the country.",
        "Procurement required a local reseller and we had none to offer.",
    ),
    ("no_decision", RepReason.NO_DECISION_TIMING): (
        "Budget frozen until next fiscal year. Nurture them with content through the freeze.",
        "They decided to stay with spreadsheets for now; the cost of doing nothing was never made concrete.",
        "Priorities shifted to an ERP migration. Revisit in two quarters.",
        "Hiring freeze meant no one to own the rollout.",
        "Evaluation dragged for five months and then quietly died. A business-case template would help.",
        "Legal review of the data processing terms took so long that the budget window closed.",
    ),
    ("no_decision", RepReason.CHAMPION_LEFT): _CHAMPION_LEFT,
    ("no_decision", RepReason.OTHER): (
        "Deal hinged on a security questionnaire nobody on their side would own.",
        "Procurement required a local reseller and we had none to offer.",
        "They merged with another company mid-evaluation and everything paused.",
    ),
}
"""Rep notes by outcome and reason ("what could marketing have done differently")."""

RIVAL_NOTES: dict[tuple[str, RepReason], tuple[str, ...]] = {
    ("lost", RepReason.PRICE_ADVANTAGE): (
        "Battlecard on {competitor} is out of date, their new pricing caught me off guard.",
    ),
    ("lost", RepReason.PRODUCT_FIT): (
        "{competitor} demoed an AI assistant we had no answer to. Positioning content needed.",
        "Lost on perceived ease of use; {competitor} ran a hands-on workshop for their team.",
    ),
    ("lost", RepReason.POOR_ONBOARDING): (
        "{competitor} bundled onboarding for free. A clear onboarding offer would help us counter.",
    ),
    ("lost", RepReason.OTHER): (
        "{competitor} showed up with a reference customer in their exact niche; we had nothing comparable.",
        "Buyer said {competitor} 'felt safer'. We need proof points on uptime and support response.",
        "An analyst report ranked {competitor} ahead of us and procurement anchored on it.",
        "We never reached the economic buyer; {competitor} had an executive relationship from day one.",
    ),
}
"""More rep notes for a loss to a named competitor, who is filled in for {competitor}."""

INTERVIEWERS = (
    # name, email, organisation, kind, time zone, availability
    ("Dana Whitcombe", "dana.whitcombe@example.com", OUR_COMPANY, "internal", "America/Chicago",
     {"mon": ["09:00-12:00", "13:00-17:00"], "tue": ["13:00-17:00"], "wed": ["09:00-12:00"], "thu": ["09:00-12:00", "14:00-16:00"]}),
    ("Sunniva Halloran", "sunniva.halloran@example.com", OUR_COMPANY, "internal", "Europe/London",
     {"mon": ["10:00-12:30"], "tue": ["09:00-12:00", "14:00-17:00"], "thu": ["09:00-12:00"], "fri": ["09:30-12:00"]}),
    ("Ines Vallory", "ines.vallory@fairlight-research.example", "Fairlight Buyer Research", "external", "America/New_York",
     {"mon": ["08:00-12:00", "13:00-18:00"], "tue": ["08:00-12:00", "13:00-18:00"], "wed": ["08:00-12:00", "13:00-18:00"],
      "thu": ["08:00-12:00", "13:00-18:00"], "fri": ["08:00-13:00"]}),
)
PROFILES = (
    ("Maren Oduya", "maren.oduya@example.com", "program_owner"),
    ("Tobias Kerrane", "tobias.kerrane@example.com", "manager"),
    ("Ines Vallory", "ines.vallory@fairlight-research.example", "interviewer"),
)
TEAM_RECIPIENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "product": (("Leontine Marsh", "leontine.marsh@example.com"), ("Aurelio Banks", "aurelio.banks@example.com")),
    "cs": (("Gwendolyn Oyelaran", "gwendolyn.oyelaran@example.com"),),
    "marketing": (("Cormac Elsworth", "cormac.elsworth@example.com"), ("Isla Fenwright", "isla.fenwright@example.com")),
    "sales": (("Rosalind Achebe-Hart", "rosalind.achebe-hart@example.com"),),
    "leadership": (("Percival Otunga", "percival.otunga@example.com"), ("Henrike Sallow", "henrike.sallow@example.com")),
}
