"""The time layer: expressions -> intervals against fixed publication dates (corpus README rules)."""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, datetime
from re import _parser

import pytest

from extract import periods
from extract.periods import find_periods, release_through, resolve, shift_period

TUE = date(2023, 12, 19)  # a Tuesday
SAT = date(2023, 12, 16)

# expression, publication date, (start, end) as ISO strings, or None when it must not resolve
CASES = [
    ("yesterday", TUE, ("2023-12-18", "2023-12-18")),
    ("on Monday", TUE, ("2023-12-18", "2023-12-18")),
    ("on Tuesday", TUE, ("2023-12-19", "2023-12-19")),
    ("on Thursday", TUE, ("2023-12-14", "2023-12-14")),
    ("last Friday", TUE, ("2023-12-15", "2023-12-15")),
    ("Tuesday night", TUE, ("2023-12-19", "2023-12-19")),
    ("this week", TUE, ("2023-12-18", "2023-12-19")),
    ("last week", TUE, ("2023-12-11", "2023-12-17")),
    ("early last week", TUE, ("2023-12-11", "2023-12-13")),
    ("last weekend", TUE, ("2023-12-16", "2023-12-17")),
    ("over the weekend", TUE, ("2023-12-16", "2023-12-17")),
    ("over the weekend", SAT, ("2023-12-16", "2023-12-16")),  # published on a weekend: that weekend so far
    ("over the weekend", date(2023, 12, 17), ("2023-12-16", "2023-12-17")),
    ("over the weekend", date(2023, 12, 18), ("2023-12-16", "2023-12-17")),  # a Monday: the one just past
    ("last weekend", date(2023, 12, 17), ("2023-12-09", "2023-12-10")),
    ("this month", TUE, ("2023-12-01", "2023-12-19")),
    ("last month", TUE, ("2023-11-01", "2023-11-30")),
    ("the previous month", TUE, ("2023-11-01", "2023-11-30")),
    ("in November", TUE, ("2023-11-01", "2023-11-30")),
    ("in December", TUE, ("2023-12-01", "2023-12-19")),  # the running month counts up to publication
    ("in March", TUE, ("2023-03-01", "2023-03-31")),
    ("in December", date(2024, 1, 10), ("2023-12-01", "2023-12-31")),
    ("December 2023", None, ("2023-12-01", "2023-12-31")),
    ("Dec. 2023", None, ("2023-12-01", "2023-12-31")),
    ("Dec. 18", TUE, ("2023-12-18", "2023-12-18")),
    ("on Dec. 18", TUE, ("2023-12-18", "2023-12-18")),
    ("December 18, 2023", None, ("2023-12-18", "2023-12-18")),
    ("Friday, December 21", date(2019, 1, 7), ("2018-12-21", "2018-12-21")),
    ("12/18/2023", None, ("2023-12-18", "2023-12-18")),
    ("in 2022", None, ("2022-01-01", "2022-12-31")),
    ("2023's total", None, ("2023-01-01", "2023-12-31")),
    ("in 2023", TUE, ("2023-01-01", "2023-12-19")),
    ("in 2022", TUE, ("2022-01-01", "2022-12-31")),
    ("with the fiscal year only half over", date(2022, 3, 30), ("2021-10-01", "2022-03-30")),
    ("by the time the fiscal year closes", date(2025, 8, 29), ("2024-10-01", "2025-09-30")),
    ("for the fiscal year", date(2024, 11, 11), ("2023-10-01", "2024-09-30")),
    ("by June that had dropped", date(2019, 7, 10), ("2019-06-01", "2019-06-30")),
    ("encounters for the full fiscal year", date(2023, 10, 27), ("2022-10-01", "2023-09-30")),
    ("For the fiscal year to date, actions are down", date(2019, 12, 10), ("2019-10-01", "2019-12-10")),
    ("about 300 a day by the end of October", date(2022, 11, 15), ("2022-10-31", "2022-10-31")),
    ("As of the end of April, seizures for fiscal year 2024 stood at", date(2024, 5, 16), ("2023-10-01", "2024-04-30")),
    ("As of the end of August 2019, the backlog stood at", date(2019, 9, 18), ("2019-08-31", "2019-08-31")),
    ("Year-to-date in fiscal year 2021", date(2021, 8, 13), ("2020-10-01", "2021-08-13")),
    ("last year", TUE, ("2022-01-01", "2022-12-31")),
    ("so far this year", TUE, ("2023-01-01", "2023-12-19")),
    ("in the first 11 months of 2023", None, ("2023-01-01", "2023-11-30")),
    ("the first half of 2019", None, ("2019-01-01", "2019-06-30")),
    ("the second half of 2023", None, ("2023-07-01", "2023-12-31")),
    ("the first half of the year", TUE, ("2023-01-01", "2023-06-30")),
    ("the last half of last year", TUE, ("2022-07-01", "2022-12-31")),
    # a half of a month is half its days, in the most recent such month
    ("the first half of December", TUE, ("2023-12-01", "2023-12-15")),
    ("the first half of December", date(2024, 1, 8), ("2023-12-01", "2023-12-15")),
    ("the second half of February 2024", None, ("2024-02-16", "2024-02-29")),
    ("the last half of November", TUE, ("2023-11-16", "2023-11-30")),
    ("the first quarter of March", TUE, None),
    ("a first half-hour", TUE, None),
    ("the first quarter of 2023", None, ("2023-01-01", "2023-03-31")),
    ("the first three months of fiscal year 2024", None, ("2023-10-01", "2023-12-31")),
    ("fiscal year 2022", None, ("2021-10-01", "2022-09-30")),
    ("FY2022", None, ("2021-10-01", "2022-09-30")),
    ("fiscal 2022", None, ("2021-10-01", "2022-09-30")),
    ("FY 22", None, ("2021-10-01", "2022-09-30")),
    ("the 2023 fiscal year", None, ("2022-10-01", "2023-09-30")),
    ("this fiscal year", TUE, ("2023-10-01", "2023-12-19")),
    ("so far this fiscal year", TUE, ("2023-10-01", "2023-12-19")),
    ("last fiscal year", TUE, ("2022-10-01", "2023-09-30")),
    ("the fiscal year ending in September 2023", None, ("2022-10-01", "2023-09-30")),
    ("October of fiscal year 2012", None, ("2011-10-01", "2011-10-31")),
    ("since October", TUE, ("2023-10-01", "2023-12-19")),
    ("since October", date(2023, 3, 1), ("2022-10-01", "2023-03-01")),
    ("since Jan. 20", TUE, ("2023-01-20", "2023-12-19")),
    ("since the end of August", date(2022, 9, 18), ("2022-08-31", "2022-09-18")),
    ("from Oct. 1 to Dec. 31", date(2024, 1, 5), ("2023-10-01", "2023-12-31")),
    ("between January and March", TUE, ("2023-01-01", "2023-03-31")),
    ("between January and February of last year", date(2020, 3, 10), ("2019-01-01", "2019-02-28")),
    ("October through December", TUE, ("2023-10-01", "2023-12-19")),
    ("between April and mid-August", date(2022, 8, 31), ("2022-04-01", "2022-08-15")),
    ("early March", TUE, ("2023-03-01", "2023-03-10")),
    ("mid-March", TUE, ("2023-03-11", "2023-03-20")),
    ("late March", TUE, ("2023-03-21", "2023-03-31")),
    ("more recently", TUE, ("2023-12-05", "2023-12-19")),
    ("in recent weeks", TUE, ("2023-12-05", "2023-12-19")),
    ("the week ending Dec. 16", TUE, ("2023-12-10", "2023-12-16")),
    ("the past week", date(2023, 5, 12), ("2023-05-06", "2023-05-12")),
    ("over the latest seven days", date(2024, 7, 24), ("2024-07-18", "2024-07-24")),
    ("the past 12 months", TUE, ("2022-12-20", "2023-12-19")),
    ("through October 2024", None, ("2024-01-01", "2024-10-31")),
    ("in fiscal 2019 reached 248,058 by the end of April", date(2019, 5, 9), ("2018-10-01", "2019-04-30")),
    ("so far in July", date(2019, 7, 10), ("2019-07-01", "2019-07-10")),
    ("since Biden took office", date(2024, 2, 8), ("2021-01-20", "2024-02-08")),
    ("in President Trump's first 100 days", date(2025, 4, 29), ("2025-01-20", "2025-04-29")),
    ("in President Trump's first 50 days", date(2025, 4, 29), ("2025-01-20", "2025-03-10")),
    ("in the administration's first 50 days", date(2025, 4, 29), ("2025-01-20", "2025-03-10")),
    ("the administration's first six months", date(2021, 9, 1), ("2021-01-20", "2021-07-19")),
    ("the Biden administration's first 100 days", date(2025, 4, 29), ("2021-01-20", "2021-04-29")),
    ("in its first 100 days", TUE, None),  # no start named: left out
    ("the first six months", TUE, None),
    ("the Biden administration", date(2025, 12, 5), ("2021-01-20", "2025-01-20")),
    ("last summer", TUE, ("2023-06-01", "2023-08-31")),
    ("last summer", date(2023, 7, 1), ("2022-06-01", "2022-08-31")),
    ("this summer", date(2023, 7, 10), ("2023-06-01", "2023-07-10")),
    ("the fall of 2019", None, ("2019-09-01", "2019-11-30")),
    ("the first week of March", TUE, ("2023-03-01", "2023-03-07")),
    ("the second week of January 2024", None, ("2024-01-08", "2024-01-14")),
    ("the last two weeks of November", TUE, ("2023-11-17", "2023-11-30")),
    ("the past 24 hours", TUE, ("2023-12-19", "2023-12-19")),
    ("later this month", TUE, ("2023-12-19", "2023-12-31")),
    ("by the end of the year", TUE, ("2023-12-31", "2023-12-31")),
    ("the end of fiscal year 2023", None, ("2023-09-30", "2023-09-30")),
    ("end of June", TUE, ("2023-06-30", "2023-06-30")),
    ("by the end of June", TUE, ("2023-06-30", "2023-06-30")),
    ("the end of the month", TUE, ("2023-12-31", "2023-12-31")),  # no month named: the publication month's
    ("the final week of January", date(2024, 2, 10), ("2024-01-25", "2024-01-31")),
    ("the last week of February", date(2024, 3, 10), ("2024-02-23", "2024-02-29")),
    ("at the end of last month", TUE, ("2023-11-30", "2023-11-30")),
    ("at the end of August", date(2019, 9, 18), ("2019-08-31", "2019-08-31")),
    ("at the end of October", date(2019, 9, 18), ("2018-10-31", "2018-10-31")),
    ("since the curfew took effect on March 21", TUE, ("2023-03-21", "2023-12-19")),
    ("since the rule was announced in May", TUE, ("2023-05-01", "2023-12-19")),
    ("since the pilot began June 12", TUE, ("2023-06-12", "2023-12-19")),
    ("since it started on Oct. 3", TUE, ("2023-10-03", "2023-12-19")),
    ("since the busing program launched Aug. 5, 2022", TUE, ("2022-08-05", "2023-12-19")),
    ("the prior year", TUE, ("2022-01-01", "2022-12-31")),
    ("the month before", TUE, ("2023-11-01", "2023-11-30")),
    ("a year earlier", TUE, None),  # nothing to move
    ("fiscal 2024 so far", date(2024, 3, 5), ("2023-10-01", "2024-03-05")),
    ("in the 12 months ending in September", TUE, ("2022-10-01", "2023-09-30")),
    ("the 12 months ended June 30, 2023", None, ("2022-07-01", "2023-06-30")),
    ("the 12 months through September", TUE, ("2022-10-01", "2023-09-30")),
    ("in the 12 months ending in June", TUE, ("2022-07-01", "2023-06-30")),
    # two days in a row joined by "and" are one stretch (TUE is Tuesday 19 December)
    ("on Sunday and Monday", TUE, ("2023-12-17", "2023-12-18")),
    ("Dec. 4 and Dec. 5", TUE, ("2023-12-04", "2023-12-05")),
    # "since" a day that is still to come this year: the last one
    ("since Oct. 1", date(2023, 9, 22), ("2022-10-01", "2023-09-22")),
    ("since November 1", date(2023, 9, 22), ("2022-11-01", "2023-09-22")),
    # a holiday's long weekend: the last one begun by publication
    ("over the Thanksgiving weekend", date(2023, 11, 28), ("2023-11-23", "2023-11-26")),
    ("the Labor Day weekend", TUE, ("2023-09-02", "2023-09-04")),
    ("the Memorial Day holiday weekend", date(2024, 5, 20), ("2023-05-27", "2023-05-29")),
    # n days or weeks back from a named day (TUE is Tuesday 19 December)
    ("in the four days ending Thursday", TUE, ("2023-12-11", "2023-12-14")),
    ("the two weeks ended Sunday", TUE, ("2023-12-04", "2023-12-17")),
    ("the five days through Tuesday", TUE, ("2023-12-15", "2023-12-19")),
    ("the 10 days ending Dec. 14", TUE, ("2023-12-05", "2023-12-14")),
    # n units from a start day: "starting" does not make it a running "since"
    ("for the two years starting Sept. 1", date(2023, 7, 25), ("2023-09-01", "2025-08-31")),
    ("the 18 months beginning in January 2022", None, ("2022-01-01", "2023-06-30")),
    ("the three weeks starting Oct. 2", TUE, ("2023-10-02", "2023-10-22")),
    ("the 90 days that began on March 1, 2024", None, ("2024-03-01", "2024-05-29")),
    ("the two years starting", TUE, None),
    ("two years from now", TUE, None),
    ("the four weeks through Dec. 16", TUE, ("2023-11-19", "2023-12-16")),
    ("between Oct. 1, 2022, and Sept. 30, 2023", None, ("2022-10-01", "2023-09-30")),
    ("last December", TUE, ("2022-12-01", "2022-12-31")),  # written in December: the one before
    ("last May", TUE, ("2023-05-01", "2023-05-31")),
    ("this past weekend", TUE, ("2023-12-16", "2023-12-17")),
    ("in calendar 2022", None, ("2022-01-01", "2022-12-31")),
    ("apprehensions fall sharply", TUE, None),
    # must not resolve
    ("last week", None, None),
    ("on Monday", None, None),
    ("$94", TUE, None),
    ("we", TUE, None),
    ("4/5", TUE, None),
    ("2,023 people", TUE, None),
    ("Feb. 30", TUE, None),
]


