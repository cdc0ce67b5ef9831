"""What the demo's buyers said: invented calls, one story per call, in the demo's own words.

A story gives the notes per phase of the arc, the buyer's exact words (quotes,
by phase), reason tags, the wrap-up and the takeaways with their themes and
teams. Quotes are referred to by their place in ``quotes``; a takeaway that
points at none says why. Fiction written for the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.enums import Phase, RepReason, Sentiment, TakeawayKind, Team

P = Phase


@dataclass(frozen=True)
class Finding:
    text: str
    theme: str
    teams: tuple[Team, ...]
    quotes: tuple[int, ...] = ()
    no_quote_reason: str = ""
    importance: int = 2
    sentiment: Sentiment = Sentiment.MIXED
    kind: TakeawayKind | None = None


@dataclass(frozen=True)
class Story:
    notes: dict[Phase, str]
    quotes: tuple[tuple[Phase, str], ...]
    tags: dict[Phase, RepReason]
    primary: RepReason
    secondary: tuple[RepReason, ...]
    criteria: str
    marketing: str
    findings: tuple[Finding, ...]


SUMMARISED = "Summarised from the notes; the buyer did not put it in quotable words."

LOST: tuple[Story, ...] = (
    Story(
        notes={
            P.OPENING: "Runs operations for the regional depots; signed off on the shortlist, not the budget.",
            P.DECISION_PROCESS: "Ops, finance and IT security in the room. Finance could veto; IT asked the most.",
            P.EVALUATION: "Ranked rollout effort first, then price, then reporting. Our demo was strong on reporting.",
            P.COMPETITION: "Shortlisted three. The winner offered a phased rollout with a named onboarding lead.",
            P.SALES_EXPERIENCE: "Rep was quick and straight with them; the security review dragged on our side.",
            P.PRODUCT_ROADMAP: "Wanted offline mode for drivers this year; our answer sounded like 'maybe next year'.",
            P.CLOSING: "Open to talking again at renewal. Suggested we publish a sample rollout plan.",
        },
        quotes=(
            (P.EVALUATION, "Honestly the price gap was small. What scared us was a big-bang rollout across forty depots."),
            (P.COMPETITION, "They put a name and a calendar on the rollout. You put a slide."),
            (P.SALES_EXPERIENCE, "Your rep never once oversold, and that counted for a lot with our finance lead."),
        ),
        tags={P.EVALUATION: RepReason.PRODUCT_FIT, P.COMPETITION: RepReason.POOR_ONBOARDING},
        primary=RepReason.PRODUCT_FIT, secondary=(RepReason.PRICE_ADVANTAGE,),
        criteria="Rollout effort and risk, then price, then reporting depth.",
        marketing="Show how a rollout runs, week by week, before the proposal stage.",
        findings=(
            Finding("Rollout risk outweighed the price difference: buyers want a phased plan with a named owner.",
                    "Rollout and onboarding", (Team.PRODUCT, Team.CS), (0, 1), importance=3,
                    sentiment=Sentiment.NEGATIVE, kind=TakeawayKind.GAP),
            Finding("A straight, unhurried sales style builds trust with finance.", "Sales experience",
                    (Team.SALES,), (2,), sentiment=Sentiment.POSITIVE, kind=TakeawayKind.DIFFERENTIATOR),
            Finding("Publish a sample rollout plan on the website and in the proposal template.", "Proof of delivery",
                    (Team.MARKETING,), no_quote_reason=SUMMARISED),
        ),
    ),
    Story(
        notes={
            P.OPENING: "Head of IT; owned the technical evaluation and the security questionnaire.",
            P.DECISION_PROCESS: "CIO decided with procurement. Security could stop anything, and nearly stopped us.",
            P.EVALUATION: "Single sign-on and audit logs were must-haves. We had both, but our answers came late.",
            P.COMPETITION: "The other vendor sent a completed security pack on day one.",
            P.SALES_EXPERIENCE: "Felt passed around between three of our people; nobody owned the security thread.",
            P.PRODUCT_ROADMAP: "Asked about data residency in the EU; liked the plan but needed a date.",
            P.CLOSING: "Would look again if security answers came in days, not weeks.",
        },
        quotes=(
            (P.EVALUATION, "We never doubted the product. We doubted we'd get through our own security review with you."),
            (P.COMPETITION, "Their security pack was waiting in my inbox before the first call ended."),
        ),
        tags={P.EVALUATION: RepReason.OTHER, P.COMPETITION: RepReason.OTHER},
        primary=RepReason.OTHER, secondary=(RepReason.PRODUCT_FIT,),  # the security review; EU data residency
        criteria="Security review speed, single sign-on, audit logs, then price.",
        marketing="A public trust page with the security pack ready to download.",
        findings=(
            Finding("Slow answers to the security questionnaire cost us the deal, not the product.", "Security review",
                    (Team.SALES, Team.PRODUCT), (0,), importance=3, sentiment=Sentiment.NEGATIVE,
                    kind=TakeawayKind.GAP),
            Finding("Competitors hand over a complete security pack on the first call.", "Security review",
                    (Team.MARKETING, Team.LEADERSHIP), (1,), importance=3, sentiment=Sentiment.NEGATIVE,
                    kind=TakeawayKind.GAP),
            Finding("EU data residency needs a committed date on the roadmap.", "Product roadmap", (Team.PRODUCT,),
                    no_quote_reason=SUMMARISED, sentiment=Sentiment.MIXED, kind=TakeawayKind.GAP),
        ),
    ),
    Story(
        notes={
            P.OPENING: "Finance director; approved the budget and compared total cost over three years.",
            P.DECISION_PROCESS: "Finance led. Operations had a favourite early on, which was us.",
            P.EVALUATION: "Three-year cost was the deciding line. Our add-ons made the quote hard to compare.",
            P.COMPETITION: "The cheaper option was 'good enough' and priced as one line.",
            P.SALES_EXPERIENCE: "Discount came late and felt like a negotiation tactic, not a plan.",
            P.PRODUCT_ROADMAP: "No roadmap concerns; reporting was better on our side.",
            P.CLOSING: "Suggested a simple all-in price for mid-sized teams.",
        },
        quotes=(
            (P.EVALUATION, "I needed one number for three years. Your quote had eleven lines and two footnotes."),
            (P.SALES_EXPERIENCE, "The discount arrived the day after we'd decided. It felt like a tactic."),
        ),
        tags={P.EVALUATION: RepReason.PRICE_ADVANTAGE},
        primary=RepReason.PRICE_ADVANTAGE, secondary=(RepReason.PRODUCT_FIT,),
        criteria="Three-year total cost, then ease of comparison, then reporting.",
        marketing="A pricing page with an all-in example for a 200-person team.",
        findings=(
            Finding("Quotes with many add-ons lose to one-line prices, even when ours is cheaper over time.",
                    "Pricing clarity", (Team.MARKETING, Team.SALES, Team.LEADERSHIP), (0,), importance=3,
                    sentiment=Sentiment.NEGATIVE, kind=TakeawayKind.GAP),
            Finding("Late discounts read as tactics; price early and plainly.", "Pricing clarity", (Team.SALES,), (1,),
                    sentiment=Sentiment.NEGATIVE, kind=TakeawayKind.GAP),
        ),
    ),
)

WON: tuple[Story, ...] = (
    Story(
        notes={
            P.OPENING: "Operations lead; ran the pilot and wrote the recommendation.",
            P.DECISION_PROCESS: "Ops recommended, the COO signed. Finance checked the three-year cost.",
            P.EVALUATION: "Reporting won it: the depot dashboards answered questions they had asked for years.",
            P.COMPETITION: "Looked at two others. One was cheaper, one had nicer mobile screens.",
            P.SALES_EXPERIENCE: "Pilot was well run; the onboarding lead was named from the first week.",
            P.PRODUCT_ROADMAP: "Expects offline mode within the year; it is on their must-have list for renewal.",
            P.CLOSING: "Happy to be a reference for logistics buyers.",
        },
        quotes=(
            (P.EVALUATION, "The first dashboard in the pilot answered a question our board had asked for two years."),
            (P.SALES_EXPERIENCE, "Having one named person for onboarding made the pilot feel safe."),
        ),
        tags={P.EVALUATION: RepReason.PRODUCT_FIT},
        primary=RepReason.PRODUCT_FIT, secondary=(RepReason.MESSAGING_RESONATED,),
        criteria="Reporting depth, a safe pilot, three-year cost.",
        marketing="Lead with the depot dashboards; they sell themselves.",
        findings=(
            Finding("Reporting depth is what wins: lead demos with the dashboards buyers already want.",
                    "Reporting depth", (Team.MARKETING, Team.SALES), (0,), importance=3,
                    sentiment=Sentiment.POSITIVE, kind=TakeawayKind.DIFFERENTIATOR),
            Finding("A named onboarding lead during the pilot makes buyers feel safe.", "Rollout and onboarding",
                    (Team.CS,), (1,), sentiment=Sentiment.POSITIVE, kind=TakeawayKind.DIFFERENTIATOR),
            Finding("Offline mode is a renewal risk if it slips past next year.", "Product roadmap", (Team.PRODUCT,),
                    no_quote_reason=SUMMARISED, importance=2, sentiment=Sentiment.MIXED, kind=TakeawayKind.GAP),
        ),
    ),
    Story(
        notes={
            P.OPENING: "VP Customer Service; sponsor of the project.",
            P.DECISION_PROCESS: "Small group: the VP, IT and procurement. Fast decision once the pilot ended.",
            P.EVALUATION: "Integrations with their ticketing tool were the must-have; ours worked on day one.",
            P.COMPETITION: "The runner-up needed a partner to build the integration.",
            P.SALES_EXPERIENCE: "Rep understood their customer-service world; used their own words back to them.",
            P.PRODUCT_ROADMAP: "Would like more control over alert rules.",
            P.CLOSING: "Asked for a customer community to swap setups with peers.",
        },
        quotes=(
            (P.EVALUATION, "Your integration worked the first afternoon. Theirs needed a partner and a statement of work."),
            (P.SALES_EXPERIENCE, "Your rep talked about our queues like she'd worked in them."),
        ),
        tags={P.EVALUATION: RepReason.PRODUCT_FIT, P.SALES_EXPERIENCE: RepReason.MESSAGING_RESONATED},
        primary=RepReason.PRODUCT_FIT, secondary=(RepReason.MESSAGING_RESONATED,),
        criteria="Working integration with their ticketing tool, time to value, support quality.",
        marketing="Show the integration live in the first meeting.",
        findings=(
            Finding("Out-of-the-box integrations beat partner-built ones on time to value.", "Integrations",
                    (Team.PRODUCT, Team.MARKETING), (0,), importance=3, sentiment=Sentiment.POSITIVE,
                    kind=TakeawayKind.DIFFERENTIATOR),
            Finding("Reps who speak the buyer's domain language build trust quickly.", "Sales experience",
                    (Team.SALES,), (1,), sentiment=Sentiment.POSITIVE, kind=TakeawayKind.DIFFERENTIATOR),
        ),
    ),
    Story(
        notes={
            P.OPENING: "Procurement manager; ran the tender.",
            P.DECISION_PROCESS: "Formal tender with scoring; price was 30% of the score.",
            P.EVALUATION: "Scored highest on functionality and references; second on price.",
            P.COMPETITION: "Two bidders; the other had weaker references in their sector.",
            P.SALES_EXPERIENCE: "Answers to the tender questions were complete and on time.",
            P.PRODUCT_ROADMAP: "No concerns.",
            P.CLOSING: "Suggested clearer pricing tables in tender responses.",
        },
        quotes=(
            (P.EVALUATION, "Your references were the only ones from organisations like ours."),
        ),
        tags={P.EVALUATION: RepReason.PRODUCT_FIT},
        primary=RepReason.PRODUCT_FIT, secondary=(RepReason.PRICE_ADVANTAGE,),
        criteria="Tender score: functionality, references, price.",
        marketing="Keep sector references current and easy to cite in tenders.",
        findings=(
            Finding("Sector references decide close tenders.", "Proof of delivery", (Team.MARKETING, Team.SALES), (0,),
                    sentiment=Sentiment.POSITIVE, kind=TakeawayKind.DIFFERENTIATOR),
            Finding("Tender pricing tables need to be easier to score.", "Pricing clarity", (Team.SALES,),
                    no_quote_reason=SUMMARISED, sentiment=Sentiment.MIXED, kind=TakeawayKind.GAP),
        ),
    ),
)

NO_DECISION: tuple[Story, ...] = (
    Story(
        notes={
            P.OPENING: "Project lead for the evaluation; moved to another role since.",
            P.DECISION_PROCESS: "The sponsor left in the spring; nobody picked the project up.",
            P.EVALUATION: "Liked the product; the business case was never finished.",
            P.COMPETITION: "Still on spreadsheets; no other vendor chosen.",
            P.SALES_EXPERIENCE: "Rep kept in touch, but the conversations lost their owner on our side too.",
            P.PRODUCT_ROADMAP: "No concerns raised.",
            P.CLOSING: "Would restart if a new sponsor had a ready-made business case.",
        },
        quotes=(
            (P.DECISION_PROCESS, "When our sponsor left, the project left with her."),
            (P.CLOSING, "If you'd handed us a business case we could reuse, someone would have picked it up."),
        ),
        tags={P.DECISION_PROCESS: RepReason.CHAMPION_LEFT},
        primary=RepReason.CHAMPION_LEFT, secondary=(RepReason.NO_DECISION_TIMING,),
        criteria="Never formalised.",
        marketing="A business-case template a new sponsor can take over.",
        findings=(
            Finding("Deals stall when the champion leaves: give every champion a reusable business case.",
                    "Business case", (Team.MARKETING, Team.SALES), (0, 1), importance=3,
                    sentiment=Sentiment.NEGATIVE, kind=TakeawayKind.GAP),
        ),
    ),
    Story(
        notes={
            P.OPENING: "IT manager; ran the evaluation alongside a budget freeze.",
            P.DECISION_PROCESS: "Budget froze in the third quarter; everything non-essential stopped.",
            P.EVALUATION: "Shortlisted us first; the project was judged 'nice to have'.",
            P.COMPETITION: "No one won; they extended the old contract a year.",
            P.SALES_EXPERIENCE: "Appreciated that the rep did not push once the freeze was announced.",
            P.PRODUCT_ROADMAP: "Interested in the cheaper starter edition if it comes.",
            P.CLOSING: "Revisit in the spring budget round.",
        },
        quotes=(
            (P.EVALUATION, "You were first on the list. But first on a list of nice-to-haves is still cut."),
        ),
        tags={P.DECISION_PROCESS: RepReason.NO_DECISION_TIMING},
        primary=RepReason.NO_DECISION_TIMING, secondary=(),
        criteria="Cost savings in year one; it had to pay for itself.",
        marketing="Quantify savings in year one so projects survive budget freezes.",
        findings=(
            Finding("Projects framed as 'nice to have' die in budget freezes: show year-one savings.", "Business case",
                    (Team.MARKETING, Team.LEADERSHIP), (0,), importance=2, sentiment=Sentiment.NEGATIVE,
                    kind=TakeawayKind.GAP),
        ),
    ),
)
