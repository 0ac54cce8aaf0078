"""NHS boards: summaries of actions and follow-ups from board meetings."""

from __future__ import annotations

from tests.corpus.documents.common import Family
from tests.corpus.expect import Want
from tests.corpus.spec import C, Doc, Para, Table

SAMPLES = Family()


# ---- 2, 3. An NHS trust board's summary of actions (Word, and the same pasted as text) ------------

_HELD_OVER = "Actions held over from previous meetings on 26 April and 24 May 2017"
_JUNE = "Actions from the meeting on 28 June 2017"
_NHS = Doc(
    [
        Para("[DRAFT] Summary of Actions from the Board meeting on 28 June 2017", "heading1"),
        Table(
            [
                ["Relevant Item", "Action", "Responsibility"],
                [C(_HELD_OVER, span=3, bold=True, fill="F2F2F2")],
                [
                    "BOD 60/17(h)\nBOD 21/17 (b)\nBOD 32/17(b)\nStrategic Partnerships Report",
                    "Future reporting to include more evaluation of whether progress achieved was as expected. "
                    "Development pending completion of substantial reworking of all performance reporting due in "
                    "the new financial year 2017/18.\n"
                    "As reporting developed: the relative scale of the partnerships to be set out; the governance "
                    "and management arrangements to be considered; the funding involved and the relative risk to "
                    "the Trust to be included.\n"
                    "Status: in progress – action from February 2017 was pending reworking of performance reporting "
                    "(as presented to the Board meeting on 26 April 2017 in a new format) and next scheduled "
                    "strategic partnership updates to the Board (September and November 2017).",
                    "DH/MW/KR",
                ],
                [
                    "BOD 62/17(l)\nProposed new structure for Operations",
                    "To bring back for further review by the Board in the future so the Board have an opportunity "
                    "to review and input into the development of the new structure.\n"
                    "Status: on hold – to keep on the Summary of Actions until completed",
                    "DH",
                ],
                [
                    "BOD 82/17(l)\nFinance committees’ oversight of FY18 Oxfordshire contract",
                    "To follow-up/provide an update on the meeting which was to take place between the Chair of the "
                    "Trust’s Finance and Investment Committee and the chair of the finance committee at OUH.\n"
                    "Status: tbc in meeting",
                    "CHt",
                ],
                [C(_JUNE, span=3, bold=True, fill="F2F2F2")],
                [
                    "BOD 100/17(a)\nMinutes of the Meeting held on 24 May 2017",
                    "Amend to include references to the importance of the Trust ensuring that it delivered on those "
                    "mitigation plans/activities which it was responsible for.\n"
                    "Status: complete",
                    "HS",
                ],
            ]
        ),
    ]
)
_NHS_WANTS = [
    Want(
        ref="BOD 60/17(h)",
        objective="BOD 21/17 (b) BOD 32/17(b) Strategic Partnerships Report",
        action="Future reporting to include more evaluation of whether progress achieved was as expected. "
        "Development pending completion of substantial reworking of all performance reporting due in the new "
        "financial year 2017/18. As reporting developed: the relative scale of the partnerships to be set out; the "
        "governance and management arrangements to be considered; the funding involved and the relative risk to "
        "the Trust to be included.",
        leads=("DH", "MW", "KR"),
        progress=(
            "Status: in progress – action from February 2017 was pending reworking of performance reporting (as "
            "presented to the Board meeting on 26 April 2017 in a new format) and next scheduled strategic "
            "partnership updates to the Board (September and November 2017).",
        ),
        theme=_HELD_OVER,
    ),
    Want(
        ref="BOD 62/17(l)",
        objective="Proposed new structure for Operations",
        action="To bring back for further review by the Board in the future so the Board have an opportunity to "
        "review and input into the development of the new structure.",
        leads=("DH",),
        progress=("Status: on hold – to keep on the Summary of Actions until completed",),
        theme=_HELD_OVER,
    ),
    Want(
        ref="BOD 82/17(l)",
        objective="Finance committees’ oversight of FY18 Oxfordshire contract",
        action="To follow-up/provide an update on the meeting which was to take place between the Chair of the "
        "Trust’s Finance and Investment Committee and the chair of the finance committee at OUH.",
        leads=("CHt",),
        progress=("Status: tbc in meeting",),
        theme=_HELD_OVER,
    ),
    Want(
        ref="BOD 100/17(a)",
        objective="Minutes of the Meeting held on 24 May 2017",
        action="Amend to include references to the importance of the Trust ensuring that it delivered on those "
        "mitigation plans/activities which it was responsible for.",
        leads=("HS",),
        progress=("Status: complete",),
        status="complete",
        theme=_JUNE,
    ),
]
_NHS_TITLE = "[DRAFT] Summary of Actions from the Board meeting on 28 June 2017"
SAMPLES.add(
    name="nhs-board-actions",
    source="NHS trust board: summary of actions from the board meeting on 28 June 2017",
    suffix=".docx",
    doc=_NHS,
    title=_NHS_TITLE,
    wants=_NHS_WANTS,
)
SAMPLES.add(
    name="nhs-board-actions-pasted",
    source="the same summary of actions, as text copied out of the published PDF",
    suffix=".txt",
    doc=_NHS,
    title=_NHS_TITLE,
    wants=_NHS_WANTS,
)