@pytest.mark.parametrize(("expr", "published", "expected"), CASES, ids=[f"{c[0]}@{c[1]}" for c in CASES])
def test_resolve(expr: str, published: date | None, expected: tuple[str, str] | None) -> None:
    want = None if expected is None else tuple(date.fromisoformat(d) for d in expected)
    assert resolve(expr, published) == want


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Agents caught 10,800 on Monday, up from last week.", TUE,
         [("Monday", "2023-12-18", "2023-12-18"), ("last week", "2023-12-11", "2023-12-17")]),
        ("127 found in the first half of this year, against 96 during the same period last year.", date(2021, 7, 12),
         [("the first half of this year", "2021-01-01", "2021-06-30"), ("the same period last year", "2020-01-01", "2020-06-30")]),
        ("They logged 240,000 in January and February, triple the same months of 2023.", date(2024, 4, 12),
         [("January and February", "2024-01-01", "2024-02-29"), ("the same months of 2023", "2023-01-01", "2023-02-28")]),
        ("The 2019 figure topped $94 and 4/5 of we.", TUE, []),
        ("Year-to-date in fiscal year 2021, CBP counted 845,307.", date(2021, 8, 13),
         [("Year-to-date in fiscal year 2021", "2020-10-01", "2021-08-13")]),
        # a bare year as a time, on its own and in pairs
        ("Agents logged 60,000 in 2020 and 95,000 in 2021; 2019's tally was lower.", TUE,
         [("2020", "2020-01-01", "2020-12-31"), ("2021", "2021-01-01", "2021-12-31"), ("2019", "2019-01-01", "2019-12-31")]),
        # comparisons move the expression before them, skipping a day that only dates the start of the span
        ("Seizures reached 900 in the first nine months of fiscal 2024, which began Oct. 1, 2023. In the same "
         "period of fiscal 2023 they were 700.", date(2024, 7, 20),
         [("the first nine months of fiscal 2024", "2023-10-01", "2024-06-30"), ("Oct. 1, 2023", "2023-10-01", "2023-10-01"),
          ("the same period of fiscal 2023", "2022-10-01", "2023-06-30")]),
        ("Arrests hit 40,000 in March, up from 31,000 a year earlier.", date(2024, 4, 20),
         [("March", "2024-03-01", "2024-03-31"), ("a year earlier", "2023-03-01", "2023-03-31")]),
        ("Stops rose in fiscal 2022, to 2.3 million from 1.7 million the year before.", date(2023, 1, 9),
         [("fiscal 2022", "2021-10-01", "2022-09-30"), ("the year before", "2020-10-01", "2021-09-30")]),
        ("Fiscal 2024 ended with 2.1 million arrests.\n\n" + "Agents worked long shifts in heat and dust. " * 8 +
         "\n\nIn Tucson, agents made 500,000 arrests, up from 300,000 the year before.", date(2024, 10, 25),
         # nothing near to move: the fiscal year before the one just ended
         [("Fiscal 2024", "2023-10-01", "2024-09-30"), ("the year before", "2022-10-01", "2023-09-30")]),
        ("Agents worked long shifts in heat and dust. " * 8 + "\n\nIn Tucson, agents made 500,000 arrests, up from "
         "300,000 the year before.", date(2024, 10, 25), [("the year before", "2023-01-01", "2023-12-31")]),
        ("Crossings fell in June, 9% below May's 50,000; they stood at 61,000 the month before.", date(2024, 7, 20),
         [("June", "2024-06-01", "2024-06-30"), ("May", "2024-05-01", "2024-05-31"),
          ("the month before", "2024-05-01", "2024-05-31")]),
        # a fiscal year still running counts to publication, unless money is appropriated for it
        ("Arrests for fiscal 2024 now top 1.5 million.", date(2024, 5, 20), [("fiscal 2024", "2023-10-01", "2024-05-20")]),
        ("Congress approved $3 billion in the fiscal 2024 budget.", date(2024, 5, 20),
         [("fiscal 2024", "2023-10-01", "2024-09-30")]),
        # "through <month>" in a story about a fiscal year counts from October 1 even a paragraph later
        ("Arrests are up 20% this fiscal year.\n\nThe Tucson sector logged 90,000 arrests through May.", date(2024, 6, 20),
         [("this fiscal year", "2023-10-01", "2024-06-20"), ("through May", "2023-10-01", "2024-05-31")]),
        ("The state bused 9,000 people through May.", date(2024, 6, 20), [("through May", "2024-01-01", "2024-05-31")]),
        # "this year" in a story counting by fiscal years is the fiscal year so far
        ("Fiscal 2023 closed with 2.4 million. Agents have made 900,000 arrests so far this year.", date(2024, 3, 5),
         [("Fiscal 2023", "2022-10-01", "2023-09-30"), ("so far this year", "2023-10-01", "2024-03-05")]),
        ("Agents have made 900,000 arrests so far this year.", date(2024, 3, 5),
         [("so far this year", "2024-01-01", "2024-03-05")]),
        ("Nearly 8,000 were expelled since the order was issued on March 20, officials said.", date(2020, 6, 13),
         [("since the order was issued on March 20", "2020-03-20", "2020-06-13")]),
        # "since the rule took effect" with no date of its own: the date given for it before
        ("The curbs have applied since the rule took effect on June 5. Since the rule took effect, arrests fell 40%.",
         date(2024, 6, 26), [("since the rule took effect on June 5", "2024-06-05", "2024-06-26"),
                             ("Since the rule took effect", "2024-06-05", "2024-06-26")]),
        ("Since the new rule began, arrests fell.", date(2024, 6, 26), []),
        # "its first N days" counts from the start its sentence names: a term, a "since" day, a day something began
        ("Under President Biden, the program admitted 2,000 people in its first 100 days.", date(2021, 9, 1),
         [("Under President Biden", "2021-01-20", "2021-09-01"), ("first 100 days", "2021-01-20", "2021-04-29")]),
        ("The shelter, opened on March 4, took in 900 in its first two weeks.", date(2024, 6, 1),
         [("March 4", "2024-03-04", "2024-03-04"), ("first two weeks", "2024-03-04", "2024-03-17")]),
        ("Since Oct. 1 the unit has made 40 arrests, 25 of them in the first three months.", date(2024, 6, 1),
         [("Since Oct. 1", "2023-10-01", "2024-06-01"), ("the first three months", "2023-10-01", "2023-12-31")]),
        # a day that does not date a beginning, or a start in an earlier sentence, is no anchor
        ("On Monday the mayor said the shelter took in 900 in its first two weeks.", date(2024, 6, 5),
         [("Monday", "2024-06-03", "2024-06-03")]),
        ("The pilot began May 1. It screened 600 people in its first 30 days.", date(2024, 6, 5),
         [("May 1", "2024-05-01", "2024-05-01")]),
        # the day given right after the verb is the start, not a day of its own nor an earlier "since"
        ("Since May 2, 300 were bused. The state has moved 4,000 since the program began June 9.", date(2024, 8, 1),
         [("Since May 2", "2024-05-02", "2024-08-01"), ("since the program began June 9", "2024-06-09", "2024-08-01")]),
        ("Since the program began, June 9 arrivals doubled.", date(2024, 8, 1), [("June 9", "2024-06-09", "2024-06-09")]),
        ("On Oct. 20 the agency held 38,000, against 39,500 two weeks earlier and 36,000 three months before.",
         date(2024, 10, 22), [("Oct. 20", "2024-10-20", "2024-10-20"), ("two weeks earlier", "2024-10-06", "2024-10-06"),
                              ("three months before", "2024-07-20", "2024-07-20")]),
        ("Two weeks before the vote, 500 arrived.", date(2024, 10, 22), []),
        # "N units after <event>" with no time of the event in its clause: the n units up to publication
        ("Two weeks after the new rule, arrests are down 30%.", TUE, [("Two weeks after", "2023-12-05", "2023-12-19")]),
        ("In the five days after the storm, 200 stayed in shelters.", TUE, [("five days after", "2023-12-14", "2023-12-19")]),
        ("Two months after the March 3 order, crossings fell.", TUE, [("March 3", "2023-03-03", "2023-03-03")]),
        ("Three weeks after the order took effect in 2019, arrests fell.", TUE, [("2019", "2019-01-01", "2019-12-31")]),
        ("In the first 40 days after the deal, 9,000 were held.", TUE, []),  # counts from the deal, not known here
        ("Work must stop no later than seven days after the order.", TUE, []),  # a deadline
        # "the seven-day average": the seven days up to publication; "two weeks earlier" moves it, or with no time
        # before it in the text, the publication day (a figure with no time is the publication day's)
        ("The seven-day average fell to 2,000 a day.", TUE, [("seven-day average", "2023-12-13", "2023-12-19")]),
        ("A rolling 14-day average of 900.", TUE, [("14-day average", "2023-12-06", "2023-12-19")]),
        ("The 7-day rolling average fell to 2,000, from 3,000 two weeks earlier.", TUE,
         [("7-day rolling average", "2023-12-13", "2023-12-19"), ("two weeks earlier", "2023-11-29", "2023-12-05")]),
        ("The shelter held 3,000 people, against 4,000 two weeks earlier.", TUE,
         [("two weeks earlier", "2023-12-05", "2023-12-05")]),
        ("Sixty people crossed, up from 50 a year earlier.", TUE, []),
        ("A 14-day quarantine and a seven-day work week.", TUE, []),
        ("Each day before dawn, 300 lined up.", date(2024, 10, 22), []),
        # "the same period" with no year to move to: the span named before, again (with a count, one that long)
        ("Officials returned 9,000 between June and August of this year.\n\n- June: 2,000\n- August: 4,000\n\n"
         "Over the same three months, 12,000 were detained.", date(2024, 9, 10),
         [("between June and August of this year", "2024-06-01", "2024-08-31"), ("June", "2024-06-01", "2024-06-30"),
          ("August", "2024-08-01", "2024-08-31"), ("the same three months", "2024-06-01", "2024-08-31")]),
        ("At the same time, 500 crossed in March.", date(2024, 9, 10), [("March", "2024-03-01", "2024-03-31")]),
        ("In 2023 arrests rose. Up from the same period last year. Up from the same period last year.", TUE,
         [("2023", "2023-01-01", "2023-12-19"), ("the same period last year", "2022-01-01", "2022-12-19"),
          ("the same period last year", "2022-01-01", "2022-12-19")]),
        # "that day", "during the month", "that fiscal year": the latest expression before that fits the unit
        ("Arrests rose from November to December, CBP said Friday. During the month agents made 250,000 arrests.",
         date(2024, 1, 29), [("from November to December", "2023-11-01", "2023-12-31"), ("Friday", "2024-01-26", "2024-01-26"),
                             ("the month", "2023-12-01", "2023-12-31")]),
        ("2023 was the deadliest year, with 143 deaths recorded for that fiscal year.", date(2025, 1, 13),
         [("2023", "2023-01-01", "2023-12-31"), ("that fiscal year", "2022-10-01", "2023-09-30")]),
        # "over" is part of the expression, so nothing reads it as "more than" or as a comparison cue
        ("A Juarez shelter took in 350 families over the weekend, its director said.", TUE,
         [("over the weekend", "2023-12-16", "2023-12-17")]),
        ("Over the weekend, wait times reached four hours.", TUE, [("Over the weekend", "2023-12-16", "2023-12-17")]),
        ("Over 300 people arrived. The weekend shift was short.", TUE, []),
        ("Police stopped 300 on Thursday; 600 more had crossed earlier that day.", date(2020, 1, 17),
         [("Thursday", "2020-01-16", "2020-01-16"), ("that day", "2020-01-16", "2020-01-16")]),
        # "that day" is the last single day named before it; with none, nothing
        ("The count was 900 on Dec. 4. In November 500 came; that same day 40 more arrived.", TUE,
         [("Dec. 4", "2023-12-04", "2023-12-04"), ("November", "2023-11-01", "2023-11-30"),
          ("that same day", "2023-12-04", "2023-12-04")]),
        ("In March 300 crossed. That day, 40 drowned.", TUE, [("March", "2023-03-01", "2023-03-31")]),
        # (a day in the paragraph just before counts, as for every reference: a lede names the day, the next
        # paragraph says "that day")
        ("Agents counted 300 on Monday.\n\nThat day, 40 drowned.", TUE,
         [("Monday", "2023-12-18", "2023-12-18"), ("That day", "2023-12-18", "2023-12-18")]),
        ("Agents counted 300 on Monday.\n\n" + "Shelters filled. " * 25 + "\n\nThat day, 40 drowned.", TUE,
         [("Monday", "2023-12-18", "2023-12-18")]),
        ("That day, 40 drowned.", TUE, []),
        ("The previous low for the month was 43,010.", date(2025, 11, 5), []),
        # "the end of the month": of the month named before it (in its paragraph or close by)
        ("Crossings rose in October, and by the end of the month 500 a day were held.", TUE,
         [("October", "2023-10-01", "2023-10-31"), ("the end of the month", "2023-10-31", "2023-10-31")]),
        ("Arrests fell last month; at the start of the month they were 900 a day.", TUE,
         [("last month", "2023-11-01", "2023-11-30"), ("the start of the month", "2023-11-01", "2023-11-01")]),
        ("Crossings rose in October.\n\n" + "Shelters filled. " * 25 + "\n\nBy the end of the month 500 a day were held.",
         date(2024, 2, 10), [("October", "2023-10-01", "2023-10-31"), ("the end of the month", "2024-02-29", "2024-02-29")]),
        # a month in a sentence set "a year ago" is that month a year before
        ("A year ago, when crossings were rising, agents logged 61,000 in August.", date(2024, 9, 10),
         [("August", "2023-08-01", "2023-08-31")]),
        ("By the time the fiscal year ends on Sept. 30, removals may pass 300,000.", date(2025, 8, 29),
         [("the fiscal year ends on Sept. 30", "2024-10-01", "2025-09-30")]),
        ("Buses came on Sunday. The day before, 4 buses came.", date(2024, 10, 22),
         [("Sunday", "2024-10-20", "2024-10-20"), ("The day before", "2024-10-19", "2024-10-19")]),
    ],
)
def test_find_periods_in_text(text: str, published: date, expected: list[tuple[str, str, str]]) -> None:
    found = find_periods(text, published)
    assert [(p.text, p.period_start.isoformat(), p.period_end.isoformat()) for p in found] == expected
    assert all(text[p.start : p.end] == p.text for p in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@pytest.mark.parametrize(
    ("text", "published", "options", "expected"),
    [
        # data_through: a fiscal year counted to publication ends where the monthly data end
        ("So far this fiscal year agents counted 500,000.", date(2024, 2, 14), {"data_through": date(2024, 1, 31)},
         [("So far this fiscal year", "2023-10-01", "2024-01-31")]),
        ("For the fiscal year to date arrests are down; they were 10% below the same period a year earlier.",
         date(2019, 12, 10), {"data_through": date(2019, 11, 30)},
         [("the fiscal year to date", "2019-10-01", "2019-11-30"), ("the same period a year earlier", "2018-10-01", "2018-11-30")]),
        ("Arrests in fiscal 2019 passed 500,000.", date(2019, 5, 9), {"data_through": date(2019, 4, 30)},
         [("fiscal 2019", "2018-10-01", "2019-04-30")]),
        ("Arrests so far this year passed 500,000.", date(2019, 5, 9), {"data_through": date(2019, 4, 30)},
         [("so far this year", "2019-01-01", "2019-05-09")]),  # a calendar year is not cut
        ("So far this fiscal year agents counted 500,000.", date(2024, 2, 14), {"data_through": datetime(2024, 1, 31, 12)},
         [("So far this fiscal year", "2023-10-01", "2024-01-31")]),
        ("Arrests last month passed 5,000.", date(2019, 5, 9), {"data_through": date(2019, 4, 30)},
         [("last month", "2019-04-01", "2019-04-30")]),
        # anchor: the period a paragraph-sized text compares against when it names none itself
        ("Down from 14,000 the month before.", date(2021, 11, 16), {"anchor": (date(2021, 10, 1), date(2021, 10, 31))},
         [("the month before", "2021-09-01", "2021-09-30")]),
        ("Up 40% from the same period last year.", date(2021, 11, 16), {"anchor": (date(2021, 1, 1), date(2021, 6, 30))},
         [("the same period last year", "2020-01-01", "2020-06-30")]),
        ("Up from 90,000 a year earlier.", date(2021, 11, 16), {"anchor": (date(2020, 10, 1), date(2021, 9, 30))},
         [("a year earlier", "2019-10-01", "2020-09-30")]),
        ("Up from 90,000 a year earlier.", date(2021, 11, 16), {"anchor": (date(2021, 9, 30), date(2020, 10, 1))},
         [("a year earlier", "2019-10-01", "2020-09-30")]),  # a reversed anchor is the interval it spans
    ],
)
def test_find_periods_options(text: str, published: date, options: dict, expected: list[tuple[str, str, str]]) -> None:
    found = find_periods(text, published, **options)
    assert [(p.text, p.period_start.isoformat(), p.period_end.isoformat()) for p in found] == expected


@pytest.mark.parametrize(
    ("start", "end", "unit", "n", "whole", "expected"),
    [
        ("2024-03-01", "2024-03-31", "year", -1, False, ("2023-03-01", "2023-03-31")),
        ("2024-01-01", "2024-02-29", "year", -1, False, ("2023-01-01", "2023-02-28")),
        ("2023-10-01", "2024-06-30", "year", -1, False, ("2022-10-01", "2023-06-30")),
        ("2024-10-12", "2024-10-12", "month", -1, True, ("2024-09-01", "2024-09-30")),
        ("2024-10-12", "2024-10-12", "month", -1, False, ("2024-09-12", "2024-09-12")),
        ("2024-07-17", "2024-07-17", "week", -1, True, ("2024-07-08", "2024-07-14")),
        ("2024-07-17", "2024-07-17", "day", -1, False, ("2024-07-16", "2024-07-16")),
        ("2024-07-17", "2024-07-17", "year", -1, True, ("2023-01-01", "2023-12-31")),
    ],
)
def test_shift_period(start: str, end: str, unit: str, n: int, whole: bool, expected: tuple[str, str]) -> None:
    got = shift_period(date.fromisoformat(start), date.fromisoformat(end), unit, n, whole=whole)
    assert (got[0].isoformat(), got[1].isoformat()) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("CBP's monthly report shows 190,000 encounters in July.", date(2024, 8, 14), date(2024, 7, 31)),
        ("Figures released Friday show arrests fell last month.", date(2024, 1, 9), date(2023, 12, 31)),
        ("Arrests fell in July, officials said.", date(2024, 8, 14), None),  # no release named
        ("The report counts arrests in May.", date(2024, 8, 14), None),  # not the last full month
        ("", date(2024, 8, 14), None),
        ("The report counts arrests in July.", None, None),
        ("The report counts arrests last month.", date(1, 1, 5), None),
    ],
)
def test_release_through(text: str, published: date | None, expected: date | None) -> None:
    assert release_through(text, published) == expected


