"""The speed-ups of the extractor must not change what it finds: each fast path against the plain form it replaces,
on the sample corpus and on edge cases."""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

import pytest

from extract import numbers, pipeline, rules
from extract.numbers import word_tokens
from extract.periods import _grammar, _routed_grammar

EDGES = [
    "", " ", "a", "5 a day", "a-day 3 per-day", "ANNUALLY per  annum", "-a day", "\u212a a Day", "ſince May",
    "U.S.-Mexico; El Paso — CBP said: 1,000", "Since\u00a0Tuesday, 2,000 (DHS) said they", "x!\n\n\"Y. z? (W", "end.",
    "FY2024 Q3 12/18/23 the fiscal year ending Sept. 30, 2023", "officials, citing data obtained by CNN, reported",
]


def _texts(sample: Path) -> list[str]:
    return [json.loads(line)["text"] for line in sample.read_text(encoding="utf-8").splitlines() if line] + EDGES


def _shape(m: re.Match[str] | None) -> tuple | None:
    return None if m is None else (m.span(), m.lastgroup, m.groups())


def test_routed_grammar_matches_the_plain_one_at_every_word(sample_corpus: Path) -> None:
    plain, routed = _grammar(), _routed_grammar()
    assert routed is not plain  # the guards were built (a grammar of another shape would run unguarded)
    for text in _texts(sample_corpus):
        for pos in [0, *(m.start() for m in re.finditer(r"(?<=\W)\w", text))]:
            assert _shape(routed.match(text, pos)) == _shape(plain.match(text, pos)), text[pos : pos + 60]


def _plain_alternation(phrases: list[str]) -> str:
    return "|".join(pipeline._phrase_pattern(p) for p in sorted(set(phrases), key=len, reverse=True))


def _rule_lists() -> list[tuple[str, list[str], int]]:
    kinds, rates = rules.load("kinds"), rules.load("rates")
    attribution, excl = rules.load("attribution"), rules.load("exclusions")
    out = [(f"nouns:{name}", spec.get("nouns") or [], re.I) for name, spec in kinds["kinds"].items()]
    out += [(f"units:{unit}", list(words), re.I) for unit, words in kinds["units"].items()]
    out += [(f"per:{per}", list(words), re.I) for per, words in rates["per"].items()]
    out += [("verbs", attribution["verbs"], 0), ("generic", attribution.get("generic") or [], 0),
            ("before", excl["before"], re.I), ("after", excl["after"], re.I)]
    return [entry for entry in out if entry[1]]


@pytest.mark.parametrize(("name", "phrases", "flags"), _rule_lists(), ids=lambda v: v if isinstance(v, str) else "")
def test_grouped_alternation_matches_the_plain_one(sample_corpus: Path, name: str, phrases: list[str],
                                                    flags: int) -> None:
    plain = re.compile(_plain_alternation(phrases), flags)
    grouped = re.compile(pipeline._alternation(phrases), flags)
    for text in _texts(sample_corpus)[::4] + EDGES:
        assert [_shape(m) for m in grouped.finditer(text)] == [_shape(m) for m in plain.finditer(text)], name


def test_seeded_scans_match_finditer(sample_corpus: Path) -> None:
    rc = pipeline.compiled()
    for text in _texts(sample_corpus):
        for s, e in pipeline.sentences(text) or [(0, len(text))]:
            assert [_shape(m) for m in pipeline._verb_after(rc, text, s, [(0, e)])] == [
                _shape(m) for m in rc.attr_verb_after.finditer(text, s, e)]
            assert [_shape(m) for m in pipeline._finditer(rc.rate_after, rc.rate_after_starts, text, s, e)] == [
                _shape(m) for m in rc.rate_after.finditer(text, s, e)]


@pytest.mark.parametrize("text", EDGES + ["é ü 日本 x_y 12,3²", "a\u2028b\tc"])
def test_word_tokens_are_the_words_and_their_starts(text: str) -> None:
    starts, words = word_tokens(text)
    assert list(zip(starts, words, strict=True)) == [(m.start(), m.group()) for m in re.finditer(r"\w+", text)]


def _lead_ins(sample: Path) -> list[str]:
    """The 24 characters before every word and digit of the sample and the edge cases, as _role reads them."""
    texts = _texts(sample) + ["Zip code 79901", "area code 915", "ages of 12", "older than 65", "Nos. 4", "§ 1182",
                              "#3", "TX-20", "no. 5", "U.S. 90", "COVID-19", "aged\n 4", "number\n5", "É 7"]
    return [text[max(0, m.start() - 24) : m.start()] for text in texts for m in re.finditer(r"\b\w", text)]


