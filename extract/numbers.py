"""Number expressions in text -> values: "$1.2 billion", "nearly two million", "10,800", "42 percent".

find_numbers() returns every number expression with its value in base units, unit (usd/percent/None),
qualifier (exact/approx/over/under) and role: "quantity" or the reason it is not one (year, date, time,
ordinal, code, phone, age, duration, money_other, pronoun). Durations are counts of days to years ("the first 10
months", "eight months in a row"; hours and minutes only after "within", "the past"...); codes include names
("CBP One") and tallies ("215-214"). The pipeline decides what is counted.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from extract import rules


@dataclass(slots=True, frozen=True)
class NumberSpan:
    """One number expression: offsets of the whole phrase and of the number, its value and reading."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    low: float | None
    high: float | None
    unit: str | None
    qualifier: str
    role: str
    text: str


# NumberSpan(...) made by filling its slots directly: the frozen class's __init__ passes every field through
# object.__setattr__, which cost more than the rest of reading a figure. Same object (no defaults, no __post_init__);
# tests/test_layers_speed_equivalence.py compares the two.
_new = object.__new__
_set_start, _set_end, _set_num_start, _set_num_end = (NumberSpan.start.__set__, NumberSpan.end.__set__,
                                                      NumberSpan.num_start.__set__, NumberSpan.num_end.__set__)
_set_value, _set_low, _set_high, _set_unit = (NumberSpan.value.__set__, NumberSpan.low.__set__,
                                              NumberSpan.high.__set__, NumberSpan.unit.__set__)
_set_qualifier, _set_role, _set_text = NumberSpan.qualifier.__set__, NumberSpan.role.__set__, NumberSpan.text.__set__


def _number_span(start: int, end: int, num_start: int, num_end: int, value: float, low: float | None,
                 high: float | None, unit: str | None, qualifier: str, role: str, text: str) -> NumberSpan:
    """NumberSpan(start, end, ...), made faster."""
    span = _new(NumberSpan)
    _set_start(span, start)
    _set_end(span, end)
    _set_num_start(span, num_start)
    _set_num_end(span, num_end)
    _set_value(span, value)
    _set_low(span, low)
    _set_high(span, high)
    _set_unit(span, unit)
    _set_qualifier(span, qualifier)
    _set_role(span, role)
    _set_text(span, text)
    return span


# ---------------------------------------------------------------------------------------------------
# Vocabulary. Kept here rather than in YAML because the grammar below is built around these exact sets.

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SHORT_SCALES = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9,
    "t": 1e12, "tn": 1e12, "trn": 1e12,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100,
}
FRACTIONS = {
    "half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
    "fourth": 0.25, "fourths": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1,
}
MONTHS = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sep(?:tember|t\.|t|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)

_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES, "dozen"], key=len, reverse=True))
_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_SCALE_WORD = r"trillion|billion|million|thousand|hundred"
_SHORT = r"bn|mn|mln|bln|tn|trn|[kKmMbB]"


def _by_first_letter(words: str) -> str:
    """An alternation of words ("a|b|...") with each run of words sharing a first letter behind a look-ahead on it."""
    runs: dict[str, list[str]] = {}
    for word in words.split("|"):
        runs.setdefault(word[0], []).append(word)
    return "|".join(f"(?={letter})(?:{'|'.join(run)})" for letter, run in runs.items())


# What each of the phone, clock and digit-date alternatives needs where it begins ("(", "+", "1-", "555-", "5:",
# "5.", "5/", "5pm", "5 p", "2024-"): behind this look-ahead a plain number fails them all at once.
_DATE_LIKE_GUARD = r"(?=[(+]|1[-.\s]|\d{3}[-.]|\d{1,2}(?:[:./apAP]|\s[apAP])|\d{4}-)"


