"""Time expressions in text -> date intervals resolved against the publication date.

The only module that uses dateparser, and only to normalise absolute date strings that the grammar below
does not read itself (numeric dates such as "12/18/2023"). Relative and structured expressions ("last week",
"fiscal year 2022", "the first 11 months of 2023", "since October", "since Biden took office") are computed
here, following the "Time resolution rules" of the corpus README.

Two passes: a grammar finds base expressions (one regex, compiled once), then a composition pass joins them
("from A to B", "between A and B", "A through B") and applies the words around them ("since A", "through A",
"so far in A", "the week ending A"). Comparisons and back-references ("the same period last year", "a year
earlier", "the month before", "over the same four months", "during the month", "since the order took effect")
move or repeat the latest suitable expression before them; find_periods' `anchor` stands in when there is none.

Conventions measured on the gold (dev.jsonl): "through <month>" counts from October 1 when a fiscal year is named
in its sentence or the 1,000 characters before, else from January 1; "by <month>" alone and "as of the end of
<month>" are points in time unless a fiscal year is named in the sentence; "this year" after a fiscal year is
named is the fiscal year so far; a fiscal year still running counts to publication, or to `data_through` (see
release_through) for stories on a monthly release.
"""

from __future__ import annotations

import calendar
import functools
import itertools
import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# the standard library's regex parser: which characters each grammar alternative can begin with
from re import _constants as _sc
from re import _parser as _sre_parser

from extract import rules
from extract.numbers import WordTest, word_tokens


@dataclass(slots=True, frozen=True)
class PeriodSpan:
    """One time expression: its offsets, text and the inclusive interval it denotes."""

    start: int
    end: int
    text: str
    period_start: date
    period_end: date
    granularity: str


# PeriodSpan(...) made by filling its slots directly, as numbers._number_span does for NumberSpan (the frozen
# class's __init__ passes every field through object.__setattr__)
_new = object.__new__
_set_start, _set_end, _set_text = PeriodSpan.start.__set__, PeriodSpan.end.__set__, PeriodSpan.text.__set__
_set_period_start, _set_period_end = PeriodSpan.period_start.__set__, PeriodSpan.period_end.__set__
_set_granularity = PeriodSpan.granularity.__set__


def _period_span(start: int, end: int, text: str, period_start: date, period_end: date, granularity: str) -> PeriodSpan:
    """PeriodSpan(start, end, ...), made faster."""
    span = _new(PeriodSpan)
    _set_start(span, start)
    _set_end(span, end)
    _set_text(span, text)
    _set_period_start(span, period_start)
    _set_period_end(span, period_end)
    _set_granularity(span, granularity)
    return span


MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAY_NUM = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SMALL = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "sixty": 60, "ninety": 90,
}
PART_NUM = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}

_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)(?![a-z])"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d,]\d)(?!\d)"
_YEAR = r"(?:19[5-9]\d|20\d\d)(?!\d)"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMW = "|".join(sorted(SMALL, key=len, reverse=True))
# counts of two or more (before a plural: no "a"), as written inside a sentence, and also at its start
_NUMW2 = "|".join(sorted((w for w in SMALL if SMALL[w] > 1), key=len, reverse=True))
# (the capitalised ones behind one test for a capital: most attempts are at lower-case words)
_NUMW_CAP = _NUMW2 + "|(?=[A-Z])(?:" + "|".join(sorted((w.capitalize() for w in SMALL if SMALL[w] > 1), key=len, reverse=True)) + ")"
_REL_UNITS = r"week(?:end)?|month|year|quarter"
_FY = r"(?:[Ff]iscal\s(?:[Yy]ear\s)?|FY\s?)"
_FYN = rf"(?:{_YEAR}|'?\d{{2}}(?!\d))"
_POSS = r"(?:'s|’s)"


@dataclass(frozen=True, slots=True)
class _Term:
    name: str
    start: date
    end: date | None


@functools.cache
def _config() -> tuple[tuple[_Term, ...], int, int]:
    """Presidential terms and 'recent' windows from rules/periods.yaml (loaded once)."""
    data = rules.load("periods")
    terms = tuple(
        _Term(t["name"], date.fromisoformat(t["start"]), date.fromisoformat(t["end"]) if t["end"] else None)
        for t in data["terms"]
    )
    return terms, data["recent_days"], data["recent_months_days"]


@functools.cache
def _grammar() -> re.Pattern[str]:
    """The base-expression regex (built once: the administration names come from the rule file)."""
    names = "|".join(sorted({re.escape(t.name) for t in _config()[0]}, key=len, reverse=True)) or "(?!x)x"
    titles = r"(?:(?:[Ff]ormer\s|[Tt]he\s)?(?:President|[A-Z][a-z]+|[A-Z]\.)\s){0,3}"
    # The guard up front makes every position inside a word fail at once: the grammar only starts at words.
    return re.compile(
        rf"""
        (?<![\w'’])(?=[A-Za-z0-9])(?:
        (?P<term_since>[Ss]ince\s{titles}(?P<tsn>{names}){_POSS}?\s(?:inauguration|took\s(?:office|over)|was\sinaugurated
            |was\ssworn\sin|returned\sto\s(?:office|the\sWhite\sHouse|power)|return(?:ed)?\b|became\spresident|entered\soffice
            |came\sinto\soffice|(?:second\s)?term\sbegan|administration\s(?:began|took\sover|took\soffice)))
      | (?P<term_inaug>[Ss]ince\s(?:the\s)?(?:[Ii]nauguration(?:\s[Dd]ay)?|the\sadministration\stook\soffice)(?!\sof))
      | (?P<term_ord>{titles}(?P<ton>{names}){_POSS}\s(?P<tord>first|second)\s(?P<tw>(?:\d{{1,3}}|{_NUMW})\s(?:days|weeks|months)\b
            |term|full\smonth|year))
      | (?P<term_admin>(?:the\s)?(?:(?P<taord>first|second)\s)?(?P<tan>{names})(?:[-\s]era\b
            |\s(?:administration|presidency)(?:{_POSS}\sfirst\s(?:\d{{1,3}}|{_NUMW2})\s(?:days|weeks|months))?\b
            |{_POSS}\s(?:administration|presidency|tenure|watch)\b)
          |\b(?:[Uu]nder|[Dd]uring)\s{titles}(?P<tun>{names})\b(?!{_POSS}\s(?:first|second)))
      | (?P<term_current>\b(?:[Tt]he\s(?:(?:current|new)\s)?administration{_POSS}\sfirst\s(?:\d{{1,3}}|{_NUMW2})\s(?:days|weeks|months)\b
            |(?:the\s(?:current|present)|this)\sadministration\b))
      | (?P<fyend>(?:the\s)?fiscal\syear\s(?:ending|that\sended|which\sended|ended|that\sends|ending\sin)\s(?:in\s)?(?:on\s)?
            (?:this\s|last\s)?(?:September|Sept\.?)(?:\s30)?(?:,?\s(?P<fyey>{_YEAR}))?)
      | (?P<fypart>(?:the\s)?(?:(?P<fyprel>current|last|previous|next)\s)?fiscal\syear{_POSS}\s(?P<fypord>first|second|third|fourth|last|final)
            \s(?P<fypu>quarter|half))
      | (?P<fiscal>{_FY}(?P<fy>{_FYN})|(?:the\s)?(?P<fy4>{_YEAR})\sfiscal\syear)
      | (?P<fyrel>(?:(?:[Ss]o\sfar\s)?(?:[Tt]his|the\scurrent|[Tt]he\scurrent|current)|[Ll]ast|[Tt]he\sprevious|[Tt]he\sprior|previous|prior|[Nn]ext
            |[Tt]he\slast|[Tt]he\spast|[Tt]he\scoming)\s(?:fiscal\syear|FY)(?!\s?\d))
      | (?P<fytd>\b(?:the\s)?fiscal\syear[-\s]to[-\s]date\b)
      | (?P<fybare>\b(?:the|this)\s(?:full\s|entire\s|whole\s)?fiscal\syear\b(?!\s?\d|{_POSS}|\s(?:to\sdate|so\sfar))(?P<fyclose>\s(?:closes|ends|is\sover)(?:\son\s(?:September|Sept\.?)\s30(?:th)?)?)?)
      | (?P<sinceyear>[Ss]ince\sthe\s(?:(?:start|beginning)\sof\sthe\s(?P<syf>fiscal\s)?year|(?P<syf2>fiscal\s)?year\s(?:began|started)))
      | (?P<trailwd>(?:the\s)?(?P<twn>\d{{1,2}}|{_NUMW})\s(?P<twu>days|weeks)\s(?:ending|ended|that\sended|through)\s(?:on\s)?
            (?P<twd>{_WD})\b)
      | (?P<trail>(?:the\s)?(?P<trn>\d{{1,2}}|{_NUMW})\s(?:(?P<tru>months|weeks|days)\s(?:ending|ended|that\sended|through|up\sto)
            |(?:years|months|weeks|days)\s(?:starting|beginning|that\sbegan|which\sbegan|that\sbegins))\s(?:in\s|on\s)?
            (?P<trm>{_MON})(?:\s(?P<trd>{_DAY}))?(?:,?\s(?P<try>{_YEAR}))?)
      | (?P<part>(?:the\s)?(?:(?P<pord>first|second|third|fourth|last|final)\s(?:(?P<pn>\d+|{_NUMW})\s)?
            (?P<punit>months|weeks|days|month|week|quarter|half)\sof\s(?:the\s)?
            (?:{_FY}(?P<pfyy>{_FYN})
               |(?P<pyear>{_YEAR})
               |(?P<prel>this|last|the\scurrent|the\sprevious|next)\s(?P<prelu>fiscal\syear|year)
               |(?P<pfyrel>fiscal\syear)|(?P<pthe>year)
               |(?P<pmon>{_MON})(?:,?\s(?P<pmony>{_YEAR}))?)
          |first\s(?:\d{{1,3}}|{_NUMW2})\s(?:days|weeks|months)\b(?!\s(?:of|after|since|before|ending|ended|through|starting
            |beginning)\b)))
      | (?P<quarter>\bQ(?P<qn>[1-4])\s?(?P<qy>{_YEAR}))
      | (?P<mdrange>(?P<mdm>{_MON})\s(?P<mdd1>{_DAY})\s?(?:-|–|to|through)\s?(?P<mdd2>{_DAY})(?:,?\s(?P<mdry>{_YEAR}))?)
      | (?P<mdy>(?:{_WD},?\s)?(?P<m1>{_MON})\s(?P<d1>{_DAY})(?:,?\s(?P<y1>{_YEAR}))?
            |(?:{_WD},?\s)?(?P<d2>{_DAY})\s(?:of\s)?(?P<m2>{_MON})(?:,?\s(?P<y2>{_YEAR}))?)
      | (?P<edge>(?:the\s)?(?P<ew>end|close|last\sday|beginning|start|first\sday)\sof\s(?P<em>{_MON})(?:,?\s(?P<ey>{_YEAR}))?)
      | (?P<edge_rel>the\s(?P<erw>end|close|last\sday|beginning|start|first\sday)\sof\s(?:(?P<erel>the|this|last|next)\s)?
            (?:(?P<efy>fiscal\s)?(?P<eunit>year|month)(?:\s(?P<eyy>{_YEAR}))?|{_FY}(?P<efyy>{_FYN})))
      | (?P<season>(?P<serel>[Tt]his|[Ll]ast|[Nn]ext|[Ee]arly|[Ll]ate)\s(?P<sname>spring|summer|fall|autumn|winter)\b
            (?:,?\s(?:of\s)?(?P<syy>{_YEAR}))?
          |(?P<sname2>[Ss]pring|[Ss]ummer|[Ff]all|[Aa]utumn|[Ww]inter),?\s(?:of\s)?(?P<syy2>{_YEAR}))
      | (?P<part_month>(?P<pm>[Ee]arly|[Mm]id|[Ll]ate|the\smiddle\sof)[-\s](?P<pmm>{_MON})(?:,?\s(?P<pmy>{_YEAR}))?)
      | (?P<part_year>(?P<py>[Ee]arly|[Mm]id|[Ll]ate)[-\s](?P<pyy>{_YEAR}))
      | (?P<my>(?P<m3>{_MON}),?\s(?:of\s)?(?:(?P<y3>{_YEAR})|{_FY}(?P<y3fy>{_FYN})|(?P<y3rel>last|this|next)\syear))
      | (?P<lastmon>(?:[Ll]ast|[Tt]his\spast)\s(?P<lmm>{_MON})(?!\s(?:{_DAY}|of)\b))
      | (?P<month>(?P<m4>{_MON}))
      | (?P<partweek>(?P<pwe>[Ee]arly|[Ll]ate)\s(?P<pwr>last|this)\sweek)
      | (?P<weekday>(?:(?P<wdrel>last|this|next|[Pp]ast)\s)?(?P<wd>{_WD})(?:\s(?:morning|afternoon|evening|night))?)
      | (?P<dayword>\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|this\s(?:morning|afternoon|evening)|last\snight)\b)
      | (?P<pastn>(?:the\s)?(?:past|last|previous|prior|preceding|latest)\s(?P<nn>\d+|{_NUMW})\s(?P<nu>hours?|days?|weeks?|months?|years?)\b)
      | (?P<nextn>(?:the\s)?(?:next|coming)\s(?:(?P<xn>\d+|{_NUMW})\s)?(?P<xu>days?|weeks?|months?|years?)\b)
      | (?P<recent>\b(?:in\srecent\s(?P<rmonths>months)|in\srecent\s(?:weeks|days)|[Mm]ore\srecently|[Rr]ecently|[Ll]ately
            |(?:in\s)?the\s(?:past|last)\sfew\s(?:weeks|days))\b)
      | (?P<holiday>\b(?:the\s)?(?P<hname>Thanksgiving|Labor\sDay|Memorial\sDay)(?:\sholiday)?\sweekend\b)
      | (?P<weekend>\b(?:(?:over\s)?the|last|this|the\spast|this\spast)\sweekend\b)
      | (?P<sinceevent>[Ss]ince\s(?:the|its|this|that|these|those)\s(?:[\w-]+\s){{0,3}}?(?:took\seffect|went\sinto\seffect
            |came\sinto\sforce|began|started|was\sput\sin\splace|were\sput\sin\splace|(?:was|were)\s(?:issued|imposed|signed
            |announced|implemented|introduced|enacted|adopted|launched))\b(?!\s(?:on\s|in\s|{_MON})))
      | (?P<ana>\b(?:[Tt]hat(?:\ssame)?|(?<=[Dd]uring\s)the)\s(?P<anau>fiscal\syear|month|week|day|year)\b
            (?!\s(?:before|earlier|ago|after|ending|ended|to|of|when|in|that)\b|{_POSS}|[-’'])(?<!\sthe\sday)(?<!\sthe\sweek))
      | (?P<cmp>\b(?:(?:(?P<cmpa>[Aa]|[Oo]ne)|(?P<cmpn>\d{{1,2}}|{_NUMW_CAP}))(?:\s(?P<cmpu>year|month|week|day)s?\s(?:earlier|before|prior)
            (?!\s(?:the|a|an|his|her|their|its|it|last|this|that|to)\b)
            |\s(?:day|week|month)s\safter|[-\s]day\s(?:rolling\s|moving\s)?average)
          |[Tt]he\s(?P<cmpu2>year|month|week|day)\sbefore(?!\s(?:the|a|an|his|her|their|its|it|last|this|that)\b)
          |[Tt]he\s(?:previous|prior|preceding)\s(?P<cmpu3>year|month|week|day))\b)
      | (?P<rel>\b(?P<relw>[Tt]his|[Ll]ast|[Nn]ext|the\sprevious|the\sprior|the\scurrent|[Ee]arlier\sthis|[Ll]ater\sthis|so\sfar\sthis
            |[Tt]he\spast|a\smonth\searlier|a\syear\searlier|a\syear\sago)\s?(?P<relu>{_REL_UNITS})?\b)
      | (?P<ytd>\b(?:[Yy]ear[-\s]to[-\s]date|so\sfar\sthis\syear)\b)
      | (?P<same>\b(?:the\s)?same\s(?:period|months?|stretch|time|point|weeks?|days?|quarter|span)\s
            (?:(?:of|in)\s(?:{_FY}(?P<sfy>{_FYN})|(?P<sy>{_YEAR}))|(?:of\s|in\s)?(?P<srel>last\syear|a\syear\s(?:earlier|ago|before)
            |the\s(?:previous|prior)\syear|the\syear\sbefore)))
      | (?P<samebare>\b(?:[Tt]he\s)same\s(?:(?P<sbn>\d{{1,2}}|{_NUMW})\s)?(?P<sbu>period|months?|stretch|span|weeks?|quarter)\b)
      | (?P<numdate>(?<![\w/])(?:\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}})(?![\w/]))
      | (?P<year>\b(?:in|In|during|During|for|For|of|through|Through|throughout|since|Since|between|Between|from|From|and|to|until|by|By
            |calendar(?:\syear)?)\s(?P<yy>{_YEAR})(?!,\d{{3}}|\.\d|\s(?:percent|%)|-\d)
            |(?P<yy2>{_YEAR})(?={_POSS}\b|\sto\sdate\b|\s(?:was|saw|brought|marked|ended|closed)\s))
        )""",
        re.VERBOSE,
    )


