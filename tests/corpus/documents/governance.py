"""Governance and audit: annual governance statement action plans."""

from __future__ import annotations

from tests.corpus.documents.common import Family
from tests.corpus.expect import Want
from tests.corpus.spec import C, Doc, Para, Table

SAMPLES = Family()


# ---- 9. An annual governance statement action plan update (Word) -- held out -----------------------

_WOODHOUSE = "Angela Woodhouse, Head of Policy and Communications"
SAMPLES.add(
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
