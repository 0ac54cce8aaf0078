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