# Most grammar attempts fail, and a failed one tried all forty alternatives. Each alternative is guarded by a
# look-ahead on the ASCII letters and digits it can begin with (read from the parsed pattern), so an attempt tries
# only the few that can start with the character at hand. The guard restates what the alternative requires: the
# matches are the same.
_ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)
_GUARD_HEAD = "(?=[A-Za-z0-9])(?:"  # the grammar's own guard, then its alternatives


def _split_alternatives(src: str) -> tuple[str, list[str], str]:
    """(head, top-level alternatives, tail) of the grammar's source; ValueError when it is not shaped so."""
    start = src.index(_GUARD_HEAD) + len(_GUARD_HEAD)
    stop = src.rstrip().rindex(")")
    body = src[start:stop]
    alternatives: list[str] = []
    depth, in_class, i, last = 0, False, 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 2 if body[i + 1 : i + 2] == "]" else 3 if body[i + 1 : i + 3] == "^]" else 1
            continue
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            alternatives.append(body[last:i])
            last = i + 1
        i += 1
    alternatives.append(body[last:])
    if depth != 0 or "|".join(alternatives) != body:
        raise ValueError("grammar source not split into alternatives")
    return src[:start], alternatives, src[stop:]


def _class_may_hold(c: str, items: list, flags: int) -> bool:  # type: ignore[type-arg]
    """Whether a parsed character class may match c (an ASCII letter or digit); True when unsure."""
    if items and items[0][0] is _sc.NEGATE:
        return True
    forms = {c, c.lower(), c.upper()} if flags & re.IGNORECASE else {c}
    for op, av in items:
        if op is _sc.LITERAL:
            if chr(av) in forms or flags & re.IGNORECASE and not chr(av).isascii():
                return True
        elif op is _sc.RANGE:
            if any(av[0] <= ord(f) <= av[1] for f in forms) or flags & re.IGNORECASE and av[1] > 127:
                return True
        elif op is _sc.CATEGORY and av in (_sc.CATEGORY_DIGIT, _sc.CATEGORY_UNI_DIGIT):
            if c.isdigit():
                return True
        elif not (op is _sc.CATEGORY and av in (_sc.CATEGORY_SPACE, _sc.CATEGORY_UNI_SPACE)):
            return True  # words, negated categories, anything else: may hold it
    return False


def _first_chars(items: Iterable, flags: int) -> tuple[set[str], bool]:  # type: ignore[type-arg]
    """(ASCII letters and digits a parsed sequence may begin with, whether it may match the empty string)."""
    out: set[str] = set()
    for op, av in items:
        if op is _sc.LITERAL:
            ch = chr(av)
            out |= {ch, ch.lower(), ch.upper()} & _ASCII_ALNUM if flags & re.IGNORECASE else {ch} & _ASCII_ALNUM
            return out, False
        if op is _sc.IN:
            return out | {c for c in _ASCII_ALNUM if _class_may_hold(c, av, flags)}, False
        if op is _sc.BRANCH:
            empty = False
            for alternative in av[1]:
                chars, may_be_empty = _first_chars(alternative, flags)
                out |= chars
                empty = empty or may_be_empty
        elif op is _sc.SUBPATTERN:
            chars, empty = _first_chars(av[3], (flags | av[1]) & ~av[2])
            out |= chars
        elif op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
            chars, empty = _first_chars(av[2], flags)
            out |= chars
            empty = empty or av[0] == 0
        elif op is _sc.ATOMIC_GROUP:
            chars, empty = _first_chars(av, flags)
            out |= chars
        elif op in (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT):
            empty = True  # takes no character (what a look-around requires is ignored: fewer guards, not wrong ones)
        else:
            return set(_ASCII_ALNUM), True  # anything else (back references ...): no guard
        if not empty:
            return out, False
    return out, True


@functools.cache
def _routed_grammar() -> re.Pattern[str]:
    """_grammar() with each alternative guarded by the characters it can begin with (same matches)."""
    grammar = _grammar()
    try:
        head, alternatives, tail = _split_alternatives(grammar.pattern)
        guarded = []
        for alternative in alternatives:
            chars, empty = _first_chars(_sre_parser.parse(alternative, grammar.flags), grammar.flags)
            guard = not empty and chars and chars != _ASCII_ALNUM
            guarded.append(f"(?=[{''.join(sorted(chars))}]){alternative}" if guard else alternative)
        routed = re.compile(head + "|".join(guarded) + tail, grammar.flags)
    except (ValueError, re.error):
        return grammar  # a grammar of another shape runs unguarded
    return routed if routed.groupindex == grammar.groupindex else grammar


@functools.cache
def _alternatives_by_char() -> tuple[str, list[tuple[str, frozenset[str] | None]], str] | None:
    """(head, [(alternative, the ASCII letters and digits it can begin with, None for any)], tail) of the grammar;
    None when it is not shaped for splitting."""
    grammar = _grammar()
    try:
        head, alternatives, tail = _split_alternatives(grammar.pattern)
        starts: list[tuple[str, frozenset[str] | None]] = []
        for alternative in alternatives:
            chars, empty = _first_chars(_sre_parser.parse(alternative, grammar.flags), grammar.flags)
            starts.append((alternative, None if empty else frozenset(chars)))
    except (ValueError, re.error):
        return None
    return head, starts, tail


_NO_GRAMMAR = re.compile(r"(?!)")  # matches nowhere: no expression begins with this character
_BY_CHAR: dict[str, re.Pattern[str]] = {}


def _grammar_for(ch: str) -> re.Pattern[str]:
    """The grammar as it can match at a position holding ch: only the alternatives that can begin with ch (read as
    _routed_grammar's guards are), so an attempt walks a few alternatives instead of forty guards. The groups of
    the others are kept, never matching, so every group reads by name as in the whole grammar (group numbers
    differ: matches are read by name). Made once per character."""
    found = _BY_CHAR.get(ch)
    if found is not None:
        return found
    split = _alternatives_by_char()
    grammar = _grammar()
    if not (ch.isascii() and ch.isalnum()):
        found = _NO_GRAMMAR  # the grammar's guard wants an ASCII letter or digit
    elif split is None:
        found = _routed_grammar()
    else:
        head, starts, tail = split
        kept = [alternative for alternative, chars in starts if chars is None or ch in chars]
        names = [name for alternative, chars in starts if not (chars is None or ch in chars)
                 for name in re.findall(r"\(\?P<(\w+)>", alternative)]
        filler = "|(?!)" + "".join(f"(?P<{name}>)" for name in names) if names else ""
        found = re.compile(head + "|".join(kept) + filler + tail, grammar.flags) if kept else _NO_GRAMMAR
        if found is not _NO_GRAMMAR and set(found.groupindex) != set(grammar.groupindex):
            found = _routed_grammar()
    _BY_CHAR[ch] = found
    return found


# Routing by the first word and the two characters after it ("the s", "May 1", "President J"). The alternatives
# that cannot match text beginning so are left out: an attempt then tries one or two alternatives, and most
# attempts that would fail are not made at all. Which alternatives can begin so is read from the parsed pattern by
# following it over those characters, generously (whatever it cannot read, a look-behind say, counts as
# possible), so no alternative that could match is left out; and since nothing follows the alternation, the first
# alternative that matches is the match of the whole grammar.
def _is_word(ch: str) -> bool:
    """What \\w and \\b of a str pattern take for a word character."""
    return ch == "_" or ch.isalnum()


