"""extract_metrics(article) -> list[Metric]: the extraction stages in order.

1. sentences and paragraphs; every rule phrase found in one pass (PhraseIndex)
2. numbers (number layer); only quantities go on
3. exclusions (rules/exclusions.yaml): non-metrics, shares, differences, thresholds
4. kind and unit (rules/kinds.yaml): nearest kind word in the clause, the counted noun first; a bare number
   continues the series before it
5. rate (`per`, rules/rates.yaml)
6. per figure, with what the article's figures share (_Context): period (period layer: the figure's own time,
   not a comparison's "than in May" nor a report's "said Tuesday", else the time carried from before), source
   (rules/attribution.yaml: in the sentence, else a source-only sentence earlier in the paragraph, a list's intro
   or the paragraph it breaks down, the lead's body for the next paragraph, a body acting in the sentence),
   a daily rate for a flow on a named day, place (rules/places.yaml)

All word lists live in extract/rules/*.yaml; they are compiled once per rules folder (see `compiled`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract import rules
from extract.models import Article, Metric
from extract.numbers import NumberSpan, WordTest, find_numbers, word_tokens
from extract.periods import PeriodSpan, find_periods, resolve

# ---------------------------------------------------------------------------------------------------
# Compiling the rule files

_SPACE = r"[\s\u00a0]+"


def _phrase_pattern(phrase: str) -> str:
    """A rule phrase as a regex: words separated by any whitespace; a final '*' allows any word ending."""
    prefix = phrase.endswith("*")
    words = phrase.rstrip("*").split()
    body = _SPACE.join(re.escape(w) for w in words)
    lead = r"(?<![\w-])" if phrase[:1].isalnum() else ""
    tail = r"[\w-]*" if prefix else (r"(?![\w])" if phrase.rstrip("*")[-1:].isalnum() else "")
    return lead + body + tail


def _phrase_starts(phrases: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """Where a match of _alternation(phrases) compiled with `flags` can begin: its first character, after a
    word boundary when the phrase pattern has one. A scan for these is far cheaper than the alternation's."""
    # (first character, whether the phrase pattern starts with a word boundary: see _phrase_pattern)
    firsts = [((p.rstrip("*").split() or [""])[0][:1], p[:1].isalnum()) for p in phrases]
    if any(c == "" for c, _ in firsts):
        return re.compile("")  # an empty phrase matches anywhere
    words = sorted({c for c, bounded in firsts if bounded})
    others = sorted({c for c, bounded in firsts if not bounded})
    parts = ([rf"(?<![\w-])[{re.escape(''.join(words))}]"] if words else []) + (
        [f"[{re.escape(''.join(others))}]"] if others else [])
    return re.compile("|".join(parts) or "(?!)", flags)


def _finditer(pattern: re.Pattern[str], starts: re.Pattern[str], text: str, pos: int, end: int
              ) -> Iterator[re.Match[str]]:
    """pattern.finditer(text, pos, end) for a pattern whose matches are never empty and begin only where
    `starts` matches: the pattern is tried only there."""
    seek = starts.search
    while (c := seek(text, pos, end)) is not None:
        m = pattern.match(text, c.start(), end)
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()