def _atom_pattern(routed: bool) -> str:
    """_ATOM's pattern. Routed, the phone/clock/date alternatives sit behind _DATE_LIKE_GUARD and the number and
    ordinal words behind a look-ahead on their first letter: the same matches, as each guard only says what its
    alternatives begin with, and sre skips a failed guard at once where it tries a case-insensitive word list word by
    word (routed=False: the plain pattern, for the tests)."""
    guard = _DATE_LIKE_GUARD if routed else ""
    word = _by_first_letter(_WORD) if routed else _WORD
    ordinal = _by_first_letter(_ORD) if routed else _ORD
    # One number atom: currency? (digits [fraction] [scale] | words) [unit]. Alternatives that must win over a
    # plain number starting at the same place (phones, clock times, dates written with digits) come first.
    return rf"""
    {guard}(?:(?P<phone>(?<![\w.])(?:\+?1[-.\s])?(?:\(\d{{3}}\)\s?|\d{{3}}[-.])\d{{3}}[-.]\d{{4}}(?![\w]))
  | (?P<clock>(?<![\w.:])\d{{1,2}}(?:[:.]\d{{2}})?\s?(?:[ap]\.\s?m\.|[AP]\.\s?M\.|[ap]m\b|[AP]M\b)
        |(?<![\w.:])\d{{1,2}}:\d{{2}}(?![\d:]))
  | (?P<numdate>(?<![\w./-])(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)(?![\w/])))
  | (?P<num>
        (?:(?P<cur>(?i:us|u\.s\.?)\s?\$|USD|\$|(?P<ocur>MX\$|Mex\$|€|£|¥|C\$|CA\$|A\$))\s?)?
        (?:
            (?P<digits>(?<![\w.,])(?:{_DIGITS})(?!\d|\.\d|,\d))
            (?:\s(?P<frac>[1-9]/[1-9]\d?)(?!\d))?
            (?:(?P<sscale>{_SHORT}|\s(?:bn|mn|mln|bln|tn|trn))(?![\w])|(?:\s|-)(?P<scale>(?:{_SCALE_WORD})(?:\s(?:{_SCALE_WORD}))?)\b(?!-(?!plus\b)))?
            (?P<ordsuf>st|nd|rd|th)?
            (?P<decade>s|'s)?
            (?![A-Za-z])  # "180ml", "29km", "3D": measures and names, not counts
          |
            (?P<words>\b(?i:(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten)\s(?:and\s)?half\s(?:a\s)?(?={_SCALE_WORD}|dozen)
                |half\s+(?:a\s+)?(?={_SCALE_WORD}|dozen)|(?:a\s)?quarter\s(?:of\sa\s)?(?={_SCALE_WORD})
                |(?:a\s)?(?:half|quarter)-(?={_SCALE_WORD})|a\s(?={_SCALE_WORD}|dozen))?
              (?:{word})(?:(?:\s+and\s+|\s+|-)(?:{word})|\s+and\s+a\s+half)*)\b)
          |
            (?P<ordword>\b(?i:{ordinal})\b)
        )
        (?P<unit>\s?%|\s(?:percents?|per\s?cent|percentage\s+points?|pct)\b|\s(?:U\.S\.\s|(?i:us)\s)?(?i:dollars?)\b|\s(?i:usd)\b
            |\s(?P<ounit>(?:Mexican\s|Colombian\s|Chilean\s|Argentine\s)?pesos|euros|pounds\ssterling|yuan|yen|rupees|reais|quetzal(?:e)?s|lempiras|colones
               |bolivars|(?:Canadian|Australian|Hong\sKong)\sdollars|francs)\b)?
    )
    """


_ATOM = re.compile(_atom_pattern(routed=True), re.VERBOSE)
_WORD_TOKEN = re.compile(rf"\b(?:{_WORD}|half|quarter|and|a)\b", re.IGNORECASE)

# What comes right before / after an atom and changes its role.
_CODE_BEFORE = re.compile(
    r"(?:\b(?:I|IH|US|U\.S\.|SR|FM|RM|SH|CR|Loop|Spur|Highway|Hwy\.?|Interstate|Route|Rt\.?|Rte\.?|Title|"
    r"Section|Sec\.|§|Article|Art\.|Chapter|Rule|Proposition|Prop\.|Amendment|Bill|SB|HB|S\.\s?B\.|H\.\s?B\.|"
    r"H\.\s?R\.|S\.|Order|Law|Act|Form|Gate|Exit|Flight|Unit|Docket|Case|Room|District|Precinct|Ward|"
    r"Station|Suite|Box|Lane|Runway|Terminal|Pier|Zone|Sector|Phase|Level|Grade|Class|Type|Model|Version|"
    r"Stage|Tier|COVID|Covid|Group|Operation|Camp|Post|Checkpoint|Bridge|Building|Street|Avenue|Road|"
    r"Mile\sMarker|Mile|Code|[Zz]ip\s[Cc]ode|ZIP\s[Cc]ode|[Aa]rea\s[Cc]ode|Proclamation|Regulation|Resolution|Decree|Protocol|Part|Paragraph|Clause|Precinct|"
    r"Executive\sOrder|Public\sLaw|Bus|Train|Engine|Car|Truck|Battalion|Division|Brigade|Regiment)"
    r"[\s-]{0,2}|[A-Z]{1,3}-|#)$"
)
# the same search with the word alternatives behind a look-ahead on the characters they begin with: a word of the
# lead-in that cannot open a code word fails at once instead of trying each of the hundred
_CODE_BEFORE_ROUTED = re.compile(_CODE_BEFORE.pattern.replace(r"(?:\b(?:I|", r"(?:\b(?=[A-Z§za])(?:I|", 1))
_ORDINAL_BEFORE = re.compile(r"\b(?:No\.|Nos\.|no\.|Number|number)\s?$")
_AGE_BEFORE = re.compile(
    r"\b(?:[Aa]ged?|[Aa]ges|[Aa]ge\sof|[Yy]ounger\sthan|[Oo]lder\sthan|(?:under|over)\sthe\sage\sof|the\sages\sof)\s$")
# "aged 12 to 17", "Public Law 118-5", "Jan. 5 and 6": the second number has the first one's role
_CHAIN_JOIN = re.compile(r"\s?(?:-|–|to|and|or|through)\s?")
_CHAINED_ROLES = ("age", "code", "date")
_AGE_AFTER = re.compile(r"^(?:-|\s)(?:years?|months?|weeks?|days?)(?:-|\s)old\b|^-(?:year|month)-olds?\b")
_DURATION_AFTER = re.compile(r"^-(?:year|month|week|day|night|decade|century)s?\b(?!-old)"
                             r"|^(?:\s(?:straight|consecutive|full|more|additional|calendar|business|working|long))?"
                             r"\s(?:days?|weeks?|months?|years?|decades?|nights?|centuries)\b(?![\s-]old)")