@pytest.mark.parametrize(("may", "pattern"), [(numbers._may_code, numbers._CODE_BEFORE),
                                              (numbers._may_ordinal, numbers._ORDINAL_BEFORE),
                                              (numbers._may_age, numbers._AGE_BEFORE)], ids=["code", "ordinal", "age"])
def test_lead_in_prefilters_never_skip_a_match(sample_corpus: Path, may, pattern: re.Pattern[str]) -> None:
    leads = _lead_ins(sample_corpus)
    matched = [lead for lead in leads if pattern.search(lead)]
    assert matched  # the corpus exercises the pattern
    assert [lead for lead in matched if not may(lead)] == []



# exclude phrases written every way their patterns allow (odd spacing, case, hyphens, '*' endings, IGNORECASE folds)
EXCLUDE_EDGES = [
    "He had 500 people IN CUSTODY.", "500 were in\u00a0 federal\ncustody.", "The 500 remained   detained there.",
    "About 500 re-smugglers paid $3,000 in bribery.", "A fare of $300 per\tperson.", "They paid $300 a head.",
    "500 ſmugglers paid $2,000.", "500 people İN CUSTODY now.", "Cross-border arrests-for 500 migrants.",
    "The remains of 12 migrants; bodies-of 5.", "500 wait-times were in u.s. custody", "In Custody: 500.",
]


@pytest.mark.parametrize(("phrase", "key"), [
    ("in custody", "custody"), ("in u.s. custody", "custody"), ("smuggler*", "smuggler*"), ("bribe*", "bribe*"),
    ("a head", "head"), ("per person", "person"), ("ab*", None), ("u.s.", None), ("wait time*", "wait"), ("in smuggl*", "smuggl*"), ("remain detained", "detained"),
])
def test_an_exclude_phrase_is_indexed_by_a_word_every_match_holds(phrase: str, key: str | None) -> None:
    assert pipeline._key_word(phrase) == key


def test_exclude_words_asked_lazily_match_a_search_of_the_sentence(sample_corpus: Path) -> None:
    rc = pipeline.compiled()
    assert any(kind.exclude_keys for kind in rc.kinds)  # the index's key words are in use
    excluded = 0
    for text in _texts(sample_corpus)[::3] + EXCLUDE_EDGES:
        cache = pipeline.SentenceKinds(rc, text, rc.index.find(text))
        for sent in pipeline.sentences(text):
            for i, kind in enumerate(rc.kinds):
                plain = kind.exclude is not None and kind.exclude.search(text, *sent) is not None
                assert cache.excluded(sent, i) == plain, (kind.name, text[sent[0] : sent[1]])
                excluded += plain
    assert excluded >= len(EXCLUDE_EDGES)  # the edge cases do hold exclude phrases


