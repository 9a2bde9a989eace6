"""The number and time layers' fast paths must not change what they find: each cheap test before a pattern must
hold wherever the pattern matches, on the sample corpus and on edge cases."""

from __future__ import annotations

import dataclasses
import json
import re
import string
import sys
from pathlib import Path
from re import _constants, _parser

import pytest

from extract import numbers, periods
from extract.numbers import word_tokens

EDGES = [
    "since \n", "Since\tthe start of ", "Starting in ", "beginning\u00a0in ", "so far in ", "Year-to-date in ",
    "to date in ", "the week ending ", "Week of ", "A YEAR AGO, ", "one year earlier ", "since the rule took effect on ",
]


def _texts(sample: Path) -> list[str]:
    return [json.loads(line)["text"] for line in sample.read_text(encoding="utf-8").splitlines() if line] + EDGES


def _windows(sample: Path, width: int) -> list[str]:
    """The `width` characters before every word of the sample and the edge cases (and each edge case whole)."""
    texts = _texts(sample)
    return EDGES + [text[max(0, m.start() - width) : m.start()] for text in texts for m in re.finditer(r"\b\w", text)]


@pytest.mark.parametrize(("may", "pattern", "width"), [
    (periods._may_since, periods._SINCE_LEAD, 40),
    (periods._may_since_clause, periods._SINCE_CLAUSE, 70),
    (periods._may_sofar, periods._SOFAR_LEAD, 40),
    (periods._may_year_ago, periods._YEAR_AGO_BEFORE, 300),
    (periods._may_week, periods._WEEK_LEAD, 40),
], ids=["since", "since_clause", "sofar", "year_ago", "week"])
def test_period_lead_in_prefilters_never_skip_a_match(sample_corpus: Path, may, pattern: re.Pattern[str],
                                                      width: int) -> None:
    windows = _windows(sample_corpus, width)
    matched = [w for w in windows if pattern.search(w)]
    assert matched  # the corpus exercises the pattern
    assert [w for w in matched if not may(w)] == []


def _code_word_heads() -> list[set[str]]:
    """The characters each word alternative of _CODE_BEFORE can begin with (from the parsed pattern)."""
    (_, (_, alternatives)), _ = _parser.parse(numbers._CODE_BEFORE.pattern)
    boundary, (_, (_, words)), *_ = alternatives[0]
    assert boundary == (_constants.AT, _constants.AT_BOUNDARY)
    heads = []
    for word in words:
        op, av = word[0]
        assert op in (_constants.LITERAL, _constants.IN), word
        heads.append({chr(av)} if op is _constants.LITERAL else {chr(v) for o, v in av if o is _constants.LITERAL})
        assert op is _constants.LITERAL or len(heads[-1]) == len(av), word  # a class of literals only
    return heads


def test_every_code_word_begins_with_a_guard_character() -> None:
    guard = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ§za")
    heads = _code_word_heads()
    assert len(heads) > 50
    assert [h for h in heads if not h <= guard] == []


def test_routed_code_search_matches_the_plain_one(sample_corpus: Path) -> None:
    leads = _windows(sample_corpus, 24) + ["Zip code ", "area code\n", "§ ", "Executive Order  ", "Mile Marker-",
                                           "H. R. ", "TX-", "x #", "U.S.- ", "covid-", "Hwy", "I"]
    plain, routed = numbers._CODE_BEFORE, numbers._CODE_BEFORE_ROUTED
    assert routed.pattern != plain.pattern
    assert sum(plain.search(w) is not None for w in leads) > 100
    assert [w for w in leads if _shape(routed.search(w)) != _shape(plain.search(w))] == []


def _shape(m: re.Match[str] | None) -> tuple | None:
    return None if m is None else (m.span(), m.groups())


def test_isdecimal_is_what_backslash_d_matches() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(r"\d", every) == [c for c in every if c.isdecimal()]


