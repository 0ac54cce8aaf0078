"""Parish councils: action plans and work plans."""

from __future__ import annotations

from tests.corpus.documents.common import Family
from tests.corpus.expect import Want
from tests.corpus.spec import C, Doc, Para, Table

SAMPLES = Family()


# ---- 14. A parish council's action plan, copied from its web page as text ---------------------------

_NEWTON = [
    (
        "Ensure the Action Plan is reviewed annually",
        "Clerk to ensure review at the Annual Parish Meeting. Plan to run from May to April",
        "Clerk & Councillors",
        "Annual review in May",
        "Yearly",
    ),
    (
        "Implementation of Parish Plan actions",
        "Appointed councillors to continue to work with Development Group and parish organisations to implement "
        "actions and to ensure development of future Parish Plans",
        "Councillors and Development Group",
        "End of April 2019",
        "Yes",
    ),
    (
        "Ensure continued compliance with the relevant current legislation and to promote openness, transparency and "
        "community engagement through the use of various communication media.",
        "Clerk to ensure compliance is maintained through website and Facebook page. Councillors to maintain monthly "
        "surgeries, Annual report and Directory and two newsletters per year to be produced.",
        "Clerk and councillors",
        "Feb & Oct",
        "",
    ),
    (
        "Ensure that all council assets are maintained in a safe and proper manor",
        "Responsible councillor to check on a regular basis that council assets such as seats, phone boxes, bus "
        "shelters, noticeboards, village signs are maintained and in good working order and to ensure annual Risk "
        "Assessment",
        "Appointed councillors",
        "Annual review in May",
        "Assets Risk Assessed in September",
    ),
    (
        "Ensure all council policies and procedures are reviewed annually and updated as necessary",
        "Clerk to ensure annual review process is on the agenda",
        "Clerk and councillors",
        "",
        "",
    ),
]


def _newton_want(action: str, how: str, who: str, when: str, achieved: str) -> Want:
    leads = {
        "Clerk & Councillors": ("Clerk", "Councillors"),
        "Councillors and Development Group": ("Councillors", "Development Group"),
        "Clerk and councillors": ("Clerk", "councillors"),
    }.get(who, (who,))
    notes = (f"Implementation: {how}",) + ((f"Achieved?: {achieved}",) if achieved not in ("", "Yes") else ())
    # "Yes", or a statement of what was done ("Assets Risk Assessed in September"), is achieved;
    # "Yearly" says how often, not that it was done.
    done = achieved == "Yes" or achieved.startswith("Assets")
    return Want(action=action, leads=leads, timescale=when, progress=notes, status="complete" if done else "open")


SAMPLES.add(
    name="parish-action-plan-pasted",
    source="Newton St Cyres Parish Council: action / development plan Dec 2018 to April 2020 (web page)",
    suffix=".txt",
    doc=Doc(
        [
            Para("Action /Development Plan – Dec 2018 to April 2020"),
            Para(
                "Newton St Cyres Parish Council will seek to develop, improve and maintain village services and "
                "facilities to the best of its ability within its budget."
            ),
            Table(
                [
                    [
                        "Action",
                        "Implementation",
                        "Who is responsible for action?",
                        "Timescale & Review Date",
                        "Achieved?",
                    ],
                    *(list(row) for row in _NEWTON),
                ]
            ),
        ]
    ),
    title="Action /Development Plan – Dec 2018 to April 2020",
    wants=[_newton_want(*row) for row in _NEWTON],
)


# ---- 15. The same parish's responsibilities and work plan (Excel) -- held out -----------------------