_CATEGORY_TESTS: dict[object, Callable[[str], bool]] = {
    _sc.CATEGORY_DIGIT: str.isdecimal, _sc.CATEGORY_UNI_DIGIT: str.isdecimal,
    _sc.CATEGORY_SPACE: str.isspace, _sc.CATEGORY_UNI_SPACE: str.isspace,
    _sc.CATEGORY_WORD: _is_word, _sc.CATEGORY_UNI_WORD: _is_word,
}
_CATEGORY_NOT = {
    _sc.CATEGORY_NOT_DIGIT: _sc.CATEGORY_DIGIT, _sc.CATEGORY_UNI_NOT_DIGIT: _sc.CATEGORY_DIGIT,
    _sc.CATEGORY_NOT_SPACE: _sc.CATEGORY_SPACE, _sc.CATEGORY_UNI_NOT_SPACE: _sc.CATEGORY_SPACE,
    _sc.CATEGORY_NOT_WORD: _sc.CATEGORY_WORD, _sc.CATEGORY_UNI_NOT_WORD: _sc.CATEGORY_WORD,
}
_UNSURE_FLAGS = int(re.IGNORECASE | re.ASCII | re.LOCALE)
# the parsed pattern as plain tuples, tagged: (_LIT, ch), (_CLASS, test of a character: True, False or None for
# unsure), (_BRANCH, sequences, the character each begins with or None), (_SEQ, sequence), (_REPEAT, low, high,
# sequence), (_BOUND, True for \b or False for \B), (_AHEAD, sequence), (_NOT_AHEAD, sequence), (_ANY_END,) for
# what is not read; what needs no character and is not read (a look-behind, ^) is left out: it is taken as passing
_LIT, _CLASS, _BRANCH, _SEQ, _REPEAT, _BOUND, _AHEAD, _NOT_AHEAD, _ANY_END = range(9)


def _unsure(ch: str) -> bool | None:
    return None


def _class_test(op: object, av: object, flags: int) -> Callable[[str], bool | None]:
    """The test of a character by one parsed single-character item (NOT_LITERAL, ANY, IN)."""
    if flags & _UNSURE_FLAGS:
        return _unsure
    if op is _sc.NOT_LITERAL:
        return lambda ch: ch != chr(av)  # type: ignore[arg-type]
    if op is _sc.ANY:
        return (lambda ch: True) if flags & re.DOTALL else (lambda ch: ch != "\n")
    items = list(av)  # type: ignore[call-overload]
    negate = bool(items) and items[0][0] is _sc.NEGATE
    chars: set[str] = set()
    ranges: list[tuple[int, int]] = []
    tests: list[Callable[[str], bool]] = []
    for item_op, item_av in items[1:] if negate else items:
        if item_op is _sc.LITERAL:
            chars.add(chr(item_av))
        elif item_op is _sc.RANGE:
            ranges.append(item_av)
        elif item_op is _sc.CATEGORY and item_av in _CATEGORY_TESTS:
            tests.append(_CATEGORY_TESTS[item_av])
        elif item_op is _sc.CATEGORY and item_av in _CATEGORY_NOT:
            tests.append(lambda ch, test=_CATEGORY_TESTS[_CATEGORY_NOT[item_av]]: not test(ch))
        else:
            return _unsure

    def test(ch: str) -> bool:
        held = ch in chars or any(low <= ord(ch) <= high for low, high in ranges) or any(t(ch) for t in tests)
        return held != negate

    return test


def _plain(items: Iterable, flags: int) -> tuple:  # type: ignore[type-arg]
    """A parsed sequence as tagged tuples (see _LIT...)."""
    flags = int(flags)
    out: list[tuple] = []  # type: ignore[type-arg]
    for op, av in items:
        if op is _sc.LITERAL and not flags & _UNSURE_FLAGS:
            out.append((_LIT, chr(av)))
        elif op in (_sc.LITERAL, _sc.NOT_LITERAL, _sc.ANY, _sc.IN):
            out.append((_CLASS, _class_test(op, av, flags)))
        elif op is _sc.BRANCH:
            alternatives = tuple(_plain(alternative, flags) for alternative in av[1])
            # with the character each must begin with, when it is one (most are words: "January|February|...")
            firsts = tuple(alternative[0][1] if alternative and alternative[0][0] == _LIT else None
                           for alternative in alternatives)
            out.append((_BRANCH, alternatives, firsts))
        elif op is _sc.SUBPATTERN:
            out.append((_SEQ, _plain(av[3], (flags | av[1]) & ~av[2])))
        elif op is _sc.ATOMIC_GROUP:
            out.append((_SEQ, _plain(av, flags)))
        elif op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
            out.append((_REPEAT, av[0], av[1], _plain(av[2], flags)))
        elif op is _sc.AT:
            if av in (_sc.AT_BOUNDARY, _sc.AT_UNI_BOUNDARY, _sc.AT_NON_BOUNDARY, _sc.AT_UNI_NON_BOUNDARY) and not (
                    flags & _UNSURE_FLAGS):
                out.append((_BOUND, av in (_sc.AT_BOUNDARY, _sc.AT_UNI_BOUNDARY)))
        elif op in (_sc.ASSERT, _sc.ASSERT_NOT):
            if av[0] == 1:  # look-aheads; a look-behind is taken as passing
                out.append((_AHEAD if op is _sc.ASSERT else _NOT_AHEAD, _plain(av[1], flags)))
        else:
            out.append((_ANY_END,))
    return tuple(out)


def _reach(seq: tuple, ks: set[int], p: str) -> set[int]:  # type: ignore[type-arg]
    """The positions of p a sequence (see _plain) may end at, begun at any of ks (len(p): past p, where anything
    may follow); a superset of the true ones."""
    n = len(p)
    for node in seq:
        if not ks or len(ks) == 1 and n in ks:
            return ks  # none left, or only past p: every node keeps that (it reads no character of p)
        tag = node[0]
        if tag == _LIT:
            ch = node[1]
            ks = {k + 1 if k < n else n for k in ks if k == n or p[k] == ch}
        elif tag == _CLASS:
            test = node[1]
            ks = {k + 1 if k < n else n for k in ks if k == n or test(p[k]) is not False}
        elif tag == _BRANCH:
            heads = None if n in ks else {p[k] for k in ks}  # (past p, any alternative may go on)
            ks = set().union(*(_reach(alternative, ks, p) for alternative, first in zip(node[1], node[2], strict=True)
                               if heads is None or first is None or first in heads))
        elif tag == _SEQ:
            ks = _reach(node[1], ks, p)
        elif tag == _REPEAT:
            _, low, high, sub = node
            out = set(ks) if low == 0 else set()
            current, count = ks, 0
            while current and count < high:
                current = _reach(sub, current, p)
                count += 1
                if count >= low:
                    if current <= out:
                        break  # each position there was followed on already, with as many repeats left or more
                    out |= current
            ks = out
        elif tag == _BOUND:
            want = node[1]
            ks = {k for k in ks if not 0 < k < n or (_is_word(p[k - 1]) != _is_word(p[k])) == want}
        elif tag == _AHEAD:  # fails where what it looks for cannot begin
            ks = {k for k in ks if _reach(node[1], {k}, p)}
        elif tag == _NOT_AHEAD:  # fails where what it excludes surely is
            ks = {k for k in ks if not _surely(node[1], k, p)}
        else:
            ks = set(range(min(ks), n + 1))  # not read: it may end anywhere after
    return ks


def _surely(seq: tuple, k: int, p: str) -> bool:  # type: ignore[type-arg]
    """Whether a sequence of single characters surely matches p at k (False when unsure)."""
    for node in seq:
        if k >= len(p) or not (node[0] == _LIT and p[k] == node[1] or node[0] == _CLASS and node[1](p[k]) is True):
            return False
        k += 1
    return True


@functools.cache
def _parsed_alternatives() -> tuple[str, list[tuple[str, frozenset[str] | None, tuple]], str] | None:  # type: ignore[type-arg]
    """_alternatives_by_char() with each alternative parsed (see _plain)."""
    split = _alternatives_by_char()
    if split is None:
        return None
    head, starts, tail = split
    flags = _grammar().flags
    return head, [(alternative, chars, _plain(_sre_parser.parse(alternative, flags), flags))
                  for alternative, chars in starts], tail


def _may_begin(parsed: tuple, p: str) -> bool:  # type: ignore[type-arg]
    """Whether a parsed alternative may match text that begins with p."""
    return bool(_reach(parsed, {0}, p))


@functools.cache
def _alternative_grammar(i: int) -> re.Pattern[str] | None:
    """The grammar cut down to its i-th alternative, the groups of the others kept never matching (as in
    _grammar_for): its match, when there is one, is that of the whole grammar wherever the alternatives before
    it fail. None if its groups are not the whole grammar's."""
    head, starts, tail = _parsed_alternatives()  # type: ignore[misc]
    names = [name for j, (alternative, _, _) in enumerate(starts) if j != i
             for name in re.findall(r"\(\?P<(\w+)>", alternative)]
    filler = "|(?!)" + "".join(f"(?P<{name}>)" for name in names) if names else ""
    grammar = re.compile(head + starts[i][0] + filler + tail, _grammar().flags)
    return grammar if grammar.groupindex.keys() == _grammar().groupindex.keys() else None


_ROUTES: dict[str, tuple[re.Pattern[str], ...]] = {}  # first word and two characters -> the grammars to try
_ROUTES_LIMIT = 50_000


def _grammars_at(prefix: str) -> tuple[re.Pattern[str], ...]:
    """The grammars to try in turn at text beginning with prefix (a word and at most two characters after it):
    one per alternative that may begin so, in grammar order; none when none may. Made once per prefix."""
    found = _ROUTES.get(prefix)
    if found is not None:
        return found
    if len(_ROUTES) > _ROUTES_LIMIT:
        _ROUTES.clear()
    split = _parsed_alternatives()
    if not (prefix[:1].isascii() and prefix[:1].isalnum()):
        found = ()  # the grammar's guard wants an ASCII letter or digit
    elif split is None:
        found = (_grammar_for(prefix[0]),)
    else:
        # the alternatives that may begin with the word alone first (a text beginning with prefix begins so too)
        starts = split[1]
        cut = [_alternative_grammar(i) for i in _word_alternatives(_WORD.match(prefix).group())  # type: ignore[union-attr]
               if _may_begin(starts[i][2], prefix)]
        found = tuple(cut) if None not in cut else (_grammar_for(prefix[0]),)  # type: ignore[arg-type]
    _ROUTES[prefix] = found
    return found


_WORD = re.compile(r"\w+")
_BY_WORD: dict[str, tuple[int, ...]] = {}


def _word_alternatives(word: str) -> tuple[int, ...]:
    """The indices of the grammar's alternatives that may begin with word (an ASCII letter or digit first)."""
    found = _BY_WORD.get(word)
    if found is None:
        if len(_BY_WORD) > _ROUTES_LIMIT:
            _BY_WORD.clear()
        found = _BY_WORD[word] = tuple(i for i, (_, chars, parsed) in enumerate(_parsed_alternatives()[1])  # type: ignore[index]
                                       if (chars is None or word[0] in chars) and _may_begin(parsed, word))
    return found


def _match_at(text: str, pos: int) -> re.Match[str] | None:
    """The grammar's match at pos (a word's start), tried with the grammars _grammars_at routes it to."""
    word = _WORD.match(text, pos)
    for grammar in _grammars_at(text[pos : (word.end() if word else pos) + 2]):
        m = grammar.match(text, pos)
        if m is not None:
            return m
    return None


_DIGIT_RUN = re.compile(r"\d+")
_YEAR_ONLY = re.compile(_YEAR)
_CONNECT = re.compile(r"^\s?(?:-|–|—|to|through|thru|until|till|and)\s?$|^\s(?:to|through|thru|until|till|and)\s$"
                      r"|^,\s(?:to|through|until|and)\s$")  # "between Oct. 1, 2022, and Sept. 30, 2023"
