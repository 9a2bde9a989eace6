"""Time expressions in text -> date intervals resolved against the publication date.

The only module that uses dateparser, and only to normalise absolute date strings that the grammar below
does not read itself (numeric dates such as "12/18/2023"). Relative and structured expressions ("last week",
"fiscal year 2022", "the first 11 months of 2023", "since October") are computed here, following the
"Time resolution rules" of the corpus README.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(slots=True, frozen=True)
class PeriodSpan:
    """One time expression: its offsets, text and the inclusive interval it denotes."""

    start: int
    end: int
    text: str
    period_start: date
    period_end: date
    granularity: str


MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAY_NUM = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SMALL = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "sixty": 60, "ninety": 90, "several": 3,
    "few": 3,
}
PART_NUM = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}
RECENT_DAYS = 14  # corpus README: "more recently" / "in recent weeks" -> the 14 days before publication

_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)(?![a-z])"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d,]\d)"
_YEAR = r"(?:19[5-9]\d|20\d\d)(?![\d])"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMW = "|".join(sorted(SMALL, key=len, reverse=True))
_REL_UNITS = r"week(?:end)?|month|year|quarter|spring|summer|fall|winter"

_BASE = re.compile(
    rf"""
    (?P<fiscal>(?:[Ff]iscal\s(?:[Yy]ear\s)?|FY\s?)(?P<fy>{_YEAR}|'?\d{{2}}(?!\d))
        |(?:the\s)?(?P<fy4>{_YEAR})\sfiscal\syear)
  | (?P<fyrel>(?:(?:so\sfar\s)?(?:this|the\scurrent|current)|last|the\sprevious|the\sprior|previous|prior|next|the\slast|the\spast)
        \s(?:fiscal\syear|FY)(?!\s?\d))
  | (?P<part>(?:the\s)?(?P<pord>first|second|third|fourth|last|final)\s(?:(?P<pn>\d+|{_NUMW})\s)?
        (?P<punit>months|weeks|days|month|week|quarter|half)\sof\s(?:the\s)?
        (?:(?P<pfy>[Ff]iscal\s(?:[Yy]ear\s)?|FY\s?)(?P<pfyy>{_YEAR}|'?\d{{2}}(?!\d))
           |(?P<pyear>{_YEAR})
           |(?P<prel>this|last|the\scurrent|the\sprevious|next)\s(?P<prelu>fiscal\syear|year)
           |(?P<pfyrel>fiscal\syear)|(?P<pthe>year)))
  | (?P<quarter>\bQ(?P<qn>[1-4])\s?(?P<qy>{_YEAR}))
  | (?P<mdrange>(?P<mdm>{_MON})\s(?P<mdd1>{_DAY})\s?(?:-|–|to|through)\s?(?P<mdd2>{_DAY})(?:,?\s(?P<mdry>{_YEAR}))?)
  | (?P<mdy>(?:{_WD},?\s)?(?P<m1>{_MON})\s(?P<d1>{_DAY})(?:,?\s(?P<y1>{_YEAR}))?
        |(?:{_WD},?\s)?(?P<d2>{_DAY})\s(?:of\s)?(?P<m2>{_MON})(?:,?\s(?P<y2>{_YEAR}))?)
  | (?P<part_month>(?P<pm>[Ee]arly|[Mm]id|[Ll]ate|the\s(?:beginning|start|end|middle)\sof)[-\s](?P<pmm>{_MON})(?:,?\s(?P<pmy>{_YEAR}))?)
  | (?P<my>(?P<m3>{_MON}),?\s(?:of\s)?(?P<y3>{_YEAR}))
  | (?P<month>(?P<m4>{_MON}))
  | (?P<weekday>(?:(?P<wdrel>last|this|next|[Pp]ast|[Ee]arly|[Ll]ate)\s)?(?P<wd>{_WD})
        (?:\s(?:morning|afternoon|evening|night))?)
  | (?P<dayword>\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|this\s(?:morning|afternoon|evening)|last\snight)\b)
  | (?P<pastn>(?:(?:in|over|during)\s)?(?:the\s)?(?:past|last|previous|prior|preceding)\s(?P<nn>\d+|{_NUMW})\s(?P<nu>days?|weeks?|months?|years?)\b)
  | (?P<recent>\b(?:in\srecent\s(?:weeks|days|months)|[Mm]ore\srecently|in\sthe\s(?:past|last)\sfew\s(?:weeks|days))\b)
  | (?P<weekend>\b(?:over\sthe|last|this|the\spast)\sweekend\b)
  | (?P<rel>\b(?P<relw>[Tt]his|[Ll]ast|[Nn]ext|the\sprevious|the\sprior|the\scurrent|[Ee]arlier\sthis|[Ll]ater\sthis|so\sfar\sthis
        |[Tt]he\spast|a\smonth\searlier|a\syear\searlier)\s(?P<relu>{_REL_UNITS})\b)
  | (?P<ytd>\byear[-\s]to[-\s]date\b)
  | (?P<numdate>(?<![\w/])(?:\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}})(?![\w/]))
  | (?P<year>\b(?:in|In|during|During|for|For|of|through|throughout|since|Since|between|Between|from|From|and|to|until|by
        |calendar\syear|[Ii]n\searly|[Ii]n\slate|[Ii]n\smid-?)\s(?P<yy>{_YEAR})(?![\d,]|\.\d|\s(?:percent|%)|-)
        |(?P<yy2>{_YEAR})(?='s\b|’s\b))
    """,
    re.VERBOSE,
)
_CONNECT = re.compile(r"^\s?(?:-|–|—|to|through|thru|until|till|and)\s?$|^\s(?:to|through|thru|until|till|and)\s$")
_RANGE_LEAD = re.compile(r"(?:\b[Ff]rom|\b[Bb]etween)\s$")
_SINCE_LEAD = re.compile(r"(?:\b[Ss]ince|\b[Ss]tarting|\b[Bb]eginning|\b[Ss]tarting\sin|\b[Bb]eginning\sin|"
                         r"\b[Ss]ince\sthe\s(?:start|beginning)\sof|\b[Ss]ince\searly|\b[Ss]ince\slate|\b[Ss]ince\smid-?)\s?$")
_WEEK_LEAD = re.compile(r"\b(?:[Tt]he\s)?week\s(?P<w>ending|ended|of|through|starting)\s$")


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _month_num(s: str) -> int:
    return MONTH_NUM[s[:3].lower()]


def _day_num(s: str) -> int:
    return int(re.match(r"\d+", s).group())  # type: ignore[union-attr]


def _fy_year(s: str) -> int:
    digits = s.lstrip("'")
    y = int(digits)
    return y if len(digits) == 4 else 2000 + y


def _fy_interval(fy: int) -> tuple[date, date]:
    return date(fy - 1, 10, 1), date(fy, 9, 30)


def _fy_of(d: date) -> int:
    return d.year + 1 if d.month >= 10 else d.year


def _recent_month(month: int, pub: date) -> int:
    """Year of the most recent given month not after the publication month."""
    return pub.year if month <= pub.month else pub.year - 1


def _day_year(month: int, day: int, pub: date) -> int:
    """Year of a month-day written without one: the pub year unless that lands well after publication."""
    try:
        d = date(pub.year, month, day)
    except ValueError:
        return pub.year - 1
    return pub.year if d <= pub + timedelta(days=45) else pub.year - 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def _dateparser_day(expr: str) -> date | None:
    """An absolute written date ("12/18/2023", "2023-12-18") -> date, through dateparser."""
    import dateparser  # imported here: slow import, and only this rare path needs it

    parsed = dateparser.parse(expr, languages=["en"], settings={"PREFER_DATES_FROM": "past", "DATE_ORDER": "MDY",
                                                                  "STRICT_PARSING": True})
    return parsed.date() if parsed else None


def _interval(m: re.Match[str], pub: date | None) -> tuple[date, date, str, bool] | None:
    """(start, end, granularity, has explicit year) of one base match."""
    g = m.group
    kind = m.lastgroup
    if g("fiscal"):
        fy = _fy_year(g("fy") or g("fy4"))
        return (*_fy_interval(fy), "fiscal_year", True)
    if g("fyrel"):
        if pub is None:
            return None
        w = g("fyrel").lower()
        fy = _fy_of(pub)
        if "this" in w or "current" in w:
            return _fy_interval(fy)[0], pub, "fiscal_year", False
        if "next" in w:
            return (*_fy_interval(fy + 1), "fiscal_year", False)
        return (*_fy_interval(fy - 1), "fiscal_year", False)
    if g("part"):
        return _part_interval(m, pub)
    if g("quarter"):
        q, y = int(g("qn")), int(g("qy"))
        s = date(y, 3 * q - 2, 1)
        return s, _month_end(y, 3 * q), "quarter", True
    if g("mdrange"):
        mo = _month_num(g("mdm"))
        d1, d2 = _day_num(g("mdd1")), _day_num(g("mdd2"))
        if g("mdry"):
            y = int(g("mdry"))
        elif pub is not None:
            y = _day_year(mo, d2, pub)
        else:
            return None
        s, e = _safe_date(y, mo, d1), _safe_date(y, mo, d2)
        if s is None or e is None or s > e:
            return None
        return s, e, "range", bool(g("mdry"))
    if g("mdy"):
        mo = _month_num(g("m1") or g("m2"))
        day = _day_num(g("d1") or g("d2"))
        ys = g("y1") or g("y2")
        if ys:
            y = int(ys)
        elif pub is not None:
            y = _day_year(mo, day, pub)
        else:
            return None
        d = _safe_date(y, mo, day)
        return None if d is None else (d, d, "day", bool(ys))
    if g("part_month"):
        mo = _month_num(g("pmm"))
        if g("pmy"):
            y = int(g("pmy"))
        elif pub is not None:
            y = _recent_month(mo, pub)
        else:
            return None
        word = g("pm").lower()
        if word.startswith(("early", "the beginning", "the start")):
            return date(y, mo, 1), date(y, mo, 10), "month", bool(g("pmy"))
        if word.startswith(("mid", "the middle")):
            return date(y, mo, 11), date(y, mo, 20), "month", bool(g("pmy"))
        return date(y, mo, 21), _month_end(y, mo), "month", bool(g("pmy"))
    if g("my"):
        mo, y = _month_num(g("m3")), int(g("y3"))
        return date(y, mo, 1), _month_end(y, mo), "month", True
    if g("month"):
        if pub is None:
            return None
        mo = _month_num(g("m4"))
        y = _recent_month(mo, pub)
        return date(y, mo, 1), _month_end(y, mo), "month", False
    if g("weekday"):
        if pub is None:
            return None
        wd = WEEKDAY_NUM[g("wd").lower()]
        back = (pub.weekday() - wd) % 7
        rel = (g("wdrel") or "").lower()
        if rel == "next":
            d = pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
        elif rel in ("last", "past") and back == 0:
            d = pub - timedelta(days=7)
        else:
            d = pub - timedelta(days=back)
        return d, d, "day", False
    if g("dayword"):
        if pub is None:
            return None
        w = g("dayword").lower()
        d = pub - timedelta(days=1) if w in ("yesterday", "last night") else pub
        if w == "tomorrow":
            d = pub + timedelta(days=1)
        return d, d, "day", False
    if g("pastn"):
        if pub is None:
            return None
        n_s = g("nn").lower()
        n = int(n_s) if n_s.isdigit() else SMALL[n_s]
        u = g("nu").lower().rstrip("s")
        if u == "day":
            s = pub - timedelta(days=n)
        elif u == "week":
            s = pub - timedelta(days=7 * n)
        elif u == "month":
            s = _add_months(pub, -n)
        else:
            s = _add_months(pub, -12 * n)
        return s, pub, "recent", False
    if g("recent"):
        if pub is None:
            return None
        days = 90 if "months" in g("recent") else RECENT_DAYS
        return pub - timedelta(days=days), pub, "recent", False
    if g("weekend"):
        if pub is None:
            return None
        w = g("weekend").lower()
        if pub.weekday() >= 5 and not w.startswith("last"):
            sat = pub - timedelta(days=pub.weekday() - 5)
            return sat, pub, "week", False
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
        if w.startswith("last") and pub.weekday() >= 5:
            sat -= timedelta(days=7)
        return sat, sat + timedelta(days=1), "week", False
    if g("rel"):
        return _relative(g("relw").lower(), g("relu").lower(), pub)
    if g("ytd"):
        if pub is None:
            return None
        return date(pub.year, 1, 1), pub, "year", False
    if g("numdate"):
        d = _dateparser_day(g("numdate"))
        return None if d is None else (d, d, "day", True)
    if kind == "year" or g("yy") or g("yy2"):
        y = int(g("yy") or g("yy2"))
        return date(y, 1, 1), date(y, 12, 31), "year", True
    return None


def _relative(word: str, unit: str, pub: date | None) -> tuple[date, date, str, bool] | None:
    """'this week', 'last month', 'the previous year', 'so far this year'... against pub."""
    if pub is None:
        return None
    current = word in ("this", "the current", "earlier this", "so far this", "later this")
    nxt = word == "next"
    if word in ("a month earlier",):
        s = _add_months(pub.replace(day=1), -1)
        return s, _month_end(s.year, s.month), "month", False
    if word in ("a year earlier",):
        return date(pub.year - 1, 1, 1), date(pub.year - 1, 12, 31), "year", False
    if word == "the past":
        if unit == "week":
            return pub - timedelta(days=7), pub, "recent", False
        if unit == "month":
            return _add_months(pub, -1), pub, "recent", False
        if unit == "year":
            return _add_months(pub, -12), pub, "recent", False
        return None
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday())
        if current:
            return monday, pub, "week", False
        if nxt:
            return monday + timedelta(days=7), monday + timedelta(days=13), "week", False
        return monday - timedelta(days=7), monday - timedelta(days=1), "week", False
    if unit == "weekend":
        return None
    if unit == "month":
        first = pub.replace(day=1)
        if current:
            return first, pub, "month", False
        other = _add_months(first, 1 if nxt else -1)
        return other, _month_end(other.year, other.month), "month", False
    if unit == "year":
        if current:
            return date(pub.year, 1, 1), pub, "year", False
        y = pub.year + (1 if nxt else -1)
        return date(y, 1, 1), date(y, 12, 31), "year", False
    if unit == "quarter":
        q0 = (pub.month - 1) // 3 * 3 + 1
        first = date(pub.year, q0, 1)
        if current:
            return first, pub, "quarter", False
        other = _add_months(first, 3 if nxt else -3)
        return other, _month_end(*divmod_month(other, 2)), "quarter", False
    return None


def divmod_month(d: date, plus: int) -> tuple[int, int]:
    """(year, month) of the month `plus` months after d's month."""
    e = _add_months(d.replace(day=1), plus)
    return e.year, e.month


def _part_interval(m: re.Match[str], pub: date | None) -> tuple[date, date, str, bool] | None:
    """'the first 11 months of 2023', 'the first half of fiscal 2019', 'the last three months of the year'."""
    g = m.group
    explicit = True
    if g("pfyy"):
        base_s, base_e = _fy_interval(_fy_year(g("pfyy")))
    elif g("pyear"):
        y = int(g("pyear"))
        base_s, base_e = date(y, 1, 1), date(y, 12, 31)
    elif pub is None:
        return None
    else:
        explicit = False
        rel = (g("prel") or "this").lower()
        fiscal = bool(g("pfyrel")) or "fiscal" in (g("prelu") or "")
        if fiscal:
            fy = _fy_of(pub) + (-1 if rel in ("last", "the previous") else 1 if rel == "next" else 0)
            base_s, base_e = _fy_interval(fy)
        else:
            y = pub.year + (-1 if rel in ("last", "the previous") else 1 if rel == "next" else 0)
            base_s, base_e = date(y, 1, 1), date(y, 12, 31)
    ordw = g("pord").lower()
    unit = g("punit").lower()
    n_s = (g("pn") or "").lower()
    n = int(n_s) if n_s.isdigit() else SMALL.get(n_s, 1)
    if unit == "half":
        months, idx = 6, PART_NUM[ordw]
        n = 1
    elif unit == "quarter":
        months, idx = 3, PART_NUM[ordw]
        n = 1
    elif unit.startswith("month"):
        months, idx = 1, 1 if ordw == "first" else -1
    else:
        days = n * (7 if unit.startswith("week") else 1)
        if ordw == "first":
            return base_s, base_s + timedelta(days=days - 1), "range", explicit
        return base_e - timedelta(days=days - 1), base_e, "range", explicit
    if unit.startswith("month"):
        if idx == 1:
            s = base_s
            e = _add_months(base_s, n) - timedelta(days=1)
        else:
            e = base_e
            s = _add_months(base_e + timedelta(days=1), -n)
        return s, e, "range", explicit
    count = 12 // months
    if idx == -1:
        idx = count
    if not 1 <= idx <= count:
        return None
    s = _add_months(base_s, months * (idx - 1))
    e = _add_months(s, months) - timedelta(days=1)
    return s, e, "quarter" if months == 3 else "range", explicit


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    s: date
    e: date
    gran: str
    explicit_year: bool
    kind: str


def _base(text: str, pub: date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in _BASE.finditer(text):
        try:
            iv = _interval(m, pub)
        except (ValueError, OverflowError, KeyError):
            continue  # impossible dates such as "Feb. 30" are not time expressions
        if iv is None:
            continue
        s, e, gran, explicit = iv
        # a year is found with its preposition ("in 2022") but the span is the year itself
        start = m.start("yy") if m.group("yy") else m.start()
        out.append(_Found(start, m.end(), s, e, gran, explicit, m.lastgroup or ""))
    return out


def _compose(text: str, found: list[_Found], pub: date | None) -> list[_Found]:
    """Join 'from A to B' / 'between A and B' / 'A through B' into ranges; 'since A' -> A..pub; week ending."""
    out: list[_Found] = []
    i = 0
    while i < len(found):
        a = found[i]
        lead = text[max(0, a.start - 40) : a.start]
        if i + 1 < len(found):
            b = found[i + 1]
            join = text[a.end : b.start]
            range_lead = _RANGE_LEAD.search(lead)
            jw = join.strip().lower()
            if _CONNECT.match(join) and (range_lead or jw in ("through", "thru", "until", "till", "-", "–", "—")
                                         or (jw == "to" and a.gran in ("day", "month") and b.gran in ("day", "month"))):
                if jw != "and" or (range_lead and range_lead.group().lower().startswith("between")):
                    s = a.s
                    if not a.explicit_year and b.explicit_year and a.kind in ("mdy", "month", "part_month"):
                        s = _safe_date(b.e.year, a.s.month, a.s.day) or a.s
                        if s > b.e:
                            s = _safe_date(b.e.year - 1, a.s.month, a.s.day) or a.s
                    elif s > b.e and not a.explicit_year:
                        s = _safe_date(s.year - 1, s.month, s.day) or s
                    start = a.start - (len(lead) - range_lead.start()) if range_lead else a.start
                    if s <= b.e:
                        out.append(_Found(start, b.end, s, b.e, "range", b.explicit_year, "range"))
                        i += 2
                        continue
        since = _SINCE_LEAD.search(lead)
        if since and pub is not None and a.s <= pub:
            out.append(_Found(a.start - (len(lead) - since.start()), a.end, a.s, pub, "since", a.explicit_year, "since"))
            i += 1
            continue
        week = _WEEK_LEAD.search(lead)
        if week and a.gran == "day":
            w = week.group("w")
            if w in ("ending", "ended", "through"):
                s, e = a.s - timedelta(days=6), a.s
            else:
                s, e = a.s, a.s + timedelta(days=6)
            out.append(_Found(a.start - (len(lead) - week.start()), a.end, s, e, "week", a.explicit_year, "week"))
            i += 1
            continue
        out.append(a)
        i += 1
    return out


def find_periods(text: str, published: date | None) -> list[PeriodSpan]:
    """All time expressions in text order, each with its resolved inclusive interval."""
    if not isinstance(text, str) or not text:
        return []
    pub = published.date() if isinstance(published, datetime) else published
    return [
        PeriodSpan(f.start, f.end, text[f.start : f.end], f.s, f.e, f.gran)
        for f in _compose(text, _base(text, pub), pub)
    ]


def resolve(expression: str, published: date | None) -> tuple[date, date] | None:
    """One time expression -> its (start, end) interval, or None when it is not one we can resolve."""
    if not isinstance(expression, str):
        return None
    expr = expression.strip()
    if not expr:
        return None
    found = find_periods(expr, published)
    if not found and re.fullmatch(_YEAR, expr):
        y = int(expr)
        return date(y, 1, 1), date(y, 12, 31)
    if not found:
        if len(expr) > 40 or not re.search(r"\d", expr):
            return None
        try:
            d = _dateparser_day(expr)
        except (ValueError, OverflowError):
            return None
        return None if d is None else (d, d)
    best = max(found, key=lambda f: f.end - f.start)
    return best.period_start, best.period_end