def _alternation(phrases: list[str]) -> str:
    """The phrases as one regex alternation, longest first.

    Phrases are grouped by first character behind a look-ahead on it, so an attempt at a position skips every
    phrase that cannot begin there. At one position only phrases with that first character can match, and they
    keep their order, so the matches are those of the plain alternation.
    """
    ordered = sorted(set(phrases), key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for phrase in ordered:
        first = (phrase.rstrip("*").split() or [""])[0][:1]
        if not first or not first.isascii():
            return "|".join(_phrase_pattern(p) for p in ordered)  # (an empty phrase; a non-ASCII case fold)
        groups.setdefault(first.lower(), []).append(_phrase_pattern(phrase))
    if len(groups) < 2:
        return "|".join(pattern for patterns in groups.values() for pattern in patterns)
    return "|".join(f"(?=[{re.escape(first + first.upper())}])(?:{'|'.join(patterns)})"
                    for first, patterns in groups.items())


_WORD_RE = re.compile(r"\w+")
_INFO_LIMIT = 200_000  # distinct words whose phrase starts are remembered (a bound for endless inputs)
Entry = tuple[str, tuple[str, ...], bool, bool]  # (tag, all words, last word is a prefix, case-sensitive)
WordInfo = tuple[tuple[str, ...], list[Entry], dict[str, list[Entry]]]
_MAX_GAP = 3  # characters allowed between two words of one phrase ("U.S.-Mexico", "rail  cars")


class PhraseIndex:
    """Many tagged word phrases found in one pass over a text's words (far faster than big regex alternations).

    A phrase matches whole words, case-insensitively unless added as case-sensitive; a final '*' lets its last
    word have any ending. For each tag the matches do not overlap: at each word the longest phrase wins.
    """

    def __init__(self) -> None:
        # first word (lower-case) -> (tag, all words, last word is a prefix, case-sensitive)
        self._entries: dict[str, list[Entry]] = {}
        self._prefix: dict[str, list[tuple[str, str]]] = {}  # first 3 letters -> (one-word prefix, tag)
        self._groups: dict[str, tuple[list[Entry], dict[str, list[Entry]]]] = {}
        self.tags: list[str] = []
        # what a word (as written) can start (see _word_info), for the words that start something; which words do is
        # a bit of the number layer's one pass over an article's words (a WordTest made once the phrases are in)
        self._info: dict[str, WordInfo] = {}
        self._test: WordTest | None = None

    def add(self, tag: str, phrases: list[str], case_sensitive: bool = False) -> None:
        """Add phrases under a tag."""
        if tag not in self.tags:
            self.tags.append(tag)
        self._info.clear()
        if self._test is not None:
            self._test.forget()  # the words seen are tested again with these phrases
        for phrase in phrases:
            prefix = phrase.endswith("*")
            words = tuple(_WORD_RE.findall(phrase.rstrip("*")))
            if not words:
                continue
            if not case_sensitive:
                words = tuple(w.lower() for w in words)
            if prefix and len(words) == 1:
                stem = words[0].lower()
                self._prefix.setdefault(stem[:3], []).append((stem, tag))
            else:
                entry = (tag, words, prefix, case_sensitive)
                self._entries.setdefault(words[0].lower(), []).append(entry)
                # grouped by second word: "the" starts many phrases, and the word after it picks the few to try
                always, by_next = self._groups.setdefault(words[0].lower(), ([], {}))
                if len(words) == 1 or (prefix and len(words) == 2):
                    always.append(entry)
                else:
                    by_next.setdefault(words[1].lower(), []).append(entry)

    def _word_info(self, word: str, low: str) -> WordInfo | None:
        """What a word (as written, and lower-case) can start: (tags it matches alone, entries to check word by word
        after their first word, entries by next word); None when it starts nothing. An entry's first word is
        checked here, once per word: a case-sensitive one-word phrase is then as sure as any one-word phrase."""
        group = self._groups.get(low)
        always, by_next = group if group is not None else ([], {})
        # (a case-insensitive entry is filed under its first word, lower-case: that word always matches)
        sure = tuple(tag for tag, want, prefix, cs in always if len(want) == 1 and not prefix and (not cs or want[0] == word))
        checked = [e for e in always if len(e[1]) > 1 and (not e[3] or e[1][0] == word)]
        if any(e[3] and e[1][0] != word for entries in by_next.values() for e in entries):
            by_next = {nxt: kept for nxt, entries in by_next.items()
                       if (kept := [e for e in entries if not e[3] or e[1][0] == word])}
        # a one-word '*' phrase matches any word it begins: its tag is as sure as a one-word phrase
        sure += tuple(tag for stem, tag in self._prefix.get(low[:3], ()) if low.startswith(stem))
        if not sure and not checked and not by_next:
            return None
        return tuple(dict.fromkeys(sure)), checked, by_next  # a tag twice ("said" is a verb twice) matches once

    def _starts_something(self, word: str) -> bool:
        """Whether a word starts a phrase of this index (the WordTest of the index: its info is kept for find)."""
        got = self._word_info(word, word.lower())
        if got is None:
            return False
        if len(self._info) >= _INFO_LIMIT:
            self._info.clear()
        self._info[word] = got
        return True

    def find(self, text: str) -> dict[str, tuple[list[int], list[tuple[int, int]]]]:
        """tag -> (sorted starts, [(start, end)]) of every match in text."""
        starts, words = word_tokens(text)  # the number layer's word lists of this text: cached, shared
        test = self._test
        if test is None:
            test = self._test = WordTest(self._starts_something)  # one per index (one per rules folder)
        # the words that start something, read from the pass over the words the number and time layers share; a word
        # that starts phrases only before certain next words ("the") is dropped below unless one follows
        hits = test.indices(words)
        info = self._info
        count = len(words)
        final = count - 1
        found: dict[str, tuple[list[int], list[tuple[int, int]]]] = {tag: ([], []) for tag in self.tags}
        last_end: dict[str, int] = dict.fromkeys(self.tags, -1)
        for i in hits:
            word_i = words[i]
            got = info.get(word_i)
            if got is None:  # (forgotten since the test: worked out again, the same)
                got = self._word_info(word_i, word_i.lower())
            sure, tried, by_next = got  # type: ignore[misc]  # a word that passed the test starts something
            more = by_next.get(words[i + 1].lower()) if by_next and i < final else None
            if not tried and not more:  # most hits: one-word phrases only, or none ("the" before no phrase's word)
                if not sure:
                    continue
                start_i = starts[i]
                end_i = start_i + len(word_i)
                for tag in sure:
                    if start_i >= last_end[tag]:
                        tag_starts, tag_spans = found[tag]
                        tag_starts.append(start_i)
                        tag_spans.append((start_i, end_i))
                        last_end[tag] = end_i
                continue
            start_i = starts[i]
            end_i = start_i + len(word_i)
            best: dict[str, int] = dict.fromkeys(sure, end_i)
            if more:
                next_start = starts[i + 1]
                if next_start - end_i <= _MAX_GAP and "\n" not in text[end_i:next_start]:
                    second_end = next_start + len(words[i + 1])
                    for entry in more:
                        if len(entry[1]) == 2 and not entry[3]:
                            # filed under its two words (lower-case), not a prefix: both match, the gap is fine
                            if second_end > best.get(entry[0], -1):
                                best[entry[0]] = second_end
                        else:
                            tried = [*tried, entry]
            for tag, want, prefix, cs in tried:
                last = len(want) - 1
                prev_end = end_i
                for k in range(1, last + 1):  # (the first word was checked in _word_info)
                    j = i + k
                    if j >= count:
                        break
                    next_start = starts[j]
                    if next_start - prev_end > _MAX_GAP or "\n" in text[prev_end:next_start]:
                        break
                    prev_end = next_start + len(words[j])
                    word = words[j] if cs else words[j].lower()
                    w = want[k]
                    if not (word.startswith(w) if prefix and k == last else word == w):
                        break
                else:
                    if prev_end > best.get(tag, -1):
                        best[tag] = prev_end
            for tag, end in best.items():
                if start_i >= last_end[tag]:
                    tag_starts, tag_spans = found[tag]
                    tag_starts.append(start_i)
                    tag_spans.append((start_i, end))
                    last_end[tag] = end
        return found


Spans = dict[str, tuple[list[int], list[tuple[int, int]]]]


def _starts_in(spans: Spans, tag: str, lo: int, hi: int) -> bool:
    """Whether a match of tag starts in [lo, hi)."""
    starts = spans[tag][0]
    i = bisect.bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def _may_follow(rules_c: Compiled, spans: Spans, tag: str, lo: int, hi: int) -> bool:
    """Whether a word of tag's list starts in [lo, hi) (always True when the list has phrases the index misses)."""
    return not rules_c.indexable[tag] or _starts_in(spans, tag, lo, hi)


def _any_between(spans: tuple[list[int], list[tuple[int, int]]], lo: int, hi: int) -> bool:
    """Whether a match lies within [lo, hi). A tag's matches never overlap, so their ends rise with their starts:
    the first match starting at or after lo has the earliest end."""
    starts, items = spans
    i = bisect.bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi and items[i][1] <= hi


def _between(spans: tuple[list[int], list[tuple[int, int]]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The matches that lie within [lo, hi). Of those starting there, only the last can end after hi (a tag's
    matches never overlap: the one after it would start after hi)."""
    starts, items = spans
    i, j = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
    if j > i and items[j - 1][1] > hi:
        j -= 1
    return items[i:j]


@dataclass(slots=True)
class Kind:
    """One metric kind, compiled from kinds.yaml."""

    name: str
    nouns: str | None  # regex alternation of the counted nouns
    units: tuple[str, ...]
    default_unit: str
    exclude: re.Pattern[str] | None
    exclude_keys: str | None  # index tag of one word of each exclude phrase (None: some phrase has no such word)
    weight: float
    stock: bool
    body_is_source: bool
    min_count: int  # a smaller count is kept only as one day's flow
    needs_noun: bool  # a figure with a counted noun is of this kind only when the noun is one of its nouns
    outcome: bool  # its trigger right after the counted noun, in the clause, beats the noun's kind


@dataclass(slots=True)
class Compiled:
    """Every rule file, compiled once."""

    indexable: dict[str, bool]  # per word-list tag: every phrase has a word, so the index finds them all
    implied_places: tuple[tuple[str, str, tuple[str, ...]], ...]  # (index tag, place, bodies in lower case)
    kinds: list[Kind]
    kind_noun: re.Pattern[str]  # one group k<i> per kind: the counted noun right after a number
    unit_noun: re.Pattern[str]
    rate_after: re.Pattern[str]
    rate_after_starts: re.Pattern[str]  # where a rate_after match can begin
    rate_before: re.Pattern[str]
    rate_after_hints: re.Pattern[str]  # a word every rate phrase contains: no hint in a window, no rate there
    rate_before_hints: re.Pattern[str]
    excl_after: re.Pattern[str]
    excl_before: re.Pattern[str]
    excl_before_last: frozenset[str] | None  # the last word of each 'before' phrase (None: some end in '*')
    excl_before_prev: dict[str, frozenset[str]]  # a last word -> the words before it (see _words_before_last)
    share_after: re.Pattern[str]
    attr_according: re.Pattern[str]
    attr_verb_after: re.Pattern[str]
    attr_verb_after_start: re.Pattern[str]  # where attr_verb_after can begin
    name_run: re.Pattern[str]  # the words of a name as attr_verb_after reads them
    generic_firsts: frozenset[str]  # the first characters of the generic sources
    attr_verb_before: re.Pattern[str]
    attr_generic: re.Pattern[str]
    stop_subjects: frozenset[str]
    refer_back: frozenset[str]
    refer_back_owners: tuple[str, ...]  # "the agency's": the possessive forms of refer_back
    organizations_set: frozenset[str]
    place_names: frozenset[str]
    place_prefix: re.Pattern[str]
    place_suffix: re.Pattern[str]
    index: PhraseIndex
    described: frozenset[str]  # generic sources that are a person's role, lower case (they keep their description)
    place_not_before: dict[str, re.Pattern[str]]  # a place, lower case -> the nouns it modifies rather than names


# Words an adjective run after a number may not contain (they start a new phrase).
_STOP = (
    "of|in|at|on|to|from|for|by|with|were|was|are|is|be|been|have|has|had|and|or|but|that|who|which|"
    "the|a|an|this|last|since|during|between|per|each|every|said|says|as|than|into|through|across|along|"
    "over|under|after|before|while|when|so|far|up|down|more|fewer|less"
)
_ADJ = rf"(?:(?!(?:{_STOP})\b)[A-Za-z][\w.'’-]*[\s\u00a0]+|and[\s\u00a0]+(?=(?-i:[A-Z]))|of[\s\u00a0]+(?=(?-i:[A-Z]))|of[\s\u00a0]+(?:those|these|the)[\s\u00a0]+)"


# "two more buses", "3,500 other children": still the counted noun ("4,000 more than in May" has none)
_MORE = r"(?:(?:more|other|additional|further)[\s\u00a0]+)?"
# "once every pot of money is added up": a passive verb reports nothing
_NOT_PASSIVE = r"(?<!\bis )(?<!\bwas )(?<!\bare )(?<!\bwere )(?<!\bbe )(?<!\bbeen )(?<!\bbeing )"


def _hints(phrases: Iterable[str]) -> re.Pattern[str]:
    """A search for the longest word of each phrase, lower-case: a lower-cased text without any of them matches
    none of the phrases (one scan in C rather than one `in` per word)."""
    words = sorted({max(_WORD_RE.findall(p.lower()), key=len) for p in phrases if _WORD_RE.search(p)})
    return re.compile("|".join(map(re.escape, words))) if words else re.compile("(?!)")


def _key_word(phrase: str) -> str | None:
    """A word every match of the phrase's pattern holds as a whole word (a last word with '*' as a prefix), for the
    phrase index: its longest word of ASCII letters and digits; None when it has none.

    Such a word of a match is a whole word of the text: the pattern puts a space or a word boundary on each side of
    it (after a '*' word only letters may follow, so the word is a prefix of the text's word)."""
    words = phrase.rstrip("*").split()
    plain = [(len(w), -i, w) for i, w in enumerate(words) if w.isascii() and w.isalnum()]
    if not plain:
        return None
    _, i, word = max(plain)
    if phrase.endswith("*") and -i == len(words) - 1:
        return word + "*" if len(word) >= 3 else None  # (the index files '*' words under their first 3 letters)
    return word


def _words_before_last(phrases: list[str]) -> dict[str, frozenset[str]]:
    """For a last word that ends only phrases of two or more plain words ("population of", "a city of"), the
    lower-case words right before it; a last word that also ends another phrase ("no.", "h.r.", "age") is left out."""
    before: dict[str, set[str]] = {}
    other: set[str] = set()
    for phrase in phrases:
        words = _WORD_RE.findall(phrase.lower())
        if not words:
            continue
        plain = phrase.lower().split()
        if len(plain) >= 2 and all(w.isascii() and w.isalnum() for w in plain):
            before.setdefault(words[-1], set()).add(plain[-2])
        else:
            other.add(words[-1])
    return {last: frozenset(prev) for last, prev in before.items() if last not in other}


# Characters that the regex module's IGNORECASE folds onto ASCII letters but str.lower() does not: in a text holding
# one, an index of lower-cased words can miss a match of an IGNORECASE pattern.
_ODD_FOLDS = "ıſİ"


@functools.cache
def _compile(folder: Path) -> Compiled:
    kinds_data = rules.load("kinds", folder)
    rates = rules.load("rates", folder)
    attribution = rules.load("attribution", folder)
    places = rules.load("places", folder)
    excl = rules.load("exclusions", folder)
    kinds = []
    exclude_keys = {}
    for name, spec in kinds_data["kinds"].items():
        nouns = spec.get("nouns") or []
        keys = [_key_word(p) for p in spec.get("exclude") or []]
        if keys and all(keys):
            exclude_keys[f"_xk:{name}"] = keys
        kinds.append(Kind(
            name=name,
            nouns=_alternation(nouns) if nouns else None,
            units=tuple(spec["units"]),
            default_unit=spec["default_unit"],
            exclude=re.compile(_alternation(spec["exclude"]), re.I) if spec.get("exclude") else None,
            exclude_keys=f"_xk:{name}" if f"_xk:{name}" in exclude_keys else None,
            weight=float(spec.get("weight", 1.0)),
            stock=bool(spec.get("stock", False)),
            body_is_source=bool(spec.get("body_is_source", True)),
            min_count=int(spec.get("min_count", MIN_COUNT)),
            needs_noun=bool(spec.get("needs_noun", False)),
            outcome=bool(spec.get("outcome", False)),
        ))
    unit_words = {unit: list(words) for unit, words in kinds_data["units"].items()}
    known = {w.lower() for words in unit_words.values() for w in words}
    for spec in kinds_data["kinds"].values():
        # a kind's own nouns name its default unit, so a new kind needs no edit of `units`
        new = [w for w in spec.get("nouns") or [] if w.lower() not in known and spec["default_unit"] != "usd"]
        if new:
            unit_words.setdefault(spec["default_unit"], []).extend(new)
    for unit in unit_words:
        if not re.fullmatch(r"[a-z_]+", unit):
            raise rules.RuleError(f"{folder / 'kinds.yaml'}: field 'units.{unit}': unit names are lower-case "
                                  f"letters and underscores")
    unit_groups = "|".join(f"(?P<{unit}>{_alternation(words)})" for unit, words in unit_words.items() if words)
    rate_after = "|".join(f"(?P<{per}>{_alternation(words)})" for per, words in rates["per"].items())
    rate_before = "|".join(f"(?P<{per}>{_alternation(words)})" for per, words in rates.get("before", {}).items()
                           if words)
    generic = attribution.get("generic") or ["officials"]
    institution = _alternation(attribution.get("institution_words") or ["agency", "ministry"])
    name_run = (  # a name's words; every first word is also a later word (see _verb_after)
        r"(?:the[\s\u00a0]+)?(?:[A-Z][\w.&'’-]*|U\.S\.|\([A-Z]+\))"
        r"(?:[\s\u00a0]+(?:[A-Z][\w.&'’-]*|of|for|and|on|de|del|la|the|\([A-Z]+\)|U\.S\.))*"
    )
    name_np = (
        name_run +
        # "Mexico's interior ministry", "the United Nations migration agency"
        rf"(?:(?:['’]s)?(?:[\s\u00a0]+[a-z]+){{0,2}}?[\s\u00a0]+(?:{institution}))?"
    )
    source = rf"(?<![\w'’-])(?P<src>{name_np}|{_alternation(generic)})"
    # after "according to" a generic source may carry lower-case words before it ("according to city officials")
    modifier = rf"(?!(?:{_STOP}|data|figures|numbers|statistics|day|week|month|year|days|weeks|months|years)\b)[a-z][\w-]*[\s\u00a0]+"
    source_led = rf"(?<![\w'’-])(?P<src>(?:{modifier}){{0,2}}?(?:{name_np}|{_alternation(generic)}))"
    starts = {c for g in generic for c in (g[:1].lower(), g[:1].upper())}  # where a generic source can begin
    verbs = _alternation(attribution["verbs"])
    suffix_alt = _alternation(places.get("suffixes") or ["sector"])
    prefix_alt = _alternation(places.get("prefixes") or ["port of"])
    noun_groups = "|".join(f"(?P<k{i}>{k.nouns})" for i, k in enumerate(kinds) if k.nouns)
    kind_noun = re.compile(rf"[\s\u00a0]*{_MORE}{_ADJ}{{0,4}}?(?:{noun_groups})", re.I) if noun_groups else re.compile("(?!)")
    index = PhraseIndex()
    for name, spec in kinds_data["kinds"].items():
        index.add(name, spec["triggers"] + (spec.get("nouns") or []))
    index.add("_place", places["places"])
    for tag, keys in exclude_keys.items():
        index.add(tag, keys)
    index.add("_back", places.get("back_references") or [])
    implied_places = []
    for place, bodies in (places.get("implied") or {}).items():
        tag = f"_implies:{place}"
        implied_places.append((tag, place, tuple(b.lower() for b in bodies)))
        index.add(tag, bodies, case_sensitive=True)
    index.add("_org", attribution.get("organizations") or [], case_sensitive=True)
    index.add("_excl", excl["clause"])
    index.add("_veto", excl.get("sentence") or [])
    index.add("_cond", list(_CONDITION_WORDS))  # where _CONDITION can match
    index.add("_now", list(_NOW_WORDS))  # where _NOW can match
    index.add("_habit", rules.load("periods", folder).get("habitual") or [])
    index.add("_pron", list(_PRONOUN_WORDS))  # where _PRONOUN_SOURCE can match
    index.add("_change", excl.get("change_words") or ["up", "down"])
    index.add("_attr", attribution["verbs"] + attribution["before"] + ["said", "says", "told"])
    # where each source pattern can match: it runs only where its words are
    index.add("_before", attribution["before"])
    index.add("_verb", attribution["verbs"])
    index.add("_said", ["said", "says", "told"])
    # words the after-number patterns need: no such word after a number, no need to run the pattern
    unit_phrases = [w for words in unit_words.values() for w in words]
    noun_phrases = [w for k in kinds_data["kinds"].values() for w in k.get("nouns") or []]
    for tag, phrases in (("_unit_words", unit_phrases), ("_noun_words", noun_phrases), ("_after_words", excl["after"])):
        index.add(tag, phrases)
    indexable = {tag: all(_WORD_RE.search(p) for p in phrases) for tag, phrases in
                 (("_unit_words", unit_phrases), ("_noun_words", noun_phrases), ("_after_words", excl["after"]))}
    return Compiled(
        indexable=indexable,
        implied_places=tuple(implied_places),
        kinds=kinds,
        kind_noun=kind_noun,
        unit_noun=re.compile(rf"[\s\u00a0]*{_MORE}{_ADJ}{{0,4}}?(?:{unit_groups})", re.I),
        rate_after=re.compile(rate_after, re.I),
        rate_after_starts=_phrase_starts((w for words in rates["per"].values() for w in words), re.I),
        rate_before=re.compile(rf"(?:{rate_before})[\s\u00a0]*$", re.I) if rate_before else re.compile(r"(?!)"),
        excl_after=re.compile(rf"[\s\u00a0]*{_ADJ}{{0,2}}?(?:{_alternation(excl['after'])})", re.I),
        excl_before=re.compile(rf"(?:{_alternation(excl['before'])})[\s\u00a0]*[$]?$", re.I),
        excl_before_prev=_words_before_last(excl["before"]),
        excl_before_last=None if any(p.endswith("*") for p in excl["before"]) else frozenset(
            _WORD_RE.findall(p.lower())[-1] for p in excl["before"] if _WORD_RE.search(p)),
        rate_after_hints=_hints(w for words in rates["per"].values() for w in words),
        rate_before_hints=_hints(w for words in (rates.get("before") or {}).values() for w in words or []),
        share_after=re.compile(rf"[\s\u00a0]*(?:{_alternation(excl.get('share_words') or ['of'])})", re.I),
        # "According to CNN, ..." opens sentences: the lead-in phrase in any case, the name still capitalised
        attr_according=re.compile(rf"(?i:{_alternation(attribution['before'])})[\s\u00a0]+{source_led}"),
        # "DHS figures obtained by CNN show": the owner of the figures, not the outlet that obtained them
        attr_verb_after=re.compile(rf"{source}(?:,[^;.]{{3,120}}?,)?(?:[\s\u00a0]+that[^;.]{{0,60}}?)?"
                                   rf"(?:,?[\s\u00a0]+(?:obtained|released|published|compiled|provided|reported)"
                                   rf"[\s\u00a0]+by[\s\u00a0]+[^;.]{{2,60}}?,?)?[\s\u00a0]+(?:(?:has|have|had|also|previously|"
                                   rf"recently|later|then|now|on[\s\u00a0]+[\w.]+(?:[\s\u00a0]+\d{{1,2}})?)[\s\u00a0]+)?{_NOT_PASSIVE}(?P<verb>{verbs})\b"),
        name_run=re.compile(name_run),
        generic_firsts=frozenset(g.split()[0][0] for g in generic if g.split()),
        attr_verb_after_start=re.compile(rf"(?<![\w'’-])[A-Z(tT{re.escape(''.join(sorted(starts)))}]"),
        attr_verb_before=re.compile(rf"(?:[,”\"][\s\u00a0]*|^)(?:said|says|told)[\s\u00a0]+{source}(?=[\s\u00a0]*(?:[.,;:]|$))"),
        attr_generic=re.compile(_alternation(generic), re.I),
        stop_subjects=frozenset(s.lower() for s in attribution.get("stop_subjects") or []),
        organizations_set=frozenset(attribution.get("organizations") or []),
        refer_back=frozenset(s.lower() for s in attribution.get("refer_back") or []),
        refer_back_owners=tuple(s.lower() + q for s in attribution.get("refer_back") or [] for q in ("'s", "’s")),
        index=index,
        described=frozenset(w.lower() for w in attribution.get("described") or []),
        place_not_before={place.lower(): re.compile(rf"[\s\u00a0]+(?:{_alternation(nouns)})", re.I)
                          for place, nouns in (places.get("not_before") or {}).items() if nouns},
        place_names=frozenset(p.lower() for p in places["places"]),
        place_prefix=re.compile(rf"(?:{prefix_alt})[\s\u00a0]+$", re.I),
        place_suffix=re.compile(rf"[\s\u00a0,]+(?:{suffix_alt})", re.I),
    )


_DEFAULT: dict[str | None, Compiled] = {}  # by $BORDERMETRICS_RULES: resolving the folder per article costs


def compiled(folder: Path | None = None) -> Compiled:
    """The compiled rules of `folder` (default: rules.rules_dir()), built once per folder."""
    if folder:
        return _compile(Path(folder).resolve())
    key = os.environ.get("BORDERMETRICS_RULES")
    if key not in _DEFAULT:
        _DEFAULT[key] = _compile(rules.rules_dir().resolve())
    return _DEFAULT[key]


# ---------------------------------------------------------------------------------------------------
# Sentences

_ABBREV = frozenset(
    "u.s mr mrs ms dr sen rep gov gen lt col sgt st ft mt no nos vs inc corp co ltd jr sr sec dept govt "
    "jan feb mar apr jun jul aug sep sept oct nov dec ariz calif tex fla n.m n.y d.c a.m p.m approx est "
    "u.n e.u u.k pres supt det cpl pvt adm capt cmdr maj atty".split()
)
# a sentence end, or a run of line breaks; one leading character class lets the scan skip in C to the candidates
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=[.!?])[\"'”’)]*(?=[\s\u00a0]+[\"'“‘(]?[A-Z0-9$])|(?<=\n)\n*)")
_LAST_WORD = re.compile(r"([\w.]+)\.$")
_INITIALS = re.compile(r"(?:\w\.)+\w?")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; paragraphs (line breaks) always end one. Abbreviations do not."""
    spans = []
    start = 0
    overlong = False  # a sentence to cut (rare): most texts skip _cap
    for m in _BOUNDARY.finditer(text):
        if text[m.start()] == ".":
            word = _LAST_WORD.search(text, max(0, m.start() - 12), m.start() + 1)
            if word:
                token = word.group(1).lower()
                if token in _ABBREV or len(token) == 1 or _INITIALS.fullmatch(token):
                    continue
        end = m.end() if text[m.start()] != "\n" else m.start()
        if text[start:end].strip():
            spans.append((start, end))
            overlong = overlong or end - start > MAX_SENTENCE
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
        overlong = overlong or len(text) - start > MAX_SENTENCE
    return [piece for span in spans for piece in _cap(text, span)] if overlong else spans


MAX_SENTENCE = 2000


def _cap(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """Cut an overlong 'sentence' (no punctuation for pages) at spaces, so each stage stays linear."""
    start, end = span
    if end - start <= MAX_SENTENCE:
        return [span]
    pieces = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


# compiled once rather than looked up in re's cache per call (these run per article, sentence or source)
_PARA_BREAK = re.compile(r"\n[\s\u00a0]*\n|\n")
_DIGIT = re.compile(r"\d")
_POSSESSIVE_S = re.compile(r"['’]s$")
_LEAD_THE = re.compile(r"(?i)^the\s+")
_LEAD_WORD = re.compile(r"^(?:In|On|At|But|And|As|While|After|Since|When|Meanwhile|Overall|Nationwide)[\s\u00a0]+")
# ... but not a first name: "August Pfluger", "June Thompson" (a time is followed by a comma, a number, "the" or a
# lower-case word)
_LEAD_TIME = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                        r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!['’])"
                        r"(?:[\s\u00a0]*,[\s\u00a0]*|[\s\u00a0]+(?=[a-z\d]|[Tt]he\b)|$)")
_LEAD_THE_NAME = re.compile(r"^[Tt]he[\s\u00a0]+(?=[A-Z])")
_PERSON = re.compile(r"[A-Z][a-z]+[\s\u00a0]+[A-Z]")
_THE = re.compile(r"^[Tt]he[\s\u00a0]+")


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _PARA_BREAK.finditer(text)]


# ---------------------------------------------------------------------------------------------------
# Stages


# ";", " — ", " – ", ": ", ", while ": one leading character class lets the scan skip in C to the candidates
_CLAUSE_BREAK = re.compile(r"[;:,\s\u00a0](?:(?<=;)|(?<=[\s\u00a0])[—–][\s\u00a0]|(?<=:) |(?<=,) (?:while|but|and|whereas|as) )")


def _distance(text: str, a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Characters between two spans, plus a penalty for each clause break between them."""
    if b_start >= a_end:
        lo, hi = a_end, b_start
    elif b_end <= a_start:
        lo, hi = b_end, a_start
    else:
        return 0
    return hi - lo + 60 * _breaks_between(text, lo, hi)


def _breaks_between(text: str, lo: int, hi: int) -> int:
    """How many clause breaks lie within text[lo:hi]."""
    starts, ends = _clause_breaks(text)
    first, last = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
    while last > first and ends[last - 1] > hi:
        last -= 1  # a break that runs past the gap is not inside it
    return last - first


# The character each _CLAUSE_BREAK match turns on (";", ":", ",", the dash), found by a scan that skips in C to these
# characters (far rarer than the spaces _CLAUSE_BREAK opens with); group 1: the word after a comma
_BREAK_KEYS = re.compile(r"[;:,—–](?:(?<=;)|(?<=:)(?= )|(?<=,)(?= (while|but|and|whereas|as) )|"
                         r"(?<=[\s\u00a0][—–])(?=[\s\u00a0]))")


@functools.lru_cache(maxsize=8)
def _clause_breaks(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of a text's clause breaks (_CLAUSE_BREAK.finditer), found once per text (distances are asked
    for often)."""
    # Where _CLAUSE_BREAK can match, its match is fixed by the characters there; finditer keeps, from left to right,
    # each match that starts at or after the end of the one kept before: so do the same with every such match.
    starts, ends = [], []
    last = 0
    for m in _BREAK_KEYS.finditer(text):
        at = m.start()
        key = text[at]
        if key == ";":
            start, end = at, at + 1
        elif key == ":":
            start, end = at, at + 2  # ": "
        elif key == ",":
            start, end = at, at + 3 + len(m.group(1))  # ", while "
        else:
            start, end = at - 1, at + 2  # " — "
        if start >= last:
            starts.append(start)
            ends.append(end)
            last = end
    return starts, ends


@dataclass(slots=True)
class _Found:
    number: NumberSpan
    kind: str
    unit: str
    value: float
    per: str | None
    score: float
    sentence: tuple[int, int]
    labelled: bool = False  # a fact-box line ("Known gotaways in April: around 3,000"): its label says what
    head: str = ""  # the counted noun's last word, lower-case ("125,499 detention events": "events")


def _unit_after(rules_c: Compiled, text: str, end: int, limit: int, spans: Spans) -> tuple[str | None, int]:
    if not _may_follow(rules_c, spans, "_unit_words", end, min(limit, end + 80)):
        return None, end
    m = rules_c.unit_noun.match(text, end, min(limit, end + 80))
    if not m:
        return None, end
    return m.lastgroup, m.end()


KindMatches = dict[int, list[tuple[int, int]]]  # kind index -> its matches, for the kinds with one


class SentenceKinds:
    """Per sentence: each kind's trigger matches and the indices of the kinds with a match, found once per sentence
    with one bisect into a list of every kind's matches in the text (rather than one per kind); whether a kind's
    exclude word is there, looked for only for a kind that scores; whether a veto vetoes the sentence."""

    def __init__(self, rules_c: Compiled, text: str, spans: Spans) -> None:
        self.kinds, self.text = rules_c.kinds, text
        self.merged = sorted([(a, b, i) for i, kind in enumerate(rules_c.kinds) for a, b in spans[kind.name][1]])
        self.starts = [m[0] for m in self.merged]
        self.by_sentence: dict[tuple[int, int], tuple[KindMatches, list[int]]] = {}
        self.excluded_in: dict[tuple[tuple[int, int], int], bool] = {}
        self.vetoed_in: dict[tuple[int, int], bool] = {}
        self.spans = spans
        # the index's key words of the exclude phrases tell where an exclude pattern cannot match (see _key_word)
        self.keys_hold = not any(c in text for c in _ODD_FOLDS)

    def of(self, sent: tuple[int, int]) -> tuple[KindMatches, list[int]]:
        """(kind index -> matches within sent, for the kinds with one), those indices in kind order."""
        got = self.by_sentence.get(sent)
        if got is None:
            s, e = sent
            per: KindMatches = {}
            for a, b, i in self.merged[bisect.bisect_left(self.starts, s):bisect.bisect_left(self.starts, e)]:
                if b <= e:
                    if i in per:
                        per[i].append((a, b))
                    else:
                        per[i] = [(a, b)]
            got = self.by_sentence[sent] = per, sorted(per)
        return got

    def vetoed(self, sent: tuple[int, int]) -> bool:
        """_sentence_vetoed, found once per sentence."""
        got = self.vetoed_in.get(sent)
        if got is None:
            got = self.vetoed_in[sent] = _sentence_vetoed(self.text, sent, self.spans)
        return got

    def excluded(self, sent: tuple[int, int], i: int) -> bool:
        """Whether an exclude word of kind i is in sent (searched once per sentence and kind, and only when asked:
        most kinds of a sentence have no trigger there and never score)."""
        got = self.excluded_in.get((sent, i))
        if got is None:
            kind = self.kinds[i]
            exclude, keys = kind.exclude, kind.exclude_keys
            got = self.excluded_in[sent, i] = exclude is not None and (
                keys is None or not self.keys_hold or _starts_in(self.spans, keys, *sent)) and \
                exclude.search(self.text, *sent) is not None
        return got


_HEAD_OF = re.compile(r"[\s\u00a0]+of[\s\u00a0]+")


def _kind_scores(rules_c: Compiled, text: str, n: NumberSpan, sent: tuple[int, int], noun_end: int,
                 spans: Spans, cache: SentenceKinds) -> dict[str, float]:
    scores: dict[str, float] = {}
    s, e = sent
    noun = rules_c.kind_noun.match(text, n.end, min(e, n.end + 80)) if _may_follow(
        rules_c, spans, "_noun_words", n.end, min(e, n.end + 80)) else None
    if noun and n.end < noun_end < noun.end():
        noun = None  # "400,000 migrants slipped past agents": the counted noun is "migrants", not "agents"
    noun_i = int(noun.lastgroup[1:]) if noun and noun.lastgroup else -1
    per_kind, active = cache.of(sent)
    kinds = rules_c.kinds
    if noun_i >= 0 and noun_i not in per_kind:
        active = sorted([*active, noun_i])
    # only kinds with a trigger in the sentence or the counted noun can score above 0 (in kind order: ties
    # go to the first kind)
    for i in active:
        kind, matches = kinds[i], per_kind.get(i, ())
        best = 3.0 if i == noun_i else 0.0
        for m_start, m_end in matches:
            if m_start < n.end and m_end > n.start:
                continue
            if m_end <= n.start and _HEAD_OF.fullmatch(text, m_end, n.start):
                best = max(best, 3.5)  # "the remains of 58 border crossers": the head noun says what is counted
                continue
            d = _distance(text, n.start, n.end, m_start, m_end)
            if m_start >= n.end and m_end <= noun_end:
                d = 0
            # a trigger after the number (its noun or verb) describes it a bit more often than one before
            score = kind.weight / (1.0 + d / (20.0 if m_start >= n.end else 30.0))
            best = max(best, score)
        if best > 0 and cache.excluded(sent, i):
            best *= 0.3
        counted_end = max(noun_end, noun.end() if noun else 0)
        if kind.outcome and i != noun_i and counted_end > n.end and (noun_i >= 0 or any(
                n.end <= a and b <= counted_end for ms in per_kind.values() for a, b in ms)):
            # "92,274 encounters ended in a Title 42 expulsion", "55,000 asylum seekers sent back to Mexico": the
            # counted noun names a kind, and what happened to those counted decides
            if any(counted_end <= m_start <= counted_end + OUTCOME_CHARS and not _OUTCOME_GAP.search(
                    text, counted_end, m_start) for m_start, _ in matches):
                best = max(best, 3.6)
        if best > 0:
            scores[kind.name] = best
    return scores


OUTCOME_CHARS = 40  # how far after the counted noun the trigger of what happened to them may be
_OUTCOME_GAP = re.compile(r"[,;:()—–]|\b(?:and|but|while|who|which|that|than|from)\b")


def _excluded_by_clause(text: str, n: NumberSpan, sent: tuple[int, int], best: float, spans: Spans) -> bool:
    s, e = sent
    for m_start, m_end in _between(spans["_excl"], s, e):
        d = _distance(text, n.start, n.end, m_start, m_end)
        if 1.0 / (1.0 + d / 20.0) >= best:
            return True
    return False


_NOT_RATE_BEFORE = re.compile(r"\b(?:from|than|over|since|within|in|of|for|ago|after|before|past|last|next|"
                              r"about|nearly|almost|half|once|twice)[\s\u00a0]+$", re.I)
_NOT_RATE_AFTER = re.compile(r"[\s\u00a0]*(?:earlier|ago|before|prior|later|of|after)\b", re.I)


# every _DAILY_BEFORE match holds "daily" as IGNORECASE reads it (ASCII either case; ı and İ fold onto i): a
# class-led scan for those letters skips in C past the windows without one
_DAILY_LETTERS = re.compile(r"[dD][aA][iIıİ][lL][yY]")
_DAILY_BEFORE = re.compile(r"(?i)\bdaily\b(?![\s\u00a0]+(?:newspaper|paper|news|briefing|press|show|podcast|"
                           r"edition|bulletin|update)\b)[^.;:—,()]{0,80}$")


def _rate(rules_c: Compiled, text: str, n: NumberSpan, noun_end: int, sent_end: int) -> str | None:
    window_end = min(sent_end, noun_end + 60)
    window = text[noun_end:window_end].lower()
    for m in _finditer(rules_c.rate_after, rules_c.rate_after_starts, text, noun_end, window_end) if \
            rules_c.rate_after_hints.search(window) else ():
        between = text[noun_end:m.start()]
        if _CLAUSE_BREAK.search(between) or "," in between:
            break
        if m.group().lower().startswith(("a ", "an ", "a\u00a0")) and (
                _NOT_RATE_BEFORE.search(text, max(0, m.start() - 12), m.start())
                or _NOT_RATE_AFTER.match(text, m.end())):
            continue  # "from a year earlier", "within a day", "a year ago" are times, not rates
        return m.lastgroup
    if rules_c.rate_before_hints.search(text[max(0, n.start - 30):n.start].lower()):
        m = rules_c.rate_before.search(text, max(0, n.start - 30), n.start)
        if m:
            return m.lastgroup
    lo = max(0, n.start - 86)
    if _DAILY_LETTERS.search(text, lo, n.start) and _DAILY_BEFORE.search(text, lo, n.start):
        return "day"  # "the daily count had hit 10,000", "daily crossings ran up to 5,000"
    return None


# A comparison word: the time after it is the reference figure's ("fewer than the 140,638 recorded in February",
# "down from 6,072 in June", "up 5% from March"), not the time of the figure compared with it.
# (the look-ahead names the letters the words begin with: a scan skips other positions at once)
_CMP_CUE = re.compile(r"(?i)(?=[tfhglbmcvoau])\b(?:than|from|(?:highest|greatest|largest|biggest|fewest|lowest|most)[\s\u00a0]+(?:[a-z]+[\s\u00a0]+){0,2}?since|compared[\s\u00a0]+(?:with|to)|versus|vs\.|(?-i:over)|below|above|under|against)\b")
# "the biggest month since October of last year": the time of the record compared with
_RECORD_BEFORE = re.compile(r"(?i)\b(?:highest|greatest|largest|biggest|fewest|lowest|most|record)\b(?:[\s\u00a0]+[\w-]+){0,3}?"
                            r"[\s\u00a0]*$")
_QUALIFIER_NUMBER = re.compile(r"[\s\u00a0]+[$]?\d")  # "more than 300", "over 2,000": a qualifier, not a comparison
_RANGE_TO = re.compile(r"(?i)\bto\b")
# "from October's 28,848", "than the December 2023 record of 249,737": the reference figure right after its time
_POSSESSIVE_GAP = re.compile(r"['’]s[\s\u00a0]+(?:[a-z-]+[\s\u00a0]+){0,2}?(?:of[\s\u00a0]+)?|"
                             r"[\s\u00a0]+(?:[a-z-]+[\s\u00a0]+){1,2}?of[\s\u00a0]+")
# "from Mexico in 2023": a place after "from", not a comparison; "from January 2025, when agents recorded 29,101"
_NAME_IN_GAP = re.compile(r"\b(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
                          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Fiscal)\b)[A-Z][a-z]")
_WHEN_CLAUSE = re.compile(r",[\s\u00a0]+when\b[^,;.]{0,60}")
_GAP_COMMA = re.compile(r",(?!\d)(?![\s\u00a0]+(?:which|when)\b)")
_QUALIFIER_CUES = frozenset(("than", "over", "below", "above", "under"))
CMP_WINDOW = 80  # how far before a time expression its comparison word may be


def _comparison_start(text: str, p: PeriodSpan, sent: tuple[int, int]) -> int | None:
    """Where the comparison that introduces time expression p starts, or None when p is not a reference time."""
    lo = max(sent[0], p.start - CMP_WINDOW)
    if p.text[:5].lower() == "since":
        record = _RECORD_BEFORE.search(text, lo, p.start)
        return record.start() if record else None
    cue = None
    for m in _CMP_CUE.finditer(text, lo, p.start):
        cue = m
    if cue is None:
        return None
    gap = text[cue.end():p.start]
    if _CLAUSE_BREAK.search(gap) or _GAP_COMMA.search(gap) or _NAME_IN_GAP.search(gap) or (
            cue.group().lower() == "from" and _RANGE_TO.search(gap)):
        return None  # "from 57,355 in June to 42,566 in July": July is the newer end, not a reference
    if cue.group().lower() in _QUALIFIER_CUES and _QUALIFIER_NUMBER.match(text, cue.end()):
        return None
    if cue.group().lower() == "under" and not _DIGIT.search(gap):
        return None  # "under the current administration" is a time, "under the 370,883 of 2022" a comparison
    if cue.group() == "over" and not gap.strip() and _SPAN_AFTER_OVER.match(p.text):
        return None  # "over the past two weeks" is how long; "over the same period", "over 2022" compare
    return cue.start()


# a stretch of time "over" brings in as a duration, not as a time compared with
_SPAN_AFTER_OVER = re.compile(r"(?i)the[\s\u00a0]+(?:past|last|previous|next|first|final|course|weekend|\d+|[a-z]+[\s\u00a0]+"
                              r"(?:days|weeks|months|years)\b|[\w\s\u00a0]{0,25}?(?:weekend|holidays?)\b)")


# The day a report came out ("said Tuesday", "on Monday announced", "figures released May 15", "Friday's data")
_REPORT_VERBS = r"(?:said|says|told|announced|announces|reported|reports|released|published|posted|stated|confirmed)"
# "said Tuesday", "told reporters on Monday", "told The Dallas Morning News on Wednesday", "released last week"
_REPORT_BEFORE = re.compile(rf"\b(?i:{_REPORT_VERBS})(?:[\s\u00a0]+(?:[a-z]+|(?:[Tt]he[\s\u00a0]+)?(?:[A-Z][\w.'’-]*[\s\u00a0]*){{1,4}}))?"
                            rf"[\s\u00a0]+(?i:on[\s\u00a0]+)?$")
_REPORT_AFTER = re.compile(rf"(?i)(?:[\s\u00a0]+{_REPORT_VERBS}\b|['’]s[\s\u00a0]+(?:data|figures|numbers|statistics|report)\b)")


def _report_time(text: str, p: PeriodSpan) -> bool:
    """Whether a one-day (or one-week: "released last week") time expression dates a report, not a figure."""
    if not (p.granularity == "day" and p.period_start == p.period_end or p.granularity == "week"):
        return False
    return bool(_REPORT_BEFORE.search(text, max(0, p.start - 60), p.start) or _REPORT_AFTER.match(text, p.end))


# "The bust happened early last month", "the seizure took place on Friday": when the story's event was
_EVENT_BEFORE = re.compile(r"(?i)\b(?:happened|occurred|took[\s\u00a0]+place|(?:was|were)[\s\u00a0]+made)\b")
_TIME_PREP = re.compile(r"(?i)\b(?:in|during|for|on|of)[\s\u00a0]+(?:the[\s\u00a0]+)?(?:fiscal[\s\u00a0]+(?:year[\s\u00a0]+)?)?$")
_LIST_BREAK = re.compile(r",|;|\band\b")


def _period_owners(text: str, found: list[_Found], periods: list[PeriodSpan],
                   starts: list[int]) -> tuple[dict[int, list[PeriodSpan]], set[int], set[int]]:
    """Each time expression belongs to the figure nearest it in its sentence ("from 57,355 in June to 42,566 in
    July": June is the first figure's, July the second's); a reference time after a comparison word belongs only
    to a figure between the two, or to none; the day of a report belongs to no figure. Keyed by id() of the found
    figure; also the ids of reference times and of report days."""
    by_sentence: dict[tuple[int, int], list[_Found]] = {}
    for f in found:
        by_sentence.setdefault(f.sentence, []).append(f)
    owners: dict[int, list[PeriodSpan]] = {}
    references: set[int] = set()
    reports: set[int] = set()
    for sent, figures in by_sentence.items():
        lo, hi = bisect.bisect_left(starts, sent[0]), bisect.bisect_right(starts, sent[1])
        for p in periods[lo:hi]:
            if p.end > sent[1]:
                continue
            if _report_time(text, p):
                reports.add(id(p))  # "CBP said Tuesday": the day of the report, a figure's time only if it has none
                continue
            cmp_start = _comparison_start(text, p, sent)
            candidates = figures
            if cmp_start is not None:
                references.add(id(p))
                candidates = [f for f in figures if cmp_start <= f.number.start and f.number.end <= p.start] or [
                    f for f in figures if _POSSESSIVE_GAP.fullmatch(text, p.end, f.number.start)
                    or _WHEN_CLAUSE.fullmatch(text, p.end, f.number.start)]
                if not candidates:
                    continue
            else:
                # "117,260 in October, compared with 142,719 ...": a reference figure does not own a time before it
                # (a figure alone in its sentence is the candidate either way)
                candidates = figures if len(figures) == 1 else [
                    f for f in figures if f.number.start < p.start
                    or not _CMP_CUE.search(text, p.end, f.number.start)] or figures
            if len(candidates) > 1 and _TIME_PREP.search(text, max(sent[0], p.start - 25), p.start) and any(
                    f.number.end <= p.start for f in candidates):
                # "6,444 expelled in March and 14,416 in April": a time brought in by a preposition closes the
                # figure before it; the figure after a list break has its own
                candidates = [f for f in candidates if f.number.start < p.end
                              or not _LIST_BREAK.search(text, p.end, f.number.start)]
            best = candidates[0] if len(candidates) == 1 else min(
                candidates, key=lambda f: _distance(text, f.number.start, f.number.end, p.start, p.end))
            owners.setdefault(id(best), []).append(p)
    return owners, references, reports


def _clause_apart(text: str, n: NumberSpan, p: PeriodSpan) -> bool:
    """Whether a clause break (";", ", and", " - " ...: _CLAUSE_BREAK; a plain "and" is none) lies between a number
    and a time expression."""
    lo, hi = (n.end, p.start) if p.start >= n.end else (p.end, n.start)
    return hi > lo and _breaks_between(text, lo, hi) > 0


def _nearest(text: str, n: NumberSpan, spans: list[PeriodSpan], sent: tuple[int, int], starts: list[int],
             skip: set[int]) -> PeriodSpan | None:
    """The period nearest the number in its sentence, skipping reference times of other figures."""
    best = None
    best_d = 10**9
    lo = bisect.bisect_left(starts, sent[0])
    hi = bisect.bisect_right(starts, sent[1])
    for sp in spans[lo:hi]:
        if sp.end > sent[1] or id(sp) in skip:
            continue
        d = _distance(text, n.start, n.end, sp.start, sp.end)
        if d < best_d:
            best, best_d = sp, d
    return best


_TITLE_WORDS = re.compile(
    r"\b(?:Commissioner|Secretary|Director|Chief|Spokes(?:man|woman|person)|President|Mayor|Governor|"
    r"Minister|Chairman|Chairwoman|Chair|Administrator|Agent|Officer|Judge|Attorney|General|Sheriff|"
    r"Senator|Representative|Ambassador|Deputy|Acting|Executive|CEO|Czar|Leader|Speaker|Analyst|Economist|"
    r"Professor|Founder|Manager|Coordinator|Superintendent|Press Secretary|Staff)\b\.?[\s\u00a0]+"
)
_PLAIN_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday in on at but and".split())
# "Tuesday's figures show", "March data": a time, not a source
_DATED_DATA = re.compile(r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s|(?:January|February|"
                         r"March|April|May|June|July|August|September|October|November|December)(?:['’]s)?)"
                         r"[\s\u00a0]+(?:\w+[\s\u00a0]+)?(?:figures|data|numbers|statistics|count|tally)$")
_TRAILING_TIME = re.compile(r"[\s\u00a0]+(?:on|in|last|this|late|early)[\s\u00a0]+(?:Monday|Tuesday|Wednesday|Thursday|"
                            r"Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|"
                            r"October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\b.*$")


def _is_place(rules_c: Compiled, name: str) -> bool:
    """A gazetteer place, possibly with a suffix ("El Paso Sector"): never a source."""
    suffix = rules_c.place_suffix.search(name)
    bare = name[:suffix.start()] if suffix and suffix.end() == len(name) else name
    return bare.lower().strip() in rules_c.place_names


_SPEECH = frozenset("said says reported reports announced announces told stated states estimated".split())


def _clean_source(raw: str, rules_c: Compiled, verb: str | None = None) -> str | None:
    src = raw.strip(" ,.;:'\"“”")
    bare = _POSSESSIVE_S.sub("", src)
    if _is_place(rules_c, _LEAD_THE.sub("", bare)) and (verb is None or verb.lower() not in _SPEECH):
        return None  # "Europe recorded 233 deaths" is a place; "Mexico reports that..." is a government
    src = bare
    # keep the person's name when a title precedes it ("CBP Commissioner Kevin McAleenan")
    last = None
    for m in _TITLE_WORDS.finditer(src):
        last = m
    if last is not None and last.end() < len(src):
        src = src[last.end():]
    src = _LEAD_TIME.sub("", _LEAD_WORD.sub("", src))  # "In July the agency said", "in June found": a time first
    src = _LEAD_THE_NAME.sub("", src)
    src = _TRAILING_TIME.sub("", src)  # "the House committee on Thursday put out"
    if not src or src.lower() in rules_c.stop_subjects or src.split()[0].lower() in _PLAIN_NAMES or _DATED_DATA.match(src):
        return None
    return src


# a source that is one person's role ("official", "spokesman") keeps its description: "a senior CBP official"
_DESCRIBED = re.compile(r"\b(?:[Aa]n?|[Tt]he)[\s\u00a0]+(?:[\w.&'’-]+[\s\u00a0]+){0,4}$")
_CITING = re.compile(r"(?i)citing\b")
# a word every _PRONOUN_SOURCE match holds as a whole word
_PRONOUN_WORDS = ("he", "she", "they")
_PRONOUN_SOURCE = re.compile(r"(?i)(?=[hst])(?:\b(?:he|she|they)[\s\u00a0]+(?:said|says|told|added|noted|estimated|reported)\b|"
                             r"\bsaid[\s\u00a0]+(?:he|she)\b)")
Source = tuple[int, int, str]  # where a "source said" phrase is, and the source's name


def _verb_after(rules_c: Compiled, text: str, start: int, verbs: list[tuple[int, int]]) -> list[re.Match[str]]:
    """'X said' matches: each ends at a reporting verb, so the scan stops at the last verb of the sentence."""
    if not verbs:
        return []
    # finditer's matches, but the pattern is tried only where a source can begin (a capital, "the", a generic
    # word's first letter after a word boundary): the C scan for those is far cheaper than the pattern's
    end = verbs[-1][1]
    pattern, seek = rules_c.attr_verb_after, rules_c.attr_verb_after_start.search
    generic_firsts = rules_c.generic_firsts
    out = []
    pos = start
    # When the pattern fails at a name's first word, it fails at the name's later words too: from the first word
    # the name can stop after any later word, so every end a later start reaches was tried, and what follows the
    # name does not depend on where it began. Only a generic source ("officials") can still begin there.
    failed_run_end = -1
    while (c := seek(text, pos, end)) is not None:
        at = c.start()
        if at < failed_run_end and text[at - 1].isspace() and text[at] not in generic_firsts:
            pos = at + 1
            continue
        m = pattern.match(text, at, end)
        if m is None:
            run = rules_c.name_run.match(text, at, end)
            if run is not None:
                failed_run_end = max(failed_run_end, run.end())
            pos = at + 1
        else:
            out.append(m)
            pos = m.end()
    return out


def _sources(rules_c: Compiled, text: str, sent: tuple[int, int], spans: Spans | None = None,
             keys_hold: bool = False) -> tuple[list[Source], bool]:
    """Every source named in a sentence, and whether the sentence uses a pronoun source ("he said").
    With the text's phrase index (`spans`), each pattern runs only where its words are (the pronoun pattern only
    when `keys_hold`: the text has no character that IGNORECASE folds onto ASCII letters and str.lower() does not)."""
    s, e = sent
    found: list[Source] = []
    if spans is None:
        runs = [(pattern, list(pattern.finditer(text, s, e))) for pattern in
                (rules_c.attr_according, rules_c.attr_verb_before, rules_c.attr_verb_after)]
    else:
        according = []
        last = -1
        for start, _end in _between(spans["_before"], s, e):
            m = rules_c.attr_according.match(text, start, e) if start >= last else None
            if m:
                according.append(m)
                last = m.end()
        runs = [(rules_c.attr_according, according),
                (rules_c.attr_verb_before, list(rules_c.attr_verb_before.finditer(text, s, e))
                 if _any_between(spans["_said"], s, e) else []),
                (rules_c.attr_verb_after, _verb_after(rules_c, text, s, _between(spans["_verb"], s, e)))]
    for pattern, matches in runs:
        for m in matches:
            verb = m.groupdict().get("verb")
            src = _clean_source(m.group("src"), rules_c, verb if pattern is rules_c.attr_verb_after else "said")
            if src and src.lower() in rules_c.described:
                described = _DESCRIBED.search(text, max(s, m.start("src") - 60), m.start("src"))
                if described:  # "a federal law enforcement official said": the whole description
                    src = text[described.start():m.end("src")]
            if src:
                found.append((m.start(), m.end(), src))
    # a lead-in inside a longer "X data obtained by Y show" match is part of it
    if len(found) > 1:  # (one source is inside no other)
        found = [f for f in found if not any(g[0] <= f[0] and f[1] <= g[1] and g != f for g in found)]
    # "the Times reported, citing Border Patrol data": the owner of the data, not the outlet that cites it
    citing = [f for f in found if _CITING.match(text, f[0])] if len(found) > 1 else None  # (one cites no other)
    if citing:
        found = [f for f in found if f in citing or not any(0 <= c[0] - f[1] <= 3 for c in citing)]
    pronoun = _PRONOUN_SOURCE.search(text, s, e) if spans is None or not keys_hold or _starts_in(
        spans, "_pron", s, e) else None
    return found, bool(pronoun)


def _attribution(rules_c: Compiled, text: str, sent: tuple[int, int]) -> tuple[str | None, bool]:
    """The first source named in a sentence (see _sources)."""
    found, pronoun = _sources(rules_c, text, sent)
    return (found[0][2] if found else None), pronoun


def _nearest_source(text: str, n: NumberSpan, found: list[Source]) -> str | None:
    """Of several sources in a sentence, the one written nearest the figure."""
    if not found:
        return None
    return found[0][2] if len(found) == 1 else min(found, key=lambda f: _distance(text, n.start, n.end, f[0], f[1]))[2]


_DATELINE = re.compile(r"[\s\u00a0]*(?:,[^—\n]{0,30})?(?:\([^)]{0,40}\)[\s\u00a0]*)?[—–-]")


_FROM_BEFORE = re.compile(r"(?i)\b(?:from|between)[\s\u00a0]+(?:the[\s\u00a0]+)?$")
_NAME_AFTER = re.compile(r" (?!Sector|Port|Border|Valley|Gap|Bridge)[A-Z][a-z]")


def _place_at(spans: Spans, pos: int) -> bool:
    """Whether a gazetteer place covers position pos."""
    starts, items = spans["_place"]
    lo = bisect.bisect_left(starts, pos - 40)
    hi = bisect.bisect_right(starts, pos)
    return any(a <= pos < b for a, b in items[lo:hi])


def _implied_place(rules_c: Compiled, text: str, sent: tuple[int, int], spans: Spans, source: str | None) -> str | None:
    """The place a body's figures are about when the sentence names none (INM -> Mexico)."""
    low = source.lower() if source else ""
    for tag, place, bodies in rules_c.implied_places:
        if _any_between(spans[tag], sent[0], sent[1]) or low and any(b in low for b in bodies):
            return place
    return None


Places = tuple[list[tuple[int, int]], list[tuple[int, int]]]  # a sentence's places a figure can be in, all of them


def _places_in(rules_c: Compiled, text: str, sent: tuple[int, int], spans: Spans) -> Places:
    """The gazetteer places of a sentence that can say where its figures are, and all its places."""
    s, e = sent
    every = _between(spans["_place"], s, e)
    kept = []
    for m_start, m_end in every:
        if m_start < 80 and (text[m_start:m_end].isupper() or _DATELINE.match(text, m_end)):
            continue  # a dateline ("EL PASO —") says where the story was filed, not what a figure is about
        if _FROM_BEFORE.search(text, max(s, m_start - 10), m_start):
            continue  # "crossed illegally from Mexico", "between ports of entry": not where the figure is
        if m_start > 0 and text[m_start - 1] in "-–" and not _place_at(spans, m_start - 1):
            continue  # "U.S.-Mexico trade": part of a compound adjective
        if _NAME_AFTER.match(text, m_end) and not rules_c.place_suffix.match(text, m_end, e):
            continue  # "Texas National Guard", "Mexico City Council": part of a name
        not_before = rules_c.place_not_before.get(text[m_start:m_end].lower()) if rules_c.place_not_before else None
        if not_before is not None and not_before.match(text, m_end):
            continue  # "the border wall", "the border crisis": what, not where
        kept.append((m_start, m_end))
    return kept, every


def _location(rules_c: Compiled, text: str, n: NumberSpan, sent: tuple[int, int], spans: Spans,
              places: Places | None = None) -> str | None:
    """The place nearest the figure in its sentence (places: _places_in of the sentence, if found already)."""
    s, e = sent
    kept, every = places if places is not None else _places_in(rules_c, text, sent, spans)
    best = None
    best_d = 10**9
    for m_start, m_end in kept:
        d = _distance(text, n.start, n.end, m_start, m_end)
        if d < best_d:
            best, best_d = (m_start, m_end), d
    if best is None:
        return None
    start, end = best
    # adjacent places read as one ("Texas ports of entry", "Laredo, Texas")
    for m_start, m_end in every:
        if m_end <= start and start - m_end <= 2 and text[m_end:start].strip(" ,") == "":
            start = m_start
        elif m_start >= end and m_start - end <= 2 and text[end:m_start].strip(" ") == "":
            end = m_end
    suffix = rules_c.place_suffix.match(text, end, e)
    if suffix:
        end = suffix.end()
    prefix = rules_c.place_prefix.search(text, max(s, start - 12), start)
    if prefix:
        start = prefix.start()
    return text[start:end].strip(" ,")


# A day named in the text ("on Monday", "yesterday", "on Dec. 18") makes a flow counted that day a daily rate.
_SINGLE_DAY = re.compile(
    r"(?i)\b(?:yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"on[\s\u00a0]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\u00a0]+\d{1,2})\b"
)
_CUMULATIVE = re.compile(r"(?i)\b(?:stood at|stands at|so far|cumulative|running total|in all|toll)\b")
_REPORTED_ON = re.compile(r"(?i)\b(?:said|says|told|announced|reported|released|published|posted|tweeted)\b[^,.;]{0,25}$")
_THAT_AFTER = re.compile(r"[\s\u00a0]*(?:,[\s\u00a0]*)?that\b")
# "9,420 cases were pending at the end of October": a level on that day, not the day's flow
_STANDING = re.compile(r"(?i)\b(?:pending|backlog|waitlist|waiting list|on the list|in custody|held|remain(?:ed|s)?)\b")
_TYPICAL_DAY = re.compile(r"(?i)\b(?:(?:on|in)[\s\u00a0]+an?[\s\u00a0]+(?:[a-z]+[\s\u00a0]+){0,2}day"
                          r"|(?:for[\s\u00a0]+)?(?:each|every)[\s\u00a0]+day[\s\u00a0]+of)\b")
# Every _TYPICAL_DAY match holds "day", every _THE_MONTH match "month", in ASCII letters of either case (IGNORECASE
# folds no other character onto d, a, y, m, o, n, t, h): a scan for these letters, opening with a character class,
# skips in C past the windows where the patterns cannot match
_DAY_LETTERS = re.compile(r"[dD][aA][yY]")
_MONTH_LETTERS = re.compile(r"[mM][oO][nN][tT][hH]")


def _typical_day(text: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] says "on an average day", "each day of" (_TYPICAL_DAY)."""
    return _DAY_LETTERS.search(text, lo, hi) is not None and _TYPICAL_DAY.search(text, lo, hi) is not None


def _the_month(text: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] says "during the month" (_THE_MONTH)."""
    return _MONTH_LETTERS.search(text, lo, hi) is not None and _THE_MONTH.search(text, lo, hi) is not None


_SINCE_BEFORE = re.compile(r"(?i)\bsince\b[^.;,—]{0,50}$")
_SINCE_LETTERS = re.compile(r"[sSſ][iIıİ][nN][cC][eE]")  # "since" as _SINCE_BEFORE's IGNORECASE reads it
_SINCE = re.compile(r"(?i)\b(?:since|as of|through|by|until|so far)\b")


_FROM_TO = re.compile(r"(?i)(?:from|between)[\s\u00a0]+.+?[\s\u00a0]+(?:to|and)[\s\u00a0]+(.+)$")
DAY_DISTANCE = 45  # how near a named day must be to make a flow a daily rate
INHERIT_CHARS = 300  # a bare number opening a paragraph continues a series this close before it
WIDE_WINDOW = 300  # how far back the words of a unit-specific kind may be ("waits ... 26 minutes")
REFER_BACK_CHARS = 5000  # how far back "the agency" looks for the body it names
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_POSSESSIVE_END = re.compile(r"['’]s$")
_THE_MONTH = re.compile(r"(?i)\b(?:during|for|in|over|through)[\s\u00a0]+the[\s\u00a0]+(?:whole[\s\u00a0]+|entire[\s\u00a0]+)?"
                        r"month\b")
_NOW = re.compile(r"(?i)\b(?:now|currently|(?<!\bhad )(?<!\bhad been )already|at present|as of today|so far|to date)\b")
_NOW_WORDS = ("now", "currently", "already", "present", "today", "far", "date")  # each _NOW match holds one, whole
# "trucks normally wait about 63 minutes" (periods.yaml `habitual`): what is usual has no time of its own, and takes
# none from around it
HABIT_CHARS = 40  # how far before its figure such a word may stand, with no comma between
_ORG_NAME = re.compile(r"\b(?:CBP|DHS|ICE|INM|IOM|USBP|Border Patrol|Customs|Department|Bureau|Institute|Office|"
                       r"Agency|Ministry|Commission|Committee|Patrol|Administration|Statistics|Clearinghouse|Group)\b")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
# "there is", "there were 2,000 ...": an existential "there", not a place
_EXISTENTIAL = re.compile(r"[\s\u00a0]+(?:is|are|was|were|have|has|had|will|would|could|might|may|should|must|can|"
                          r"remains?|seems?|appears?)\b", re.I)
_APP_NAME = re.compile(r"[\s\u00a0]+One\b")  # "CBP One" is an app, not the agency reporting


def _nearest_span(found: tuple[list[int], list[tuple[int, int]]], text: str, n: NumberSpan,
                  sent: tuple[int, int]) -> tuple[int, int] | None:
    best, best_d = None, 10**9
    for m in _between(found, sent[0], sent[1]):
        d = _distance(text, n.start, n.end, m[0], m[1])
        if d < best_d:
            best, best_d = m, d
    return best


def _in_list(text: str, para_starts: list[int], para: int) -> bool:
    """A list item ("- 10,167 turned away") or a paragraph right after a line that ends with a colon."""
    start = para_starts[para]
    if text[start:start + 2] in ("- ", "* ", "• "):
        return True
    j = start - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j >= 0 and text[j] == ":"


class _Context:
    """What one article's figures share: sources, times and places carried from sentence to sentence."""

    def __init__(self, rc: Compiled, text: str, published: dt.date | None, spans: Spans,
                 periods: list[PeriodSpan], para_starts: list[int], found: list[_Found],
                 sents: list[tuple[int, int]], keys_hold: bool = False) -> None:
        self.sents, self.sent_starts = sents, [a for a, _ in sents]
        self.fig_sents = {f.sentence for f in found}
        self._attr_scan: tuple[int, int, str | None] = (-1, 0, None)  # paragraph, next sentence, source so far
        self._intro_of: dict[int, int] = {}  # list item paragraph -> its intro paragraph
        self._acronyms: dict[str, str] = {}
        self._before_list_found: dict[tuple[int, int], tuple[str, tuple[dt.date, dt.date] | None] | None] = {}
        self._intro_source: dict[tuple[int, int], str | None] = {}  # a list's intro line -> its first source
        self._list_intro_found: dict[int, tuple[int, int] | None] = {}  # paragraph -> _list_intro_scan
        self.rc, self.text, self.published, self.spans = rc, text, published, spans
        self.keys_hold = keys_hold  # see SentenceKinds.keys_hold: the index's words tell where patterns cannot match
        self.periods = periods
        self.period_starts = [p.start for p in periods]
        self.para_starts = para_starts
        self.kinds = {k.name: k for k in rc.kinds}
        self.owner, self.references, self.reports = _period_owners(text, found, periods, self.period_starts)
        self.skip = self.references | self.reports
        self.report_periods = [p for p in periods if id(p) in self.reports]
        # month_before[i]: the last month named (not as a reference) among the first i time expressions
        self.month_before: list[PeriodSpan | None] = [None]
        for p in periods:
            month = p.granularity == "month" and id(p) not in self.skip
            self.month_before.append(p if month else self.month_before[-1])
        self.report_starts = [p.start for p in self.report_periods]
        self.inherited: set[int] = set()  # figures that take their time from an earlier sentence
        self.sent_info: dict[tuple[int, int], tuple[list[Source], bool]] = {}
        self.last_person: str | None = None
        self.last_org_source: str | None = None
        self.para_place: dict[int, str] = {}
        self.places_of: dict[tuple[int, int], Places] = {}  # per sentence (see _places)
        self.now_in: dict[tuple[int, int], bool] = {}  # per sentence (see _now)
        self.para_period: dict[int, PeriodSpan] = {}
        self.last_period: PeriodSpan | None = None
        self._lead_found: tuple[str | None, int] | None = None  # _lead(), found when first needed

    @functools.cached_property
    def _lead_paras(self) -> tuple[int, int] | None:
        """The indices of the first two paragraphs with text (None: fewer)."""
        text, starts = self.text, self.para_starts
        filled = []
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(text)
            if not text[start:end].isspace() and start < end:
                filled.append(i)
                if len(filled) == 2:
                    return filled[0], filled[1]
        return None

    def _lead_source(self, para: int) -> str | None:
        """The lead's source (see _lead) when para is the paragraph after the lead."""
        # the lead's sources are costly to find: only the second paragraph with text can want them
        if self._lead_paras is None or para != self._lead_paras[1]:
            return None
        if self._lead_found is None:
            self._lead_found = self._lead()
        lead_source, second_para = self._lead_found
        return lead_source if para == second_para else None

    def _lead(self) -> tuple[str | None, int]:
        """The body the lead paragraph cites (if a body, not a person or outlet) and the next paragraph's index:
        a data story's second paragraph goes on with the figures its lead sourced ("..., CBP said Thursday.")."""
        starts, filled = self.para_starts, self._lead_paras
        if filled is None:
            return None, -1
        lead_end = starts[filled[0] + 1]
        if not _any_between(self.spans["_attr"], starts[filled[0]], lead_end):
            return None, -1
        found: list[Source] = []
        for sent in self.sents[:bisect.bisect_left(self.sent_starts, lead_end)]:
            found += self._sources_of(sent)[0]
        name = found[-1][2] if found else None
        if name is None or not (_ORG_NAME.search(name) or name in self.rc.organizations_set):
            return None, -1
        return name, filled[1]

    def source(self, f: _Found, para: int, start: dt.date | None = None, end: dt.date | None = None) -> str | None:
        """Who reported the figure: a source named in its sentence (the nearest), 'he said' -> the last
        person named, a list item -> its intro line (or the sentence the list breaks down), a sentence that only
        names a source earlier in the paragraph, the lead's body in the next paragraph, else a body named in the
        sentence. start/end: the figure's time (a list item outside the time of the sentence before is no
        breakdown of it)."""
        found = self._source(f, para, start, end)
        return self._spelled_out(found) if found else found

    def _source(self, f: _Found, para: int, start: dt.date | None, end: dt.date | None) -> str | None:
        rc, text, n, sent, spans = self.rc, self.text, f.number, f.sentence, self.spans
        found_sources, pronoun = self._sources_of(sent)
        source = self._refer_back(_nearest_source(text, n, found_sources), sent)
        if source is None:
            bracket = _BRACKET_SOURCE.fullmatch(text, n.end, sent[1])
            if bracket is not None and not _is_place(rc, bracket.group("src")):
                source = bracket.group("src")  # "8,383 (CBP)": a fact box's source; "3,000 (Mexico)" is a place
        if source is None and pronoun and self.last_person:
            source = self.last_person
        intro = self._list_intro(para) if source is None else None
        if intro is not None:
            source = self._intro_attribution(intro) or self._before_list(intro, start, end)
        if source is None:
            source = self._attributing_sentence(sent, para)
        if source is not None:
            if _ORG_NAME.search(source) or source in rc.organizations_set:
                self.last_org_source = source
            if _PERSON.match(source) and " of " not in source:
                self.last_person = source
            return source
        # the gold rarely carries a source to other sentences; a body acting in this one is the next best
        org = _nearest_span(spans["_org"], text, n, sent)
        if org is None and (lead_source := self._lead_source(para)) is not None:
            return lead_source
        if org is None or _APP_NAME.match(text, org[1]) or not self.kinds[f.kind].body_is_source:
            return None
        # "the Border Patrol logged 124,220" in a story sourced to CBP is CBP's figure
        return self.last_org_source or text[org[0]:org[1]]

    def _intro_attribution(self, intro: tuple[int, int]) -> str | None:
        """_attribution of a list's intro line, found once: every item of the list asks for it."""
        if intro not in self._intro_source:
            self._intro_source[intro] = _attribution(self.rc, self.text, intro)[0]
        return self._intro_source[intro]

    def _spelled_out(self, source: str) -> str:
        """An acronym the text defines ("the Association of American Railroads (AAR)") as 'Name (ACR)'."""
        if not _ACRONYM.fullmatch(source):
            return source
        if source not in self._acronyms:
            # the pattern needs "(ACR)" written out: without it, no need to scan the text
            m = None if f"({source})" not in self.text else re.search(rf"(?<![\w'’-])((?:[A-Z][\w.&'’-]*|U\.S\.)(?:[\s\u00a0]+(?:[A-Z][\w.&'’-]*|of|for|and|on|de|del|"
                          rf"la|the)){{1,8}})[\s\u00a0]+\({re.escape(source)}\)", self.text)
            name = _THE.sub("", m.group(1)) if m else ""
            self._acronyms[source] = f"{name} ({source})" if name else source
        return self._acronyms[source]

    def _sources_of(self, sent: tuple[int, int]) -> tuple[list[Source], bool]:
        """_sources of a sentence, found once; the patterns are costly, so only where a reporting word is."""
        if sent not in self.sent_info:
            has_word = _any_between(self.spans["_attr"], sent[0], sent[1])
            self.sent_info[sent] = _sources(self.rc, self.text, sent, self.spans, self.keys_hold) if has_word else (
                [], False)
        return self.sent_info[sent]

    def _refer_back(self, source: str | None, sent: tuple[int, int]) -> str | None:
        """'the agency' ('s figures) -> 'the agency (CBP)': the text's words and the last organisation named
        before, which they stand for."""
        if source is None:
            return None
        low = source.lower()
        if low in self.rc.refer_back or low.startswith(self.rc.refer_back_owners):
            mentions = _between(self.spans["_org"], max(0, sent[0] - REFER_BACK_CHARS), sent[1])
            # "ICE removed 142,580 people, the agency said": the body the sentence names before those words
            at = self.text.find(source, sent[0], sent[1])
            own = [m for m in mentions if m[0] >= sent[0] and m[1] <= at]
            body = self.text[own[0][0]:own[0][1]] if own else self._last_org_source(sent)
            if body is None and mentions:
                body = self.text[mentions[-1][0]:mentions[-1][1]]
            if body is not None:
                return f"{_POSSESSIVE_END.sub('', source)} ({body})"
        return source

    def _last_org_source(self, sent: tuple[int, int]) -> str | None:
        """The last body named as a source before sentence sent ("CBP has released its report ...")."""
        i = bisect.bisect_left(self.sent_starts, sent[0]) - 1
        while i >= 0 and self.sents[i][0] >= sent[0] - REFER_BACK_CHARS:
            for _a, _b, name in reversed(self._sources_of(self.sents[i])[0]):
                if (_ORG_NAME.search(name) or name in self.rc.organizations_set) and \
                        name.lower() not in self.rc.refer_back:
                    return name
            i -= 1
        return None

    def _attributing_sentence(self, sent: tuple[int, int], para: int) -> str | None:
        """The source of an earlier sentence of the paragraph that names a source and gives no figure of its own
        ("Crossings fell sharply, according to BTS data. The ports recorded 249,000 pedestrians ...").
        Figures come in text order, so the scan goes on from where the last call stopped (linear per text)."""
        state_para, i, source = self._attr_scan
        if state_para != para or i > bisect.bisect_left(self.sent_starts, sent[0]):
            i, source = bisect.bisect_left(self.sent_starts, self.para_starts[para]), None
        while i < len(self.sents) and self.sents[i][0] < sent[0]:
            s = self.sents[i]
            if s not in self.fig_sents:
                found = self._sources_of(s)[0]
                if found:
                    source = self._refer_back(found[-1][2], s)
            i += 1
        self._attr_scan = (para, i, source)
        return source

    def _before_list(self, intro: tuple[int, int], start: dt.date | None, end: dt.date | None) -> str | None:
        """The last source of the paragraph just before a list's intro line ("CBP recorded ... in December.
        Every group grew:" then the list), when the list breaks that sentence's figures down: the item's time
        lies within the sentence's ("Earlier months looked like this:" under a May figure is another series)."""
        if intro not in self._before_list_found:
            self._before_list_found[intro] = self._before_list_scan(intro)
        found = self._before_list_found[intro]
        if found is None:
            return None
        source, span = found
        if span is not None and start is not None and end is not None and not (span[0] <= start and end <= span[1]):
            return None
        return source

    def _before_list_scan(self, intro: tuple[int, int]) -> tuple[str, tuple[dt.date, dt.date] | None] | None:
        """(source, time span) of the last sentence with a source in the paragraph before intro."""
        i = bisect.bisect_left(self.sent_starts, intro[0]) - 1
        para_start = self.text.rfind("\n", 0, max(0, self.sents[i][0] - 1)) if i >= 0 else -1
        while i >= 0 and self.sents[i][0] > para_start:
            sent = self.sents[i]
            found = self._sources_of(sent)[0]
            if found:
                lo = bisect.bisect_left(self.period_starts, sent[0])
                hi = bisect.bisect_left(self.period_starts, sent[1])
                times = [p for p in self.periods[lo:hi] if id(p) not in self.skip]
                span = (min(p.period_start for p in times), max(p.period_end for p in times)) if times else None
                return self._refer_back(found[-1][2], sent), span
            i -= 1
        return None

    def _list_intro(self, para: int) -> tuple[int, int] | None:
        """_list_intro_scan of a paragraph, found once for all its figures."""
        if para not in self._list_intro_found:
            self._list_intro_found[para] = self._list_intro_scan(para)
        return self._list_intro_found[para]

    def _list_intro_scan(self, para: int) -> tuple[int, int] | None:
        """For a list item, the span of the line that introduces the list ("April at a glance:")."""
        if not _in_list(self.text, self.para_starts, para):
            return None
        intro = para - 1
        while intro > 0 and _in_list(self.text, self.para_starts, intro):
            if intro in self._intro_of:  # the item before has the same intro: lists stay linear
                intro = self._intro_of[intro]
                break
            intro -= 1
        self._intro_of[para] = intro
        if intro < 0:
            return None
        end = self.para_starts[intro + 1] if intro + 1 < len(self.para_starts) else len(self.text)
        return self.para_starts[intro], end

    def period(self, f: _Found, para: int) -> PeriodSpan | None:
        """The time expression the figure is about: its own in the sentence, else the nearest, else the
        last one used in the paragraph or before it; None means the publication date."""
        text, n, sent = self.text, f.number, f.sentence
        own = self.owner.get(id(f), [])
        if own:
            period = own[0] if len(own) == 1 else min(own, key=lambda p: _distance(text, n.start, n.end, p.start, p.end))
            # "In February 2024, under President Biden, there were ...": of two times of the figure, one
            # inside the other, the narrower one says when; the wider one is background
            wide = period.granularity == "range" and (period.period_end - period.period_start).days > 400
            inner = [p for p in own if wide and p is not period and period.period_start <= p.period_start
                     and p.period_end <= period.period_end and (p.period_start, p.period_end)
                     != (period.period_start, period.period_end)]
            if inner:
                period = min(inner, key=lambda p: _distance(text, n.start, n.end, p.start, p.end))
        else:
            period = _nearest(text, n, self.periods, sent, self.period_starts, self.skip)
            if period is not None and self.kinds[f.kind].stock and _clause_apart(text, n, period):
                # "ICE deported 11,790 people in March, and it is holding 47,600": a level does not take the
                # time of another clause
                period = None
        if period is None:
            # "Ferromex said Tuesday it had idled 60 trains": a count as of the day of its report
            period = _nearest(text, n, self.report_periods, sent, self.report_starts, set())
            if period is not None:
                return period
        if period is None:
            # a level (people in custody now) with no time of its own is the level at publication; so is a
            # typical day ("on an ordinary day, up to 20,000 trucks cross")
            if self._now(sent) or any("," not in text[b:n.start] and ";" not in text[b:n.start] for _, b in _between(
                    self.spans["_habit"], max(sent[0], n.start - HABIT_CHARS), n.start)) or _typical_day(
                    text, max(sent[0], n.start - 100), n.start):
                return None
            intro = self._list_intro(para)
            if intro is not None:
                lo = bisect.bisect_left(self.period_starts, intro[0])
                hi = bisect.bisect_left(self.period_starts, intro[1])
                own_times = [p for p in self.periods[lo:hi] if id(p) not in self.skip]
                if own_times:
                    # "April at a glance:" dates the list under it, levels too ("Wait times on Wednesday:")
                    self.inherited.add(id(f))
                    return own_times[-1]
            if self.kinds[f.kind].stock:
                return None
            self.inherited.add(id(f))
            if _the_month(text, sent[0], sent[1]):
                # "made 137,480 arrests during the month": the month the story is about
                month = self.month_before[bisect.bisect_left(self.period_starts, n.start)]
                if month is not None:
                    return month
            if f.labelled:
                return None  # a fact-box line stands alone: the time of the line above is not its time
            return self.para_period.get(para) or self.last_period or self._event
        if id(period) not in self.skip:
            # a comparison ("compared with 977,509 in FY19") is not the time the next figures are about
            self.para_period[para] = period
            self.last_period = period
        return period

    @functools.cached_property
    def _event(self) -> PeriodSpan | None:
        """The time of the story's event when a sentence with no figure says when it happened ("The bust
        happened early last month"): the time of figures that have none and nothing to inherit."""
        for p in self.periods:
            if id(p) in self.skip:
                continue
            sent = self.sents[bisect.bisect_right(self.sent_starts, p.start) - 1]
            if sent not in self.fig_sents and _EVENT_BEFORE.search(self.text, max(sent[0], p.start - 60), p.start):
                return p
        return None

    def adjust_period(self, f: _Found, period: PeriodSpan) -> tuple[dt.date, dt.date]:
        """'since <day>' runs to publication; a change 'from May to June' is dated by the newer month."""
        start, end = period.period_start, period.period_end
        text, sent, published = self.text, f.sentence, self.published
        lo = max(sent[0], period.start - 50)
        if published and start < published and _SINCE_LETTERS.search(text, lo, period.start) and \
                _SINCE_BEFORE.search(text, lo, period.start):
            end = published
        # (a figure that takes its time from an earlier sentence, "grew from November to December:", too)
        changed = f.unit == "percent" or id(f) in self.inherited and _any_between(
            self.spans["_change"], max(0, period.start - 60), period.start)
        span_to = _FROM_TO.match(period.text) if changed else None
        newer = resolve(span_to.group(1), published) if span_to else None
        return newer if newer is not None else (start, end)

    def daily(self, f: _Found, period: PeriodSpan | None, start: dt.date | None, end: dt.date | None) -> str | None:
        """'day' for a flow counted on one named day ("1,000 apprehended Monday") or on a typical day."""
        text, n, sent = self.text, f.number, f.sentence
        if self.kinds[f.kind].stock or f.unit in ("percent", "usd"):
            return None
        if _typical_day(text, max(sent[0], n.start - 100), n.start):
            return "day"  # "on an average December day": a day's figure, whatever the time around it
        if period is not None and start != end:
            return None
        if not _CUMULATIVE.search(text, max(sent[0], n.start - 60), n.start):
            for day in _SINGLE_DAY.finditer(text, sent[0], sent[1]):
                if (_distance(text, n.start, n.end, day.start(), day.end()) <= DAY_DISTANCE
                        and not _SINCE.search(text, max(sent[0], day.start() - 60), day.start())
                        and not _REPORTED_ON.search(text, max(sent[0], day.start() - 30), day.start())
                        and not _THAT_AFTER.match(text, day.end())):
                    return "day"
            if (period is not None and period.granularity == "day" and id(period) not in self.skip
                    and sent[0] <= period.start < sent[1] and _distance(text, n.start, n.end, period.start,
                                                                       period.end) <= DAY_DISTANCE
                    and not _SINCE.search(text, max(sent[0], period.start - 60), period.start)
                    and not _STANDING.search(text, sent[0], sent[1])):
                return "day"  # "the day before", "on Sept. 17": any one day the sentence names for the figure
        return None

    def _place_referred(self, sent: tuple[int, int]) -> str | None:
        """The last place named before a sentence that points back to it ("agents there", "in the sector"),
        with its suffix ("El Paso Sector"); a dateline is not such a place."""
        text = self.text
        for a, b in _between(self.spans["_back"], sent[0], sent[1]):
            words = text[a:b].lower()
            if words == "there" and (_EXISTENTIAL.match(text, b) or _POSSESSIVE_AFTER.match(text, b)):
                continue  # "there were 2,000": no place meant
            # "the sector" is the last sector named, "the port" the last port; else the last place
            noun = words.split()[-1] if words != "there" else ""
            starts, places = self.spans["_place"]
            i = bisect.bisect_left(starts, sent[0]) - 1
            last = None
            while i >= 0 and starts[i] >= sent[0] - PLACE_BACK_CHARS:
                p_start, p_end = places[i]
                if not (p_start < 80 and (text[p_start:p_end].isupper() or _DATELINE.match(text, p_end))):
                    suffix = self.rc.place_suffix.match(text, p_end, sent[0])
                    name = text[p_start:suffix.end() if suffix else p_end]
                    if not noun or noun in name.lower():
                        return name
                    last = last or name
                i -= 1
            return last
        return None

    def _places(self, sent: tuple[int, int]) -> Places:
        """_places_in of a sentence, found once for all its figures."""
        got = self.places_of.get(sent)
        if got is None:
            got = self.places_of[sent] = _places_in(self.rc, self.text, sent, self.spans)
        return got

    def _now(self, sent: tuple[int, int]) -> bool:
        """Whether the sentence says the figure is as of now ("currently", "so far"), searched once per sentence."""
        got = self.now_in.get(sent)
        if got is None:
            got = self.now_in[sent] = (not self.keys_hold or _starts_in(self.spans, "_now", *sent)) and \
                _NOW.search(self.text, sent[0], sent[1]) is not None
        return got

    def location(self, f: _Found, para: int, source: str | None) -> str | None:
        """The place nearest the figure in its sentence, else the place its source implies, else the place
        its sentence points back to ("there"), else the paragraph's last place."""
        location = _location(self.rc, self.text, f.number, f.sentence, self.spans, self._places(f.sentence))
        if location is None:
            location = _implied_place(self.rc, self.text, f.sentence, self.spans, source)
        if location is None:
            location = self._place_referred(f.sentence)
        if location is None:
            return self.para_place.get(para)
        self.para_place[para] = location
        return location


# "2 hours and 45 minutes", "3 hours, 40 minutes": the minutes after the hours
_MINUTES_AFTER_HOURS = re.compile(r"[\s\u00a0]*(?:hours?|hrs?\.?)(?:,|[\s\u00a0]+and)?[\s\u00a0]+$", re.I)


def _join_durations(text: str, found: list[_Found]) -> list[_Found]:
    """One wait of 'N hours and M minutes' (two figures in hours) as one figure of N + M/60 hours."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.unit == "hours" and f.unit == "hours" and prev.kind == f.kind
                and prev.sentence == f.sentence and prev.number.low is None and f.number.low is None
                and _MINUTES_AFTER_HOURS.fullmatch(text, prev.number.end, f.number.start)
                and text[f.number.end:f.number.end + 12].lstrip().lower().startswith(("minute", "min"))):
            out[-1] = _Found(prev.number, prev.kind, "hours", round(prev.value + f.value, 2), prev.per or f.per,
                             max(prev.score, f.score), prev.sentence, prev.labelled)
            continue
        out.append(f)
    return out


# Counts this small are kept only as one day's flow ("three drowned on Friday"); otherwise they are details of
# one incident ("the driver and two other people", "two Border Patrol agents searched the fields")
MIN_COUNT = 4
PLACE_BACK_CHARS = 800  # how far back "there" / "the sector" may find the place it points to
_COUNTED = frozenset(("people", "other", "vehicles", "trucks"))


def extract_metrics(article: Article, rules_dir: Path | None = None) -> list[Metric]:
    """Every metric in the article, in text order."""
    text = article.text
    if not text:
        return []
    rc = compiled(rules_dir)
    published = article.published
    numbers = [n for n in find_numbers(text) if n.role == "quantity"]
    if not numbers:
        return []
    spans = rc.index.find(text)
    sents = sentences(text)
    sent_starts = [s for s, _ in sents]
    para_starts = _paragraph_starts(text)
    kind_by_name = {k.name: k for k in rc.kinds}
    found: list[_Found] = []
    sentence_kinds = SentenceKinds(rc, text, spans)
    for n in numbers:
        i = bisect.bisect_right(sent_starts, n.start) - 1
        if i < 0:
            continue
        sent = sents[i]
        para_start = para_starts[bisect.bisect_right(para_starts, n.start) - 1]
        f = _classify(rc, text, n, sent, kind_by_name, found, para_start, spans, sentence_kinds)
        if f is not None:
            found.append(f)
    if not found:
        return []  # the time layer is read only for articles with a figure to date
    found = _join_durations(text, found)

    periods: list[PeriodSpan] = sorted(find_periods(text, published), key=lambda p: p.start)
    context = _Context(rc, text, published, spans, periods, para_starts, found, sents, sentence_kinds.keys_hold)
    metrics: list[Metric] = []
    for f in found:
        sent = f.sentence
        para = bisect.bisect_right(para_starts, sent[0]) - 1
        period = context.period(f, para)
        start, end = context.adjust_period(f, period) if period is not None else (published, published)
        per = f.per or context.daily(f, period, start, end)
        if f.value < kind_by_name[f.kind].min_count and f.unit in _COUNTED and per != "day" and not f.labelled:
            continue  # "two other people were arrested": an incident's detail, not a figure to chart
        source = context.source(f, para, start, end)
        stripped = text[sent[0]:sent[1]]
        lead = len(stripped) - len(stripped.lstrip())
        evidence = stripped.strip()
        metrics.append(Metric(
            article_id=article.id,
            metric=f.kind,
            value=f.value,
            unit=f.unit,
            per=per,
            period_start=start,
            period_end=end,
            qualifier=f.number.qualifier,
            attributed_to=source,
            location=context.location(f, para, source),
            evidence=evidence,
            start=sent[0] + lead,
            end=sent[0] + lead + len(evidence),
            confidence=round(min(1.0, f.score / 1.5), 3),
        ))
    return metrics


_TIMES = re.compile(r"[\s\u00a0]*times\b")
_MULTIPLIER = re.compile(r"[\s\u00a0]*(?:-fold|fold)\b", re.I)
# "50 times as potent", "three times more": a multiplier; "stopped 230,678 times last month": a count
_TIMES_AS = re.compile(r"[\s\u00a0]*times[\s\u00a0]+(?:as|more|higher|greater|larger|bigger|faster|the|that|than|over)\b",
                       re.I)
# "4,000 more migrants than in March": a difference between two figures, not a figure
_DIFFERENCE = re.compile(r"[\s\u00a0]+(?:more|fewer|less)[\s\u00a0]+(?:[\w'’-]+[\s\u00a0]+){1,3}?than\b", re.I)
# "nine out of ten", "one in five", "six in 10": a ratio, neither number a figure (the whole is a small round number,
# so "2,000 in 2023" and "500 in 100 days" are not ratios)
_SMALL = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
_RATIO_AFTER = re.compile(r"(?i)[\s\u00a0]+(?:in|out[\s\u00a0]+of)[\s\u00a0]+(?:\d{1,3}|1,000|two|three|four|five|six|seven|eight|"
                          r"nine|ten|a[\s\u00a0]+hundred|a[\s\u00a0]+thousand)\b(?![\s\u00a0]*(?:[%$]|[a-z])|[-–])")
_RATIO_BEFORE = re.compile(rf"(?i)\b{_SMALL}[\s\u00a0]+(?:in|out[\s\u00a0]+of)[\s\u00a0]+$")
_IN_PARENS = re.compile(r"[\s\u00a0]*\)")
_NEXT_WORD = re.compile(r"[\s\u00a0]*([A-Za-z][\w'’-]*)?")
# Words that may follow a number that stands alone ("... from 57,355 in June", "were 30,000", "to 7,000.")
_BARE_NEXT = frozenset(
    "in at on were was are is from to for by had have has compared last this that during between through across "
    "along and or but with who which since so as the a an per each every total overall so far year month week "
    "through until before after apiece alone according recorded reported counted came".split()
)


# "until the seven-day average falls below 1,500 a day": a condition on a figure, not a figure
_CONDITION_WORDS = ("until", "unless", "if", "once", "when", "whenever")
# ... or reaches a level, in the present tense ("when crossings average 5,000 a day", "once arrivals top 1,000")
_CONDITION = re.compile(r"(?i)\b(?:until|unless|if|once|when|whenever)\b[^.;:!?]{0,60}?\b(?:(?:falls?|drops?|stays?|remains?|"
                        r"rises?|goes|go|climbs?|exceeds?)[\s\u00a0]+(?:below|above|under|over|beyond)\b|"
                        r"(?:average|averages|reach|reaches|exceed|exceeds|top|tops|surpass|surpasses)[\s\u00a0]+"
                        r"(?:(?:more|fewer|less)[\s\u00a0]+than[\s\u00a0]+|over[\s\u00a0]+|at[\s\u00a0]+least[\s\u00a0]+)?[$]?\d)")


def _sentence_vetoed(text: str, sent: tuple[int, int], spans: Spans) -> bool:
    """A sentence about a policy threshold or benchmark ("whenever encounters average 2,500") has no figures."""
    return _any_between(spans["_veto"], sent[0], sent[1]) or (
        _any_between(spans["_cond"], sent[0], sent[1]) and _CONDITION.search(text, sent[0], sent[1]) is not None)


def _inherit(previous: list[_Found], n: NumberSpan, sent: tuple[int, int], para_start: int) -> _Found | None:
    """The last figure found just before, in the same paragraph: a bare number continues its series."""
    if not previous:
        return None
    prev = previous[-1]
    if n.start - prev.number.end > (INHERIT_CHARS if prev.number.start < para_start else 400):
        return None
    if prev.unit == "usd" and n.unit != "usd" or n.unit == "usd" and prev.unit != "usd":
        return None
    return prev


_TRAIL_BEFORE = " \t\n\r\u00a0$.-"


def _excluded_before(rc: Compiled, text: str, sent_start: int, pos: int) -> bool:
    """Whether a 'before' exclusion phrase ("No.", "Title", "Highway") ends right before pos."""
    if rc.excl_before_last is not None:
        # the phrase's last word is the word just before pos: look that word up before running the pattern
        j = pos
        while j > sent_start and text[j - 1] in _TRAIL_BEFORE:
            j -= 1
        k = j
        while k > sent_start and (text[k - 1].isalnum() or text[k - 1] == "_"):
            k -= 1
        last = text[k:j].lower()
        if last not in rc.excl_before_last:
            return False
        before = rc.excl_before_prev.get(last)
        if before is not None and not _word_before_may_match(text, k, before):
            return False  # "more than 300", "to 2,000": no "older than", "home to" (the pattern would fail)
    return rc.excl_before.search(text, max(sent_start, pos - 25), pos) is not None


def _word_before_may_match(text: str, k: int, before: frozenset[str]) -> bool:
    """Whether the word before the word starting at k, past spaces, can be one of `before` (lower-case ASCII words)
    as the IGNORECASE pattern reads it: a phrase's words are separated by spaces and its first word by no word
    character before it, so the word read back from k is the phrase's word; an ASCII word matches it only as its
    lower case does (other characters may fold onto ASCII letters: those are left to the pattern)."""
    i = k
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == k:
        return False
    h = i
    while h > 0 and (text[h - 1].isalnum() or text[h - 1] == "_"):
        h -= 1
    word = text[h:i]
    return not word.isascii() or word.lower() in before


# A labelled line of a fact box: "- Deportations since Jan. 20: roughly 142,000 (DHS)" (up to the figure)
_LABEL = re.compile(r"[\s\u00a0]*(?:[-•*–—][\s\u00a0]+)?(?P<label>[^:\n]{3,90}?):[ \t\u00a0]+")
# ... which ends with its figure, perhaps a source in brackets
_BOX_END = re.compile(r"[ \t\u00a0]*(?:\([^()\n]{1,60}\))?[ \t\u00a0]*[.;]?[ \t\u00a0]*")
# ... and the source in brackets after its figure
_BRACKET_SOURCE = re.compile(r"[ \t\u00a0]*\((?P<src>[A-Z][A-Za-z.&'’ -]{1,60})\)[ \t\u00a0]*[.;]?[ \t\u00a0]*")
# "the total stands at", "the running total now stands at", "the tally has passed", "the toll reached"
_TOTAL_BEFORE = re.compile(r"(?i)\b(?:total|tally|toll|count)\b[^.;:!?]{0,30}?\b(?:stands?|stood|reached|hit|topped|passed|"
                           r"surpassed|climbed|rose|comes?|came)(?:[\s\u00a0]+(?:at|to))?[\s\u00a0]+[^.;:!?]{0,20}$")
TOTAL_WINDOW = 800  # how far back the figures or words of the kind a total sums up may be


def _counted_before(rc: Compiled, text: str, n: NumberSpan, unit: str | None, previous: list[_Found],
                    sent_start: int, para_start: int, spans: Spans) -> str | None:
    """The kind a total sums up: the kind whose words come last before it in its sentence, else the last figure
    found just before in money or in counts as the total is, else the kind whose words come last in its
    paragraph."""
    money = unit == "usd"
    in_sentence = _last_kind_word(rc, n, money, spans, sent_start)
    if in_sentence is not None:
        return in_sentence
    for prev in reversed(previous):
        if n.start - prev.number.end > TOTAL_WINDOW:
            break
        if (prev.unit == "usd") == money and prev.unit != "percent":
            return prev.kind
    return _last_kind_word(rc, n, money, spans, para_start)


def _last_kind_word(rc: Compiled, n: NumberSpan, money: bool, spans: Spans, since: int) -> str | None:
    """The kind (of money or of counts) whose words come last between `since` and the number."""
    best, best_at = None, -1
    for kind in rc.kinds:
        if money != (kind.default_unit == "usd"):
            continue
        starts = spans[kind.name][0]
        i = bisect.bisect_left(starts, n.start) - 1
        if i >= 0 and starts[i] >= since and starts[i] > best_at:
            best, best_at = kind.name, starts[i]
    return best


_BULLETS = "-•*–—"
LIST_LINES = 12  # how many list items and blank lines may stand between an item and its intro line


def _list_intro_start(text: str, pos: int) -> int | None:
    """Where the line introducing the list whose item starts at pos begins ("Apprehensions by month:" over
    "- June: 6,072"): the first line above, past other items and blank lines, if it ends with a colon."""
    for _ in range(LIST_LINES):
        prev_end = text.rfind("\n", 0, pos)
        if prev_end < 0:
            return None
        line_start = text.rfind("\n", 0, prev_end) + 1
        line = text[line_start:prev_end].strip()
        if line and line[0] not in _BULLETS:
            return line_start if line.endswith(":") else None
        pos = line_start
    return None


def _series_noun(rc: Compiled, text: str, n: NumberSpan, sent: tuple[int, int], previous: list[_Found],
                 para_start: int) -> _Found | None:
    """A figure whose noun is the one the figure just before counted ("125,499 detention events ... By sex,
    630,862 events involved men"): that figure's kind and unit; else None."""
    after = _NEXT_WORD.match(text, n.end, max(sent[1], n.end))
    word = after.group(1) if after else None
    prev = _inherit(previous, n, sent, para_start) if word else None
    if prev is None or not prev.head or word.lower() != prev.head:  # type: ignore[union-attr]
        return None
    return _Found(n, prev.kind, prev.unit, n.value, _rate(rc, text, n, after.end(), sent[1]), 0.4,  # type: ignore[union-attr]
                  sent, head=prev.head)


def _classify(rc: Compiled, text: str, n: NumberSpan, sent: tuple[int, int], kind_by_name: dict[str, Kind],
              previous: list[_Found], para_start: int, spans: Spans, sentence_kinds: SentenceKinds) -> _Found | None:
    s, e = sent
    if _excluded_before(rc, text, s, n.start) or (n.num_start > n.start and _excluded_before(rc, text, s, n.num_start)):
        return None
    if n.unit != "percent" and _may_follow(rc, spans, "_after_words", n.end, min(e, n.end + 60)) and \
            rc.excl_after.match(text, n.end, min(e, n.end + 60)):
        return None
    if n.value < 20 and (_MULTIPLIER.match(text, n.end, e) or _TIMES.match(text, n.end, e)):
        return None
    if _TIMES_AS.match(text, n.end, e) or _DIFFERENCE.match(text, n.end, e) or n.unit != "usd" and (
            _RATIO_AFTER.match(text, n.end, e) or _RATIO_BEFORE.search(text, max(s, n.start - 20), n.start)):
        return None
    if sentence_kinds.vetoed(sent):
        return None
    unit = n.unit
    noun_end = n.end
    value = n.value
    bare = False
    if unit is None:
        unit, noun_end = _unit_after(rc, text, n.end, e, spans)
        if unit is None:
            after = _NEXT_WORD.match(text, n.end, max(e, n.end))
            nxt = after.group(1) if after else None
            if nxt is not None and nxt.lower() not in _BARE_NEXT and not nxt.lower().endswith("ed"):
                # the number counts something no rule knows ("two flights", "nine sectors"), unless the series
                # before counted it
                return _series_noun(rc, text, n, sent, previous, para_start)
            bare = True
    if unit == "percent":
        if rc.share_after.match(text, n.end, e) or (
                _IN_PARENS.match(text, n.end, e) and text.rfind("(", max(s, n.start - 20), n.start) >= 0):
            return None  # a share: "40% of families", "85,563 (78 percent)"
        if not _any_between(spans["_change"], s, e):
            return None
    scores = _kind_scores(rc, text, n, sent, noun_end, spans, sentence_kinds)
    if noun_end > n.end and not _HEAD_OF.match(text, noun_end):
        # "Agents took in 15,271 unaccompanied children": the counted noun is not one of the kind's (a noun of
        # the kind scores 3 or more); in "6,000 members of the National Guard" what is counted comes after "of"
        scores = {name: score for name, score in scores.items() if score >= 3.0 or not kind_by_name[name].needs_noun}
    allowed = {}
    for name, score in scores.items():
        kind = kind_by_name[name]
        if unit in (None, "percent") or unit in kind.units or (unit == "minutes" and "hours" in kind.units) or (
                unit == "kilograms" and "pounds" in kind.units):
            allowed[name] = score
    if not allowed and unit not in (None, "percent", "usd", "people"):
        # a unit only some kinds use ("300 minutes"): their words may sit in the sentence before, or in the intro
        # line of the list the figure's line belongs to ("Wait times on Wednesday:" over "- Pharr: 9 hours")
        since = para_start
        if text[s:s + 1] in _BULLETS:
            intro = _list_intro_start(text, s)
            since = min(since, intro) if intro is not None else since
        for kind in rc.kinds:
            if unit in kind.units or unit == "minutes" and "hours" in kind.units:
                if _any_between(spans[kind.name], max(since, n.start - WIDE_WINDOW), n.start):
                    allowed[kind.name] = 0.3
    kind_name = max(allowed, key=allowed.__getitem__) if allowed else None
    best = allowed[kind_name] if kind_name else 0.0
    label_end = -1
    # a fact-box line, "- Known gotaways in April: around 3,000 (Border Patrol)": the label says what is counted
    label = _LABEL.fullmatch(text, s, n.start) if unit != "percent" and text.find(":", s, n.start) >= 0 else None
    if label is not None and _BOX_END.fullmatch(text, n.end, e):
        label_end = label.end("label")
        if _any_between(spans["_excl"], s, label_end):
            return None  # "Miles of new wall under contract: 85"
        labelled = _last_kind_word(rc, n, unit == "usd", spans, s) if best < 0.5 else None
        if labelled is None and best < 0.5:
            # "- June: 6,072" under "Border Patrol apprehensions, the last four months:": the list's intro says
            intro = _list_intro_start(text, s)
            labelled = _last_kind_word(rc, n, unit == "usd", spans, intro) if intro is not None else None
        if labelled is not None and (unit in (None, "usd") or unit in kind_by_name[labelled].units):
            kind_name, best, bare = labelled, 0.5, False
    if (bare or unit == "percent") and best < 0.45:
        prev = _inherit(previous, n, sent, para_start)
        if prev is not None and (prev.number.unit == n.unit or n.unit in (None, "percent")):
            if bare and n.value < 10:
                return None
            per = None if unit == "percent" else _rate(rc, text, n, noun_end, e)
            out_unit = "percent" if unit == "percent" else (
                prev.unit if prev.unit != "percent" else kind_by_name[prev.kind].default_unit)
            return _Found(n, prev.kind, out_unit, value, per, max(best, 0.4), sent)
    if (kind_name is None or best < 0.3) and unit != "percent" and _TOTAL_BEFORE.search(text, max(s, n.start - 70), n.start):
        # "The total stands at 2,002,604 people": the total of what the story was counting just before
        counted = _counted_before(rc, text, n, unit, previous, s, para_start, spans)
        if counted is not None:
            kind = kind_by_name[counted]
            out_unit = unit if unit in kind.units or unit == "usd" else kind.default_unit
            return _Found(n, counted, out_unit, value, None, 0.4, sent)
    if kind_name is None or best < 0.12:
        return _series_noun(rc, text, n, sent, previous, para_start)
    if bare and (best < 0.3 or n.value < 10):
        return None
    if _excluded_by_clause(text, n, sent, best, spans):
        return None
    kind = kind_by_name[kind_name]
    if unit is None:
        if kind.default_unit in ("usd", "hours"):
            return None  # a bare number is not money or a wait time
        unit = kind.default_unit
    if unit == "minutes":
        unit, value = "hours", round(value / 60.0, 2)
    elif unit == "kilograms":
        unit = "other"
    if unit not in ("percent", "usd") and unit not in kind.units:
        unit = kind.default_unit
    per = None if unit == "percent" else _rate(rc, text, n, noun_end, e)  # a change is never a rate
    if per is None and label_end > 0:
        in_label = rc.rate_after.search(text, s, label_end)  # "Average apprehensions per day in April: 280"
        per = in_label.lastgroup if in_label else None
    # a series goes on with the head of a kind's own noun ("detention events"), not of any word for people
    head = text[n.end:noun_end].split()[-1].lower() if noun_end > n.end and best >= 3.0 else ""
    return _Found(n, kind_name, unit, value, per, best, sent, label_end > 0, head)