@pytest.mark.parametrize("limit", [200_000, 300, 1])
def test_word_tests_sharing_one_pass_find_what_each_test_finds(sample_corpus: Path, limit: int,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    anchors = periods._anchor_words()  # made (once) before the shared state is set aside below
    # the shared state as it is now, restored after the test (a test made here would stay in it otherwise)
    monkeypatch.setattr(numbers, "_TESTS", list(numbers._TESTS))
    monkeypatch.setattr(numbers, "_FLAGS", dict(numbers._FLAGS))
    monkeypatch.setattr(numbers, "_LIMIT", list(numbers._LIMIT))
    monkeypatch.setattr(numbers, "_LAST_HITS", [None, []])
    texts = _texts(sample_corpus)
    numbers._SEEDS.indices(word_tokens(texts[0])[1])  # words seen before the next test is made
    tests = [numbers._SEEDS, anchors, numbers.WordTest(lambda w: w[:1] in "aeiou", limit)]
    for text in [*texts, *texts[:3]]:
        words = word_tokens(text)[1]
        for test in tests:
            assert test.indices(words) == [i for i, w in enumerate(words) if test._test(w)]
            assert test.passing(words) == {w for w in words if test._test(w)}


def _plain_period_matches(text: str) -> list[tuple]:
    """periods._matches as it read before the walk back used cached word classes (lower-casing and set tests)."""
    _, starters, names = periods._triggers()
    inner, followers = periods._inner_words(), periods._day_followers()
    starts, words = word_tokens(text)
    hot = {w for w in words if periods._anchor_words()._test(w)}
    candidates: set[int] = set()
    for i in [i for i, w in enumerate(words) if w in hot]:
        s, tok = starts[i], words[i]
        if len(tok) <= 2 and tok.isdigit():
            nxt = words[i + 1] if i < len(words) - 1 else ""
            if (text[s + len(tok) : s + len(tok) + 1] == "/" or nxt in followers
                    or nxt == "of" and i + 1 < len(words) - 1 and words[i + 2] in followers):
                candidates.add(s)
            continue
        candidates.add(s)
        if not i:
            continue
        is_name = tok.lower() in names
        lo = max(0, i - 6)
        for p, w in zip(reversed(starts[lo:i]), reversed(words[lo:i]), strict=True):
            if s - p > 60:
                break
            if w.lower() in starters or is_name and w[0].isupper():
                candidates.add(p)
            elif w.lower() not in inner and len(w) > 1 and not w[0].isdigit():
                break
        before = words[i - 1].lower()
        if before in periods._NEAR_STARTERS and (before not in periods._YEAR_PREPOSITIONS or tok.isdigit()
                                                 or tok == "recent"):
            candidates.add(starts[i - 1])
    out, end, grammar = [], 0, periods._grammar()
    for pos in sorted(candidates):
        m = grammar.match(text, pos) if pos >= end else None
        if m is not None:
            end = m.end()
            out.append(_named(m))
    return out


def _named(m: re.Match[str]) -> tuple:
    """What a grammar match says, by group name (the per-character grammars number their groups otherwise)."""
    return m.span(), m.lastgroup, m.groupdict()


PERIOD_EDGES = ["in" + " " * 70 + "2022", "Former President Joe Biden's first term", "in recent weeks", "the Rio Grande "
                "Valley Sector on Monday", "So far this fiscal year", "12/18/23 and 4 of March", "2 weeks earlier"]


def test_period_candidates_from_cached_word_classes_match_the_plain_walk(sample_corpus: Path) -> None:
    for text in _texts(sample_corpus) + PERIOD_EDGES:
        assert [_named(m) for m in periods._matches(text)] == _plain_period_matches(text), text[:80]


def test_number_candidates_match_finditer(sample_corpus: Path) -> None:
    for text in _texts(sample_corpus) + PERIOD_EDGES:
        expected = [_shape(m) for m in numbers._ATOM.finditer(text) if m.end() > m.start()]
        assert [_shape(m) for m in numbers._matches(text)] == expected, text[:80]


def test_so_far_tail_needs_to_or_so_after_one_space(sample_corpus: Path) -> None:
    texts = _texts(sample_corpus) + ["in 2023 to date", "this year so far", "May\tto date", "2022\u00a0so far"]
    ends = [(text, m.end()) for text in texts for m in re.finditer(r"\w\b", text)]
    matched = [(text, e) for text, e in ends if periods._SOFAR_TAIL.match(text[e : e + 12])]
    assert matched
    assert [text[e : e + 12] for text, e in matched if not text.startswith(("to", "so"), e + 1)] == []


@pytest.mark.parametrize(("make", "cls"), [(numbers._number_span, numbers.NumberSpan),
                                           (periods._period_span, periods.PeriodSpan)], ids=["number", "period"])
def test_spans_made_by_filling_slots_are_the_dataclass_objects(make, cls) -> None:
    values = [f"value of {f.name}" for f in dataclasses.fields(cls)]  # each field its own value: none mixed up
    made, plain = make(*values), cls(*values)
    assert type(made) is cls
    assert made == plain
    assert hash(made) == hash(plain)
    assert repr(made) == repr(plain)
    assert dataclasses.asdict(made) == dataclasses.asdict(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 0  # type: ignore[misc]


@pytest.mark.parametrize("ch", sorted(string.ascii_letters + string.digits) + ["é", "_", "’"])
def test_grammar_for_a_character_matches_the_whole_grammar_at_every_word_holding_it(sample_corpus: Path,
                                                                                     ch: str) -> None:
    whole, cut = periods._grammar(), periods._grammar_for(ch)
    assert set(cut.groupindex) <= set(whole.groupindex)
    texts = _texts(sample_corpus) + PERIOD_EDGES + [f"{ch}x since {ch}", f"x {ch}anuary 5, 2023"]
    for text in texts:
        for pos in [0, *(m.start() for m in re.finditer(r"(?<=\W)\w", text))]:
            if text[pos : pos + 1] == ch:
                plain, got = whole.match(text, pos), cut.match(text, pos)
                assert (None if got is None else _named(got)) == (None if plain is None else _named(plain)), text[pos:pos + 60]