# ---- 4. Highland NHS Board: follow up from board action plans (PDF) -- held out -------------------

SAMPLES.add(
    name="highland-board-follow-up",
    source="Highland NHS Board, 11 August 2009, item 2: follow up from board action plans",
    suffix=".pdf",
    held_out=True,
    doc=Doc(
        [
            Para("Highland NHS Board 11 August 2009 Item 2", "bold"),
            Para("FOLLOW UP FROM BOARD ACTION PLANS – SEPTEMBER 2008 ONWARDS", "heading1"),
            Para(
                "Those items shaded grey are due to be removed from the Action Plan as they have been completed, "
                "or will be considered at the next Board."
            ),
            Table(
                [
                    ["Meeting", "Item", "Action / Progress", "Outcome"],
                    [
                        "Board 02/09/08",
                        "Mental Health of Children and Young People",
                        "A visit to the CAMHS services should be included in the programme of visits for Non "
                        "Executive Directors.",
                        "Children’s Champions to attend CAMHS Operational Management Group.",
                    ],
                    [
                        "Board 07/10/08",
                        "Health & Safety – Occupational Road Risk",
                        "This could potentially be discussed at a future meeting",
                        "Health & Safety suggested as future Dev Session topic.",
                    ],
                    [
                        "Board 07/10/08",
                        "Commissioning Older Services - Argyll & Bute",
                        "CHP to keep Board informed of progress.",
                        "CEs Report 11/08/09",
                    ],
                    [
                        "Board 04/11/08",
                        "Clinical Governance Committee",
                        "A briefing on the implications of increasing the threshold for neonatal admissions to be "
                        "circulated to Board members.",
                        C("Completed as Services work.", fill="BFBFBF"),
                    ],
                    [
                        "Board 04/11/08",
                        "Area Clinical Forum",
                        "A future report to be submitted to the Board on the Charge Nurse Review (Leading Better Care)",
                        "Board Dev. 10/08/09",
                    ],
                ]
            ),
        ]
    ),
    title="FOLLOW UP FROM BOARD ACTION PLANS – SEPTEMBER 2008 ONWARDS",
    wants=[
        Want(
            objective="Mental Health of Children and Young People",
            action="A visit to the CAMHS services should be included in the programme of visits for Non Executive "
            "Directors.",
            progress=("Children’s Champions to attend CAMHS Operational Management Group.", "Meeting: Board 02/09/08"),
        ),
        Want(
            objective="Health & Safety – Occupational Road Risk",
            action="This could potentially be discussed at a future meeting",
            progress=("Health & Safety suggested as future Dev Session topic.", "Meeting: Board 07/10/08"),
        ),
        Want(
            objective="Commissioning Older Services - Argyll & Bute",
            action="CHP to keep Board informed of progress.",
            progress=("CEs Report 11/08/09", "Meeting: Board 07/10/08"),
        ),
        Want(
            objective="Clinical Governance Committee",
            action="A briefing on the implications of increasing the threshold for neonatal admissions to be "
            "circulated to Board members.",
            progress=("Completed as Services work.", "Meeting: Board 04/11/08"),
            status="complete",
        ),
        Want(
            objective="Area Clinical Forum",
            action="A future report to be submitted to the Board on the Charge Nurse Review (Leading Better Care)",
            progress=("Board Dev. 10/08/09", "Meeting: Board 04/11/08"),
        ),
    ],
)


