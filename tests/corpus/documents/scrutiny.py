"""Council scrutiny: recommendation trackers."""

from __future__ import annotations

from tests.corpus.documents.common import Family
from tests.corpus.expect import Want
from tests.corpus.spec import C, Doc, Para, Table

SAMPLES = Family()


# ---- 1. A scrutiny recommendation tracker (Word): two date columns, initials, status words ----------

_TRACKER_HEADER = [
    "Reference",
    "Origin",
    "Date",
    "Area",
    "Recommendation",
    "Exec Date",
    "Lead Officer/EM",
    "Action taken",
    "Status",
]
_TRACKER = Doc(
    [
        Para("ANNEX A", "bold"),
        Para("Scrutiny Recommendation Tracker (DRAFT EXAMPLE)", "bold"),
        Para(
            "An example of how this information will be presented to Members; please see key below for further details."
        ),
        Table(
            [
                _TRACKER_HEADER,
                [
                    "SR (25/26) 01",
                    "CRP",
                    "01/01/26",
                    "Finance",
                    "Full text of the recommendation…",
                    "01/02/26",
                    "DM/PL/KL",
                    C(
                        "A list of actions identified:",
                        bullets=("Action 1", "Action 2"),
                    ),
                    "Complete",
                ],
                [
                    "SR (25/26) 02",
                    "CRP",
                    "01/01/26",
                    "Finance",
                    "That XYZ be completed by…",
                    "01/02/26",
                    "DM/PL/KL",
                    "Summary of progress to date and ongoing work identified...",
                    "Ongoing",
                ],
                ["SR (25/26) 03", "PPL", "01/02/26", "ASC", "That XYZ…", "01/03/26", "SS/LSW", "As above…", "Ongoing"],
                [
                    "SR (25/26) 04",
                    "PLC",
                    "01/02/26",
                    "Health",
                    "That ABC…",
                    "01/03/26",
                    "PR/LSW",
                    "Detail of action taken.",
                    "Complete",
                ],
                [
                    "SR (23/24) 19",
                    "CSMC",
                    "01/04/24",
                    "Governance",
                    "That ABC be completed by...",
                    "01/05/24",
                    "JP/CD",
                    "Detail including reasons (where available) for lack of progress, a pause etc e.g. due to "
                    "capacity issues, a change in government policy etc.",
                    "e.g. Paused",
                ],
                [""] * 9,
                [""] * 9,
            ]
        ),
        Para("Key"),
        Para(
            "Reference: Each recommendation will be assigned a reference indicating the municipal year the recommendation was made."
        ),
        Para(
            "Origin: CRP (Corporate Scrutiny Committee); PPL (People Scrutiny Committee); PLC (Place Scrutiny Committee)."
        ),
        Para("Date: Date of the Committee meeting recommendation was agreed."),
        Para("Exec Date: Date recommendation was considered by Executive."),
        Para(
            "Status: Green: recommendation achieved – monitoring no longer required; Amber: acceptable progress made – continue monitoring; Red: unacceptable progress made."
        ),
    ]
)
SAMPLES.add(
    name="scrutiny-tracker",
    source="Scrutiny Recommendation Tracker, Annex A (a council's corporate scrutiny committee papers)",
    suffix=".docx",
    doc=_TRACKER,
    title="Scrutiny Recommendation Tracker (DRAFT EXAMPLE)",
    wants=[
        Want(
            ref="SR (25/26) 01",
            action="Full text of the recommendation…",
            leads=("DM", "PL", "KL"),
            timescale="01/02/26",
            progress=("A list of actions identified:", "Action 1", "Action 2", "Origin: CRP", "Date: 01/01/26"),
            status="complete",
            theme="Finance",
        ),
        Want(
            ref="SR (25/26) 02",
            action="That XYZ be completed by…",
            leads=("DM", "PL", "KL"),
            timescale="01/02/26",
            progress=("Summary of progress to date and ongoing work identified...", "Origin: CRP", "Date: 01/01/26"),
            theme="Finance",
        ),
        Want(
            ref="SR (25/26) 03",
            action="That XYZ…",
            leads=("SS", "LSW"),
            timescale="01/03/26",
            progress=("As above…", "Origin: PPL", "Date: 01/02/26"),
            theme="ASC",
        ),
        Want(
            ref="SR (25/26) 04",
            action="That ABC…",
            leads=("PR", "LSW"),
            timescale="01/03/26",
            progress=("Detail of action taken.", "Origin: PLC", "Date: 01/02/26"),
            status="complete",
            theme="Health",
        ),
        Want(
            ref="SR (23/24) 19",
            action="That ABC be completed by...",
            leads=("JP", "CD"),
            timescale="01/05/24",
            progress=(
                "Detail including reasons (where available) for lack of progress, a pause etc e.g. due to capacity "
                "issues, a change in government policy etc.",
                "Origin: CSMC",
                "Date: 01/04/24",
                "Status: e.g. Paused",
            ),
            theme="Governance",
        ),
    ],
)