# hours and minutes are what a wait is counted in ("waits of 26 minutes"); only a lead-in makes them a duration
_CLOCK_UNIT_AFTER = re.compile(r"^\s(?:hours?|minutes?)\b")
# what _AGE_AFTER, _DURATION_AFTER and _CLOCK_UNIT_AFTER each need right after a number: one match instead of three
_UNIT_WORD_AFTER = re.compile(r"[\s-](?:year|month|week|day|night|decade|centur|straight|consecutive|full|more|additional"
                              r"|calendar|business|working|long|hour|minute)")
_DURATION_LEAD = re.compile(r"\b(?:[Ww]ithin|[Aa]fter|[Ee]very|[Ii]n\s(?:under|less\sthan|just)|(?:[Tt]he|[Ff]irst|[Pp]ast|[Ll]ast"
                            r"|[Nn]ext|[Pp]revious|[Ll]atest))\s$")
# "CBP One", "Air Force One": a number word capitalised after a name is part of that name
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][A-Z]+|(?<=[a-z,]\s)[A-Z][a-z]+)\s$")
# "the vote was 215-214", "a 5-4 ruling": a tally, larger figure first, is not two quantities
_TALLY_LEAD = re.compile(r"(?i)\b(?:vote[sd]?|voting|tally|margin|score|ruling|decision|split)\b[^.;]{0,24}$")
_MONTH_BEFORE = re.compile(rf"\b{MONTHS}\s?$")
_MONTH_DAY_BEFORE = re.compile(rf"\b{MONTHS}\s\d{{1,2}}(?:st|nd|rd|th)?,?\s$")
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s(?:of\s)?{MONTHS}(?![a-z])")
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|In|since|Since|of|during|During|until|till|through|thru|by|from|From|to|and|or|between|"
    r"before|after|year|years|FY|Fiscal|fiscal|calendar|early|late|mid|spring|summer|fall|autumn|winter|"
    r"election|cycle|the|The|class|Class|circa|around)[\s-]|[-–/(]|'|’)$"
)
_YEAR_AFTER = re.compile(r"^(?:\s*$|[.,;:)'’?!]|\s[-–]|-(?:\d|[A-Za-z])|\s(?:and|to|through|or|-|–|when|after|before|"
                         r"as|at|with|that|was|were|is|had|has|have|will|the|a|an|in|on|for|by|of|but|it|they|"
                         r"he|she|we|there|amid|under|compared|versus|vs\.?)\b|\s[A-Z])")
_PRONOUN_AFTER = re.compile(r"^\s(?:of|another|day|time|point|hand|way|side|thing)\b|^-(?:time|way|off|sided|on-one)\b")
_PRONOUN_BEFORE = re.compile(r"\b(?:[Nn]o|[Aa]ny|[Ee]very|[Tt]his|[Tt]hat|[Tt]he|[Ee]ach|[Oo]nly|[Ww]hich)\s$")
_VAGUE_BEFORE = re.compile(r"\b(?:few|several|many|couple\sof|couple|tens\sof|hundreds\sof|some\sfew)\s$",
                           re.IGNORECASE)
# words that may stand between a qualifier and its number without changing it ("at least another 50,009")
_YEAR_DASH_BEFORE = re.compile(r"(?:19|20)\d\d[-–/]$")
_LETTER_DASH_BEFORE = re.compile(r"[A-Za-z]-$")
_QUALIFIER_FILLER_WORDS = ("another", "an additional", "a further", "a record", "a combined", "a total of")
_RANGE_JOIN = re.compile(r"^\s?(?:-|–|—|to|or|and)\s?$|^\s(?:to|or|and)\s$")
_BETWEEN_BEFORE = re.compile(r"\b(?:[Bb]etween|(?P<span>(?:[Aa]nywhere|[Rr]anging|[Rr]anges?|[Vv]arying|[Vv]aries)\s)?[Ff]rom)\s$")

# How many characters before a number each lead-in pattern ending in "$" can reach: its longest match, and one more
# for "$" before a final line break (tests/test_numbers.py reads the widths from the patterns). At most 24, the
# characters _role looks at.
_CODE_REACH = 18
_ORDINAL_REACH = 8
_MONTH_DAY_REACH = 17
_YEAR_REACH = 10
_MONTH_REACH = 11
_AGE_REACH = 18
_YEAR_DASH_REACH = 6


