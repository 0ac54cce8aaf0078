"""Tests for models.timescale: free-text timescales, day-first, UK conventions."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.timescale import Timescale, find_timescale_in_text, format_due, parse_timescale

REF = date(2021, 5, 1)  # the "as at" date for texts without a year
D = date

# text, start, end, ongoing, undated, understood  (all parsed with reference=REF)
CASES = [
    # month/year, including OCR "O" for zero and stray spaces
    ("04/14", D(2014, 4, 1), D(2014, 4, 30), False, False, True),
    ("4/14", D(2014, 4, 1), D(2014, 4, 30), False, False, True),
    ("O3/14", D(2014, 3, 1), D(2014, 3, 31), False, False, True),
    ("06 /14", D(2014, 6, 1), D(2014, 6, 30), False, False, True),
    # single days, day-first, two-digit years are 20xx
    ("25/6/14", D(2014, 6, 25), D(2014, 6, 25), False, False, True),
    ("10/3/14", D(2014, 3, 10), D(2014, 3, 10), False, False, True),
    ("31/07/21", D(2021, 7, 31), D(2021, 7, 31), False, False, True),
    ("31/03/2027", D(2027, 3, 31), D(2027, 3, 31), False, False, True),
    ("31.03.2027", D(2027, 3, 31), D(2027, 3, 31), False, False, True),
    ("2027-03-31", D(2027, 3, 31), D(2027, 3, 31), False, False, True),
    # month names
    ("Oct 12", D(2012, 10, 1), D(2012, 10, 31), False, False, True),
    ("Sept 2013", D(2013, 9, 1), D(2013, 9, 30), False, False, True),
    ("Sep 2013", D(2013, 9, 1), D(2013, 9, 30), False, False, True),
    ("Nov 2014", D(2014, 11, 1), D(2014, 11, 30), False, False, True),
    ("Dec 2014", D(2014, 12, 1), D(2014, 12, 31), False, False, True),
    ("Sept 2014", D(2014, 9, 1), D(2014, 9, 30), False, False, True),
    ("September 2013", D(2013, 9, 1), D(2013, 9, 30), False, False, True),
    ("December 2020", D(2020, 12, 1), D(2020, 12, 31), False, False, True),
    ("31st July 2021", D(2021, 7, 31), D(2021, 7, 31), False, False, True),
    ("25 June 2021", D(2021, 6, 25), D(2021, 6, 25), False, False, True),
    ("1st Sept 2021", D(2021, 9, 1), D(2021, 9, 1), False, False, True),
    ("30th September 2021", D(2021, 9, 30), D(2021, 9, 30), False, False, True),
    ("<p>31st October 2021</p>", D(2021, 10, 31), D(2021, 10, 31), False, False, True),
    # deadlines: only the end is known
    ("By October 2021", None, D(2021, 10, 31), False, False, True),
    ("by 31/03/2027", None, D(2027, 3, 31), False, False, True),
    ("No later than March 2021", None, D(2021, 3, 31), False, False, True),
    ("Before June 2021", None, D(2021, 6, 30), False, False, True),
    ("by the end of March 2022", None, D(2022, 3, 31), False, False, True),
    # open-ended
    ("From April 15", D(2015, 4, 1), None, True, False, True),
    ("From April 2015", D(2015, 4, 1), None, True, False, True),
    ("from 1/4/15", D(2015, 4, 1), None, True, False, True),
    ("From 09/14", D(2014, 9, 1), None, True, False, True),
    ("Nov 2014 onwards", D(2014, 11, 1), None, True, False, True),
    ("From April 2015 to March 2016", D(2015, 4, 1), D(2016, 3, 31), False, False, True),
    # school terms (Autumn Sep-Dec, Spring Jan-Mar, Summer Apr-Jul)
    ("Summer term 2021", D(2021, 4, 1), D(2021, 7, 31), False, False, True),
    ("Autumn term 2021", D(2021, 9, 1), D(2021, 12, 31), False, False, True),
    ("Spring term 2021", D(2021, 1, 1), D(2021, 3, 31), False, False, True),
    ("Autumn 2021", D(2021, 9, 1), D(2021, 12, 31), False, False, True),
    ("Spring 2022", D(2022, 1, 1), D(2022, 3, 31), False, False, True),
    ("Spring term", D(2022, 1, 1), D(2022, 3, 31), False, False, True),  # next after REF
    ("Spring term 2021/22", D(2022, 1, 1), D(2022, 3, 31), False, False, True),
    ("end of term", D(2021, 7, 31), D(2021, 7, 31), False, False, True),  # REF is in summer
    # financial quarters and years
    ("Q3 2025/26", D(2025, 10, 1), D(2025, 12, 31), False, False, True),
    ("Q1 2026", D(2026, 4, 1), D(2026, 6, 30), False, False, True),
    ("Q4 25/26", D(2026, 1, 1), D(2026, 3, 31), False, False, True),
    ("2025-26", D(2025, 4, 1), D(2026, 3, 31), False, False, True),
    ("2025/26", D(2025, 4, 1), D(2026, 3, 31), False, False, True),
    ("2025/2026", D(2025, 4, 1), D(2026, 3, 31), False, False, True),
    ("2014/15 academic year", D(2014, 9, 1), D(2015, 7, 31), False, False, True),
    # end of a month: that last day; without a year, the next one on/after REF
    ("End of March", D(2022, 3, 31), D(2022, 3, 31), False, False, True),
    ("end of march 2027", D(2027, 3, 31), D(2027, 3, 31), False, False, True),
    ("End March", D(2022, 3, 31), D(2022, 3, 31), False, False, True),
    # ongoing / recurring / on demand: understood, no dates, ongoing
    ("Ongoing", None, None, True, True, True),
    ("ongoing", None, None, True, True, True),
    ("On-going", None, None, True, True, True),
    ("Continuous", None, None, True, True, True),
    ("Quarterly", None, None, True, True, True),
    ("Monthly", None, None, True, True, True),
    ("Annually", None, None, True, True, True),
    ("6 Monthly", None, None, True, True, True),
    ("Termly", None, None, True, True, True),
    ("As required", None, None, True, True, True),  # chosen: on-demand work recurs -> ongoing
    ("As and when", None, None, True, True, True),
    # no date yet: understood, not ongoing
    ("TBC", None, None, False, True, True),
    ("TBA", None, None, False, True, True),
    ("N/A", None, None, False, True, True),
    # ranges: earliest start to latest end
    ("09/14-07/14", D(2014, 7, 1), D(2014, 9, 30), False, False, True),
    ("05 – 07 2014", D(2014, 5, 1), D(2014, 7, 31), False, False, True),
    ("05—07 2014", D(2014, 5, 1), D(2014, 7, 31), False, False, True),
    ("O3/14 O7/14", D(2014, 3, 1), D(2014, 7, 31), False, False, True),
    ("April - June 2021", D(2021, 4, 1), D(2021, 6, 30), False, False, True),
    ("April–June 2021", D(2021, 4, 1), D(2021, 6, 30), False, False, True),
    ("07/14 09/14-07/14", D(2014, 7, 1), D(2014, 9, 30), False, False, True),
    ("1 - 5 June 2021", D(2021, 6, 1), D(2021, 6, 5), False, False, True),
    ("Q3 - Q4 2025/26", D(2025, 10, 1), D(2026, 3, 31), False, False, True),
    # trailing notes in brackets are ignored
    ("04/15 (report)", D(2015, 4, 1), D(2015, 4, 30), False, False, True),
    # not understood: flagged, never guessed
    ("Soon", None, None, False, True, False),
    ("?", None, None, False, True, False),
    ("asap-ish", None, None, False, True, False),
    ("31/02/21", None, None, False, True, False),
    ("13/14", None, None, False, True, False),
    ("2025-27", None, None, False, True, False),
    ("by March 2021 onwards", None, None, False, True, False),
    ("term 2021", None, None, False, True, False),  # which term?
    ("April - June", None, None, False, True, False),  # a range needs a year: never guessed
    ("April June 2021", None, None, False, True, False),
    # empty
    ("", None, None, False, True, True),
    ("   ", None, None, False, True, True),
]


@pytest.mark.parametrize(("text", "start", "end", "ongoing", "undated", "understood"), CASES)
def test_examples(text, start, end, ongoing, undated, understood):
    ts = parse_timescale(text, REF)
    assert (ts.start, ts.end, ts.ongoing, ts.undated, ts.understood) == (start, end, ongoing, undated, understood)
    assert ts.text == text
    assert ts.due == end


def test_none_is_empty():
    ts = parse_timescale(None, REF)
    assert (ts.text, ts.start, ts.end, ts.undated, ts.understood) == ("", None, None, True, True)
    assert ts.describe() == "no timescale"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (D(2021, 3, 30), D(2021, 3, 31)),
        (D(2021, 3, 31), D(2021, 3, 31)),  # on the day counts
        (D(2021, 4, 1), D(2022, 3, 31)),
    ],
)
def test_end_of_month_without_year_uses_reference(reference, expected):
    assert parse_timescale("End of March", reference).end == expected


def test_reference_defaults_to_today():
    ts = parse_timescale("end of March")
    assert ts.understood and ts.end.month == 3 and ts.end.day == 31
    assert ts.end >= date.today()


def test_due_date_is_the_last_day_of_the_window():
    # What makes an action overdue (storage.db.actions.OVERDUE: open and due before today).
    assert parse_timescale("04/14", REF).due == D(2014, 4, 30)
    assert parse_timescale("By October 2021", REF).due == D(2021, 10, 31)
    assert parse_timescale("From April 15", REF).due is None  # open-ended: never overdue
    assert parse_timescale("Ongoing", REF).due is None
    assert parse_timescale("Soon", REF).due is None  # not understood: never guessed


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("04/14", "Apr 2014 (due 30/04/2014)"),
        ("31st July 2021", "due 31/07/2021"),
        ("By October 2021", "by 31/10/2021"),
        ("From April 2015", "from 01/04/2015, ongoing"),
        ("Q3 2025/26", "Oct 2025 to Dec 2025 (due 31/12/2025)"),
        ("1 - 5 June 2021", "01/06/2021 to 05/06/2021 (due 05/06/2021)"),
        ("Ongoing", "ongoing"),
        ("TBC", "no date"),
        ("Soon", "not understood"),
    ],
)
def test_describe(text, description):
    assert parse_timescale(text, REF).describe() == description


def test_format_due():
    assert format_due(D(2014, 4, 30)) == "30/04/2014"
    assert format_due(D(2021, 9, 1)) == "01/09/2021"


def test_timescale_behaves_like_frozen_dataclass():
    ts = parse_timescale("04/14", REF)
    assert ts == parse_timescale("04/14", REF) and hash(ts) == hash(parse_timescale("04/14", REF))
    assert ts != parse_timescale("05/14", REF)
    with pytest.raises(AttributeError):
        ts.end = D(2030, 1, 1)
    assert pickle.loads(pickle.dumps(ts)) == ts and copy.deepcopy(ts) == ts
    assert "end=datetime.date(2014, 4, 30)" in repr(ts)
    assert Timescale("x", None, None, False, True, False).understood is False


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("... which in turn reports to the Corporate Parent Forum December 2020", "December 2020"),
        (
            "... introduced. March 2021 report to Care Leavers Board and thereafter to Corporate "
            "Parent Forum. This to ensure the consultation can be properly planned",
            "March 2021",
        ),
        (
            "To develop the tool as required, consult with young people and implement Summer term 2021",
            "Summer term 2021",
        ),
        ("Complete the review and sign off 25 June 2021", "25 June 2021"),
        ("Policy to be refreshed By October 2021", "By October 2021"),
        ("Draft in December 2020 and final version no later than March 2021", "no later than March 2021"),
        ("Report in Q3 2025/26", "Q3 2025/26"),
        ("Review by 31/03/2027.", "by 31/03/2027"),
        ("Sign off by the end of March 2022 at the latest", "by the end of March 2022"),
        ("A second programme for secondary schools in the Spring term.", "Spring term"),
        ("Review 31 February 2021 and again in May 2021", "May 2021"),
        ("This action is now complete.", None),
        ("Page 3/4 of the report, with 12 people in May", None),
        ("", None),
    ],
)
def test_find_timescale_in_text(text, phrase):
    assert find_timescale_in_text(text) == phrase


def test_import_is_light():
    """The fast read path imports this: it must not drag in dataclasses/inspect."""
    code = (
        "import sys; before = set(sys.modules); import models.timescale; "
        "print(' '.join(sorted(set(sys.modules) - before)))"
    )
    root = Path(__file__).resolve().parents[1]
    added = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not {"dataclasses", "inspect", "calendar", "typing"} & set(added), added


# ---- properties -----------------------------------------------------------------------------

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
MONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
CENTURY = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


@settings(max_examples=200, deadline=None)
@given(d=CENTURY, style=st.sampled_from(["dmY", "dmy", "iso", "ordinal", "mon", "month"]))
def test_any_day_parses_to_itself(d, style):
    text = {
        "dmY": d.strftime("%d/%m/%Y"),
        "dmy": d.strftime("%d/%m/%y"),
        "iso": d.isoformat(),
        "ordinal": f"{ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}",
        "mon": f"{d.day} {MONS[d.month - 1]} {d.year}",
        "month": f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    }[style]
    ts = parse_timescale(text, REF)
    assert (ts.start, ts.end, ts.understood, ts.undated, ts.ongoing) == (d, d, True, False, False), text


def test_ordinal_helper():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "31st",
    ]


@settings(max_examples=200, deadline=None)
@given(d=CENTURY, style=st.sampled_from(["my", "Month", "Mon"]))
def test_any_month_parses_to_whole_month(d, style):
    text = {
        "my": d.strftime("%m/%y"),
        "Month": f"{MONTHS[d.month - 1]} {d.year}",
        "Mon": f"{MONS[d.month - 1]} {d.year}",
    }[style]
    ts = parse_timescale(text, REF)
    first = d.replace(day=1)
    after = D(first.year + first.month // 12, first.month % 12 + 1, 1)
    assert ts.start == first and (ts.end - after).days == -1 and ts.understood, text


def check_invariants(text: str, ts: Timescale) -> None:
    assert ts.text == text
    assert ts.undated == (ts.start is None and ts.end is None)
    if not ts.understood:
        assert ts.undated and not ts.ongoing
    if ts.start is not None and ts.end is not None:
        assert ts.start <= ts.end
    assert isinstance(ts.describe(), str)


@settings(max_examples=200, deadline=None)
@given(text=st.text(), reference=st.none() | st.dates())
def test_never_raises_and_keeps_text(text, reference):
    check_invariants(text, parse_timescale(text, reference))
    phrase = find_timescale_in_text(text)
    assert phrase is None or phrase in text


# Date-like vocabulary so the generated texts actually reach the parser's deeper branches.
TOKENS = st.sampled_from(
    [
        "by",
        "from",
        "end of",
        "onwards",
        "to",
        "-",
        "–",
        "(report)",
        "O3/14",
        "07/14",
        "12/14",
        "25/6/14",
        "31/02/21",
        "2027-03-31",
        "April",
        "Sept",
        "Dec 2014",
        "2014",
        "2021",
        "15",
        "Q3",
        "Q4 25/26",
        "2025/26",
        "Spring",
        "Summer term",
        "term",
        "academic year",
        "1st",
        "31",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(TOKENS, max_size=6).map(" ".join),
    reference=st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)),
)
def test_windows_are_ordered(text, reference):
    check_invariants(text, parse_timescale(text, reference))


def test_parse_day_reads_the_days_officers_type():
    from models.timescale import parse_day

    assert parse_day("22/07/2015") == date(2015, 7, 22)
    assert parse_day(" 22/7/15 ") == date(2015, 7, 22)  # day first, 20xx
    assert parse_day("1.2.2020") == date(2020, 2, 1)
    assert parse_day("2015-07-22") == date(2015, 7, 22)
    for text in ("31/02/2021", "07/22/2015", "end of March", "", "22/07", "٢٢/٠٧/٢٠١٥"):
        with pytest.raises(ValueError):
            parse_day(text)