_RANGE_LEAD = re.compile(r"(?:\b[Ff]rom|\b[Bb]etween)\s$")
_SINCE_LEAD = re.compile(r"(?:\b[Ss]ince|\b[Ss]tarting(?:\sin)?|\b[Bb]eginning(?:\sin)?|\b[Ss]ince\sthe\s(?:start|beginning)\sof)\s$")
_THROUGH_LEAD = re.compile(r"(?:\b[Tt]hrough|\b[Tt]hru|\b[Bb]y|\b[Aa]s\sof)\s$")
_SOFAR_LEAD = re.compile(r"(?:\b[Ss]o\sfar\sin|\b[Yy]ear[-\s]to[-\s]date\sin|\b[Tt]o\sdate\sin)\s$")
_SOFAR_TAIL = re.compile(r"^\s(?:to\sdate|so\sfar)\b")
_WEEK_LEAD = re.compile(r"\b(?:[Tt]he\s)?week\s(?P<w>ending|ended|of|through|starting)\s$")
_FISCAL_WORD = re.compile(r"\b(?:[Ff]iscal|FY)\b")
# ("compared with last year, May arrests rose" compares this May: only "a year ago" sets a sentence back)
_YEAR_AGO_BEFORE = re.compile(r"(?i)\b(?:a|one)\syear\s(?:ago|earlier)\b")
_BUDGET = re.compile(r"(?i)\b(?:budget|appropriat\w*|spending\s(?:bill|package|plan)|funding\s(?:bill|package)|requested)\b")
# "since the restrictions took effect on March 21", "since the order was issued in March", "since the program began
# April 13": since reaches its date across a short clause with a verb of beginning
_SINCE_CLAUSE = re.compile(
    r"\b[Ss]ince\s(?:[\w'’-]+\s){1,5}?(?:took\seffect|went\sinto\seffect|came\sinto\sforce|began|started|was\s\w+ed"
    r"|were\s\w+ed|\w+ed\soffice|opened|ended|expired|launched|lifted|closed)\s(?:(?:on|in)\s)?$")
_COMPARED_BEFORE = re.compile(r"(?i)\b(?:from|than|compared\s(?:with|to)|against|versus|vs\.?|below|above)\s(?:(?:in|during|for)\s)?"
                              r"(?:the\s|its\s)?$")
FISCAL_CONTEXT_CHARS = 1000  # how far back a fiscal year named earlier still frames "through July"
_COMPARISON_KINDS = frozenset(["same", "same_unresolved", "cmp", "cmp_unresolved", "ana"])
PARA_WINDOW = 3000
LOOK_BACK = 40  # how many expressions back a comparison or a "since the order took effect" may look
ANCHOR_CHARS = 300  # how far back, across paragraphs, a comparison looks for the expression it moves
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z])|\n")


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(y: int, m: int) -> int:
    """calendar.monthrange(y, m)[1] without the weekday it also works out (the same count, the same error)."""
    if not 1 <= m <= 12:
        raise calendar.IllegalMonthError(m)
    return 29 if m == 2 and calendar.isleap(y) else _MONTH_DAYS[m]


def _month_end(y: int, m: int) -> date:
    return date(y, m, _month_days(y, m))


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    return date(y, m + 1, min(d.day, _month_days(y, m + 1)))


def _month_num(s: str) -> int:
    return MONTH_NUM[s[:3].lower()]


def _day_num(s: str) -> int:
    return int(_DIGIT_RUN.match(s).group())  # type: ignore[union-attr]


def _fy_year(s: str) -> int:
    digits = s.lstrip("'")
    y = int(digits)
    return y if len(digits) == 4 else 2000 + y


def _fy_interval(fy: int) -> tuple[date, date]:
    return date(fy - 1, 10, 1), date(fy, 9, 30)


def _fy_of(d: date) -> int:
    return d.year + 1 if d.month >= 10 else d.year


def _month_year(month: int, written_year: str | None, pub: date | None) -> int | None:
    """The year of a month: as written, else the most recent such month by publication, else unknown."""
    if written_year:
        return int(written_year)
    return _recent_month(month, pub) if pub is not None else None


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


def _units_back(pub: date, n: int, unit: str) -> date:
    """First day of the last n units up to and including pub ("the past week" = pub-6 .. pub)."""
    if unit == "day":
        return pub - timedelta(days=n - 1)
    if unit == "week":
        return pub - timedelta(days=7 * n - 1)
    return _add_months(pub, -n * (12 if unit == "year" else 1)) + timedelta(days=1)


def _units_ahead(pub: date, n: int, unit: str) -> date:
    if unit == "day":
        return pub + timedelta(days=n)
    if unit == "week":
        return pub + timedelta(days=7 * n)
    return _add_months(pub, n * (12 if unit == "year" else 1))


def _count(s: str | None) -> int:
    if not s:
        return 1
    s = s.lower()
    return int(s) if s.isdigit() else SMALL.get(s, 1)


@functools.lru_cache(maxsize=4096)
def _dateparser_day(expr: str) -> date | None:
    """An absolute written date ("12/18/2023", "2023-12-18") -> date, through dateparser."""
    import dateparser  # imported here: a slow import that only this rare path needs

    parsed = dateparser.parse(
        expr, languages=["en"], settings={"PREFER_DATES_FROM": "past", "DATE_ORDER": "MDY", "STRICT_PARSING": True}
    )
    return parsed.date() if parsed else None


_Interval = tuple[date, date, str, bool]  # start, end, granularity, year written out


def _term_for(name: str | None, pub: date | None, ordinal: str | None = None) -> _Term | None:
    """The presidential term meant: by ordinal, else the one running at pub, else the latest before pub."""
    terms = [t for t in _config()[0] if name is None or t.name == name]
    if ordinal:
        idx = PART_NUM.get(ordinal, 1) - 1
        return terms[idx] if 0 <= idx < len(terms) else None
    if pub is None:
        return terms[-1] if len(terms) == 1 else None
    for t in terms:
        if t.start <= pub and (t.end is None or pub < t.end):
            return t
    before = [t for t in terms if t.start <= pub]
    return before[-1] if before else None


# "50 days", "six months" at the end of a match or before "after"/"starting" (read from the matched text: a named
# group costs every grammar attempt, these forms are rare)
_COUNT_UNIT = re.compile(r"(\S+)[\s-](day|week|month|year)s?\b(?!.*\b(?:day|week|month|year)s?\b)")


def _count_unit(m: re.Match[str]) -> tuple[int, str]:
    """(n, unit) of the last 'n units' in a match ('its first 50 days' -> (50, 'day'))."""
    found = _COUNT_UNIT.search(m.group())
    return (_count(found.group(1)), found.group(2)) if found else (1, "day")


def _first_units_end(start: date, n: int, unit: str) -> date:
    """The last day of the first n days, weeks, months or years from start ("the first 100 days": start + 99 days)."""
    if unit.startswith("day"):
        return start + timedelta(days=n - 1)
    if unit.startswith("week"):
        return start + timedelta(days=7 * n - 1)
    return _add_months(start, n * (12 if unit.startswith("year") else 1)) - timedelta(days=1)


def _term_interval(m: re.Match[str], pub: date | None) -> _Interval | None:
    g = m.group
    if g("term_since") or g("term_inaug"):
        t = _term_for(g("tsn"), pub)
        if t is None or pub is None:
            return None
        return t.start, pub, "since", False
    if g("term_ord"):
        t = _term_for(g("ton"), pub, g("tord") if g("tw") == "term" else None)
        if g("tw") != "term" and g("tord") == "second":
            return None  # "his second year" needs the text around it
        if t is None:
            return None
        if g("tw")[-1] == "s":  # "50 days", "six months"
            return t.start, _first_units_end(t.start, *_count_unit(m)), "range", False
        if g("tw") == "full month":
            s = _add_months(t.start.replace(day=1), 1)
            return s, _month_end(s.year, s.month), "month", False
        if g("tw") == "year":
            return t.start, _add_months(t.start, 12) - timedelta(days=1), "range", False
        end = t.end or pub
        if end is None:
            return None
        return t.start, min(end, pub) if pub else end, "range", False
    if g("term_admin"):
        t = _term_for(g("tan") or g("tun"), pub, g("taord"))
        if t is None:
            return None
        if g("term_admin").endswith("s"):  # "the Biden administration's first 100 days"
            return t.start, _first_units_end(t.start, *_count_unit(m)), "range", False
        end = t.end if t.end is not None and (pub is None or t.end <= pub) else pub
        if end is None:
            return None
        return t.start, end, "range", False
    if g("term_current"):
        t = _term_for(None, pub)
        if t is not None and g("term_current").endswith("s"):  # "the administration's first 50 days": of the term
            return t.start, _first_units_end(t.start, *_count_unit(m)), "range", False  # running at publication
        if t is None or pub is None:
            return None
        return t.start, pub, "range", False
    return None


def _fiscal_interval(m: re.Match[str], pub: date | None) -> _Interval | None:
    g = m.group
    if g("fyend"):
        if g("fyey"):
            return (*_fy_interval(int(g("fyey"))), "fiscal_year", True)
        if pub is None:
            return None
        fy = pub.year if pub.month >= 9 else pub.year - 1  # the last September 30 before publication
        if "last" in g("fyend") and pub.month >= 10:
            fy = pub.year - 1
        return (*_fy_interval(fy), "fiscal_year", False)
    if g("fypart"):
        if pub is None:
            return None
        rel = g("fyprel") or "current"
        fy = _fy_of(pub) + {"last": -1, "previous": -1, "next": 1}.get(rel, 0)
        s, _ = _fy_interval(fy)
        months = 3 if g("fypu") == "quarter" else 6
        idx = PART_NUM[g("fypord")]
        idx = 12 // months if idx == -1 else idx
        if idx > 12 // months:
            return None
        qs = _add_months(s, months * (idx - 1))
        return qs, _add_months(qs, months) - timedelta(days=1), "quarter" if months == 3 else "range", False
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
        if "next" in w or "coming" in w:
            return (*_fy_interval(fy + 1), "fiscal_year", False)
        return (*_fy_interval(fy - 1), "fiscal_year", False)
    if g("fytd"):
        if pub is None:
            return None
        return _fy_interval(_fy_of(pub))[0], pub, "fiscal_year", False
    if g("fybare"):
        if pub is None:
            return None
        if pub.month in (10, 11):  # weeks after September 30, "the fiscal year" is the one just ended
            return (*_fy_interval(_fy_of(pub) - 1), "fiscal_year", False)
        s, e = _fy_interval(_fy_of(pub))
        return s, e if g("fyclose") else pub, "fiscal_year", False
    if g("sinceyear"):
        if pub is None:
            return None
        start = _fy_interval(_fy_of(pub))[0] if (g("syf") or g("syf2")) else date(pub.year, 1, 1)
        return start, pub, "since", False
    return None


def _interval(m: re.Match[str], pub: date | None) -> _Interval | None:
    """(start, end, granularity, year written out) of one base match, or None if it does not resolve."""
    g = m.group
    kind = m.lastgroup or ""
    # the commonest kinds first (each test below is a comparison of the kind; they exclude one another)
    if kind == "month":
        if pub is None:
            return None
        mo = _month_num(g("m4"))
        y = _recent_month(mo, pub)
        return date(y, mo, 1), _clip(_month_end(y, mo), pub), "month", False
    if kind == "mdy":
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
    if kind == "my":
        mo = _month_num(g("m3"))
        if g("y3"):
            y = int(g("y3"))
        elif g("y3fy"):
            fy = _fy_year(g("y3fy"))
            y = fy - 1 if mo >= 10 else fy
        elif pub is not None:
            y = pub.year + {"last": -1, "next": 1}.get(g("y3rel"), 0)
        else:
            return None
        return date(y, mo, 1), _clip(_month_end(y, mo), pub), "month", True
    if kind in ("weekday", "rel"):
        return None if pub is None else _relative_interval(m, kind, pub)
    if kind.startswith("term_"):
        return _term_interval(m, pub)
    if kind in ("fyend", "fypart", "fiscal", "fyrel", "fytd", "fybare", "sinceyear"):
        return _fiscal_interval(m, pub)
    if kind == "part":
        return _part_interval(m, pub) if g("pord") else _first_placeholder(m, pub)
    if kind == "cmp" and g("cmp").endswith(("after", "average")):
        return None if pub is None else _counted(m, pub)
    if kind in ("same", "samebare", "cmp", "sinceevent", "ana"):
        return _same_placeholder(pub)
    if kind == "quarter":
        q, y = int(g("qn")), int(g("qy"))
        return date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter", True
    if kind == "mdrange":
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
    if kind == "edge":
        mo = _month_num(g("em"))
        y = _month_year(mo, g("ey"), pub)
        if y is None:
            return None
        d = date(y, mo, 1) if g("ew") in ("beginning", "start", "first day") else _month_end(y, mo)
        return d, d, "day", bool(g("ey"))
    if kind == "edge_rel":
        return _edge_interval(m, pub)
    if kind == "season":
        return _season_interval(m, pub)
    if kind == "part_month":
        mo = _month_num(g("pmm"))
        y = _month_year(mo, g("pmy"), pub)
        if y is None:
            return None
        word = g("pm").lower()
        if word == "early":
            return date(y, mo, 1), date(y, mo, 10), "month", bool(g("pmy"))
        if word in ("mid", "the middle of"):
            return date(y, mo, 11), date(y, mo, 20), "month", bool(g("pmy"))
        return date(y, mo, 21), _month_end(y, mo), "month", bool(g("pmy"))
    if kind == "part_year":
        y = int(g("pyy"))
        first = {"early": 1, "mid": 5, "late": 9}[g("py").lower()]
        return date(y, first, 1), _month_end(y, first + 3), "range", True
    if kind == "lastmon":
        if pub is None:
            return None
        mo = _month_num(g("lmm"))
        y = pub.year if mo < pub.month else pub.year - 1  # "last December" written in December: a year before
        return date(y, mo, 1), _month_end(y, mo), "month", False
    if kind == "trail" and not g("tru"):  # "the two years starting Sept. 1": n units from that day
        mo = _month_num(g("trm"))
        day = _day_num(g("trd")) if g("trd") else 1
        if g("try"):
            y = int(g("try"))
        elif pub is not None:
            y = _day_year(mo, day, pub)
        else:
            return None
        start = date(y, mo, day)
        n, unit = _count_unit(m)
        return start, _first_units_end(start, n, unit), "range", bool(g("try"))
    if kind == "trail":
        mo = _month_num(g("trm"))
        y = _month_year(mo, g("try"), pub)
        if y is None:
            return None
        end = date(y, mo, _day_num(g("trd"))) if g("trd") else _month_end(y, mo)
        n = _count(g("trn"))
        if g("tru") in ("weeks", "days"):
            return end - timedelta(days=(7 if g("tru") == "weeks" else 1) * n - 1), end, "range", bool(g("try"))
        return _add_months(end + timedelta(days=1), -n), end, "range", bool(g("try"))
    if pub is None:
        return _absolute_tail(m, kind, pub)
    return _relative_interval(m, kind, pub) or _absolute_tail(m, kind, pub)