@functools.cache
def _qualifier_patterns(routed: bool = True) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled before/after qualifier regexes from rules/qualifiers.yaml (loaded once).

    The "before" pattern is matched against the REVERSED text before the number: anchored at its start it
    is one match attempt instead of a search over every position of the window. Routed, its phrases are grouped
    by their first character behind a look-ahead on it (routed=False: the plain alternation, for the tests).
    """
    data = rules.load("qualifiers")
    before: list[tuple[str, str]] = []
    after: list[tuple[str, str]] = []
    for kind in ("approx", "over", "under", "exact"):
        before += [(p, kind) for p in data.get(kind, [])]
        after += [(p, kind) for p in data.get(f"{kind}_after", [])]

    def alternation(pairs: list[tuple[str, str]], reverse: bool) -> str:
        alternatives: list[tuple[str, str]] = []  # (first character, alternative) in the order they are tried
        for i, (phrase, kind) in enumerate(sorted(pairs, key=lambda p: -len(p[0]))):
            words = phrase.split()
            if reverse:
                words = [w[::-1] for w in reversed(words)]
            body = r"\s+".join(re.escape(w) for w in words)
            edge_l = r"\b" if phrase[0].isalnum() else ""
            edge_r = r"\b" if phrase[-1].isalnum() else ""
            if reverse:
                edge_l, edge_r = edge_r, edge_l
            alternatives.append((words[0][0], f"(?P<{kind}_{i}>{edge_l}{body}{edge_r})"))
        # routed only when every first character is ASCII, whose case-insensitive matches lower() names exactly
        if not (reverse and routed and all(c.isascii() for c, _ in alternatives)):
            return "(?:" + "|".join(alt for _, alt in alternatives) + ")"
        # a phrase can match only where its first character is (ignoring case, as the guard does too): at any place
        # one group at most can match, and inside it the phrases keep their order, so the same phrase wins; sre skips
        # a failing guard at once, where it tries every case-insensitive phrase of a plain alternation in turn
        groups: dict[str, list[str]] = {}
        for c, alt in alternatives:
            groups.setdefault(c.lower(), []).append(alt)
        return "(?:" + "|".join(f"(?={re.escape(c)})(?:{'|'.join(alts)})" for c, alts in groups.items()) + ")"

    filler = "|".join(r"\s+".join(re.escape(w[::-1]) for w in reversed(f.split())) for f in _QUALIFIER_FILLER_WORDS)
    reversed_before = re.compile(r"\s*(?:(?:" + filler + r")\s+)?" + alternation(before, True), re.IGNORECASE)
    return reversed_before, re.compile(r"^-?\s*" + alternation(after, False), re.IGNORECASE)


@functools.cache
def _qualifier_words() -> tuple[frozenset[str], frozenset[str]]:
    """Last words of the 'before' phrases (and fillers), first words of the 'after' phrases."""
    data = rules.load("qualifiers")
    last = {p.split()[-1].lower() for k in ("approx", "over", "under", "exact") for p in data.get(k, [])}
    last |= {f.split()[-1] for f in _QUALIFIER_FILLER_WORDS}
    first = {p.split()[0].lower() for k in ("approx", "over", "under") for p in data.get(f"{k}_after", [])}
    return frozenset(last), frozenset(first)


def _kind(match: re.Match[str]) -> str:
    name = match.lastgroup or ""
    return name.rsplit("_", 1)[0]


_FRACTION_PREFIX = re.compile(r"^(?:(?:a\s+)?(?P<q>quarter)[\s-]+(?:of\s+)?(?:a\s+)?|(?:a\s+)?(?P<h>half)[\s-]+(?:of\s+)?(?:a\s+)?)",
                              re.IGNORECASE)


def _parse_words(s: str) -> float | None:
    """'two hundred thirty-five thousand' -> 235000; None when the words do not form one number."""
    factor = 1.0
    pm = _FRACTION_PREFIX.match(s)
    if pm:  # "half a million", "a quarter of a million", "half a dozen"
        factor = 0.25 if pm.group("q") else 0.5
        s = s[pm.end() :]
    tokens = [t.lower() for t in _WORD_TOKEN.findall(s)]
    total = 0.0
    current = 0.0
    seen = False
    last = ""
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t == "and":
            if tokens[i + 1 : i + 3] == ["a", "half"]:
                current += 0.5  # "two and a half million"
                i += 3
                continue
            i += 1
            continue
        if t == "a":
            if current == 0:
                current = 1
            i += 1
            continue
        if t in ("half", "quarter"):
            return None
        if t in UNITS:
            if last in UNITS or last in TENS and UNITS[t] >= 10:
                return None  # "two three": two numbers, not one
            current += UNITS[t]
        elif t in TENS:
            if last in UNITS or last in TENS:
                return None
            current += TENS[t]
        elif t == "dozen":
            current = (current or 1) * 12
        elif t == "hundred":
            current = (current or 1) * 100
        elif t in SCALES:
            total += (current or 1) * SCALES[t]
            current = 0
        else:
            return None
        seen = True
        last = t
        i += 1
    if not seen:
        return None
    return (total + current) * factor


# news spells out a small vocabulary of numbers ("two", "three million", "a dozen"), so each distinct phrase is read
# once (the value depends on the phrase alone); phrases up to _SHORT_PHRASE characters, so the cache stays small
_parse_short_words = functools.lru_cache(maxsize=4096)(_parse_words)
_SHORT_PHRASE = 60


# _ATOM's groups in the order m.groups() gives them: one call and an unpacking per atom instead of a call per group
_GROUPS = ("phone", "clock", "numdate", "num", "cur", "ocur", "digits", "frac", "sscale", "scale", "ordsuf", "decade",
           "words", "ordword", "unit", "ounit")
if tuple(_ATOM.groupindex) != _GROUPS:
    raise RuntimeError(f"_ATOM's groups are {tuple(_ATOM.groupindex)}, not _GROUPS: update _GROUPS and _atoms()")


def _atom_value(digits: str | None, frac: str | None, scale: str | None, sscale: str | None, words: str | None,
                ordword: str | None) -> tuple[float, float] | None:
    """(value, raw value before scale) of an atom from its groups, or None."""
    if digits is not None:
        try:
            raw = float(digits.replace(",", ""))
        except ValueError:
            return None
        if frac:
            a, b = frac.split("/")
            raw += int(a) / int(b)
        value = raw
        if scale:
            for w in scale.split():
                value *= SCALES[w]
        elif sscale:
            value *= SHORT_SCALES[sscale.strip().lower()]
        return value, raw
    if words is not None:
        v = _parse_short_words(words) if len(words) <= _SHORT_PHRASE else _parse_words(words)
        return None if v is None else (v, v)
    if ordword is not None:
        v = float(ORDINALS[ordword.lower()])
        return v, v
    return None


def _unit_of(cur: str | None, ocur: str | None, unit: str | None, ounit: str | None) -> str | None:
    u = (unit or "").strip().lower()
    if ocur or ounit:
        return "money_other"
    if u.startswith(("%", "percent", "per", "pct")):
        return "percent"
    if cur or u:
        return "usd"
    return None


# Cheap tests that a lead-in pattern can match (each pattern needs what its test looks for): most figures'
# lead-ins fail them, and a substring test is far cheaper than a search of every position of the lead-in.
def _may_code(before: str) -> bool:
    """Whether _CODE_BEFORE can match: every code word but "zip/area code" opens with a capital; or "#", "§"."""
    return not before.islower() or "#" in before or "§" in before or "ode" in before


def _may_ordinal(before: str) -> bool:
    """Whether _ORDINAL_BEFORE can match ("No.", "Nos.", "no.", "Number", "number")."""
    return "No" in before or "no." in before or "umber" in before


def _may_age(before: str) -> bool:
    """Whether _AGE_BEFORE can match: each of its lead-ins holds "ge" but "older than"."""
    return "ge" in before or "than" in before


# "Tom Morgan, 57, said", "said Marisol Reyes, 34, who": a capitalised name, then the number between commas
_NAME_COMMA = re.compile(r"(?<![\w'’-])(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-zà-ÿ'’-]+, $")
_APPOSITION_AGE = re.compile(r", (?:[a-z]|[A-Z][a-z]+ (?:said|says|told))")


def _role(text: str, s: int, e: int, value: float, unit: str | None, g: tuple[str | None, ...]) -> str:
    """Why the atom text[s:e] (its _ATOM groups g) is not a quantity, or "quantity"."""
    if unit == "money_other":
        return "money_other"
    _, _, _, _, cur, _, digits, _, sscale, scale, ordsuf, decade, words, ordword, _, _ = g
    if ordword is not None or ordsuf:
        return "ordinal"
    # 24 characters hold the longest lead-in looked for ("Executive Order ", "September 30th, ")
    before = text[s - 24 if s > 24 else 0 : s]
    after = text[e : e + 24]
    # A lead-in pattern ending at the number is searched in text up to s from s - its *_REACH: the same first
    # match as in `before` (none can begin earlier; \b and look-behinds still see the characters before), fewer tries.
    if digits is not None and unit is None and not scale and not sscale:
        if sscale is None and _may_code(before) and _CODE_BEFORE_ROUTED.search(text, s - _CODE_REACH, s):
            return "code"
        if _may_ordinal(before) and _ORDINAL_BEFORE.search(text, s - _ORDINAL_REACH, s):
            return "ordinal"
        # the digits first: a test on a few characters is far cheaper than a search of the lead-in
        # (?:19|20)\d\d and \d{1,2}; isdecimal() is what \d matches
        n = len(digits)
        if n == 4:
            if digits[:2] in ("19", "20") and digits[2:].isdecimal():  # a year's digits
                if decade or _MONTH_DAY_BEFORE.search(text, s - _MONTH_DAY_REACH, s):
                    return "year"
                if 1900 <= value <= 2100 and (_YEAR_BEFORE.search(text, s - _YEAR_REACH, s)
                                              or _YEAR_AFTER.match(after)
                                              or _MONTH_BEFORE.search(text, s - _MONTH_REACH, s)):
                    return "year"
            elif decade:
                return "year"
        elif n <= 2:
            if digits.isdecimal() and (_MONTH_BEFORE.search(text, s - _MONTH_REACH, s) or _MONTH_AFTER.match(after)):
                return "date"
            if n == 2 and (_YEAR_DASH_BEFORE.search(text, s - _YEAR_DASH_REACH, s) or decade):
                return "year"  # "2013-14", "the 90s"
    if unit is None:
        # one match for the words any of the three patterns after a number needs
        unit_word = _UNIT_WORD_AFTER.match(after) is not None
        if _may_age(before) and _AGE_BEFORE.search(text, s - _AGE_REACH, s) or unit_word and _AGE_AFTER.match(after):
            return "age"
        if (digits is not None and len(digits) <= 2 and before.endswith(", ") and _APPOSITION_AGE.match(after)
                and _NAME_COMMA.search(before)):
            return "age"  # "Tom Morgan, 57, said ...": an age set off by commas after a name
        if unit_word and not scale and not sscale and (
                _DURATION_AFTER.match(after) or _CLOCK_UNIT_AFTER.match(after) and _DURATION_LEAD.search(before)):
            return "duration"
        if words is not None and " " not in words and words[0].isupper() and _NAME_BEFORE.search(before):
            return "code"
    if words is not None and words.lower() == "one" and (
        _PRONOUN_AFTER.match(after) or _PRONOUN_BEFORE.search(before)
    ):
        return "pronoun"
    if sscale in ("m", "b") and not cur:
        return "code"  # "5m" (metres?) or "3b" without a currency sign: not a scaled amount we can trust
    if sscale in ("M", "B") and not cur and "." not in (digits or ""):
        if _LETTER_DASH_BEFORE.search(before):
            return "code"  # "H-1B"
    return "quantity"


def _is_vague(text: str, start: int, words: str | None) -> bool:
    """'a few hundred', 'several thousand', 'hundreds of thousands' (the number words at start): vague amounts."""
    if words is None:
        return False
    first = words.split()[0].lower().split("-")[0]
    if first in SCALES or first == "dozen":
        return bool(_VAGUE_BEFORE.search(text[max(0, start - 20) : start]))
    return False


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    raw: float
    scaled: bool
    unit: str | None
    role: str
    low: float | None = None
    high: float | None = None


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+|[\w.+-]+@[\w-]+\.[\w.]+")
_SEED_WORDS = frozenset([*UNITS, *TENS, *SCALES, *ORDINALS, "dozen"])
# the seed words as news writes them (lower, Capitalised, UPPER): a set lookup per word instead of lowering each
_SEED_FORMS = frozenset(f for w in _SEED_WORDS for f in (w, w.capitalize(), w.upper()))
_CURRENCY_CHARS = "$€£¥"
_USD_WORDS = frozenset(["USD", "usd", "US", "us"])
_WORD_STARTERS = frozenset(["a", "half", "quarter", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])


_TOKEN_SPLIT = re.compile(r"(\w+)")
# a Latin-1 text's bytes with every character but the word characters (what \w matches) made a space
_BLANK_NON_WORD = bytes(c if _TOKEN_SPLIT.fullmatch(chr(c)) else 32 for c in range(256))
# what makes most news text non-ASCII: dashes, curly quotes, the no-break space, "…", "•"; none is a word character
_NON_ASCII_GAPS = "—–“”‘’\xa0…•"


@functools.lru_cache(maxsize=4)
def word_tokens(text: str) -> tuple[list[int], list[str]]:
    """(starts, words) of every word of text, two parallel lists. Cached for the last few texts: the number and
    the time layers and the pipeline's phrase index all walk the words of the same article, one after the other."""
    # The text with those gap characters made spaces has the same words at the same offsets (one character for one,
    # a non-word for a non-word); when that is Latin-1 (all of an English text but its dashes and quotes, and
    # Spanish names), one byte is one character and a byte table says which are word characters.
    view = text
    if not view.isascii():
        for gap in _NON_ASCII_GAPS:
            if gap in view:
                view = view.replace(gap, " ")
    try:
        latin_1 = view.encode("latin-1")
    except UnicodeEncodeError:
        latin_1 = None  # a character past U+00FF: the regex split below
    if latin_1 is not None:
        # every non-word character made a space (bytes.translate), then split at each space: a piece is a word (a
        # run of \w, as the regex split gives it) or empty (two non-words in a row), and piece k starts at the
        # lengths of the pieces before it plus k spaces; all in C, about a quarter faster than the regex split
        pieces = latin_1.translate(_BLANK_NON_WORD).decode("latin-1").split(" ")
        starts = itertools.accumulate(map(len, pieces), initial=0)
        return list(itertools.compress(map(operator.add, starts, itertools.count()), pieces)), list(filter(None, pieces))
    # split + running sum of piece lengths: no Python-level step per word (text = gap, word, gap, word, ..., gap)
    pieces = _TOKEN_SPLIT.split(view)
    ends = list(itertools.accumulate(map(len, pieces)))
    return ends[0:-1:2], pieces[1::2]


