"""Timescales as imports meet them: the forms the issue lists, table-driven, and a property: a
date written in any supported form (Excel's own date cells included) parses to itself."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.timescale import parse_timescale
from storage.importing.xlsx_grid import cell_text

REF = date(2025, 5, 1)
D = date

# written, start, end, ongoing, understood (parsed with reference=REF)
CASES = [
    ("Q3 2025/26", D(2025, 10, 1), D(2025, 12, 31), False, True),
    ("Q4 25/26", D(2026, 1, 1), D(2026, 3, 31), False, True),
    ("2025-26", D(2025, 4, 1), D(2026, 3, 31), False, True),
    ("2025/26", D(2025, 4, 1), D(2026, 3, 31), False, True),
    ("End of March", D(2026, 3, 31), D(2026, 3, 31), False, True),
    ("End March 2027", D(2027, 3, 31), D(2027, 3, 31), False, True),
    ("As required", None, None, True, True),
    ("Quarterly", None, None, True, True),
    ("Ongoing", None, None, True, True),
    ("09/14-07/14", D(2014, 7, 1), D(2014, 9, 30), False, True),
    ("31/03/2027", D(2027, 3, 31), D(2027, 3, 31), False, True),  # an Excel date cell, as read
    ("31st March 2027", D(2027, 3, 31), D(2027, 3, 31), False, True),
    ("By 31/03/2027", None, D(2027, 3, 31), False, True),
    ("Summer term 2026", D(2026, 4, 1), D(2026, 7, 31), False, True),
    ("From April 15", D(2015, 4, 1), None, True, True),
    ("Soon", None, None, False, False),  # flagged, never guessed
    ("2025-27", None, None, False, False),
    ("31/02/2027", None, None, False, False),
]


@pytest.mark.parametrize(("written", "start", "end", "ongoing", "understood"), CASES)
def test_forms_the_issue_lists(written, start, end, ongoing, understood):
    parsed = parse_timescale(written, REF)
    assert (parsed.start, parsed.end, parsed.ongoing, parsed.understood) == (start, end, ongoing, understood)
    assert parsed.text == written  # kept exactly as written


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
FORMS = {
    "excel": lambda d: cell_text(datetime(d.year, d.month, d.day)),
    "dd/mm/yyyy": lambda d: d.strftime("%d/%m/%Y"),
    "d/m/yy": lambda d: f"{d.day}/{d.month}/{d.strftime('%y')}",
    "dd.mm.yyyy": lambda d: d.strftime("%d.%m.%Y"),
    "iso": lambda d: d.isoformat(),
    "d Month yyyy": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "d Mon yy": lambda d: f"{d.day} {MONTHS[d.month - 1][:3]} {d.strftime('%y')}",
    "dth of Month yyyy": lambda d: f"{d.day}th of {MONTHS[d.month - 1]} {d.year}",
    "in a sentence's brackets": lambda d: f"{d.strftime('%d/%m/%Y')} (tbc)",
}


@settings(max_examples=150, deadline=None)
@given(day=st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)), form=st.sampled_from(sorted(FORMS)))
def test_a_date_in_any_supported_form_parses_to_itself(day, form):
    written = FORMS[form](day)
    parsed = parse_timescale(written, REF)
    assert (parsed.start, parsed.end, parsed.understood) == (day, day, True), written


@settings(max_examples=100, deadline=None)
@given(
    day=st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)),
    form=st.sampled_from(["by", "before", "no later than"]),
)
def test_a_deadline_ends_on_its_date(day, form):
    parsed = parse_timescale(f"{form} {day.strftime('%d/%m/%Y')}", REF)
    assert (parsed.start, parsed.end, parsed.understood) == (None, day, True)