# ---- 18, 19. A hospital trust board's action tracking list (text copied from its PDF; the PDF) ------
# Text copied out of the PDF keeps each cell's wrapped lines: a row runs over several lines, its
# other cells empty below; the two-line headers ("TARGET / DATE") wrap too. Month rows are sections.

_HULL_TITLE = "TRUST BOARD ACTION TRACKING LIST"
_HULL = Doc(
    [
        Para("HULL AND EAST YORKSHIRE HOSPITALS NHS TRUST", "bold"),
        Para(_HULL_TITLE, "heading1"),
        Para("Actions arising from Board meetings (compiled 4 July 2012)"),
        Table(
            [
                ["NO", "PAPER", "ACTION", "LEAD", "TARGET DATE", "NEW DATE", "STATUS/ COMMENT"],
                [C("May 2012", span=7, bold=True)],
                [
                    "01.05",
                    "Action tracker",
                    "Safeguarding training to be undertaken on Board time out",
                    "MW",
                    "June",
                    "14 Aug",
                    "Reorganised to Aug due to lack of available time",
                ],
                [
                    "02.05",
                    "Inpatient survey",
                    "Date to be agreed for agreeing the solution of where patients were able to keep their belongings",
                    "MW",
                    "30 Sept",
                    "",
                    "Not yet due",
                ],
                [
                    "05.05",
                    "Business delivery",
                    "Further discussion would be held with executive Directors to clarify the organisational "
                    "arrangements for business delivery and business development",
                    "JB",
                    "17.7.12",
                    "",
                    "Verbal update to be given",
                ],
                [
                    "06.05",
                    "Corporate",
                    "Further information to be provided on nurse to bed ratio",
                    "MW",
                    "14.8.12",
                    "",
                    "Not yet due",
                ],
                [C("April 2012", span=7, bold=True)],
                [
                    "4.01",
                    "Corp Perf",
                    "Patient re-admission strategy to be developed",
                    "MW/YO",
                    "13 Nov",
                    "",
                    "Not yet due",
                ],
                [C("March 2012", span=7, bold=True)],
                [
                    "3.01",
                    "Major trauma accreditation",
                    "A further update would be received by the Board",
                    "AP",
                    "17 July",
                    "11 Sep",
                    "Not yet due",
                ],
            ]
        ),
    ]
)


def _hull_want(ref, month, paper, action, leads, target, new, comment) -> Want:
    """The row as an officer types it: the new date is the deadline now, the first one kept as a note."""
    notes = (comment, f"TARGET DATE: {target}") if new else (comment,)
    return Want(
        ref=ref,
        theme=month,
        objective=paper,
        action=action,
        leads=tuple(leads.split("/")),
        timescale=new or target,
        progress=notes,
    )


_HULL_WANTS = [
    _hull_want(
        "01.05",
        "May 2012",
        "Action tracker",
        "Safeguarding training to be undertaken on Board time out",
        "MW",
        "June",
        "14 Aug",
        "Reorganised to Aug due to lack of available time",
    ),
    _hull_want(
        "02.05",
        "May 2012",
        "Inpatient survey",
        "Date to be agreed for agreeing the solution of where patients were able to keep their belongings",
        "MW",
        "30 Sept",
        "",
        "Not yet due",
    ),
    _hull_want(
        "05.05",
        "May 2012",
        "Business delivery",
        "Further discussion would be held with executive Directors to clarify the organisational arrangements "
        "for business delivery and business development",
        "JB",
        "17.7.12",
        "",
        "Verbal update to be given",
    ),
    _hull_want(
        "06.05",
        "May 2012",
        "Corporate",
        "Further information to be provided on nurse to bed ratio",
        "MW",
        "14.8.12",
        "",
        "Not yet due",
    ),
    _hull_want(
        "4.01",
        "April 2012",
        "Corp Perf",
        "Patient re-admission strategy to be developed",
        "MW/YO",
        "13 Nov",
        "",
        "Not yet due",
    ),
    _hull_want(
        "3.01",
        "March 2012",
        "Major trauma accreditation",
        "A further update would be received by the Board",
        "AP",
        "17 July",
        "11 Sep",
        "Not yet due",
    ),
]
_HULL_SOURCE = (
    "Hull and East Yorkshire Hospitals NHS Trust, trust board action tracking list, compiled 4 July 2012 "
    "(published as a PDF: http://www.docstoc.com/docs/132261219/ACTION-TRACKING-LIST)"
)
SAMPLES.add(
    name="trust-board-tracking-pasted",
    source=_HULL_SOURCE,
    suffix=".txt",
    doc=_HULL,
    options={"wrap": (6, 14, 48, 6, 8, 7, 16)},
    title=_HULL_TITLE,
    wants=_HULL_WANTS,
    note="The rows after 3.01 are not reproduced (the published excerpt ends there).",
)
SAMPLES.add(
    name="trust-board-tracking-pdf",
    source=_HULL_SOURCE,
    suffix=".pdf",
    held_out=True,
    doc=_HULL,
    title=_HULL_TITLE,
    wants=_HULL_WANTS,
)