# State every WordTest shares, so that one pass over a text's words serves all of them (the number layer's seeds and
# the time layer's anchors): each word seen gets the bits of the tests it passes, once.
_TESTS: list[WordTest] = []
_FLAGS: dict[str, int] = {}  # a word seen -> the bits of the tests it passes (0: none)
_LIMIT = [200_000]  # how many words _FLAGS keeps before it starts again (the smallest limit of any test)
_LAST_HITS: list = [None, []]  # the last word list given to _hits (kept alive) and its result


def _hits(words: list[str]) -> list[int]:
    """Indices of the words of a word list from word_tokens that pass any WordTest, made once per list."""
    if _LAST_HITS[0] is words:
        return _LAST_HITS[1]
    flags = _FLAGS
    get = flags.get
    # the indices whose word has bits or is not seen yet (-1, tried below): [i for i, w in enumerate(words) if
    # get(w, -1)] with the loop in C (compress picks the counts whose look-up is truthy), a tenth faster
    hits = list(itertools.compress(itertools.count(), map(get, words, itertools.repeat(-1))))
    new = {words[i] for i in hits if words[i] not in flags}
    if new:
        if len(flags) + len(new) > _LIMIT[0]:
            flags.clear()  # start again from this text's words
            new = set(words)
            hits = list(range(len(words)))
        tests = [(t._test, t.bit) for t in _TESTS]
        for w in new:
            bits = 0
            for test, bit in tests:
                if test(w):
                    bits |= bit
            flags[w] = bits
        hits = [i for i in hits if flags[words[i]]]
    _LAST_HITS[1] = hits
    _LAST_HITS[0] = words
    return hits