@pytest.mark.parametrize("extra", ["", "word " * 900 + ". Short one.", "x" * 4500, "A. " + "b " * 1500 + "\n\nC."])
def test_sentences_skip_the_cut_only_when_no_sentence_is_overlong(sample_corpus: Path, extra: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [*_texts(sample_corpus)[::5], extra]
    cut = [pipeline.sentences(text) for text in texts]
    monkeypatch.setattr(pipeline, "MAX_SENTENCE", 10**9)  # nothing overlong: the spans before any cut
    uncut = [pipeline.sentences(text) for text in texts]
    monkeypatch.undo()
    assert cut == [[piece for span in spans for piece in pipeline._cap(text, span)]
                   for text, spans in zip(texts, uncut, strict=True)]


# ---------------------------------------------------------------------------------------------------
# Pipeline fast paths against their plain forms, on whole extractions: each entry patches the plain form in.

LIST_EDGES = [
    "EL PASO — Agents in El Paso and Laredo, Texas caught 1,200 migrants from Mexico; 300 more in the U.S.-Mexico "
    "zone and 40 at the Texas National Guard post. Currently 900 people are held there, and 80 in the sector.",
    "Until the count falls below 1,500 a day, 2,000 agents stay. Whenever encounters average 2,500, it shuts.",
    "CBP said on Tuesday:\n- 10,167 migrants turned away\n- 3,000 apprehensions\n- 400 gotaways\n\n"
    "Officials reported:\n* 2,000 arrests\n* 1,500 removals",
    "April at a glance:\n- 8,383 encounters (CBP)\n- 4,000 apprehensions\nMore:\n- 900 removals\n- 800 arrests",
    "Every group grew, the Border Patrol said:\n• 2,500 families\n• 1,200 children\n\nNo source here:\n- 300 arrests",
]


def _plain_intro_attribution(self: pipeline._Context, intro: tuple[int, int]) -> str | None:
    return pipeline._attribution(self.rc, self.text, intro)[0]


def _plain_lead_source(self: pipeline._Context, para: int) -> str | None:
    lead_source, second_para = self._lead()
    return lead_source if para == second_para else None


PLAIN_FORMS = {
    "intro source found once per list": (pipeline._Context, "_intro_attribution", _plain_intro_attribution),
    "places checked once per sentence": (pipeline._Context, "_places",
                                         lambda self, sent: pipeline._places_in(self.rc, self.text, sent, self.spans)),
    "'now' searched once per sentence": (pipeline._Context, "_now",
                                         lambda self, sent: pipeline._NOW.search(self.text, *sent) is not None),
    "veto searched once per sentence": (pipeline.SentenceKinds, "vetoed",
                                        lambda self, sent: pipeline._sentence_vetoed(self.text, sent, self.spans)),
    "list intro found once per paragraph": (pipeline._Context, "_list_intro",
                                            lambda self, para: self._list_intro_scan(para)),
    "lead's source found only for the next paragraph": (pipeline._Context, "_lead_source", _plain_lead_source),
    "one source needs no distance": (pipeline, "_nearest_source", lambda text, n, found: min(
        found, key=lambda f: pipeline._distance(text, n.start, n.end, f[0], f[1]))[2] if found else None),
}


def _articles(sample: Path, extra: list[str]) -> list:
    from extract.models import Article

    records = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines() if line]
    articles = [Article.from_dict(r) for r in records]
    return articles + [Article(f"edge{i}", "", "", None, "", text) for i, text in enumerate(EDGES + extra)]


