"""Equality schemes and equality action plans."""

from __future__ import annotations

from tests.corpus.documents.common import Family
from tests.corpus.expect import Want
from tests.corpus.spec import C, Doc, Para, Table

SAMPLES = Family()


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


SAMPLES.add(
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


# ---- 12. An equality scheme timetable (web page): a cell's lines are separate measures ------------

_MEA_HEADER = ["Measure", "Lead responsibility", "Timetable"]
SAMPLES.add(
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
SAMPLES.add(
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


# ---- 23. An equality analysis's action plan (Word): a form table above the plan, no leads ----------
# The analysis's details sit in a two-column form (title, directorate, lead manager, findings); the
# action plan below has no lead column, a column of protected characteristics and a target date
# column whose values are frequencies ("Six monthly", "Ongoing", "Quarterly").

_ROTHERHAM_ACTIONS = [
    (
        "Continue to provide update reports to Cabinet twice a year, including consideration of the equality "
        "implications.",
        "Six monthly",
    ),
    ("All services to undertake equality analyses where applicable and monitor.", "Ongoing"),
    (
        "Continue to obtain updates from directorates, regarding what has been done to consider equalities when "
        "delivering the Year Ahead Delivery Plan actions/activities.",
        "Quarterly",
    ),
]
_ROTHERHAM_CHARACTERISTICS = "State Protected Characterstics as listed below"
SAMPLES.add(
    name="equality-analysis-action-plan",
    source=(
        "Rotherham Metropolitan Borough Council, Council Plan and Year Ahead Delivery Plan progress update "
        "2024/25, appendix 2, equality analysis action plan, "
        "https://www.rotherham.gov.uk/council-plan-21/appendix-2-council-plan-year-ahead-delivery-plan-progress-update-202425/6"
    ),
    suffix=".docx",
    doc=Doc(
        [
            Para("5. Summary of findings and Equality Analysis Action Plan", "heading1"),
            Para(
                "If the analysis is done at the right time, i.e. early before decisions are made, changes should "
                "be built in before the policy or change is signed off."
            ),
            Table(
                [
                    ["Title of analysis", "Council Plan and Year Ahead Delivery Plan Progress Update."],
                    ["Directorate and service area", "Assistant Chief Executive, Policy, Performance and Intelligence"],
                    ["Lead Manager", "Simon Dennis"],
                    [
                        "Summary of findings",
                        "The Year Ahead Delivery Plan addresses inequalities in several of its key themes, including "
                        "the overarching theme ‘One Council’ and guiding principles.",
                    ],
                ],
                header_rows=0,
            ),
            Table(
                [
                    ["Action/Target", _ROTHERHAM_CHARACTERISTICS, "Target date (MM/YY)"],
                    *([action, "All", when] for action, when in _ROTHERHAM_ACTIONS),
                ]
            ),
        ]
    ),
    wants=[
        Want(action=action, timescale=when, progress=(f"{_ROTHERHAM_CHARACTERISTICS}: All",))
        for action, when in _ROTHERHAM_ACTIONS
    ],
)