class WordTest:
    """The words of a text that pass a test on one word, the test made once per distinct word seen (by any text
    so far, up to `limit` words): news vocabulary repeats, so most texts need one dict lookup per word. All tests
    share that pass: each test is a bit in one module-level dict of word -> bits (not thread-safe; nothing here
    runs extraction in threads)."""

    def __init__(self, test: Callable[[str], bool], limit: int = 200_000) -> None:
        self._test = test
        self.bit = 1 << len(_TESTS)
        _TESTS.append(self)
        _LIMIT[0] = min(_LIMIT[0], limit)
        _FLAGS.clear()  # the words seen so far were not tried with this test
        _LAST_HITS[0] = None

    def forget(self) -> None:
        """Try every word again (the test's answers have changed, as a phrase index's do when phrases are added);
        the test keeps its bit, so an owner that changes needs no new test."""
        _FLAGS.clear()
        _LAST_HITS[0] = None

    def indices(self, words: list[str]) -> list[int]:
        """Indices of the words of `words` (a list from word_tokens) that pass the test, in order."""
        bit, flags = self.bit, _FLAGS
        return [i for i in _hits(words) if flags[words[i]] & bit]

    def passing(self, words: list[str]) -> frozenset[str]:
        """The distinct words of `words` that pass the test."""
        return frozenset(words[i] for i in self.indices(words))