JUNK = ["", "\x00\x01", "since since since", "from to between and", "Q9 2023", "FY", "fiscal year", "May May May",
        "December 99, 2023", "the first 0 months of 2023", "the last 400 years", "9" * 5000, "Jan. " * 2000,
        "the same period last year", "13/45/2023",
        "In 2023 they came. " + "Up from the same period last year. " * 2100,  # comparisons never chain back to year 0
        "In May 500 came. During the month 300 left, the month before 200. " * 500,
        "December and January"]  # with publication in December 9999 the range ran off the calendar


@pytest.mark.parametrize("text", JUNK, ids=range(len(JUNK)))
@pytest.mark.parametrize("published", [TUE, None, date(1, 1, 1), date(9999, 12, 31)])
def test_junk_does_not_crash(text: str, published: date | None) -> None:
    for p in find_periods(text, published):
        assert p.period_start <= p.period_end and text[p.start : p.end] == p.text


def _gold_metrics(path) -> list[tuple[str, date, dict]]:
    import json

    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            article = json.loads(line)
            out += [(article["text"], date.fromisoformat(article["published"]), m) for m in article["metrics"]]
    return out


@pytest.mark.parametrize(("scope", "floor"), [("paragraph", 0.73), ("article", 0.75)])
def test_gold_periods_are_found_near_their_evidence(sample_corpus, scope: str, floor: float) -> None:
    """Quality gate: for each gold figure dated other than 'publication day', its hand-resolved interval is among
    the intervals found in the evidence's paragraph, reading that paragraph alone or the whole article (as the
    pipeline does, so earlier paragraphs can frame it). Pinned at the rates reached (73.5%, 75.7%), rounded down."""
    hits = graded = 0
    for text, published, metric in _gold_metrics(sample_corpus):
        gold = (date.fromisoformat(metric["period_start"]), date.fromisoformat(metric["period_end"]))
        if gold == (published, published):
            continue
        at = text.find(metric["evidence"])
        start = text.rfind("\n\n", 0, at) + 1 if at >= 0 else 0
        end = text.find("\n\n", at) if at >= 0 and text.find("\n\n", at) >= 0 else len(text)
        graded += 1
        if scope == "paragraph":
            found = find_periods(text[start:end], published)
        else:
            found = [p for p in find_periods(text, published) if start <= p.start < end]
        hits += gold in {(p.period_start, p.period_end) for p in found}
    print(f"gold periods found near their evidence ({scope}): {hits}/{graded} = {hits / graded:.1%}")
    assert graded > 400 and hits / graded >= floor