@pytest.mark.parametrize("name", PLAIN_FORMS)
def test_pipeline_fast_path_gives_the_plain_form_output(sample_corpus: Path, name: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    articles = _articles(sample_corpus, LIST_EDGES + EXCLUDE_EDGES)
    fast = [pipeline.extract_metrics(a) for a in articles]
    owner, attr, plain = PLAIN_FORMS[name]
    monkeypatch.setattr(owner, attr, plain)
    assert [pipeline.extract_metrics(a) for a in articles] == fast
    assert sum(map(len, fast)) > 600  # the corpus and edge cases give figures


def _plain_find(index: pipeline.PhraseIndex, text: str) -> pipeline.Spans:
    """The phrase index's matches, by the rule its docstring states: at each word, each tag's longest phrase; a
    match starting inside the tag's last match is dropped."""
    starts, words = word_tokens(text)
    lower = "\x00".join(words).lower().split("\x00") if words else []
    found: pipeline.Spans = {tag: ([], []) for tag in index.tags}
    last_end = dict.fromkeys(index.tags, -1)
    for i, low in enumerate(lower):
        always, by_next = index._groups.get(low, ([], {}))
        best: dict[str, int] = {}
        for tag, want, prefix, cs in always + [e for entries in by_next.values() for e in entries]:
            end = -1
            for k, w in enumerate(want):
                j = i + k
                if j >= len(words) or k and (starts[j] - end > pipeline._MAX_GAP or "\n" in text[end:starts[j]]):
                    break
                word = words[j] if cs else lower[j]
                if not (word.startswith(w) if prefix and k == len(want) - 1 else word == w):
                    break
                end = starts[j] + len(words[j])
            else:
                best[tag] = max(best.get(tag, -1), end)
        for stem, tag in index._prefix.get(low[:3], ()):
            if low.startswith(stem):
                best[tag] = max(best.get(tag, -1), starts[i] + len(words[i]))
        for tag, end in best.items():
            if starts[i] >= last_end[tag]:
                found[tag][0].append(starts[i])
                found[tag][1].append((starts[i], end))
                last_end[tag] = end
    return found


INDEX_EDGES = [
    "CBP and cbp and Cbp; INM, inm. ICE ice", "the port of  entry the\nport the sector, the\u00a0sector", "THE PORT",
    "Customs and Border Protection; customs and border protection; U.S. Customs and Border Protection", "the",
    "National Institute of Migration\nNational Institute of\n\nMigration", "ΟΔΟΣ ΣΑΣ İSTANBUL İNM ınm", "ſaid SAID",
    "Mexican authorities said; Mexican\nauthorities; MEXICAN AUTHORITIES", "smugglers smuggling smuggl* bribes",
]


@pytest.mark.parametrize("limit", [pipeline._INFO_LIMIT, 40])  # 40: the words kept are forgotten text after text
def test_phrase_index_finds_what_the_plain_rule_finds(sample_corpus: Path, limit: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_INFO_LIMIT", limit)
    index = pipeline.compiled().index
    texts = _texts(sample_corpus) + INDEX_EDGES
    for text in texts:
        assert index.find(text) == _plain_find(index, text), text[:80]
    assert sum(len(index.find(t)["_org"][0]) for t in INDEX_EDGES) >= 5  # case-sensitive names are exercised


@pytest.mark.parametrize(("first", "later"), [
    (["the port of entry", "CBP"], ["the port", "port*"]), (["smuggl*"], ["the sector", "sector"]),
    (["said"], ["said", "he said", "the"]),
])
def test_phrase_index_added_to_after_a_find_finds_the_new_phrases(first: list[str], later: list[str]) -> None:
    index = pipeline.PhraseIndex()  # its word test is made at the first find, then again after the new phrases
    index.add("a", first)
    text = "The port of entry said; the port, the sector and smugglers said CBP ports he said. " * 2
    assert index.find(text) == _plain_find(index, text)
    index.add("b", later)
    assert index.find(text) == _plain_find(index, text)
    assert index.find(text)["b"][0]  # the phrases added later are found


def test_a_phrase_index_keeps_one_word_test_however_often_it_is_added_to() -> None:
    before = len(numbers._TESTS)
    index = pipeline.PhraseIndex()
    for tag in "abc":
        index.add(tag, [f"{tag}x", "said"])
        index.find("ax bx cx said 5")
    assert len(numbers._TESTS) == before + 1 and numbers._LIMIT[0] == 200_000


@pytest.mark.parametrize("words", [["ΟΔΟΣ", "ΣΑΣ", "Σ", "aΣ"], ["İSTANBUL", "İ", "ß", "ǅ"], ["Ab", "ab", "AB", "ſ"]])
def test_words_lowered_one_by_one_are_the_lowered_text_split(words: list[str]) -> None:
    assert [w.lower() for w in words] == "\x00".join(words).lower().split("\x00")


BREAK_EDGES = [
    "a — — b", "a – — – b", "x, while — y", "x, while, but z", "a:  b; c;; d", ":", ";", ",", " —", "— ", "\u00a0–\u00a0x",
    "a,\u00a0and b", "a, whereas b, as c, and d, but e", "end, and", "end, as", "x:\n y", "x —\ny", "a ; — b", ", and — x",
]


@pytest.mark.parametrize("extra", [BREAK_EDGES])
def test_clause_breaks_are_the_pattern_matches(sample_corpus: Path, extra: list[str]) -> None:
    for text in _texts(sample_corpus) + extra:
        found = list(pipeline._CLAUSE_BREAK.finditer(text))
        assert pipeline._clause_breaks(text) == ([m.start() for m in found], [m.end() for m in found]), text[:80]


def _plain_excluded_before(rc: pipeline.Compiled, text: str, sent_start: int, pos: int) -> bool:
    j = pos
    while j > sent_start and text[j - 1] in pipeline._TRAIL_BEFORE:
        j -= 1
    k = j
    while k > sent_start and (text[k - 1].isalnum() or text[k - 1] == "_"):
        k -= 1
    if text[k:j].lower() not in rc.excl_before_last:
        return False
    return rc.excl_before.search(text, max(sent_start, pos - 25), pos) is not None


BEFORE_EDGES = [
    "a population of 5", "A POPULATION OF 5", "a populatıon of 5", "a ſtate of 5", "the İ state of 5", "x-population of 5",
    "a city  of\u00a0$5", "a city of\n5", "Older  than 65", "older\tthan $65", "home to 4", "homes to 4", "more than 300",
    "people over 5", "those\u2003under 5", "vote was 7", "vote of 7", "executive order 14", "case no. 5", "over age 12",
    "No. 5", "cityof 5", "a county-of 5", "u.s. 90", "people  over  40", "Popu\u0130ation of 4", "city of", "of 5",
]


def test_exclusion_before_checks_skip_only_what_the_pattern_misses(sample_corpus: Path) -> None:
    rc = pipeline.compiled()
    assert rc.excl_before_prev  # multi-word phrases are prefiltered
    excluded = 0
    for text in _texts(sample_corpus) + BEFORE_EDGES:
        for s, _e in pipeline.sentences(text) or [(0, len(text))]:
            for m in re.finditer(r"\w+", text[s:_e]):
                pos = s + m.start()
                plain = _plain_excluded_before(rc, text, s, pos)
                assert pipeline._excluded_before(rc, text, s, pos) == plain, text[max(0, pos - 30) : pos + 5]
                excluded += plain
    assert excluded >= 15  # the edge cases do hold exclusion phrases


DAY_MONTH_EDGES = [
    "On an ordinary day, 20,000 trucks cross", "ON A BUSY DAY 300", "in a typical\u00a0 summer day 9", "each day of May",
    "For every Day of the week 4", "during the month 5", "Over The Whole MONTH 6", "in the entire\nmonth 7", "monthly 8",
    "in a ſingle day 3", "on a daily basis 3", "mid-day 2", "through the months 4", "for the mon\u0131h 4",
    "the DAILY count hit 10,000", "da\u0131ly crossings ran to 5,000", "the daily newspaper said 4", "daıly 5",
    "since\u00a0May, 4,000", "SINCE the start 5", "ſince May 6", "sınce May 7", "Since: 8", "ever since, 9",
]


@pytest.mark.parametrize(("letters", "pattern"), [(pipeline._DAY_LETTERS, pipeline._TYPICAL_DAY),
                                                  (pipeline._MONTH_LETTERS, pipeline._THE_MONTH),
                                                  (pipeline._DAILY_LETTERS, pipeline._DAILY_BEFORE),
                                                  (pipeline._SINCE_LETTERS, pipeline._SINCE_BEFORE)],
                         ids=["day", "month", "daily", "since"])
def test_letter_prefilters_never_skip_a_match(sample_corpus: Path, letters: re.Pattern[str],
                                              pattern: re.Pattern[str]) -> None:
    matched = 0
    for text in _texts(sample_corpus)[::2] + DAY_MONTH_EDGES:
        for m in re.finditer(r"\w+", text):
            lo, hi = max(0, m.start() - 100), m.start()
            plain = pattern.search(text, lo, hi) is not None
            assert (letters.search(text, lo, hi) is not None) >= plain, text[lo:hi]
            matched += plain
    assert matched >= 3  # the edge cases hold matches


@pytest.mark.parametrize(("fast", "pattern"), [(pipeline._typical_day, pipeline._TYPICAL_DAY),
                                               (pipeline._the_month, pipeline._THE_MONTH)], ids=["day", "month"])
def test_prefiltered_searches_are_the_searches(fast, pattern: re.Pattern[str]) -> None:
    for text in DAY_MONTH_EDGES:
        assert fast(text, 0, len(text)) == (pattern.search(text) is not None), text


WORD_KEY_EDGES = [
    "He said 5,000 crossed.", "THEY  TOLD reporters 300.", "she\u00a0noted 40 cases", "4,000, said he.", "ſhe said 50.",
    "The said 40 agents.", "Now 500 wait.", "So  far, 300 crossed.", "As of today 200.", "To DATE 90 people.",
    "At presently 5.", "Currently\u00a0400 are held.", "had already 30", "it had been already 40", "ſo far 20 remain",
]


def test_word_keyed_patterns_match_as_the_plain_searches(sample_corpus: Path) -> None:
    rc = pipeline.compiled()
    pronouns = nows = 0
    for text in _texts(sample_corpus) + WORD_KEY_EDGES:
        spans = rc.index.find(text)
        keys_hold = pipeline.SentenceKinds(rc, text, spans).keys_hold
        for sent in pipeline.sentences(text):
            plain = pipeline._PRONOUN_SOURCE.search(text, *sent) is not None
            assert pipeline._sources(rc, text, sent, spans, keys_hold) == (
                pipeline._sources(rc, text, sent, spans)[0], plain), text[sent[0] : sent[1]]
            context = pipeline._Context(rc, text, None, spans, [], [0], [], [sent], keys_hold)
            now = pipeline._NOW.search(text, *sent) is not None
            assert context._now(sent) == now, text[sent[0] : sent[1]]
            pronouns += plain
            nows += now
    assert pronouns >= 4 and nows >= 6  # the edge cases hold matches


def test_matches_between_are_the_filtered_slice(sample_corpus: Path) -> None:
    index = pipeline.compiled().index
    for text in _texts(sample_corpus)[::2] + INDEX_EDGES:
        windows = pipeline.sentences(text) + [(a, a + w) for a in range(0, len(text), 37) for w in (0, 5, 60, 300)]
        for starts, items in index.find(text).values():
            for lo, hi in windows:
                plain = [m for m in items[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)] if m[1] <= hi]
                assert pipeline._between((starts, items), lo, hi) == plain, (lo, hi)