# ---- 20. The same trust's summary of actions eight months on (a PDF committee paper) -- held out ----
# A security marking above the title; refs and the agenda item in one cell; a list inside the action
# cell with its status line below the list.

_FEB_HELD_APRIL = "Actions held over from previous meetings on 26 April and 24 May 2017"
_FEB_HELD_OCTOBER = "Actions held over from previous meeting on 25 October 2017"
_FEB_HELD_NOVEMBER = "Action held over from previous meeting on 29 November 2017"
_FEB_NEW = "Actions from meeting on 28 February 2018"
_FEB_PARTNERSHIPS = (
    "Future reporting to include more evaluation of whether progress achieved was as expected. Development "
    "pending completion of substantial reworking of all performance reporting due in the new financial year "
    "2017/18.\n"
    "As reporting developed: the relative scale of the partnerships to be set out as these were quite diverse; "
    "consideration be given as to the governance and management arrangements in place to deliver on the "
    "partnerships; the amount of funding involved to be included; the amount of relative risk to the Trust to "
    "be included."
)
_FEB_PARTNERSHIPS_STATUS = (
    "Status: in progress – action from February 2017 was pending reworking of performance reporting (as "
    "presented to the Board meeting on 26 April 2017 and to the private meeting in October 2017)."
)
_FEB_BAF = (
    "risk at SO 2.3 around financial exposure to separate out the risk relating to achievement of CIP; and",
    "workforce risks at SO 5.1(A&B) and 5.2 to revise narrative and description",
)
_FEB_DEEP_DIVE = (
    "It was agreed to undertake a deep dive of specific performance areas at the Caring and Responsive Quality "
    "Sub Committee and report back to Quality Committee and Board. The priority areas identified were:"
)
_FEB_AREAS = ("Out of Hours", "CAMHS Waiting Times", "IAPT Waiting Times; and", "Delayed Transfers of Care.")
_FEB_TITLE = "Summary of Actions from the Board meeting on 28 February 2018"
SAMPLES.add(
    name="trust-board-summary-feb-2018",
    source=(
        "NHS trust board: summary of actions from the board meeting on 28 February 2018 (PUBLIC), "
        "https://docsbay.net/summary-of-actions-from-the-board-meetingon-28-february-2018"
    ),
    suffix=".pdf",
    held_out=True,
    doc=Doc(
        [
            Para("PUBLIC", "bold"),
            Para(_FEB_TITLE, "heading1"),
            Table(
                [
                    ["Relevant Item", "Action", "Responsibility"],
                    [C(_FEB_HELD_APRIL, span=3, bold=True, fill="F2F2F2")],
                    [
                        "BOD 60/17(h)\nBOD 21/17 (b)\nBOD 32/17(b)\nStrategic Partnerships Report",
                        f"{_FEB_PARTNERSHIPS}\n{_FEB_PARTNERSHIPS_STATUS}",
                        "MW",
                    ],
                    [C(_FEB_HELD_OCTOBER, span=3, bold=True, fill="F2F2F2")],
                    [
                        "BOD 180/17(b)-(c)\nBoard Assurance Framework (BAF)",
                        C(
                            "To update the following:",
                            bullets=_FEB_BAF,
                            tail="Status: in progress – for next BAF update April 2018.",
                        ),
                        "HS",
                    ],
                    [C(_FEB_HELD_NOVEMBER, span=3, bold=True, fill="F2F2F2")],
                    [
                        "BOD 192/17 (f)\nPerformance Report",
                        C(_FEB_DEEP_DIVE, bullets=_FEB_AREAS, tail="Status: tbc in meeting"),
                        "MW",
                    ],
                    [C(_FEB_NEW, span=3, bold=True, fill="F2F2F2")],
                    [
                        "BOD 24/18(b)\nGender pay gap reporting",
                        "The Trust to publish gender pay gap reporting by the end of March 2018.\nStatus: in progress",
                        "TB",
                    ],
                ]
            ),
        ]
    ),
    title=_FEB_TITLE,
    wants=[
        Want(
            ref="BOD 60/17(h)",
            objective="BOD 21/17 (b) BOD 32/17(b) Strategic Partnerships Report",
            action=_FEB_PARTNERSHIPS,
            leads=("MW",),
            progress=(_FEB_PARTNERSHIPS_STATUS,),
            theme=_FEB_HELD_APRIL,
        ),
        Want(
            ref="BOD 180/17(b)-(c)",
            objective="Board Assurance Framework (BAF)",
            action=" ".join(("To update the following:", *_FEB_BAF)),
            leads=("HS",),
            progress=("Status: in progress – for next BAF update April 2018.",),
            theme=_FEB_HELD_OCTOBER,
        ),
        Want(
            ref="BOD 192/17 (f)",
            objective="Performance Report",
            action=" ".join((_FEB_DEEP_DIVE, *_FEB_AREAS)),
            leads=("MW",),
            progress=("Status: tbc in meeting",),
            theme=_FEB_HELD_NOVEMBER,
        ),
        Want(
            ref="BOD 24/18(b)",
            objective="Gender pay gap reporting",
            action="The Trust to publish gender pay gap reporting by the end of March 2018.",
            leads=("TB",),
            progress=("Status: in progress",),
            theme=_FEB_NEW,
        ),
    ],
)