def _clip(end: date, pub: date | None) -> date:
    """A month or year that is still running at publication is counted up to the publication date
    (as "this month" is; the corpus labels "in 2024" written in November 2024 so)."""
    if pub is not None and end > pub and (end.year, end.month) >= (pub.year, pub.month) and end.year == pub.year:
        return pub
    return end


def _absolute_tail(m: re.Match[str], kind: str, pub: date | None) -> _Interval | None:
    g = m.group
    if kind == "numdate":
        d = _dateparser_day(g("numdate"))
        return None if d is None else (d, d, "day", True)
    if kind == "year":
        y = int(g("yy") or g("yy2"))
        return date(y, 1, 1), _clip(date(y, 12, 31), pub), "year", True
    return None


def _holiday(name: str, year: int) -> tuple[date, date]:
    """The day of a U.S. holiday in a year and the first day of its long weekend (Thursday to Sunday for
    Thanksgiving, Saturday to Monday for the Monday holidays)."""
    if name == "thanksgiving":  # the fourth Thursday of November
        day = date(year, 11, 1) + timedelta(days=(3 - date(year, 11, 1).weekday()) % 7 + 21)
        return day, day
    if name == "labor day":  # the first Monday of September
        day = date(year, 9, 1) + timedelta(days=-date(year, 9, 1).weekday() % 7)
    else:  # Memorial Day: the last Monday of May
        day = date(year, 5, 31) - timedelta(days=date(year, 5, 31).weekday())
    return day, day - timedelta(days=2)


