"""Improvement plans: peer challenges, project plans, review recommendations."""

from __future__ import annotations

from tests.corpus.documents.common import Family
from tests.corpus.expect import Want
from tests.corpus.spec import C, Doc, Para, Table

SAMPLES = Family()


# ---- 5. An LGA corporate peer challenge action plan (web page): lists inside cells --------------

SAMPLES.add(
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
SAMPLES.add(
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

SAMPLES.add(
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
SAMPLES.add(
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