# ---- 24. A scrutiny committee's recommendation action and implementation plan (web page):
# ---- key-value lines above the table, footnote markers in the header cells, the timetable
# ---- column saying "Completed" or "Meeting held by <date>", a cabinet member beside the lead

_SCRAIP_HEADER = ["Recommendation[i]", "Cabinet Member[ii]", "Response[iii]", "Timetable[iv]", "Lead Officer[v]"]
_SCRAIP_MEMBER = "Councillor Moss/ The Leader"

SAMPLES.add(
    name="scrutiny-scraip-web",
    source="maidstone.gov.uk: a Scrutiny Committee Recommendation Action and Implementation Plan (2014)",
    suffix=".html",
    doc=Doc(
        [
            Para("Appendix B", "bold"),
            Para("SCRUTINY COMMITTEE RECOMMENDATION ACTION AND IMPLEMENTATION PLAN (SCRAIP)", "title"),
            Para("Committee: Strategic Leadership and Corporate Services Overview and Scrutiny Committee"),
            Para("Meeting Date: 7 January 2014"),
            Para("Minute №: 91"),
            Para("Topic: Strategic Plan Refresh 2014-15"),
            Table(
                [
                    _SCRAIP_HEADER,
                    [
                        "a) A focus group of all members of the committee be arranged to look at reducing the "
                        "number of Performance Indicators in the Strategic Plan;",
                        _SCRAIP_MEMBER,
                        "Agreed: dates have been circulated",
                        "Meeting held by 28 February 2014",
                        "Angela Woodhouse",
                    ],
                    [
                        "b) The Head of Policy and Communications identifies which specific actions can be achieved "
                        "by 2015 for the priority outcome on deprivation, so that the report to Cabinet is clear "
                        "about what is achievable;",
                        _SCRAIP_MEMBER,
                        "Agreed. The Strategic Plan has been changed to reflect this.",
                        "Completed",
                        "Angela Woodhouse",
                    ],
                    [
                        "c) Ways to strengthen relationships with Parish Councils be included in the 'Customer care "
                        "and engagement' section of the Strategic Plan; and",
                        _SCRAIP_MEMBER,
                        "Agreed",
                        "Completed",
                        "Angela Woodhouse",
                    ],
                    [
                        "d) References to the Autumn Statement 2012 be updated to 2013 in the Strategic Plan.",
                        _SCRAIP_MEMBER,
                        "Agreed",
                        "Completed",
                        "Angela Woodhouse",
                    ],
                ]
            ),
            Para("Notes on the completion of SCRAIP", "bold"),
            Para("[i] Recommendations are listed as they appear in the report."),
            Para("[ii] The Cabinet Member responsible for the recommendation."),
            Para("[iii] Whether the recommendation is agreed, and the action to be taken."),
            Para("[iv] When the action will be completed."),
            Para("[v] The officer responsible for the action."),
        ],
    ),
    wants=[
        Want(
            ref="a",
            action="A focus group of all members of the committee be arranged to look at reducing the number of "
            "Performance Indicators in the Strategic Plan;",
            leads=("Angela Woodhouse",),
            timescale="Meeting held by 28 February 2014",
            progress=("Agreed: dates have been circulated", f"Cabinet Member: {_SCRAIP_MEMBER}"),
        ),
        Want(
            ref="b",
            action="The Head of Policy and Communications identifies which specific actions can be achieved by 2015 "
            "for the priority outcome on deprivation, so that the report to Cabinet is clear about what is "
            "achievable;",
            leads=("Angela Woodhouse",),
            progress=(
                "Agreed. The Strategic Plan has been changed to reflect this.",
                f"Cabinet Member: {_SCRAIP_MEMBER}",
            ),
            status="complete",
        ),
        Want(
            ref="c",
            action="Ways to strengthen relationships with Parish Councils be included in the 'Customer care and "
            "engagement' section of the Strategic Plan; and",
            leads=("Angela Woodhouse",),
            progress=("Agreed", f"Cabinet Member: {_SCRAIP_MEMBER}"),
            status="complete",
        ),
        Want(
            ref="d",
            action="References to the Autumn Statement 2012 be updated to 2013 in the Strategic Plan.",
            leads=("Angela Woodhouse",),
            progress=("Agreed", f"Cabinet Member: {_SCRAIP_MEMBER}"),
            status="complete",
        ),
    ],
)