# ---- 21. An ambulance trust's public board action tracker (CSV exported from it, Windows-1252) -- held out
# The source column names the meeting, minute and item; roles as leads ("NED-WT/DoN"); a status
# narrative, then a column proposing each action be kept open ("O") or closed.

_EEAST_HEADER = [
    "Ref",
    "Source (agenda title / item / date / Action Ref)",
    "Action",
    "Lead",
    "Due Date",
    "Status",
    "Proposed to Open/ Close",
]
_EEAST_ROWS = [
    (
        "85.6",
        "Public Board, 15.03.2023, PUB22/3/85, Patient Story",
        "NED-WT to work with the DoN to share local organisations who could support developments for those with "
        "different communications needs",
        "NED-WT/DoN",
        "",
        "Verbal update to be provided",
        "O",
    ),
    (
        "90.13",
        "Public Board, 15.03.2023, PUB22/3/90, Integrated Performance Report",
        "Report timeline for the next phase of IPR developments",
        "DoCAP",
        "10.05.2023",
        "July – Proposed new metrics being agreed and processed at present.",
        "Proposed for Closure",
    ),
    (
        "92.5",
        "Public Board, 15.03.2023, PUB22/3/92, Inclusivity Plan",
        "Request consideration be given to the leadership pipeline for all minority staffing groups.",
        "DoSCE",
        "10.05.2023",
        "We are currently developing an inclusion training plan for the next three years. Following the EDI "
        "surveys, it is clear we must have a thorough plan of how we will embed a level of cultural competence "
        "throughout our workforce.",
        "Proposed for Closure",
    ),
    (
        "68.4",
        "Public Board, 18.01.2022, PUB22/3/68, Board Assurance Framework",
        "Key strategic contracts to be identified and KPIs monitored at committee level",
        "DoF",
        "10.05.2023",
        "Head of Procurement to raise at EPAG to determine which contracts are considered ‘key’ and which "
        "Committee should receive report of KPIs",
        "O",
    ),
]
_EEAST_TITLE = "In Public Trust Board Action Tracker for the meeting on 10.05.2023"
SAMPLES.add(
    name="ambulance-board-tracker-csv",
    source=(
        "East of England Ambulance Service NHS Trust, in public trust board action tracker for the meeting on "
        "10.05.2023, https://www.eastamb.nhs.uk/about-us/action-tracker-copy-4.htm"
    ),
    suffix=".csv",
    held_out=True,
    doc=Doc([Para(_EEAST_TITLE), Table([_EEAST_HEADER, *[list(row) for row in _EEAST_ROWS]])]),
    title=_EEAST_TITLE,
    wants=[
        Want(
            ref=ref,
            objective=source,
            action=action,
            leads=tuple(lead.split("/")),
            timescale=due,
            progress=(status,) if close == "O" else (status, close),
        )
        for ref, source, action, lead, due, status, close in _EEAST_ROWS
    ],
    note="The tracker's later rows are not reproduced (the published excerpt ends at 45.16).",
)