_SEEDS = WordTest(lambda t: t in _SEED_FORMS or t[0].isdigit())


def _matches(text: str) -> list[re.Match[str]]:
    """_ATOM matches in text order, as finditer would give them, tried only near digits, number words and
    currency signs (every atom holds one), which makes the scan several times faster on prose."""
    # a list sorted once instead of a set: seeds come nearly in text order, and a position listed twice is tried
    # at most twice with the same result (no match, or skipped as inside the match it gave)
    candidates: list[int] = []
    add = candidates.append
    # the test is made once per distinct word, then one dict lookup per word serves this and the time layer
    starts, words = word_tokens(text)
    flags, seed = _FLAGS, _SEEDS.bit
    for i in _hits(words):  # _SEEDS.indices(words), read in the same pass
        tok = words[i]
        if not flags[tok] & seed:
            continue
        s = starts[i]
        add(s)
        if tok[0].isdigit():
            if s and text[s - 1] in "(+.":  # "(555)", "+1", ".5"
                add(s - 1)
                if s > 1 and text[s - 2] in "(+":
                    add(s - 2)
            if i and words[i - 1] in _USD_WORDS and s - starts[i - 1] <= 5:
                add(starts[i - 1])  # "USD 200"
        else:  # "a quarter of a million" starts 4 words before "million"
            for j in range(max(0, i - 4), i):
                if s - starts[j] <= 24 and words[j].lower() in _WORD_STARTERS:
                    add(starts[j])
    for sign in _CURRENCY_CHARS:
        pos = text.find(sign)
        while pos != -1:
            candidates += range(max(0, pos - 4), pos + 1)  # "US$", "MX$", "C$"
            pos = text.find(sign, pos + 1)
    candidates.sort()
    found: list[re.Match[str]] = []
    end = 0
    match = _ATOM.match
    for pos in candidates:
        if pos < end:
            continue
        m = match(text, pos)
        if m is not None and m.end() > pos:
            end = m.end()
            found.append(m)
    return found


def _atoms(text: str) -> list[_Atom]:
    """Every number atom of text with its value, unit and role (before ranges and qualifiers)."""
    out: list[_Atom] = []
    skip = [(u.start(), u.end()) for u in _URL.finditer(text)] if ("://" in text or "www." in text or "@" in text) else []
    append = out.append
    for m in _matches(text):
        if skip and any(a < m.end() and m.start() < b for a, b in skip):
            continue  # numbers inside web and mail addresses are not figures
        g = m.groups()
        phone, clock, numdate, num, cur, ocur, digits, frac, sscale, scale, _, _, words, ordword, unit_text, ounit = g
        if num is None:
            role = "phone" if phone is not None else "time" if clock is not None else "date" if numdate is not None else ""
            if role:
                s, e = m.span()
                append(_Atom(s, e, s, e, 0.0, 0.0, False, None, role))
            continue
        # "num" never begins or ends with a space (it opens with a currency sign, a digit, "." or a letter, and
        # closes with a digit, a letter or "%"), so it is never blank and has no spaces to trim
        s, e = m.span(4)  # "num"
        if digits is not None and frac is None and scale is None and sscale is None:
            # _atom_value's digits branch with nothing to add or scale (float() reads every \d the digits hold)
            value = raw = float(digits.replace(",", ""))
        else:
            parsed = _atom_value(digits, frac, scale, sscale, words, ordword)
            if parsed is None or words is not None and _is_vague(text, s, words):
                continue
            value, raw = parsed
        # _unit_of gives None when neither a currency nor a unit matched (the other-currency groups sit inside those)
        unit = None if cur is None and unit_text is None else _unit_of(cur, ocur, unit_text, ounit)
        role = _role(text, s, e, value, unit, g)
        append(_Atom(s, e, s, e, value, raw, bool(scale or sscale), unit, role))
    return out