@pytest.mark.parametrize("layer", ["numbers", "periods"])
def test_spans_on_the_sample_corpus_are_ordered_and_exact(sample_corpus, layer: str) -> None:
    from extract.numbers import find_numbers

    for text, published, _ in {(t, p, "") for t, p, _ in _gold_metrics(sample_corpus)}:
        spans = find_numbers(text) if layer == "numbers" else find_periods(text, published)
        assert all(text[s.start : s.end] == s.text for s in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_a_megabyte_of_mixed_junk_is_read_in_one_pass() -> None:
    import random

    rng = random.Random(7)
    pieces = ["since ", "the ", "first ", "Jan. ", "2023", " ", "fiscal ", "FY", "-", "last ", "week", "\x00", ",", "Q3 "]
    text = "".join(rng.choice(pieces) for _ in range(200_000))[:1_000_000]
    found = find_periods(text, TUE)
    assert found and all(text[p.start : p.end] == p.text and p.period_start <= p.period_end for p in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


# --- Fast paths of the time layer: each must give what its plain form gives. ---

def _named(m: re.Match[str] | None) -> tuple | None:
    """A grammar match by group name (the cut-down grammars number their groups otherwise)."""
    return None if m is None else (m.span(), m.lastgroup, m.groupdict())


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<!\w)\w", text)]


ROUTE_EDGES = [
    "May", "May 1", "May 1, 2023", "Mayor Sept. 30", "mid-March", "MARCH 5 and march 5", "Sept.\n30", "Dec.",
    "FY2022 and FY23", "fiscal year 2022's first half", "Q3 2023", "12/18/23 and 2023-12-18", "in 2022", "In\u00a02022",
    "2023’s", "2023's surge", "the same period last year", "the s", "the", "t", "Biden’s first 100 days",
    "former President Joe Biden's administration", "under President Trump", "since the order took effect",
    "Since Biden took office", "during the month", "During the year", "a year earlier", "the year before",
    "two weeks after the order", "the seven-day average", "the first 11 months of 2023", "its first 50 days",
    "the week ending Dec. 2", "So far this fiscal year", "over the weekend", "x_y May", "é May", "_May", "May_",
    "year-to-date", "Year to date", "the end of the month", "early last week", "last night", "Tuesday night",
]


@pytest.mark.parametrize("text", ROUTE_EDGES)
def test_grammar_routed_by_its_first_word_matches_the_whole_grammar(text: str) -> None:
    whole = periods._grammar()
    for pos in _word_starts(text):
        assert _named(periods._match_at(text, pos)) == _named(whole.match(text, pos)), text[pos:]


def test_grammar_routed_by_its_first_word_matches_the_whole_grammar_on_the_sample(sample_corpus) -> None:
    whole = periods._grammar()
    texts = {json.loads(line)["text"] for line in sample_corpus.read_text(encoding="utf-8").splitlines() if line}
    for text in texts:
        for pos in _word_starts(text):
            assert _named(periods._match_at(text, pos)) == _named(whole.match(text, pos)), text[pos : pos + 60]


# pattern, what the text begins with, whether the pattern may match such a text (read from the parsed pattern)
MAY_BEGIN = [
    (r"May(?![a-z])", "Mayor", False), (r"May(?![a-z])", "May ", True), (r"May(?![a-z])", "May", True),
    (r"\d{4}(?!\d)", "2023 ", True), (r"\d{4}(?!\d)", "20234", False), (r"\d{4}(?!\d)", "202", True),
    (r"a(?=b)", "ac", False), (r"a(?=b)", "ab", True), (r"a(?=b)", "a", True),
    (r"(?<=x)ab", "ab", True),  # a look-behind is not read: taken as passing
    (r"ab\b", "abc", False), (r"ab\b", "ab c", True), (r"a\Bb", "ab", True), (r"a\bb", "ab", False),
    (r"(?i)may", "MAY", True), (r"(?i)may", "MAX", True),  # ignoring case is not read: may
    (r"[^a-z]x", "bx", False), (r"[^a-z]x", "Bx", True), (r"[\d,]x", ",x", True), (r"\sx", "\u00a0x", True),
    (r"\w+\s\d", "ab c", False), (r"\w+\s\d", "ab 1", True), (r"\w+?\s", "ab", True),
    (r"(?:a|b)*c", "ababx", False), (r"(?:a|b)*c", "ababc", True), (r"(?:ab){2,3}c", "ababababc", False),
    (r"(?:ab){2,3}c", "abababc", True), (r"(?:ab){2,3}c", "abc", False), (r"x?y", "y", True), (r"x?y", "z", False),
    (r"(a)\1", "ab", True),  # a back reference is not read: it may match anything
    (r"(?>a|ab)c", "abc", True), (r"a.c", "a\nc", False), (r"(?s)a.c", "a\nc", True),
]


@pytest.mark.parametrize(("pattern", "begins", "may"), MAY_BEGIN)
def test_may_begin_reads_what_a_parsed_pattern_needs(pattern: str, begins: str, may: bool) -> None:
    flags = re.compile(pattern).flags
    parsed = periods._plain(_parser.parse(pattern, flags), flags)
    assert periods._may_begin(parsed, begins) is may
    if re.match(pattern, begins):
        assert all(periods._may_begin(parsed, begins[:k]) for k in range(len(begins) + 1))  # never a false no


THROUGH_LEADS = ["through ", "Through\n", "through \n", "breakthrough ", "thru\t", "As of ", "as\u00a0of\n", "by ", "By  ",
                 "goodby ", "x" * 60 + " through ", "gone through it ", "", " ", "As of", "as of the "]


@pytest.mark.parametrize("lead", THROUGH_LEADS)
def test_through_lead_searched_in_its_last_ten_characters_finds_the_same(lead: str) -> None:
    whole = periods._THROUGH_LEAD.search(lead)
    cut = periods._THROUGH_LEAD.search(lead, max(0, len(lead) - 10))
    assert (None if cut is None else cut.span()) == (None if whole is None else whole.span())


YEAR_AGO_WINDOWS = ["A YEAR AGO, ", "one year\nearlier ", "Ka year ago", "a year agoNov", "a Year\u00a0Earlier, in ",
                    "years ago", "a year before", "year-ago", "yeAr ago", "", "x" * 200 + "a year ago, "]


@pytest.mark.parametrize("window", YEAR_AGO_WINDOWS)
def test_year_ago_prefilter_holds_wherever_the_pattern_matches(window: str) -> None:
    for cut in (window, window[-periods._YEAR_AGO_CHARS :]):
        assert periods._may_year_ago(cut) or not periods._YEAR_AGO_BEFORE.search(cut)


@pytest.mark.parametrize(("year", "month"), [(2024, 2), (2023, 2), (1900, 2), (2000, 2), (2023, 12), (2023, 1), (1, 1),
                                             (9999, 12), (0, 2), (10000, 2), (2023, 13), (2023, 0), (2023, -1)])
def test_month_days_are_calendar_monthrange_days(year: int, month: int) -> None:
    try:
        plain: int | type = calendar.monthrange(year, month)[1]
    except ValueError as e:
        plain = type(e)
    try:
        fast: int | type = periods._month_days(year, month)
    except ValueError as e:
        fast = type(e)
    assert fast == plain