_WORK_HEADER = [
    "Action month",
    "Item / Area",
    "Requirement",
    "Frequency",
    "Important Actions",
    "Review Timescale",
    "Councillor responsible",
]
SAMPLES.add(
    name="parish-work-plan-xlsx",
    source="Newton St Cyres Parish Council: responsibilities & work plan 2021-2022",
    suffix=".xlsx",
    held_out=True,
    doc=Doc(
        [
            Para("RESPONSIBILITIES & WORK PLAN 2021- 2022", "title"),
            Para("To be completely reviewed in May each year and then as per the Review Timescale"),
            Table(
                [
                    _WORK_HEADER,
                    [
                        "Monthly",
                        "A377",
                        "Discuss with DCC Vehicle Activated signs. If DCC cannot provide to consider buying our own "
                        "signs\nMonitor air quality via reports from pollution monitor located on A377\nTo support the "
                        "A377 Action Group as set up by District Councillor Graeme Barnell\nTo ensure crossing is "
                        "installed in 2021",
                        "Ongoing",
                        "Liaise with DCC\nWork with Cllr Graeme Barnell",
                        "Ongoing\nOngoing\nOngoing\nOngoing",
                        "Cllr J Enright",
                    ],
                    [
                        "May",
                        "Action Plan – ensure it is reviewed annually",
                        "Clerk to ensure review at the Annual Parish Meeting. Plan to run from May to April",
                        "Annually",
                        "Annual review in May",
                        "Yearly",
                        "Councillors and Clerk",
                    ],
                    _WORK_HEADER,
                    [
                        "Quarterly",
                        "Affordable Housing",
                        "To try and ensure any future development in the parish are in line with the recommendations "
                        "from the parish plans and the 2016 housing survey\nTo consider setting up a Community Land "
                        "Trust and/or\nTo consider working with an affordable housing developer",
                        "As and when anything to report",
                        "Work with community to develop CLT\nWork with affordable housing developers",
                        "Yearly",
                        "Cllr J Enright",
                    ],
                ]
            ),
        ]
    ),
    title="RESPONSIBILITIES & WORK PLAN 2021- 2022",
    wants=[
        *(
            Want(
                objective="A377",
                action=text,
                leads=("J Enright",),
                timescale="Ongoing",
                progress=(
                    "Action month: Monthly",
                    "Frequency: Ongoing",
                    "Important Actions: Liaise with DCC Work with Cllr Graeme Barnell",
                ),
            )
            for text in (
                "Discuss with DCC Vehicle Activated signs. If DCC cannot provide to consider buying our own signs",
                "Monitor air quality via reports from pollution monitor located on A377",
                "To support the A377 Action Group as set up by District Councillor Graeme Barnell",
                "To ensure crossing is installed in 2021",
            )
        ),
        Want(
            objective="Action Plan – ensure it is reviewed annually",
            action="Clerk to ensure review at the Annual Parish Meeting. Plan to run from May to April",
            leads=("Councillors", "Clerk"),
            timescale="Yearly",
            progress=("Action month: May", "Frequency: Annually", "Important Actions: Annual review in May"),
        ),
        Want(
            objective="Affordable Housing",
            action="To try and ensure any future development in the parish are in line with the recommendations from "
            "the parish plans and the 2016 housing survey To consider setting up a Community Land Trust and/or To "
            "consider working with an affordable housing developer",
            leads=("J Enright",),
            timescale="Yearly",
            progress=(
                "Action month: Quarterly",
                "Frequency: As and when anything to report",
                "Important Actions: Work with community to develop CLT Work with affordable housing developers",
            ),
        ),
    ],
)


# ---- 16. A parish portfolio action plan (Excel): merged portfolio and lead, a numbered column with no header

_KARTING = [
    (
        "1",
        "Noise monitoring of every karting day by parishioners ( currently 4 but aim for more participants)",
        "On-going",
    ),
    ("2", "Notify the Kart club of any trailers carrying Karts through the village", "On-going"),
    (
        "3",
        "Present noise monitoring data to the Environmental Health dept at Cherwell DC for current season",
        "On-going",
    ),
    ("4", "Follow up any action to be taken regarding the 2009 data submitted to CDC Env Health.", "1"),
    ("5", "Monitor any changes at the Kart track and advise CDC planning dept of any enforcement issues", "On-going"),
]
SAMPLES.add(
    name="parish-portfolio-plan",
    source="Shenington with Alkerton Parish Council: portfolio action plan v1.0",
    suffix=".xlsx",
    doc=Doc(
        [
            Para("Shenington with Alkerton Parish Council Portfolio Action Plan", "title"),
            Table(
                [
                    [
                        "Portfolio",
                        "Who\n(lead in red)",
                        "",
                        "Actions",
                        "Year to\nAction",
                        "Closed\n(minutes\nreference)",
                    ],
                    ["Gliding & Karting", "Margaret", "", "Go Karting", "", ""],
                    *([C(down=True), C(down=True), n, text, year, ""] for n, text, year in _KARTING),
                    [
                        C(down=True),
                        C(down=True),
                        "6",
                        C(
                            "Arrange annual meeting in Sept/Oct 2010 to discuss :",
                            bullets=(
                                "Calendar for 2011",
                                "Possibility of reduction of meetings on Sundays in July and August",
                            ),
                        ),
                        "1",
                        "",
                    ],
                ]
            ),
        ]
    ),
    title="Shenington with Alkerton Parish Council Portfolio Action Plan",
    wants=[
        *(
            Want(
                ref=n,
                objective="Go Karting",
                action=text,
                leads=("Margaret",),
                timescale=year,
                theme="Gliding & Karting",
            )
            for n, text, year in _KARTING
        ),
        Want(
            ref="6",
            objective="Go Karting",
            action="Arrange annual meeting in Sept/Oct 2010 to discuss : Calendar for 2011 Possibility of reduction of "
            "meetings on Sundays in July and August",
            leads=("Margaret",),
            timescale="1",
            theme="Gliding & Karting",
        ),
    ],
)