def _chain_roles(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """A bare number joined to an age ("aged 12 to 17"), a law number ("Public Law 118-5") or a day of the month
    ("Jan. 5 and 6") takes that role; "Title 42 and 8,000 migrants" keeps its count."""
    roles = [a.role for a in atoms]  # the roles read from the text, so a chained role does not chain again
    # only an atom after one of the chained roles can take one (a few in a hundred)
    for i in [i for i, role in enumerate(roles[:-1], 1) if role in _CHAINED_ROLES]:
        prev, a = atoms[i - 1], atoms[i]
        if roles[i] != "quantity" or a.unit is not None or a.scaled:
            continue
        join = _CHAIN_JOIN.fullmatch(text, prev.end, a.start)
        if join is None:
            continue
        word = join.group().strip()
        if (roles[i - 1] == "age" and word in ("-", "–", "to", "through") and a.value <= 120
                or roles[i - 1] == "code" and word in ("-", "–") and text[prev.end : a.start] in ("-", "–")
                or roles[i - 1] == "date" and a.value <= 31 and a.value == int(a.value)):
            a.role = roles[i - 1]
    return atoms


def _merge_ranges(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Join 'between 8,000 and 9,000', '8,000-9,000', 'six or seven', '1 to 2 million' into one range atom."""
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms) and a.role == "quantity" and atoms[i + 1].role == "quantity":
            b = atoms[i + 1]
            join = text[a.end : b.start]
            if len(join) > 6 and join.strip().lower() != "to":  # too far apart for any join below (6: "$" before a
                # final line break): two figures
                out.append(a)
                i += 1
                continue
            lead = text[max(0, a.start - 30) : a.start]
            between = _BETWEEN_BEFORE.search(lead)
            # "rose from 8,000 to 9,000" is two figures; "anywhere from 251 to 329" is a range
            from_ = between and lead.rstrip().lower().endswith("from") and not between.group("span")
            word = join.strip().lower()
            if (a.unit is None and b.unit is None and not a.scaled and not b.scaled and a.value > b.value
                    and a.value == int(a.value) and b.value == int(b.value)
                    and (join in ("-", "–") or word == "to" and _TALLY_LEAD.search(lead))):
                a.role = b.role = "code"  # a tally: a range never runs downward
                out += [a, b]
                i += 2
                continue
            ok_join = bool(_RANGE_JOIN.match(join)) and (word != "and" or bool(between and not from_))
            if ok_join and not (from_ and word in ("to", "-", "–", "—")):
                unit = a.unit or b.unit
                units_ok = a.unit is None or b.unit is None or a.unit == b.unit
                low = a.value
                if not a.scaled and b.scaled and a.raw <= b.raw and b.raw > 0:
                    low = a.raw * (b.value / b.raw)
                high = b.value
                if units_ok and 0 <= low < high and (low == 0 or high / low <= 20 or between):
                    out.append(_Atom(a.start, b.end, a.num_start, b.num_end, (low + high) / 2, (low + high) / 2,
                                     True, unit, "quantity", low, high))
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def find_numbers(text: str) -> list[NumberSpan]:
    """All number expressions in text order, non-overlapping, with value, unit, qualifier and role."""
    if not isinstance(text, str) or not text:
        return []
    before_q, after_q = _qualifier_patterns()
    last_words, first_words = _qualifier_words()
    spans: list[NumberSpan] = []
    for a in _merge_ranges(text, _chain_roles(text, _atoms(text))):
        start, end = a.start, a.end
        qualifier = "approx" if a.low is not None else "exact"
        if a.role == "quantity":
            lead = text[start - 30 if start > 30 else 0 : start]
            if a.low is not None:  # "between 8,000 and 9,000": the qualifier sits before "between"
                bm = _BETWEEN_BEFORE.search(lead)
                if bm:
                    start -= len(lead) - bm.start()
                    lead = text[max(0, start - 30) : start]
            words = lead.rsplit(None, 1)  # the last word is what the test below needs
            # the word-set test first: most numbers have no qualifier and skip the regex
            qm = before_q.match(lead[::-1]) if words and words[-1].strip("(\"'“‘").lower() in last_words else None
            if qm:
                if a.low is None:
                    qualifier = _kind(qm)
                start -= qm.end()
            tail = text[end : end + 20]
            first = tail.lstrip(" -").split(None, 1)
            am = after_q.match(tail) if tail[:1] == "+" or first and first[0].lower() in first_words else None
            if am and a.low is None:
                qualifier = _kind(am)
                end += am.end()
        if spans and start < spans[-1].end:  # a lead-in that reaches into the previous span is not ours
            start = a.start
            qualifier = "approx" if a.low is not None else "exact"
        spans.append(_number_span(start, end, a.num_start, a.num_end, a.value, a.low, a.high, a.unit,
                                  qualifier, a.role, text[start:end]))
    return spans


_PARSE_FRACTION = re.compile(
    r"^(?P<n>[a-z]+|\d+)[\s-](?P<d>halves|half|thirds?|quarters?|fourths?|fifths?|tenths?)$", re.IGNORECASE
)


def parse_number(s: str) -> float | None:
    """A standalone number phrase -> its value ('1.2 million' -> 1.2e6, 'a dozen' -> 12), else None."""
    if not isinstance(s, str):
        return None
    phrase = s.strip()
    if not phrase:
        return None
    fm = _PARSE_FRACTION.match(phrase)
    if fm:
        n = fm.group("n").lower()
        num = float(n) if n.isdigit() else UNITS.get(n)
        if num is not None:
            return num * FRACTIONS[fm.group("d").lower()]
    found = find_numbers(phrase)
    if not found:
        return None
    return found[0].value
