"""Published action plans, rebuilt as the files officers hold, with their correct readings.

Each ``Sample`` names where the plan was published, the format an officer would hold it in, its
content (``spec.Doc``) and its rows as a careful officer would type them into ragtrack
(``expect.Want``). Long cells are condensed; the structure (merged cells, lists inside cells,
sections, references, dates, statuses, leads) is the published document's. Where a document
carried no rating, fills were added to exercise colour-only ratings (said so in ``note``).

``held_out`` documents are kept aside: they were written down, with their readings, before the
importer was tuned, and are not looked at while tuning. ``fidelity`` reports them separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.corpus.expect import Want
from tests.corpus.spec import C, Doc, Para, Table

GREEN, AMBER, RED = "00B050", "FFC000", "FF0000"


@dataclass
class Sample:
    name: str
    source: str  # where it was published
    suffix: str  # the format the officer holds
    doc: Doc
    wants: list[Want]
    title: str | None = None  # the plan's name as it should be read (checked when given)
    held_out: bool = False
    note: str = ""
    mapping: dict = field(default_factory=dict)  # corrections the mapping step needs, if any


SAMPLES: list[Sample] = []


def sample(**kwargs) -> Sample:
    found = Sample(**kwargs)
    SAMPLES.append(found)
    return found


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
sample(
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
sample(
    name="nhs-board-actions",
    source="NHS trust board: summary of actions from the board meeting on 28 June 2017",
    suffix=".docx",
    doc=_NHS,
    title=_NHS_TITLE,
    wants=_NHS_WANTS,
)
sample(
    name="nhs-board-actions-pasted",
    source="the same summary of actions, as text copied out of the published PDF",
    suffix=".txt",
    doc=_NHS,
    title=_NHS_TITLE,
    wants=_NHS_WANTS,
)


# ---- 4. Highland NHS Board: follow up from board action plans (PDF) -- held out -------------------

sample(
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


# ---- 5. An LGA corporate peer challenge action plan (web page): lists inside cells --------------

sample(
    name="lga-peer-challenge",
    source="local.gov.uk: LGA Corporate Peer Challenge action plan (2023)",
    suffix=".html",
    doc=Doc(
        [
            Para("LGA Corporate Peer Challenge action plan", "title"),
            Para(
                "The Corporate Peer Challenge report includes a number of recommendations for the LGA to consider. "
                "The LGA has accepted the recommendations and is addressing them through an action plan."
            ),
            Table(
                [
                    ["Recommendation", "Action", "Timescale"],
                    [
                        "R1: Develop a closer working relationship with the Mayoral Combined Authorities and new "
                        "county devolution areas as a key, growing part of the local government family.",
                        C(
                            bullets=(
                                "continue discussions with CAs, M10 Mayors and Chief Executives",
                                "develop detailed action plan, informed by discussions.",
                            )
                        ),
                        C(bullets=("Ongoing", "December 2023")),
                    ],
                    [
                        "R2: Lead the design of a reshaped sector support and assurance framework for local "
                        "government, reflecting the different needs seen across the sector.",
                        C(
                            "Develop detailed action and engagement plans to:",
                            bullets=(
                                "define the elements that currently could be part of a sector assurance framework",
                                "identify areas for improvement",
                                "consider drafting a sector support and improvement framework.",
                            ),
                        ),
                        "June 2023",
                    ],
                    [
                        "R3:Tighten the networks around sector support and assurance, including between the various "
                        "professional bodies, in a way which leads to earlier support, challenge and sharing of best "
                        "practice.",
                        "To be addressed through 2, above.",
                        "",
                    ],
                    [
                        "R4:Use the Business Plan and the priorities it sets for the organisation to more "
                        "consistently shape financial and organisational planning, at a strategic level.",
                        C(
                            bullets=(
                                "boards review business plan",
                                "implement new arrangements for performance reporting",
                                "business plan embedded in internal communications and board report templates",
                                "adopt new income generation strategy",
                                "quarterly review of resource alignment.",
                            )
                        ),
                        C(
                            bullets=(
                                "Complete",
                                "July 2023",
                                "July 2023",
                                "September 2023",
                                "July 2023 and ongoing",
                            )
                        ),
                    ],
                ]
            ),
        ],
        title="LGA Corporate Peer Challenge action plan | Local Government Association",
    ),
    title="LGA Corporate Peer Challenge action plan",
    wants=[
        Want(
            ref="R1a",
            objective="Develop a closer working relationship with the Mayoral Combined Authorities and new county "
            "devolution areas as a key, growing part of the local government family.",
            action="continue discussions with CAs, M10 Mayors and Chief Executives",
            timescale="Ongoing",
        ),
        Want(
            ref="R1b",
            objective="Develop a closer working relationship with the Mayoral Combined Authorities and new county "
            "devolution areas as a key, growing part of the local government family.",
            action="develop detailed action plan, informed by discussions.",
            timescale="December 2023",
        ),
        Want(
            ref="R2",
            objective="Lead the design of a reshaped sector support and assurance framework for local government, "
            "reflecting the different needs seen across the sector.",
            action="Develop detailed action and engagement plans to: define the elements that currently could be "
            "part of a sector assurance framework identify areas for improvement consider drafting a sector support "
            "and improvement framework.",
            timescale="June 2023",
        ),
        Want(
            ref="R3",
            objective="Tighten the networks around sector support and assurance, including between the various "
            "professional bodies, in a way which leads to earlier support, challenge and sharing of best practice.",
            action="To be addressed through 2, above.",
        ),
        *(
            Want(
                ref=f"R4{letter}",
                objective="Use the Business Plan and the priorities it sets for the organisation to more "
                "consistently shape financial and organisational planning, at a strategic level.",
                action=text,
                timescale=when,
                status=status,
            )
            for letter, text, when, status in (
                ("a", "boards review business plan", "", "complete"),
                ("b", "implement new arrangements for performance reporting", "July 2023", "open"),
                (
                    "c",
                    "business plan embedded in internal communications and board report templates",
                    "July 2023",
                    "open",
                ),
                ("d", "adopt new income generation strategy", "September 2023", "open"),
                ("e", "quarterly review of resource alignment.", "July 2023 and ongoing", "open"),
            )
        ),
    ],
)


# ---- 6. A project action plan with merged action cells over sub-action rows (Word) -----------------

_PRODUCE = "Produce Discussion Document"
_SCORECARD = (
    "Build a Partnership Balanced Scorecard using above feedback, simplify the vision and break it down in a way "
    "which translates into measurable outcomes"
)
_JEAN = "Jean Kitchin (Project Manager)"
sample(
    name="refit-project-plan",
    source="HSE board paper, 6 March 2002, Annex 2: Partnership in Action – project action plan",
    suffix=".docx",
    doc=Doc(
        [
            Para("Annex 2", "bold"),
            Para("Partnership in Action - Implementing the Partnering Arrangements for REFIT", "heading1"),
            Para("Project Action Plan", "heading2"),
            Table(
                [
                    ["Action:", "Sub Action:", "Action by:", "Action Completed by:", "Progress:"],
                    [
                        _PRODUCE,
                        C(bullets=("gather feedback from Senior Users within HSE",)),
                        f"{_JEAN}\nSenior Users HSE",
                        "Discussion Document circulated by 21 January",
                        "Complete",
                    ],
                    [
                        C(down=True),
                        C(bullets=("identify good practice from external parties with practical experience",)),
                        _JEAN,
                        "",
                        "Complete",
                    ],
                    [C(down=True), C(bullets=("identify the barriers",)), _JEAN, "", "Complete"],
                    [
                        C(down=True),
                        C(bullets=("present findings and proposals in discussion document",)),
                        _JEAN,
                        "Feedback from Senior Users CMG/CC by 15 February\nPresent progress report to PSG 25 February",
                        "Some feedback outstanding",
                    ],
                    [
                        _SCORECARD,
                        "",
                        "Jean Kitchin\nUser Group\nPartnership Steering Group (PSG)",
                        "Present a vision, values and critical success factors to PSG for acceptance and agreed "
                        "ownership at 25 February meeting",
                        "Complete",
                    ],
                    [C(down=True), C(bullets=("determine Critical Success Factors",)), "", "", ""],
                    [
                        C(down=True),
                        C(bullets=("develop and agree diagnostic tool to measure baseline (questionnaire)",)),
                        "Jean Kitchin\nUser Group",
                        "For agreement by User Group March 2002",
                        "",
                    ],
                    [C(down=True), C(bullets=("carry out survey",)), "Jean Kitchin", "Complete by May 2002", ""],
                    [
                        "Build a Partnership Balanced Scorecard (cont’d)",
                        C(bullets=("analyse baseline findings",)),
                        "Jean Kitchin",
                        "June 2002",
                        "",
                    ],
                    [
                        C(down=True),
                        C(bullets=("set performance indicators",)),
                        "Proposals by Jean Kitchin and User Group\nAgreement by PSG",
                        "July 2002",
                        "",
                    ],
                    [C(down=True), C(bullets=("set targets for achievement",)), "", "", ""],
                    [C(down=True), C(bullets=("develop action plans for improvement",)), "", "", ""],
                ]
            ),
        ]
    ),
    title="Partnership in Action - Implementing the Partnering Arrangements for REFIT",
    wants=[
        Want(
            objective=_PRODUCE,
            action="gather feedback from Senior Users within HSE",
            leads=("Jean Kitchin", "Senior Users HSE"),
            timescale="Discussion Document circulated by 21 January",
            status="complete",
        ),
        Want(
            objective=_PRODUCE,
            action="identify good practice from external parties with practical experience",
            leads=("Jean Kitchin",),
            status="complete",
        ),
        Want(objective=_PRODUCE, action="identify the barriers", leads=("Jean Kitchin",), status="complete"),
        Want(
            objective=_PRODUCE,
            action="present findings and proposals in discussion document",
            leads=("Jean Kitchin",),
            timescale="Feedback from Senior Users CMG/CC by 15 February Present progress report to PSG 25 February",
            progress=("Some feedback outstanding",),
        ),
        Want(
            objective=_SCORECARD,
            action=_SCORECARD,
            leads=("Jean Kitchin", "User Group", "Partnership Steering Group (PSG)"),
            timescale="Present a vision, values and critical success factors to PSG for acceptance and agreed "
            "ownership at 25 February meeting",
            status="complete",
        ),
        Want(objective=_SCORECARD, action="determine Critical Success Factors"),
        Want(
            objective=_SCORECARD,
            action="develop and agree diagnostic tool to measure baseline (questionnaire)",
            leads=("Jean Kitchin", "User Group"),
            timescale="For agreement by User Group March 2002",
        ),
        Want(
            objective=_SCORECARD, action="carry out survey", leads=("Jean Kitchin",), timescale="Complete by May 2002"
        ),
        Want(objective=_SCORECARD, action="analyse baseline findings", leads=("Jean Kitchin",), timescale="June 2002"),
        Want(
            objective=_SCORECARD,
            action="set performance indicators",
            leads=("Jean Kitchin", "PSG"),  # "Proposals by Jean Kitchin and User Group": the group is context
            timescale="July 2002",
        ),
        Want(objective=_SCORECARD, action="set targets for achievement"),
        Want(objective=_SCORECARD, action="develop action plans for improvement"),
    ],
)


# ---- 7. A fire authority's review recommendations (Excel): "Completed" where the date goes ----------

sample(
    name="fire-authority-partnerships",
    source="Hampshire Fire and Rescue Authority decision record, 20 June 2007: partnership review recommendations",
    suffix=".xlsx",
    doc=Doc(
        [
            Table(
                [
                    ["No.", "Recommendation", "Progress", "Action Date"],
                    [
                        "2.1",
                        "The Authority considers the assessment of the current arrangements for the management of "
                        "its partnership working and seeks ways of building on the strengths of its current approach.",
                        "A partnership policy has been drafted and included in a Service Order. This policy includes "
                        "a 'Toolkit' for assessing the validity of our existing partnerships. It is proposed that "
                        "this action be closed.",
                        "Completed",
                    ],
                    [
                        "2.2",
                        "The Authority builds on the recent rationalisation of current partnerships by undertaking a "
                        "further 'light touch' audit of the arrangements for those partnerships that remain.",
                        "All Partnership Managers have been asked to assess current arrangements for all "
                        "partnerships against the Policy and toolkit. This work is scheduled to be completed by June "
                        "29th 2007.",
                        "29th June 2007",
                    ],
                    [
                        "2.3",
                        "The checklist be used by the Authority at both a strategic and an operational level in its "
                        "assessment of all future partnership proposals.",
                        "The Partnership Policy and Toolkit is now included in a Service Order and will be used at "
                        "both a strategic and operational level. It is proposed that this action be closed.",
                        "Completed",
                    ],
                ]
            )
        ]
    ),
    wants=[
        Want(
            ref="2.1",
            action="The Authority considers the assessment of the current arrangements for the management of its "
            "partnership working and seeks ways of building on the strengths of its current approach.",
            progress=(
                "A partnership policy has been drafted and included in a Service Order. This policy includes a "
                "'Toolkit' for assessing the validity of our existing partnerships. It is proposed that this action "
                "be closed.",
            ),
            status="complete",
        ),
        Want(
            ref="2.2",
            action="The Authority builds on the recent rationalisation of current partnerships by undertaking a "
            "further 'light touch' audit of the arrangements for those partnerships that remain.",
            timescale="29th June 2007",
            progress=(
                "All Partnership Managers have been asked to assess current arrangements for all partnerships "
                "against the Policy and toolkit. This work is scheduled to be completed by June 29th 2007.",
            ),
        ),
        Want(
            ref="2.3",
            action="The checklist be used by the Authority at both a strategic and an operational level in its "
            "assessment of all future partnership proposals.",
            progress=(
                "The Partnership Policy and Toolkit is now included in a Service Order and will be used at both a "
                "strategic and operational level. It is proposed that this action be closed.",
            ),
            status="complete",
        ),
    ],
)


# ---- 8. A borough council's equality action plan (CSV saved from Excel, Windows-1252) -- held out --

_TAMWORTH_ROWS = [
    (
        "Annual review of the scheme and action plan",
        "By end of October 2015",
        "AG/ZW",
        "15/10/2015",
        "Compliance with legislation",
    ),
    (
        "Annual report to cabinet on scheme",
        "By end of December 2016",
        "AG/ZW",
        "Ongoing",
        "Ensuring compliance with legislation",
    ),
    (
        "Revised 2015 -2019 scheme approved by CMT",
        "By end October 2015",
        "AG/ZW",
        "Presented and approved by CMT on 19/10/2015",
        "Scheme in place TBC compliant with legislation",
    ),
    (
        "Revised 2015 – 2019 Scheme approved by cabinet",
        "By end November 2015",
        "AG/ZW",
        "Presented and approved by Cabinet on 5/11/2015",
        "Scheme in place TBC compliant with legislation",
    ),
    (
        "Revised 2015-19 Scheme approved by Council",
        "By end of Dec 2015",
        "Portfolio holder",
        "Presented and approved by Full Council 15/12/15",
        "Scheme in place TBC compliant with legislation",
    ),
    (
        "Scheme is communicated via netConsent and internet",
        "By end of Dec 2015",
        "AG/ZW",
        "Completed January 2016",
        "Compliance with internal audit recommendations",
    ),
    (
        "Development of a training matrix which determines mandatory training including E&D",
        "By end of Feb 2015",
        "ZW",
        "February 2015",
        "CMT approved the matrix and associated actions",
    ),
    (
        "Delivery of E&D training and refresher for employees and elected members",
        "By 2018",
        "ZW and Directors",
        "",
        "Compliance with mandatory training matrix as agreed by CMT 19 Jan 15",
    ),
    (
        "Carry out annual equal Pay Audit",
        "By end of March annually",
        "CT",
        "Approved in January 2015",
        "Compliance with equal pay legislation",
    ),
    (
        "Publish annual pay policy",
        "By end of December annually",
        "AG",
        "March 2015",
        "Compliance with Section 38 of the Localism Act 2011",
    ),
    (
        "Carry out equalities audit as per annual audit plan",
        "By end of February 15",
        "ZS",
        "February 15",
        "Compliance with internal governance arrangements",
    ),
]


def _tamworth_want(action: str, when: str, who: str, completed: str, outcome: str) -> Want:
    leads = {"AG/ZW": ("AG", "ZW"), "ZW and Directors": ("ZW", "Directors")}.get(who, (who,))
    done = bool(completed) and completed != "Ongoing"
    progress = ((f"Completed: {completed}",) if done else ()) + (f"Outcome: {outcome}",)
    return Want(action=action, timescale=when, leads=leads, progress=progress, status="complete" if done else "open")


sample(
    name="equality-action-plan-csv",
    source="Tamworth Borough Council: Diversity and Equality Action Plan 2015 – 2019",
    suffix=".csv",
    held_out=True,
    doc=Doc(
        [
            Para("Tamworth Borough Council"),
            Para("Diversity and Equality Action Plan 2015 – 2019"),
            Table([["Action", "By when", "Responsible officer", "Completed", "Outcome"], *map(list, _TAMWORTH_ROWS)]),
        ]
    ),
    title="Diversity and Equality Action Plan 2015 – 2019",
    wants=[_tamworth_want(*row) for row in _TAMWORTH_ROWS],
)


# ---- 9. An annual governance statement action plan update (Word) -- held out -----------------------

_WOODHOUSE = "Angela Woodhouse, Head of Policy and Communications"
sample(
    name="governance-statement-update",
    source="Maidstone Borough Council: Appendix A – Annual Governance Statement Action Plan Update (2014-15)",
    suffix=".docx",
    held_out=True,
    doc=Doc(
        [
            Para("Appendix A", "bold"),
            Para("Annual Governance Statement Action Plan Update", "heading1"),
            Para("Updated Actions for 2014-15"),
            Table(
                [
                    ["Governance Issue", "Action Update", "By When", "By Whom"],
                    [
                        "Implementation of the Information Management Action Plan",
                        C(
                            "The vision and principles for information management have been agreed\n"
                            "An information management officer was appointed in September. A number of actions have "
                            "been completed:",
                            bullets=(
                                "New Freedom of Information and Data Protection Guidance developed",
                                "Training Programme for staff under development",
                                "Asset Register creation begun",
                                "Begun drafting Information Sharing Policy",
                            ),
                        ),
                        "The action plan has targets for the next eighteen months.",
                        _WOODHOUSE,
                    ],
                    [
                        "Embedding Corporate Governance and Ensuring Best Practice is identified",
                        "The Corporate Governance Working Group has met twice and will continue to meet quarterly.",
                        "Quarterly meetings with updates to Audit Committee and CLT every six months.",
                        _WOODHOUSE,
                    ],
                    [
                        "A new Communication and Engagement Strategy will be put in place to run from 2015-2020 "
                        "alongside the Strategic Plan",
                        "Work has been undertaken to identify the key stakeholders.\n"
                        "A strategy and action plan will be developed based on the agreed strategic priorities to be "
                        "finalised.",
                        "(Proposed timetable)\nDrafted November - February\nOverview and Scrutiny Invited to Review "
                        "March 2015.",
                        "",
                    ],
                ]
            ),
        ]
    ),
    title="Annual Governance Statement Action Plan Update",
    wants=[
        Want(
            action="Implementation of the Information Management Action Plan",
            progress=(
                "The vision and principles for information management have been agreed",
                "An information management officer was appointed in September. A number of actions have been "
                "completed:",
                "New Freedom of Information and Data Protection Guidance developed",
                "Training Programme for staff under development",
                "Asset Register creation begun",
                "Begun drafting Information Sharing Policy",
            ),
            timescale="The action plan has targets for the next eighteen months.",
            leads=("Angela Woodhouse",),
        ),
        Want(
            action="Embedding Corporate Governance and Ensuring Best Practice is identified",
            progress=("The Corporate Governance Working Group has met twice and will continue to meet quarterly.",),
            timescale="Quarterly meetings with updates to Audit Committee and CLT every six months.",
            leads=("Angela Woodhouse",),
        ),
        Want(
            action="A new Communication and Engagement Strategy will be put in place to run from 2015-2020 alongside "
            "the Strategic Plan",
            progress=(
                "Work has been undertaken to identify the key stakeholders.",
                "A strategy and action plan will be developed based on the agreed strategic priorities to be finalised.",
            ),
            timescale="(Proposed timetable) Drafted November - February Overview and Scrutiny Invited to Review March "
            "2015.",
        ),
    ],
)


# ---- 10. A safeguarding board business plan (PDF) whose ratings are only cell colours -------------

sample(
    name="safeguarding-business-plan-pdf",
    source="Slough LSCB business plan 2012-13: actions, timescales, outcomes and RAG ratings",
    suffix=".pdf",
    note="the published plan left its RAG column for colour; the colours here are added to exercise it",
    doc=Doc(
        [
            Para("SLSCB BUSINESS PLAN – ACTIONS, TIMESCALES, OUTCOMES AND RAG RATINGS", "title"),
            Para("PRIORITY 1a Early Help and Prevention", "heading1"),
            Para(
                "Strategic Lead from SLSCB Executive: Nancy Barber/Jill King (BHFT) Chair of Quality and Performance "
                "Sub Group"
            ),
            Table(
                [
                    [
                        "Specific Actions",
                        "Timescale/ Target",
                        "Lead",
                        "Output/Outcome measurement",
                        "RAG rating",
                    ],
                    [
                        "1. To ensure that the Early Intervention Strategy addresses safeguarding priorities by "
                        "engaging in the consultation on, and agreement to, the Strategy.",
                        "Strategy agreed and in place by April 2012",
                        "Chair of SLSCB",
                        "Strategy agreed and in place by April 2012. (Agreement to strategy secured at joint meeting "
                        "of SLSCB and CP on 11th April 2012)",
                        C(fill=GREEN),
                    ],
                    [
                        "2. Support the implementation of the Early Response Hub to ensure that safeguarding "
                        "priorities are to the fore.",
                        "Training programme to run across financial year 2012/13",
                        "Pan-Berkshire Training Sub-Group and Early Intervention Sub Group of Children’s Partnership",
                        "Evaluation of staff understanding/operational effectiveness. Early help data in scorecard.",
                        C(fill=AMBER),
                    ],
                    [
                        "3. Support the implementation of the Referral Hub co-ordinated by Thames Valley Police. "
                        "Receive first evaluation of operation of Hub and determine if further actions required.",
                        "Evaluation of Hub to be received in June/July 2012\nReview of Hub operation completed by "
                        "September 2012",
                        "Jim Reeves",
                        "",
                        C(fill=RED),
                    ],
                ]
            ),
        ]
    ),
    title="SLSCB BUSINESS PLAN – ACTIONS, TIMESCALES, OUTCOMES AND RAG RATINGS",
    wants=[
        Want(
            ref="1",
            objective="Early Help and Prevention",
            action="To ensure that the Early Intervention Strategy addresses safeguarding priorities by engaging in "
            "the consultation on, and agreement to, the Strategy.",
            timescale="Strategy agreed and in place by April 2012",
            leads=("Chair of SLSCB",),
            progress=(
                "Output/Outcome measurement: Strategy agreed and in place by April 2012. (Agreement to strategy "
                "secured at joint meeting of SLSCB and CP on 11th April 2012)",
            ),
            rag="green",
        ),
        Want(
            ref="2",
            objective="Early Help and Prevention",
            action="Support the implementation of the Early Response Hub to ensure that safeguarding priorities are "
            "to the fore.",
            timescale="Training programme to run across financial year 2012/13",
            leads=("Pan-Berkshire Training Sub-Group", "Early Intervention Sub Group of Children’s Partnership"),
            progress=(
                "Output/Outcome measurement: Evaluation of staff understanding/operational effectiveness. Early help "
                "data in scorecard.",
            ),
            rag="amber",
        ),
        Want(
            ref="3",
            objective="Early Help and Prevention",
            action="Support the implementation of the Referral Hub co-ordinated by Thames Valley Police. Receive "
            "first evaluation of operation of Hub and determine if further actions required.",
            timescale="Evaluation of Hub to be received in June/July 2012 Review of Hub operation completed by "
            "September 2012",
            leads=("Jim Reeves",),
            rag="red",
        ),
    ],
)


# ---- 11. A best value review improvement plan review template (Excel): bracketed refs, ticks --------

_SHORT_TERM = "SHORT TERM TARGETS (Achievable within 6 months ie, by June 2006)"
_BVR_HEADER = [
    "Recommendation",
    "Responsible Officer",
    "Update on progress",
    "Achieved (tick)",
    "On Target to Achieve (tick)",
    "Give expected new achievement date",
]
_BVR_RECS = [
    (
        "2 (i)",
        "For Council strategic plans to reflect more explicitly the safeguarding of children and young people as a "
        "key priority. TR: 2, 5,6. WS: 1 (pages 29-45), Recommendation 1 (page 6)",
        "Directors of Services",
        "Agreed in principle by Directors’ Team 13th January. Methodology to be worked up by Children’s Services "
        "Directorate.",
        "",
        "Yes",
    ),
    (
        "2 (ii)",
        "Establish a safeguarding lead within each of the Council directorates through which information, audit and "
        "training can be disseminated. TR: 2, 5. WS: 1 (pages 29-45), Recommendation 9 (page 7)",
        "Directors of Services",
        "Agreed by Directors’ Team on 13th January. Group will cover children looked after and safeguarding across "
        "all Directorates",
        "Yes",
        "",
    ),
    (
        "2 (iii)",
        "To identify a central unit within Children’s Services with key responsibility to co-ordinate the Council’s "
        "safeguarding responsibilities and activities. TR: 2, 6. WS: 3 (pages 70-95), Recommendation 10 (page 9)",
        "Director of Children’s Services",
        "The Safeguarding Children Unit will take the lead in co-ordinating the Council’s safeguarding "
        "responsibilities and activities.",
        "Yes",
        "",
    ),
]
sample(
    name="best-value-review-improvement-plan",
    source="a children's services directorate: Best Value Review of safeguarding, improvement plan review template",
    suffix=".xlsx",
    doc=Doc(
        [
            Para("Children’s Services Directorate", "bold"),
            Para("BEST VALUE REVIEW Safeguarding IMPROVEMENT PLAN – REVIEW TEMPLATE", "title"),
            Para("Report prepared by: Kate Rose Principal Manager Safeguarding Review"),
            Para("Key: TR = Term of reference WS = Work stream for the review"),
            Table(
                [
                    [C(_SHORT_TERM, span=6, bold=True)],
                    _BVR_HEADER,
                    *(
                        [f"{ref} {text}", who, update, achieved, on_target, ""]
                        for ref, text, who, update, achieved, on_target in _BVR_RECS
                    ),
                ],
                header_rows=0,
            ),
        ]
    ),
    title="BEST VALUE REVIEW Safeguarding IMPROVEMENT PLAN – REVIEW TEMPLATE",
    wants=[
        Want(
            ref=ref,
            action=text,
            leads=(who,),
            progress=(update,) + (("On Target to Achieve (tick): Yes",) if on_target else ()),
            status="complete" if achieved else "open",
            theme=_SHORT_TERM,
        )
        for ref, text, who, update, achieved, on_target in _BVR_RECS
    ],
)


# ---- 12. An equality scheme timetable (web page): a cell's lines are separate measures ------------

_MEA_HEADER = ["Measure", "Lead responsibility", "Timetable"]
sample(
    name="equality-scheme-timetable",
    source="Mid and East Antrim Borough Council: Equality Scheme 2023-2027, Appendix 4 (timetable for measures)",
    suffix=".html",
    doc=Doc(
        [
            Para("Equality Scheme with Equality Action Plan 2023-2027 - Appendix 4", "title"),
            Para("Appendix 4", "heading2"),
            Para("Timetable for measures proposed (Schedule 9 4.(3) (b))"),
            Para("The following table lists some examples for illustration purposes"),
            Table(
                [
                    _MEA_HEADER,
                    [
                        "Section 75 Annual Progress Report [2.7]",
                        "Policy Officer / Chief Executive",
                        "31 August (annually)",
                    ],
                    [
                        "Action plan\nFormulation of draft action plan [2.15]\nFinalised action plan published [2.18]\n"
                        "Arrangements for monitoring progress in place [2.16]",
                        "\nPolicy Officer\nPolicy Officer\nPolicy Officer",
                        "\nApril 2023 – June 2023\nSeptember 2023\nEvery August in line with annual progress report",
                    ],
                    ["Consultation list reviewed and updated [3.4]", "Policy Officer", "ongoing"],
                    [
                        "Screening timetable\nHR Policies, Financial Policies, Corporate Plan, Waste Management\n"
                        "Complaints Policy Enforcement Policy Equality and Disability Action Plans\n"
                        "Other service led policies as identified\nScreening Reports",
                        "Policy Officer",
                        "\nJanuary – March 2023\nApril – June 2023\nOngoing\nquarterly",
                    ],
                    [C(t, bold=True) for t in _MEA_HEADER],
                    [
                        "Monitoring\nReview of monitoring information [4.31]\nPublication of monitoring information "
                        "[4.33;4.34]",
                        "\nPolicy Officer",
                        "\nMarch (annually)\nAugust (annually) as part of the Progress Report",
                    ],
                ]
            ),
        ]
    ),
    title="Equality Scheme with Equality Action Plan 2023-2027",
    wants=[
        Want(
            action="Section 75 Annual Progress Report [2.7]",
            leads=("Policy Officer", "Chief Executive"),
            timescale="31 August (annually)",
        ),
        *(
            Want(objective="Action plan", action=text, leads=("Policy Officer",), timescale=when)
            for text, when in (
                ("Formulation of draft action plan [2.15]", "April 2023 – June 2023"),
                ("Finalised action plan published [2.18]", "September 2023"),
                (
                    "Arrangements for monitoring progress in place [2.16]",
                    "Every August in line with annual progress report",
                ),
            )
        ),
        Want(action="Consultation list reviewed and updated [3.4]", leads=("Policy Officer",), timescale="ongoing"),
        *(
            Want(objective="Screening timetable", action=text, leads=("Policy Officer",), timescale=when)
            for text, when in (
                ("HR Policies, Financial Policies, Corporate Plan, Waste Management", "January – March 2023"),
                ("Complaints Policy Enforcement Policy Equality and Disability Action Plans", "April – June 2023"),
                ("Other service led policies as identified", "Ongoing"),
                ("Screening Reports", "quarterly"),
            )
        ),
        *(
            Want(objective="Monitoring", action=text, leads=("Policy Officer",), timescale=when)
            for text, when in (
                ("Review of monitoring information [4.31]", "March (annually)"),
                (
                    "Publication of monitoring information [4.33;4.34]",
                    "August (annually) as part of the Progress Report",
                ),
            )
        ),
    ],
)


# ---- 13. The same council's equality action plan, converted to Markdown: a blank header cell ------

_MEA_ACTIONS = [
    (
        "1.0",
        "Maintain a centralised Section 75 Consultee List",
        "2023-2027",
        "Year 1-4 An up to date Section 75 Consultee List",
        "Engagement with Section 75 groups will ensure Council are meeting the diverse needs of people living in, "
        "and visiting our Borough.",
        "Policy Team",
    ),
    (
        "2.0",
        "Distribute Council newsletters, E-zines schedules, notices, events and case studies to Council’s S75 "
        "consultee list.",
        "2023-2027 Ongoing as required.",
        "Year1-4 Circulation to Section 75 consultee list",
        "Engagement with Section 75 groups will ensure Council are meeting the diverse needs of people living in, "
        "and visiting our Borough.",
        "Policy Team",
    ),
    (
        "3.0",
        "Promote the assisted lift service and additional capacity residual collections for residents with "
        "conditions that generate medical waste.",
        "2023-2027 Quarterly",
        "Year 1-4 No. of assisted lifts No of additional capacity residual collections.",
        "Appropriate waste collection services for those living with a limiting long term illness or disability, "
        "larger families, and those with medical waste.",
        "Facilities Management & Waste",
    ),
    (
        "4.0",
        "Promote availability of information leaflets at Waste facilities detailing amenities on offer.",
        "2023-2027 Biannually",
        "Provision of new leaflet. Delivery of bin collection calendars to all 58,000 households.",
        "Ensures Council waste services are inclusive and accessible to all.",
        "Facilities Management & Waste",
    ),
    (
        "5.0",
        "Council to consult with the Department for Communities about including questions to gather data on which "
        "of the Section 75 categories participants identify with.",
        "2023-2024",
        "Year 1 Addition of Section 75 questions on surveys used by the Town Centre Development Team.",
        "Will enhance Section 75 data collection.",
        "Policy Team",
    ),
]
sample(
    name="equality-action-measures-md",
    source="Mid and East Antrim Borough Council: Equality Scheme 2023-2027, Appendix 6 (action plan/action measures)",
    suffix=".md",
    doc=Doc(
        [
            Para("Equality Scheme with Equality Action Plan 2023-2027 - Appendix 6", "title"),
            Para("Appendix 6", "heading2"),
            Para("Action plan/action measures"),
            Para("Equality Action Plan 2023-2027"),
            Table(
                [
                    ["", "Action", "Timeframe", "Performance Indicator", "Expected Outcome", "Responsibility"],
                    *(list(row) for row in _MEA_ACTIONS),
                ]
            ),
        ]
    ),
    title="Equality Scheme with Equality Action Plan 2023-2027",
    wants=[
        Want(
            ref=ref,
            action=action,
            timescale=when,
            leads=(who,),
            progress=(f"Performance Indicator: {indicator}", f"Expected Outcome: {outcome}"),
        )
        for ref, action, when, indicator, outcome, who in _MEA_ACTIONS
    ],
)


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


sample(
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
sample(
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
sample(
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


# ---- 17. A community safety strategy checklist (Word): stages merged down, no leads or dates yet ----

_STAGES = {
    "Setting Priorities": (
        "Clearly define problems that need to be addressed based upon the findings of the audit",
        "Prioritise problems and select a small number (5-7) of objectives",
        "Consider relationship between the partnership’s priorities and priorities of individual agencies",
        "Decide who will draft strategies for meeting each of the objectives",
    ),
    "Developing the strategy": (
        "Develop a clear understanding of the problem to be tackled through analysis of its key elements, underlying "
        "causes and associated risk factors",
        "Conduct secondary analysis on specific problems to add detail to audit findings if needed",
        "Consider all possible ways of tackling the problem",
        "Select a range of interventions based on what is most promising and what can realistically be implemented",
        "Prepare draft strategic plan",
    ),
    "Writing the strategy": (
        "Submit draft report to partnership. Re-draft as requested.",
        "Send copy of strategic plan to the Scottish Executive Crime Prevention Unit",
    ),
}
sample(
    name="community-safety-checklist",
    source="Scottish Executive: developing a community safety strategy – checklist",
    suffix=".docx",
    doc=Doc(
        [
            Para("Developing a community safety strategy - checklist", "heading1"),
            Table(
                [
                    ["STAGE", "ACTION", "WHO", "WHEN BY?"],
                    *(
                        [C(stage) if n == 0 else C(down=True), action, "", ""]
                        for stage, actions in _STAGES.items()
                        for n, action in enumerate(actions)
                    ),
                ]
            ),
        ]
    ),
    title="Developing a community safety strategy - checklist",
    wants=[Want(objective=stage, action=action) for stage, actions in _STAGES.items() for action in actions],
)
