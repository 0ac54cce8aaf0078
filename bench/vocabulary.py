"""The words of the generated plans: names, job titles, action texts, progress notes and
timescales in the styles real plans use (bench/generate.py and bench/spreadsheet.py)."""

from __future__ import annotations

import random

THEMES = ("COMMITMENT", "OPPORTUNITIES", "SUPPORT", "OUTCOMES")
ORGANISATIONS = (
    "St Helens Council",
    "Leeds City Council",
    "Wirral Council",
    "Calderdale Council",
    "Salford City Council",
    "Kirklees Council",
)
BODIES = (
    "Children and Young People Services Scrutiny Panel",
    "Corporate Parent Forum",
    "Care Leaver Board",
    "Overview and Scrutiny Commission",
    "Health and Wellbeing Board",
)
PLAN_TOPICS = (
    "Improving Work Opportunities for Care Experienced Young People",
    "Apprenticeships for Looked After Children and Care Leavers",
    "From Care2Work Employability Support Work Plan",
    "SEND Improvement Plan",
    "Early Help Partnership Plan",
    "Youth Justice Improvement Plan",
    "Corporate Parenting Action Plan",
    "NEET Reduction Strategy",
)
FIRST = (
    "Jackie",
    "Jancis",
    "Michael",
    "Keith",
    "Sally",
    "Sheila",
    "Lynne",
    "Jane",
    "Allison",
    "Dominic",
    "Carly",
    "Helen",
    "Sharon",
    "Sarah",
    "Paul",
    "Rob",
    "Catherine",
    "Gwendolyn",
    "Andrew",
    "Fiona",
    "Imran",
    "Priya",
    "Tom",
    "Rachel",
    "David",
    "Nadia",
    "Owen",
    "Grace",
    "Mark",
    "Ruth",
    "Yusuf",
    "Claire",
    "Peter",
    "Aisha",
    "Gareth",
    "Megan",
)
LAST = (
    "Roper",
    "Andrew",
    "Clarke",
    "Lander",
    "Lowe",
    "Duxbury",
    "McLaughlin",
    "Hopkins",
    "Yates",
    "Tumelty",
    "Quinn",
    "Sharratt",
    "Fryer",
    "Platt",
    "Ross",
    "Murray",
    "White",
    "Wagner-Adair",
    "Hussain",
    "Patel",
    "O'Neill",
    "Bennett",
    "Kowalski",
    "Okafor",
    "Thompson",
    "Ahmed",
    "Williams",
    "Jones",
    "Walsh",
    "Evans",
    "Brennan",
    "Shaw",
    "Fletcher",
    "Nolan",
)
JOB_TITLES = (
    "Head of Service, Children We Look After",
    "Team Manager, Futures",
    "Head teacher, Virtual School",
    "Service Delivery Manager",
    "Targeted Services Leader",
    "14-19 Partnerships Manager",
    "Young People's Progression Manager",
    "Head of Employment and Skills",
    "Children and Young People Consultation Officer",
    "Operations Manager, Targeted Services",
    "Education Adviser",
    "Head of Service, SEND",
)
TEAMS = (
    "Children's Social Work Service",
    "Virtual School",
    "Employment and Skills",
    "Targeted Services",
    "Futures team",
    "Communications",
)
VERBS = (
    "To ensure",
    "To develop",
    "To review",
    "To link with",
    "To support and implement",
    "To promote",
    "To monitor",
    "To establish",
    "To co-ordinate",
    "To deliver",
)
OBJECTS = (
    "the Care Leaver Dashboard",
    "the NEET Strategy",
    "a consultation exercise with young people",
    "work experience opportunities across council services",
    "the Local Offer",
    "Personal Education Plans",
    "the Care Leaver Life Skills programme at the Hub",
    "mentoring from the University partners",
    "the apprenticeship levy transfer scheme",
    "quarterly reports to the Corporate Parent Forum",
    "the careers advice and guidance strategy",
    "ring-fenced apprenticeships for care leavers",
    "the MALAP sub group",
    "traineeships with local employers",
    "the website pages for care leavers",
)
PURPOSES = (
    "so that care leavers are supported into education, employment or training.",
    "with a focus on children we look after aged 16 and over.",
    "and report progress to the Care Leaver Board.",
    "to improve outcomes at Key Stage 5.",
    "in conjunction with the communications team.",
    "ensuring the language used is engaging and accessible.",
    "and embed it in the Leeds Safeguarding Children Board Education Reference Group.",
    "to reduce the number of young people who are NEET.",
)
PROGRESS_TEXT = {
    "achieved": (
        "Since Aug {y} {i} sits on the Education Reference Steering Group.",
        "Taster events held in July and August {y}.",
        "Data included in the dashboard.",
        "Strategy approved by the Care Leaver Board.",
        "Review of the Local Offer completed.",
        "{n} care leavers started apprenticeships this term.",
        "Done and ongoing.",
    ),
    "next": (
        "Report to Corporate Parent Forum in {m} {y}.",
        "Book the venue for the autumn event.",
        "Agree the data sharing protocol with DWP.",
        "Circulate the draft to partners.",
        "Follow up with Jobcentre Plus on referrals.",
        "Present findings to the Scrutiny Panel.",
    ),
    "note": (
        "Awaiting Member portfolios to be confirmed.",
        "Delayed: staff vacancy in the team.",
        "Discussed at the Care Leaver Board.",
        "Funding confirmed for {y}/{yy}.",
    ),
}
RAG_REASONS = {
    "red": ("Training delayed to {m}", "Funding withdrawn by partner", "Post vacant since {m}"),
    "amber": ("Some slippage: venue not confirmed", "Awaiting partner data", "Staff sickness"),
    "green": ("Back on schedule after review", "Partner data received", "Venue booked"),
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def timescale(rng: random.Random) -> str:
    """A timescale in one of the styles the seed plans use."""
    y = rng.choice((2014, 2015, 2021, 2024, 2025, 2025, 2026, 2026, 2026, 2027, 2027))
    m = rng.randrange(1, 13)
    month = MONTHS[m - 1]
    style = rng.randrange(16)
    if style == 0:
        return f"{m:02d}/{y % 100:02d}"  # "04/14"
    if style == 1:
        return f"From {month} {y % 100:02d}"
    if style == 2:
        d = rng.randrange(1, 29)
        suffix = "st" if d in (1, 21) else "nd" if d in (2, 22) else "rd" if d in (3, 23) else "th"
        return f"{d}{suffix} {month} {y}"
    if style == 3:
        return f"{rng.choice(('Spring', 'Summer', 'Autumn'))} term {y}"
    if style == 4:
        return rng.choice(("Ongoing", "Ongoing", "As required", "Quarterly", "Monthly"))
    if style == 5:
        return f"Q{rng.randrange(1, 5)} {y}/{(y + 1) % 100:02d}"
    if style == 6:
        return f"By {month} {y}"
    if style == 7:
        return f"{month[:4] if month == 'September' else month[:3]} {y}"  # "Sept 2013"
    if style == 8:
        return f"{rng.randrange(1, 29):02d}/{m:02d}/{y % 100:02d}"
    if style == 9:
        return f"{y}-{(y + 1) % 100:02d}"
    if style == 10:
        return f"End of {month}"
    if style == 11:
        return f"{m:02d}/{y % 100:02d}-{min(m + 3, 12):02d}/{y % 100:02d}"
    if style == 12:
        return f"{month} {y}"
    return f"{rng.randrange(1, 29)}/{m:02d}/{y}"