def _relative_interval(m: re.Match[str], kind: str, pub: date) -> _Interval | None:
    """Expressions that only mean something against the publication date."""
    g = m.group
    if kind == "holiday":  # the last one begun by publication: "over the Thanksgiving weekend"
        name = " ".join(g("hname").lower().split())
        day, first = _holiday(name, pub.year)
        if first > pub:
            day, first = _holiday(name, pub.year - 1)
        return first, (day + timedelta(days=3) if name == "thanksgiving" else day), "week", False
    if kind == "partweek":
        monday = pub - timedelta(days=pub.weekday()) - timedelta(days=7 if g("pwr") == "last" else 0)
        s, e = (monday, monday + timedelta(days=2)) if g("pwe").lower() == "early" else (
            monday + timedelta(days=3), monday + timedelta(days=6))
        return s, min(e, pub), "week", False
    if kind == "trailwd":  # "the four days ending Thursday": back from the last such day
        end = pub - timedelta(days=(pub.weekday() - WEEKDAY_NUM[g("twd").lower()]) % 7)
        return end - timedelta(days=(7 if g("twu") == "weeks" else 1) * _count(g("twn")) - 1), end, "range", False
    if kind == "weekday":
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
    if kind == "dayword":
        w = g("dayword").lower()
        d = pub - timedelta(days=1) if w in ("yesterday", "last night") else pub
        if w == "tomorrow":
            d = pub + timedelta(days=1)
        return d, d, "day", False
    if kind == "pastn":
        unit = g("nu").lower().rstrip("s")
        n = _count(g("nn"))
        if unit == "hour":  # "the past 24 hours": the days they reach into
            unit, n = "day", max(1, -(-n // 24))
        return _units_back(pub, n, unit), pub, "recent", False
    if kind == "nextn":
        return pub, _units_ahead(pub, _count(g("xn")), g("xu").lower().rstrip("s")), "range", False
    if kind == "recent":
        _, days, months_days = _config()
        return pub - timedelta(days=months_days if g("rmonths") else days), pub, "recent", False
    if kind == "weekend":
        w = g("weekend").lower()
        if pub.weekday() >= 5 and not w.startswith("last"):
            return pub - timedelta(days=pub.weekday() - 5), pub, "week", False
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
        if w.startswith("last") and pub.weekday() >= 5:
            sat -= timedelta(days=7)
        return sat, sat + timedelta(days=1), "week", False
    if kind == "rel":
        if not g("relu"):
            return None
        return _relative(g("relw").lower(), g("relu").lower(), pub)
    if kind == "ytd":
        return date(pub.year, 1, 1), pub, "year", False
    return None


# what ends the clause of an event ("Three weeks after the executive action, ...")
_CLAUSE_END = re.compile(r"[,.;:!?—–()]|\n")
# a time in that clause: the event is dated, so the n units are not counted back from publication
# month names keep their capital ("may close" and "Omar" are no months); the other words in any case
_DATED_CLAUSE = re.compile(rf"(?-i:\b{_MON})|(?<!\d){_YEAR}|\b{_WD}\b|\b(?:yesterday|today|last|ago|fiscal)\b|\d/\d",
                           re.IGNORECASE)


# "the first 42 days after the agreement" counts from the event; "no later than seven days after it was issued",
# "within 30 days after" are deadlines
_NOT_SINCE_EVENT = re.compile(r"\b(?:first|than|within|until|only)\s$", re.IGNORECASE)


def _counted(m: re.Match[str], pub: date) -> _Interval | None:
    """'the seven-day average': the n days up to publication; 'three weeks after <event>' (see _after_event)."""
    if m.group().endswith("after"):
        return _after_event(m, pub)
    return pub - timedelta(days=_count(m.group("cmpn") or m.group("cmpa")) - 1), pub, "recent", False


def _after_event(m: re.Match[str], pub: date) -> _Interval | None:
    """'Three weeks after President Biden's executive action, crossings are down 40%': the n units up to
    publication, when the clause names no time of the event (else left out: it counts from that time)."""
    text = m.string
    if _NOT_SINCE_EVENT.search(text, max(0, m.start() - 16), m.start()):
        return None
    stop = _CLAUSE_END.search(text, m.end(), m.end() + 300)
    if _DATED_CLAUSE.search(text, m.end(), stop.start() if stop else min(len(text), m.end() + 300)):
        return None
    n, unit = _count_unit(m)
    if unit == "day":
        return pub - timedelta(days=n), pub, "recent", False
    if unit == "week":
        return pub - timedelta(days=7 * n), pub, "recent", False
    return _add_months(pub, -n), pub, "recent", False


def _relative(word: str, unit: str, pub: date) -> _Interval | None:
    """'this week', 'last month', 'the previous year', 'so far this year'... against pub."""
    if word == "later this" and unit in ("week", "month", "year"):
        whole = _relative("next", unit, pub)  # the rest of the running week/month/year
        if whole is None:
            return None
        return pub, whole[0] - timedelta(days=1), unit, False
    current = word in ("this", "the current", "earlier this", "so far this", "later this")
    nxt = word == "next"
    if word in ("a month earlier", "a year earlier", "a year ago"):
        return None
    if word == "the past":
        if unit in ("week", "month", "year"):
            return _units_back(pub, 1, unit), pub, "recent", False
        return None
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday())
        if current:
            return monday, pub, "week", False
        if nxt:
            return monday + timedelta(days=7), monday + timedelta(days=13), "week", False
        return monday - timedelta(days=7), monday - timedelta(days=1), "week", False
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
        first = date(pub.year, (pub.month - 1) // 3 * 3 + 1, 1)
        if current:
            return first, pub, "quarter", False
        other = _add_months(first, 3 if nxt else -3)
        return other, _add_months(other, 3) - timedelta(days=1), "quarter", False
    return None


_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _season_interval(m: re.Match[str], pub: date | None) -> _Interval | None:
    """'last summer', 'fall 2019', 'early spring': meteorological seasons (winter Y = Dec Y .. Feb Y+1)."""
    g = m.group
    name = (g("sname") or g("sname2")).lower()
    first = _SEASON_START[name]
    year_s = g("syy") or g("syy2")
    rel = (g("serel") or "").lower()
    if year_s:
        y = int(year_s)
    elif pub is None:
        return None
    else:
        y = pub.year if date(pub.year, first, 1) <= pub else pub.year - 1  # the latest one begun by publication
        if rel == "last" and _add_months(date(y, first, 1), 3) > pub:
            y -= 1  # "last summer": the latest one already over
        elif rel == "next":
            y += 1
    s = date(y, first, 1)
    e = _add_months(s, 3) - timedelta(days=1)
    if rel == "early":
        e = _add_months(s, 1) - timedelta(days=1)
    elif rel == "late":
        s = _add_months(s, 2)
    return s, _clip(e, pub) if not year_s else e, "range", bool(year_s)


def _edge_interval(m: re.Match[str], pub: date | None) -> _Interval | None:
    """'the end of the year', 'the start of next month', 'the end of fiscal year 2023': one day."""
    g = m.group
    start_edge = g("erw") in ("beginning", "start", "first day")
    rel = g("erel") or "this"
    shift = {"last": -1, "next": 1}.get(rel, 0)
    if g("efyy") or g("efy"):
        if g("efyy"):
            fy = _fy_year(g("efyy"))
        elif g("eyy"):
            fy = int(g("eyy"))
        elif pub is not None:
            fy = _fy_of(pub) + shift
        else:
            return None
        s, e = _fy_interval(fy)
        d = s if start_edge else e
        return d, d, "day", bool(g("efyy") or g("eyy"))
    if g("eunit") == "year":
        if g("eyy"):
            y = int(g("eyy"))
        elif pub is not None:
            y = pub.year + shift
        else:
            return None
        d = date(y, 1, 1) if start_edge else date(y, 12, 31)
        return d, d, "day", bool(g("eyy"))
    if pub is None:
        return None
    first = _add_months(pub.replace(day=1), shift)
    d = first if start_edge else _month_end(first.year, first.month)
    return d, d, "day", False


_FIRST_OWNER = re.compile(r"(?:\b(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s|^)$")


def _first_placeholder(m: re.Match[str], pub: date | None) -> _Interval | None:
    """'the first 50 days', 'its first 100 days' (not 'a first 50 days'): a dummy interval that _first_units
    replaces with the days counted from a start named before."""
    if m.group().startswith("the") or _FIRST_OWNER.search(m.string, max(0, m.start() - 6), m.start()):
        return _same_placeholder(pub)
    return None


def _part_interval(m: re.Match[str], pub: date | None) -> _Interval | None:
    """'the first 11 months of 2023', 'the first half of fiscal 2019', 'the last three months of the year'."""
    g = m.group
    explicit = True
    if g("pmon"):
        mo = _month_num(g("pmon"))
        if g("pmony"):
            y = int(g("pmony"))
        elif pub is not None:
            y = _recent_month(mo, pub)
            explicit = False
        else:
            return None
        base_s, base_e = date(y, mo, 1), _month_end(y, mo)
    elif g("pfyy"):
        base_s, base_e = _fy_interval(_fy_year(g("pfyy")))
    elif g("pyear"):
        y = int(g("pyear"))
        base_s, base_e = date(y, 1, 1), date(y, 12, 31)
    elif pub is None:
        return None
    else:
        explicit = False
        rel = (g("prel") or "this").lower()
        shift = -1 if rel in ("last", "the previous") else 1 if rel == "next" else 0
        if g("pfyrel") or "fiscal" in (g("prelu") or ""):
            base_s, base_e = _fy_interval(_fy_of(pub) + shift)
        else:
            base_s, base_e = date(pub.year + shift, 1, 1), date(pub.year + shift, 12, 31)
    ordw = g("pord").lower()
    unit = g("punit").lower()
    n = _count(g("pn"))
    if unit in ("half", "quarter") and g("pmon"):
        # of a month, a half is days 1..15 or 16..the end (a quarter of a month is no unit news counts by)
        idx = PART_NUM[ordw]
        if unit == "quarter" or idx not in (1, 2, -1):
            return None
        return (base_s, base_s.replace(day=15), "range", explicit) if idx == 1 else (
            base_s.replace(day=16), base_e, "range", explicit)
    if unit in ("half", "quarter"):
        months = 6 if unit == "half" else 3
        idx = PART_NUM[ordw]
        count = 12 // months
        idx = count if idx == -1 else idx
        if not 1 <= idx <= count:
            return None
        s = _add_months(base_s, months * (idx - 1))
        return s, _add_months(s, months) - timedelta(days=1), "quarter" if months == 3 else "range", explicit
    if unit.startswith("month"):
        if ordw == "first":
            return base_s, _add_months(base_s, n) - timedelta(days=1), "range", explicit
        return _add_months(base_e + timedelta(days=1), -n), base_e, "range", explicit
    days = n * (7 if unit.startswith("week") else 1)
    if ordw == "first":
        return base_s, min(base_s + timedelta(days=days - 1), base_e), "range", explicit
    if ordw in ("second", "third", "fourth") and not g("pn"):  # "the second week of March"
        s = base_s + timedelta(days=days * (PART_NUM[ordw] - 1))
        return (s, min(s + timedelta(days=days - 1), base_e), "range", explicit) if s <= base_e else None
    return max(base_e - timedelta(days=days - 1), base_s), base_e, "range", explicit


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    s: date
    e: date
    gran: str
    explicit_year: bool
    kind: str


@functools.cache
def _triggers() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Lower-cased words of which every time expression holds at least one (besides digits), the words an
    expression can start with, and the administration names."""
    months = [m for m in calendar.month_name if m] + [m for m in calendar.month_abbr if m] + ["sept"]
    words = """fiscal fy year years month months week weeks weekend weekends day days quarter half recent recently
        thanksgiving labor memorial
        lately yesterday today tonight tomorrow morning afternoon evening night same administration presidency era
        inauguration term date spring summer fall autumn winter hours since""".split()
    starters = """since the this current so last previous prior next past coming first second third fourth final early
        mid late fiscal fy year earlier later under during latest preceding same middle end close beginning start""".split()
    names = [t.name.lower() for t in _config()[0]]
    vocabulary = [*months, *WEEKDAY_NUM, *words]
    return (frozenset(w.lower() for w in [*vocabulary, *names]), frozenset([*starters, *(w.lower() for w in vocabulary)]),
            frozenset(names))


@functools.cache
def _trigger_forms() -> frozenset[str]:
    """Every word that can anchor a time expression as news writes it (lower, Capitalised, UPPER), with the day
    numbers and years: one set lookup per word of the text. A word ending in a digit ("FY2022", "Q3") is tested
    apart. Other figures ("10,800" gives "10" and "800") are left out: they are most digits in border news."""
    words = _triggers()[0]
    digits = {str(n) for n in range(100)} | {f"{n:02d}" for n in range(10)} | {str(y) for y in range(1900, 2100)}
    return frozenset(f for w in words for f in (w, w.capitalize(), w.upper())) | digits


@functools.cache
def _anchor_words() -> WordTest:
    """The words that anchor a time expression: a trigger form, or a word ending in a digit ("FY2022", "Q3")."""
    forms = _trigger_forms()
    return WordTest(lambda t: t in forms or t[-1].isdigit() and not t[0].isdigit())


@functools.cache
def _day_followers() -> frozenset[str]:
    """Words after which a bare day number or count can start a time expression: months and time units."""
    months = [m for m in calendar.month_name if m] + [m for m in calendar.month_abbr if m] + ["Sept"]
    units = "day days week weeks month months year years hour hours quarter quarters".split()
    return frozenset(f for w in [*months, *units] for f in (w, w.lower(), w.capitalize(), w.upper()))


@functools.cache
def _inner_words() -> frozenset[str]:
    """Every word the grammar spells out (lower-cased): a word outside this set cannot be inside an expression
    except where the grammar takes any word (titles before a name, "since the X took effect" at its own trigger)."""
    pattern = re.sub(r"\\[sSdDwWbB]", " ", _grammar().pattern)
    pattern = re.sub(r"\[([A-Za-z])[A-Za-z]\]", r"\1", pattern)  # "[Ss]ince" -> "Since"
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", pattern))


# Words that start an expression only right before its time word ("in 2022", "a year ago", "more recently"):
# tried at distance one only, since they are the commonest words of any text.
_NEAR_STARTERS = frozenset([*"in of for through throughout between from and to until by over calendar a more that".split(), *SMALL])
# of those, the ones that start an expression only before a year ("in 2022", "between 2019 and 2021") or, for
# "in", before "recent" ("in recent weeks")
_YEAR_PREPOSITIONS = frozenset("in of for through throughout between from and to until by over".split())


# What a word is to the walk back from a time word, as bits (worked out once per distinct word, in _WALK)
_ADD = 1  # an expression can start at it
_STOP = 2  # no expression holds it: the walk back stops
_UPPER = 4  # capitalised (a title before an administration name: "former President Joe Biden's")
_NEAR = 8  # starts an expression right before any time word ("a year ago", "more recently")
_NEAR_YEAR = 16  # starts one right before a year or "recent" only ("in 2022", "in recent weeks")
_WALK: dict[str, int] = {}
_WALK_LIMIT = 200_000


def _walk_class(w: str) -> int:
    """The bits of one word (see _ADD...)."""
    lw = w.lower()
    starters, inner = _triggers()[1], _inner_words()
    bits = _ADD if lw in starters else _STOP if lw not in inner and len(w) > 1 and not w[0].isdigit() else 0
    if w[0].isupper():
        bits |= _UPPER
    if lw in _YEAR_PREPOSITIONS:
        bits |= _NEAR_YEAR
    elif lw in _NEAR_STARTERS:
        bits |= _NEAR
    return bits


def _matches(text: str) -> Iterator[re.Match[str]]:
    """Grammar matches in text order, as finditer would give them, tried only at the few words before and at a
    digit or time word (every expression holds one): most of an article is never looked at twice."""
    names = _triggers()[2]
    candidates: set[int] = set()  # indices of the words an expression may begin at
    starts, words = word_tokens(text)
    hits = _anchor_words().indices(words)  # the pass over the words is shared with the number layer's
    followers = _day_followers()
    walk = _WALK
    if len(walk) > _WALK_LIMIT:
        walk.clear()
    last = len(words) - 1
    add, classes = candidates.add, walk.get
    for i in hits:
        tok = words[i]
        if len(tok) <= 2 and tok.isdigit():
            # a day number or a small count ("10" of "10,800", "42" of "Title 42") starts an expression only
            # before a month or a unit ("21 March", "2 weeks earlier") or as a numeric date ("12/18/23"); inside
            # one, the month or unit word is the trigger that looks back
            nxt = words[i + 1] if i < last else ""
            if (text.startswith("/", starts[i] + len(tok)) or nxt in followers
                    or nxt == "of" and i + 1 < last and words[i + 2] in followers):
                add(i)
            continue
        add(i)
        if not i:
            continue
        is_name = tok.lower() in names  # "former President Joe Biden's": titles before a name
        # the words before: "so far this fiscal year" starts 4 words before "fiscal". Walking back stops at a
        # word no expression holds ("the Rio Grande Valley Sector on Monday": "the" cannot reach "Monday"), and
        # after 6 words or 60 characters (the words within 60 characters are a run ending at i: starts ascend)
        lo = i - 6 if i > 6 else 0
        edge = starts[i] - 60
        while starts[lo] < edge:
            lo += 1
        w = words[i - 1]
        before = classes(w, -1)  # the bits of the word just before: the walk's first step, and the test below
        if before == -1:
            before = walk[w] = _walk_class(w)
        if lo < i:
            if before & _ADD or is_name and before & _UPPER:
                add(i - 1)
            elif before & _STOP:
                lo = i  # the walk stops at its first step
            for j in range(i - 2, lo - 1, -1):
                w = words[j]
                bits = classes(w, -1)
                if bits == -1:
                    bits = walk[w] = _walk_class(w)
                if bits & _ADD or is_name and bits & _UPPER:
                    add(j)
                elif bits & _STOP:
                    break
        if before & _NEAR or before & _NEAR_YEAR and (tok.isdigit() or tok == "recent"):
            add(i - 1)
    routes = _ROUTES
    end = 0
    for j in sorted(candidates):  # word order is text order
        pos = starts[j]
        if pos < end:
            continue
        prefix = text[pos : pos + len(words[j]) + 2]
        grammars = routes.get(prefix)
        if grammars is None:
            grammars = _grammars_at(prefix)
        for grammar in grammars:  # most often none or one
            m = grammar.match(text, pos)
            if m is not None:
                end = m.end()
                yield m
                break


_RETOLD_KINDS = frozenset(["year", "cmp", "part", "weekend"])


def _base(text: str, pub: date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in _matches(text):
        try:
            iv = _interval(m, pub)
        except (ValueError, OverflowError, KeyError):
            continue  # impossible dates such as "Feb. 30" are not time expressions
        if iv is None:
            continue
        s, e, gran, explicit = iv
        if s > e:
            continue  # "the first 0 months of 2023"
        # a year is found with its preposition ("in 2022") but the span is the year itself
        kind = m.lastgroup or ""
        start = m.start()
        if kind in _RETOLD_KINDS:  # one test for the few kinds read again here
            if kind == "year" and m.group("yy"):
                start = m.start("yy")
            elif kind == "cmp" and gran == "recent":
                kind = "counted"  # "the seven-day average", "three weeks after ...": resolved, not a comparison
            elif kind == "part" and not m.group("pord"):
                kind = "firstn"  # "its first 100 days": counted from a start named before
            elif kind == "weekend" and text.startswith(("over ", "Over "), start - 5):
                start -= 5  # "over the weekend" whole, so "over" is not read as "more than" or a comparison cue
        out.append(_Found(start, m.end(), s, e, gran, explicit, kind))
    return out


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (at most 300 characters either side)."""
    after = text[end : end + 300]
    stop = _SENTENCE_END.search(after)
    return _sentence_before(text, start) + text[start:end] + (after[: stop.start()] if stop else after)


def _sentence_before(text: str, pos: int) -> str:
    """Text from the start of the sentence holding pos up to pos (at most 300 characters)."""
    window = text[max(0, pos - 300) : pos]
    ends = list(_SENTENCE_END.finditer(window))
    return window[ends[-1].end() :] if ends else window


def _join_range(text: str, a: _Found, b: _Found, lead: str) -> _Found | None:
    """'from A to B', 'between A and B', 'A through B', 'January and February' -> one range, or None."""
    if b.start - a.end > 12:
        return None  # longer than any join _CONNECT takes (", through " and a line break): not sliced out
    join = text[a.end : b.start]
    if not _CONNECT.match(join):
        return None
    range_lead = _RANGE_LEAD.search(lead)
    jw = join.strip().lower()
    # "January and February", "on Tuesday and Wednesday": one stretch of time
    adjacent = (a.kind in ("month", "my") and b.kind in ("month", "my") or a.gran == "day" and b.gran == "day") and (
        b.s == a.e + timedelta(days=1))
    if jw == "and":
        if not (range_lead and range_lead.group().lower().startswith("between")) and not adjacent:
            return None
    elif not (range_lead or jw in ("through", "thru", "until", "till", "-", "–", "—")
              or (jw == "to" and a.gran in ("day", "month") and b.gran in ("day", "month"))):
        return None
    s, e = a.s, b.e
    if b.kind == "part_month" and text[b.start : b.start + 3].lower() == "mid":
        e = date(b.s.year, b.s.month, 15)  # "between April and mid-August": the middle of the month
    if a.kind == "part_month" and text[a.start : a.start + 3].lower() == "mid":
        s = date(a.s.year, a.s.month, 15)
    if not a.explicit_year and a.kind in ("mdy", "month", "part_month", "edge"):
        if b.explicit_year or s > e:
            s = _safe_date(e.year, s.month, s.day) or s
            if s > e:
                s = _safe_date(e.year - 1, s.month, s.day) or s
    if s > e:
        return None
    start = a.start - (len(lead) - range_lead.start()) if range_lead else a.start
    return _Found(start, b.end, s, e, "range", b.explicit_year, "range")


@dataclass(slots=True, frozen=True)
class _Options:
    pub: date | None
    anchor: tuple[date, date] | None = None
    data_through: date | None = None


def _compose(text: str, found: list[_Found], opts: _Options) -> list[_Found]:
    """Join ranges and apply the words around each expression (since, through, so far in, week ending...)."""
    out: list[_Found] = []
    i, count, through = 0, len(found), opts.data_through
    while i < count:
        a = found[i]
        lead = text[max(0, a.start - 40) : a.start]
        if i + 1 < count and found[i + 1].start - a.end <= 12:  # (_join_range's first test, made without a call)
            try:
                joined = _join_range(text, a, found[i + 1], lead)
            except (ValueError, OverflowError):
                joined = None  # a range running off the calendar (December 9999)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        i += 1
        try:
            found_here = _apply_context(text, a, lead, out, opts)
            if through is not None:  # (_to_data_end's first test, made without a call)
                found_here = _to_data_end(found_here, opts)
        except (ValueError, OverflowError):
            continue  # moved out of the calendar ("the same period last year" of year 1)
        while out and out[-1].end > found_here.start:
            out.pop()  # "Year-to-date in fiscal year 2021": the wider reading replaces the words it took in
        out.append(found_here)
    return out


def _to_data_end(f: _Found, opts: _Options) -> _Found:
    """A fiscal year counted up to publication ends where the data end, when the caller knows that date."""
    pub, through = opts.pub, opts.data_through
    if through is None or pub is None or f.e != pub or not f.s < through < pub:
        return f
    if f.s != _fy_interval(_fy_of(pub))[0]:
        return f
    return _Found(f.start, f.end, f.s, through, f.gran, f.explicit_year, f.kind)


# What each lead-in pattern needs (tests/test_layers_speed_equivalence.py checks that no match is skipped).
def _may_since(lead: str) -> bool:
    """Whether _SINCE_LEAD can match: "since", "starting" or "beginning" is in it."""
    return "ince" in lead or "tarting" in lead or "eginning" in lead


def _may_since_clause(window: str) -> bool:
    """Whether _SINCE_CLAUSE can match in the window: "since" is in it."""
    return "ince" in window


def _may_sofar(lead: str) -> bool:
    """Whether _SOFAR_LEAD can match: "so far", "year-to-date" or "to date"."""
    return "far" in lead or "date" in lead


# the words of _YEAR_AGO_BEFORE without its \b (so a window cut inside a word holds them too)
_YEAR_AGO_WORDS = re.compile(r"(?i)year\s(?:ago|earlier)")
_YEAR_AGO_CHARS = 120  # _apply_context reads _YEAR_AGO_BEFORE in the last 120 characters of the sentence


def _may_year_ago(window: str) -> bool:
    """Whether _YEAR_AGO_BEFORE can match in (a suffix of) the window: "year ago" or "year earlier" (any case,
    any space between) is in it."""
    return "year" in window.lower() and _YEAR_AGO_WORDS.search(window) is not None  # the cheap test first


def _may_week(lead: str) -> bool:
    """Whether _WEEK_LEAD can match: "week" is in it."""
    return "week" in lead


_REFERRING_KINDS = frozenset(["same", "cmp", "samebare", "ana", "sinceevent", "firstn", "edge_rel"])


def _refer_back(text: str, a: _Found, previous: list[_Found], opts: _Options) -> _Found:
    """An expression that takes its time from one before it ('the same period last year', 'that day'...)."""
    if a.kind == "same":
        return _same_period(text, a, previous, opts.anchor)
    if a.kind == "cmp":
        return _comparison(text, a, previous, opts)
    if a.kind == "samebare":
        return _same_again(text, a, previous, opts)
    if a.kind == "ana":
        return _that_unit(text, a, previous)
    if a.kind == "firstn":
        return _first_units(text, a, previous)
    # "since the order took effect" names no date: the one given when the order was first mentioned
    ref = next((r for r in _recent(previous) if r.kind == "since" and r.end <= a.start), None)
    if ref is None or opts.pub is None:
        return _Found(a.start, a.end, a.s, a.e, "since", False, "cmp_unresolved")
    return _Found(a.start, a.end, ref.s, opts.pub, "since", ref.explicit_year, "since")


def _named_month_edge(text: str, a: _Found, previous: list[_Found]) -> _Found:
    """'the end of the month' (or its start) is that of the month named before it (in its paragraph or close
    by, as comparisons look back), when one is ('In October ...; by the end of the month'); else of the
    publication month, as read."""
    if not text.endswith("the month", a.start, a.end):
        return a
    for ref in _references(text, a, previous):
        if ref.gran == "month":
            first = ref.s.replace(day=1)
            d = first if a.s.day == 1 else _month_end(first.year, first.month)
            return _Found(a.start, a.end, d, d, "day", ref.explicit_year, a.kind)
    return a


def _apply_context(text: str, a: _Found, lead: str, previous: list[_Found], opts: _Options) -> _Found:
    """One expression read with the words around it."""
    pub = opts.pub
    if a.kind in _REFERRING_KINDS:  # one test for the few expressions that refer back
        if a.kind != "edge_rel":
            return _refer_back(text, a, previous, opts)
        a = _named_month_edge(text, a, previous)  # then read with the words around it, as any expression
    # each lead-in pattern is searched only when the words it needs are there (a substring test is far cheaper
    # than a search of every position) and the expression is of a kind it changes
    since = _SINCE_LEAD.search(lead) if _may_since(lead) else None
    if since is None and a.gran in ("day", "month") and _may_since_clause(text[max(0, a.start - 70) : a.start]):
        since = _SINCE_CLAUSE.search(text, max(0, a.start - 70), a.start)
    if since and pub is not None and a.s > pub and a.gran == "day" and not a.explicit_year:
        # "since Oct. 1" written in September: the last Oct. 1, not the coming one
        back = _add_months(a.s, -12)
        a = _Found(a.start, a.end, back, back, a.gran, a.explicit_year, a.kind)
    if since and pub is not None and a.s <= pub and a.gran != "since":
        return _Found(since.start(), a.end, a.s, pub, "since", a.explicit_year, "since") if since.re is _SINCE_CLAUSE \
            else _Found(a.start - (len(lead) - since.start()), a.end, a.s, pub, "since", a.explicit_year, "since")
    sofar = _SOFAR_LEAD.search(lead) if _may_sofar(lead) else None
    tail = _SOFAR_TAIL.match(text[a.end : a.end + 12]) if text.startswith(("to", "so"), a.end + 1) else None
    if (sofar or tail) and pub is not None and a.s <= pub and a.gran in ("year", "fiscal_year", "month"):
        start = a.start - (len(lead) - sofar.start()) if sofar else a.start
        end = a.end + tail.end() if tail else a.end
        return _Found(start, end, a.s, min(a.e, pub), "since", a.explicit_year, "since")
    # (a match is at most 9 characters from the end, "through" and a space before a final newline: searched from
    # one character earlier, which \b reads, the search finds the same match)
    through = _THROUGH_LEAD.search(lead, max(0, len(lead) - 10)) if a.kind in ("month", "my", "edge") else None
    if through and (a.kind != "edge" or a.e.day > 1):
        # "through September", "by the end of April" in a fiscal-year sentence: a running total from the start of
        # the (fiscal) year. Without a fiscal year around, only "through X" and "by <month> <year>" read so:
        # "by June that had dropped to 24 a day" and "as of the end of August" are points in time.
        word = through.group().strip().lower()
        fiscal = _FISCAL_WORD.search(_sentence_around(text, a.start, a.end))
        if word in ("through", "thru") and not fiscal:
            # a story about a fiscal year keeps counting by it in later paragraphs ("apprehended 191,768 through July")
            fiscal = _FISCAL_WORD.search(text, max(0, a.start - FISCAL_CONTEXT_CHARS), a.start)
        if fiscal or word in ("through", "thru") or word == "by" and a.kind == "my":
            first = _fy_interval(_fy_of(a.e))[0] if fiscal else date(a.e.year, 1, 1)
            start = a.start - (len(lead) - through.start())
            return _Found(start, a.end, first, a.e, "range", a.explicit_year, "through")
    if (a.kind in ("rel", "ytd") and pub is not None and (a.s, a.e) == (date(pub.year, 1, 1), pub)
            and _FISCAL_WORD.search(text, max(0, a.start - FISCAL_CONTEXT_CHARS), a.start)):
        # "760,370 this year" in a story counting by fiscal years is the fiscal year so far (in the weeks after
        # September 30, the one just ended, as "the fiscal year" is then)
        fy = _fy_of(pub) - (1 if pub.month in (10, 11) else 0)
        s, e = _fy_interval(fy)
        return _Found(a.start, a.end, s, min(e, pub), "fiscal_year", False, "fyrel")
    if a.kind == "fiscal" and pub is not None and a.s <= pub < a.e and not _BUDGET.search(
            _sentence_around(text, a.start, a.end)):
        # a fiscal year still running is counted up to publication (as a running calendar year is); money
        # appropriated for it is for the whole year
        return _Found(a.start, a.end, a.s, pub, a.gran, a.explicit_year, a.kind)
    if (a.kind == "month" and pub is not None and _may_year_ago(text[max(0, a.start - _YEAR_AGO_CHARS) : a.start])
            and _YEAR_AGO_BEFORE.search(_sentence_before(text, a.start)[-_YEAR_AGO_CHARS:])):
        # "A year ago, when crossings were falling, CBP reported 43,000 for November": the November before
        s, e = shift_period(a.s, a.e, "year", -1)
        return _Found(a.start, a.end, s, _month_end(s.year, s.month), a.gran, False, a.kind)
    week = _WEEK_LEAD.search(lead) if a.gran == "day" and _may_week(lead) else None
    if week:
        s, e = (a.s - timedelta(days=6), a.s) if week.group("w") in ("ending", "ended", "through") else (
            a.s, a.s + timedelta(days=6))
        return _Found(a.start - (len(lead) - week.start()), a.end, s, e, "week", a.explicit_year, "week")
    return a


def _para_start(text: str, pos: int) -> int:
    """Where the paragraph holding pos starts, looked for in the PARA_WINDOW characters before it only (a text
    without paragraph breaks must not be scanned back from every expression)."""
    lo = max(0, pos - PARA_WINDOW)
    found = text.rfind("\n\n", lo, pos)
    return found if found >= 0 else lo if lo else -1


def _recent(previous: list[_Found]) -> Iterator[_Found]:
    """The expressions before, latest first, at most LOOK_BACK of them (so a text of thousands of comparisons
    stays linear)."""
    return itertools.islice(reversed(previous), LOOK_BACK)


def _references(text: str, a: _Found, previous: list[_Found]) -> Iterator[_Found]:
    """The expressions a later one may refer back to, latest first: before it, not comparisons themselves, not
    the reference of a comparison, within its paragraph or close by."""
    para = _para_start(text, a.start)
    for ref in _recent(previous):
        if ref.end > a.start or ref.kind in _COMPARISON_KINDS:
            continue  # a second comparison has the first one's reference, not the first one
        if ref.end < para and a.start - ref.end > ANCHOR_CHARS:
            return
        if _COMPARED_BEFORE.search(text, max(0, ref.start - 30), ref.start):
            continue  # "up 21% from October's 28,848 ... 20,920 the month before": October is not the reference
        yield ref


def _anchor_before(text: str, a: _Found, previous: list[_Found], skip_days: bool) -> _Found | None:
    """The expression a comparison is taken from: the latest one before it in its paragraph or close by."""
    for ref in _references(text, a, previous):
        if skip_days and ref.gran == "day" and ref.s == ref.e:
            continue  # "the first 10 months of FY2019, which began on October 1, 2018. In the same period of..."
        return ref
    return None


# "The program, launched Jan. 5, ...": a day that dates a beginning
_BEGUN_BEFORE = re.compile(r"\b(?:launched|began|begun|started|opened|took\seffect|went\sinto\seffect|introduced|rolled\sout"
                           r"|created|unveiled|inaugurated|sworn\sin|took\soffice)\s(?:on\s|in\s)?$")


def _reread(text: str, a: _Found) -> re.Match[str] | None:
    """The grammar's match of expression a again, to read its parts by group name."""
    return _match_at(text, a.start)


def _first_units(text: str, a: _Found, previous: list[_Found]) -> _Found:
    """'its first 50 days', 'the first six months': counted from the start its sentence names before it (a term,
    'since <day>', a day something began on); with none, left out."""
    unresolved = _Found(a.start, a.end, a.s, a.e, "range", False, "cmp_unresolved")
    m = _reread(text, a)
    if m is None:
        return unresolved
    sentence_start = a.start - len(_sentence_before(text, a.start))
    for ref in _recent(previous):
        if ref.end > a.start:
            continue
        if ref.start < sentence_start:
            break
        if ref.kind.startswith("term_") or ref.kind == "since" or ref.gran == "day" and ref.s == ref.e and (
                _BEGUN_BEFORE.search(text, max(sentence_start, ref.start - 30), ref.start)):
            end = _first_units_end(ref.s, *_count_unit(m))
            return _Found(a.start, a.end, ref.s, end, "range", ref.explicit_year, "firstn")
    return unresolved


def _same_period(text: str, a: _Found, previous: list[_Found], anchor: tuple[date, date] | None) -> _Found:
    """'the same period last year' / 'the same months of 2023': the previous expression, moved in time."""
    m = _reread(text, a)
    if m is None:
        return _Found(a.start, a.end, a.s, a.e, "range", False, "same_unresolved")
    days_too = bool(re.match(r"(?:the\s)?same\s(?:time|point|days?)\b", m.group(), re.IGNORECASE))
    # a comparison is moved from a time named outright, never from another comparison (which would chain)
    refs = [r for r in _recent(previous) if r.end <= a.start and r.kind not in _COMPARISON_KINDS]
    found = next((r for r in refs if days_too or not (r.gran == "day" and r.s == r.e)), refs[0] if refs else None)
    if found is not None:
        ref_s, ref_e = found.s, found.e
    elif anchor is not None:
        ref_s, ref_e = anchor
    else:
        return _Found(a.start, a.end, a.s, a.e, "range", False, "same_unresolved")
    if m.group("srel"):
        years = -1
    elif m.group("sy"):
        years = int(m.group("sy")) - ref_e.year
    else:
        years = _fy_year(m.group("sfy")) - _fy_of(ref_e)
    s, e = shift_period(ref_s, ref_e, "year", years)
    return _Found(a.start, a.end, s, e, "range", True, "same")


def _same_again(text: str, a: _Found, previous: list[_Found], opts: _Options) -> _Found:
    """'over the same four months', 'in the same period': the span named just before, again; with a count, the
    latest one that long."""
    m = _reread(text, a)
    unresolved = _Found(a.start, a.end, a.s, a.e, "range", False, "cmp_unresolved")
    if m is None:
        return unresolved
    n = _count(m.group("sbn")) if m.group("sbn") else None
    unit = m.group("sbu").lower().rstrip("s")
    candidates = [ref for ref in _references(text, a, previous) if ref.s != ref.e]
    if n is not None and unit in ("month", "week"):
        days = 30.44 * n if unit == "month" else 7 * n
        sized = [r for r in candidates if abs((r.e - r.s).days + 1 - days) <= max(3, days * 0.1)]
        candidates = sized
    if candidates:
        ref = candidates[0]
        return _Found(a.start, a.end, ref.s, ref.e, "range", ref.explicit_year, "same")
    if opts.anchor is not None:
        return _Found(a.start, a.end, *opts.anchor, "range", False, "same")
    return unresolved


def _that_unit(text: str, a: _Found, previous: list[_Found]) -> _Found:
    """'that month', 'during the month', 'that fiscal year', 'that day': the latest expression before it that
    fits the unit ('from November to December ... during the month' is December; 'in 2023 ... that fiscal year'
    is fiscal 2023)."""
    m = _reread(text, a)
    unit = m.group("anau").lower() if m is not None else ""
    for ref in _references(text, a, previous):
        last = ref.e
        if unit == "day":  # "that day": the last single day named before it (as all references look back)
            if ref.s == ref.e:
                return _Found(a.start, a.end, ref.s, ref.e, "day", False, "ana")
            continue
        if unit == "week" and 6 <= (ref.e - ref.s).days <= 7:
            return _Found(a.start, a.end, ref.s, ref.e, "week", False, "ana")
        if unit == "month" and ref.s != ref.e and last == _month_end(last.year, last.month):
            return _Found(a.start, a.end, last.replace(day=1), last, "month", False, "ana")
        if unit == "fiscal year" and ref.s != ref.e:
            s, e = (ref.s, ref.e) if ref.gran == "fiscal_year" else _fy_interval(
                last.year if ref.gran == "year" else _fy_of(last))
            return _Found(a.start, a.end, s, e, "fiscal_year", False, "ana")
        if unit == "year" and ref.s != ref.e:
            s, e = (ref.s, ref.e) if ref.gran in ("year", "fiscal_year") else (date(last.year, 1, 1), date(last.year, 12, 31))
            return _Found(a.start, a.end, s, e, "year", False, "ana")
    return _Found(a.start, a.end, a.s, a.e, "range", False, "cmp_unresolved")


def _comparison(text: str, a: _Found, previous: list[_Found], opts: _Options) -> _Found:
    """'a year earlier', 'the month before', 'the previous year': the expression before it (or the caller's
    anchor, or else the publication date) moved back by one unit."""
    m = _reread(text, a)
    unresolved = _Found(a.start, a.end, a.s, a.e, "range", False, "cmp_unresolved")
    if m is None:
        return unresolved
    unit = (m.group("cmpu") or m.group("cmpu2") or m.group("cmpu3")).lower()
    # "a month earlier" moves the reference; "the month before" is the whole month
    moved = bool(m.group("cmpa") or m.group("cmpn"))
    count = _count(m.group("cmpn")) if m.group("cmpn") else 1
    ref = _anchor_before(text, a, previous, skip_days=False)
    if ref is not None:
        span = (ref.s, ref.e)
    elif opts.anchor is not None:
        span = opts.anchor
    elif opts.pub is not None and unit == "year" and _FISCAL_WORD.search(
            text, max(0, a.start - FISCAL_CONTEXT_CHARS), a.start):
        # "up 506 percent from 90,000 the year before" in a story counting by fiscal years: the fiscal year
        # before the story's (the one just ended in the weeks after September 30)
        pub = opts.pub
        fy = _fy_of(pub) - (1 if pub.month in (10, 11) else 0)
        s, e = shift_period(*_fy_interval(fy), "year", -count)
        return _Found(a.start, a.end, s, e, "fiscal_year", False, "cmp")
    elif opts.pub is not None and (not moved or unit in ("day", "week")):
        # "the previous month" with nothing before it: the month before publication; "two weeks earlier": the day
        # two weeks before it (a figure with no time is the publication day's)
        span = (opts.pub, opts.pub)
    else:
        return unresolved
    s, e = shift_period(*span, unit, -count, whole=not moved)
    # a single day moved ("two weeks earlier" than the publication day) is still one day
    return _Found(a.start, a.end, s, e, "day" if s == e else unit, False, "cmp")


def shift_period(start: date, end: date, unit: str, n: int = -1, whole: bool = False) -> tuple[date, date]:
    """An interval moved by n units (year, month, week or day); month ends stay month ends (Feb 29 -> Feb 28).
    whole=True gives the whole calendar unit n units from the one holding the interval's start ("the month
    before" a day in October is all of September; "the week before" is Monday..Sunday)."""
    if unit == "day":
        if whole:  # "the day before" a span is the day before it starts
            return start + timedelta(days=n), start + timedelta(days=n)
        return start + timedelta(days=n), end + timedelta(days=n)
    if unit == "week":
        if whole:
            monday = start - timedelta(days=start.weekday()) + timedelta(days=7 * n)
            return monday, monday + timedelta(days=6)
        return start + timedelta(days=7 * n), end + timedelta(days=7 * n)
    months = n * (12 if unit == "year" else 1)
    if whole and unit == "month":
        first = _add_months(start.replace(day=1), months)
        return first, _month_end(first.year, first.month)
    if whole and unit == "year" and start == end:  # "the previous year" from a day: that whole calendar year
        return date(start.year + n, 1, 1), date(start.year + n, 12, 31)
    new_s = _add_months(start, months)
    new_e = _add_months(end, months)
    if end == _month_end(end.year, end.month):
        new_e = _month_end(new_e.year, new_e.month)
    return new_s, new_e


def _same_placeholder(pub: date | None) -> _Interval:
    """The base pass gives 'the same period ...' a dummy interval; _same_period replaces it."""
    d = pub or date(2000, 1, 1)
    return d, d, "range", False


def find_periods(text: str, published: date | None, anchor: tuple[date, date] | None = None,
                 data_through: date | None = None) -> list[PeriodSpan]:
    """All time expressions in text order, each with its resolved inclusive interval.

    Comparisons ("the same period last year", "a year earlier", "the month before", "the previous year") move
    the latest expression before them in the text (in their paragraph or within ANCHOR_CHARS); `anchor`, a
    (start, end) interval, stands in when the text has none (e.g. the period of an earlier paragraph when text
    is one paragraph); failing both, "the previous month/year" counts from publication and the others are
    left out. `data_through`: the last day the story's data cover (a monthly release: the end of the last
    full month); a fiscal year counted to publication ("so far this fiscal year", "fiscal year to date",
    "since the fiscal year began", "fiscal 2024" still running) then ends there instead."""
    if not isinstance(text, str) or not text:
        return []
    pub = published.date() if isinstance(published, datetime) else published
    if anchor is not None:
        a, b = (d.date() if isinstance(d, datetime) else d for d in anchor)
        anchor = (min(a, b), max(a, b))  # a reversed pair is read as the interval it spans
    if isinstance(data_through, datetime):
        data_through = data_through.date()
    opts = _Options(pub, anchor, data_through)
    return [
        _period_span(f.start, f.end, text[f.start : f.end], f.s, f.e, f.gran)
        for f in _compose(text, _base(text, pub), opts)
        if f.kind not in ("same_unresolved", "cmp_unresolved")
    ]


_RELEASE_WORD = re.compile(r"(?i)\b(?:report|data|figures|statistics|numbers|tally|monthly)\b")


def release_through(text: str, published: date | None) -> date | None:
    """Where a story's data likely end: the last day of the month before publication when the story names that
    month (or "last month") and speaks of a report, data or figures (a monthly release); else None. Meant as
    find_periods' data_through; the gold dates fiscal-year totals of monthly CBP releases so."""
    if not isinstance(text, str) or published is None:
        return None
    pub = published.date() if isinstance(published, datetime) else published
    if pub.year == 1 and pub.month == 1:
        return None  # no month before
    last = pub.replace(day=1) - timedelta(days=1)
    name = calendar.month_name[last.month]
    if not re.search(rf"\b(?:{name}|last\smonth)\b", text) or not _RELEASE_WORD.search(text):
        return None
    return last


def resolve(expression: str, published: date | None) -> tuple[date, date] | None:
    """One time expression -> its (start, end) interval, or None when it is not one we can resolve."""
    if not isinstance(expression, str):
        return None
    expr = expression.strip()
    if not expr or len(expr) > 200:
        return None
    found = find_periods(expr, published)
    if not found and _YEAR_ONLY.fullmatch(expr):
        y = int(expr)
        return date(y, 1, 1), date(y, 12, 31)
    if not found:
        if len(expr) > 40 or not any(c.isdigit() for c in expr):
            return None
        try:
            d = _dateparser_day(expr)
        except (ValueError, OverflowError):
            return None
        return None if d is None else (d, d)
    best = max(found, key=lambda f: f.end - f.start)
    return best.period_start, best.period_end
