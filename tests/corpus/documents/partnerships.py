"""Partnership boards: safeguarding and community safety plans."""

from __future__ import annotations

from tests.corpus.documents.common import AMBER, GREEN, RED, Family
from tests.corpus.expect import Want
from tests.corpus.spec import C, Doc, Para, Table

SAMPLES = Family()


# ---- 10. A safeguarding board business plan (PDF) whose ratings are only cell colours -------------

SAMPLES.add(
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
SAMPLES.add(
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
