"""Inspections: the action plans written in answer to an inspectorate's report (CQC, Ofsted)."""

from __future__ import annotations

from tests.corpus.documents.common import GREEN, Family
from tests.corpus.expect import Want
from tests.corpus.spec import C, Doc, Para, Sheet, Table

SAMPLES = Family()


# ---- 22. A hospital trust's CQC action plan (Excel, a cover sheet then the plan) -------------------
# The workbook opens on a cover sheet (project, sponsor, lead, version, date); the plan is on the
# second sheet: a reference, the rating as a letter in a green cell, the CQC domain, "MUST DO", the
# inspectors' words, the core service, the executive lead, the numbered actions planned, the
# planned outcome and the completion date. Each row is one action (one rating, lead and date): the
# "must do" is its objective, the numbered steps its text.

_CQC_HEADER = [
    "Ref",
    "RAG",
    "Domain",
    "Must / Should",
    "Recommendation",
    "Core service",
    "Executive lead",
    "Actions",
    "Planned outcome",
    "Completion date",
]
_CQC_ROWS = [
    (
        "1.1",
        "Safe",
        "Urgently progress the redesign of the emergency department to ensure there is adequate space to care "
        "for patients safely and that patient needs are met.",
        "Chief Operating Officer",
        (
            "1. HM Treasury approval of capital monies required for the progression of the written Strategic "
            "Outline Case.",
            "2. Full project management to deliver strategic plan. Project Board to be developed.",
        ),
        "Sufficient space to accommodate the current numbers of patients attending the Department: inclusive of "
        "resus and paediatric capacity.",
        "31/03/2023",
    ),
    (
        "1.2",
        "Safe",
        "Provide sufficient equipment to monitor patients at all times.",
        "Chief Nurse",
        (
            "1. Project plan and manage the expansion of the resus capacity into majors once minors has been "
            "relocated to provide a step down monitored area.",
            "2. Purchase or arrange short term loan via Medical Equipment Library of essential mobile observation "
            "equipment for those patients held in the central area when crowded.",
        ),
        "Reduce the need to locate patients in the central corridor.",
        "01/12/2018",
    ),
]
SAMPLES.add(
    name="cqc-action-plan-xlsx",
    source="A hospital trust's CQC Action Plan 2018, v1.1, 13/09/2018 (https://fdokumen.com/documents/action-plan.html)",
    suffix=".xlsx",
    doc=Doc(
        [
            Sheet("Cover"),
            Para("CQC Action Plan 2018", "title"),
            Table(
                [
                    ["Project", "CQC Action Plan 2018"],
                    ["Sponsor", "Greg Dix"],
                    ["Project lead", "Julie Morgan"],
                    ["Ref", "v1.1"],
                    ["Date", "13/09/2018"],
                ],
                header_rows=0,
            ),
            Sheet("Action plan"),
            Table(
                [
                    _CQC_HEADER,
                    *(
                        [
                            ref,
                            C("G", fill=GREEN),
                            domain,
                            "MUST DO",
                            text,
                            "Urgent & Emergency",
                            lead,
                            "\n".join(actions),
                            outcome,
                            when,
                        ]
                        for ref, domain, text, lead, actions, outcome, when in _CQC_ROWS
                    ),
                ]
            ),
        ]
    ),
    title="CQC Action Plan 2018",
    wants=[
        Want(
            ref=ref,
            theme=domain,
            objective=text,
            action=" ".join(actions),
            leads=(lead,),
            timescale=when,
            progress=(
                "Must / Should: MUST DO",
                "Core service: Urgent & Emergency",
                f"Planned outcome: {outcome}",
            ),
            rag="green",
        )
        for ref, domain, text, lead, actions, outcome, when in _CQC_ROWS
    ],
    note=(
        "The columns' names are not in the published text (its extraction lost the header); they are "
        "named here after what the columns hold. Resources, assurance and the (redacted) action owner "
        "are left out, and the rows after 1.2."
    ),
)
