"""Score the extractor against a gold corpus, exactly as the corpus README defines a match.

A predicted metric matches a gold one of the same article when the kind is the same, the value is within
1% and `per` is the same; pairs are matched one-to-one, closest value first. Among matched pairs the report
adds period, qualifier, attribution and location accuracy.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extract.models import Article, Metric, Problem
from extract.reader import iter_jsonl

VALUE_TOLERANCE = 0.01

# Names counted as one when comparing attributions or places (after normalisation).
ALIASES: tuple[tuple[str, ...], ...] = (
    ("cbp", "us customs and border protection", "customs and border protection"),
    ("border patrol", "usbp", "us border patrol"),
    ("dhs", "department of homeland security", "us department of homeland security"),
    ("ice", "immigration and customs enforcement", "us immigration and customs enforcement"),
    ("inm", "mexicos national migration institute", "national migration institute",
     "national institute of migration", "instituto nacional de migración", "instituto nacional de migracion"),
    ("iom", "international organization for migration"),
)
_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
_ALIAS_OF = {name: group[0] for group in ALIASES for name in group}


def normalize_name(name: str | None) -> str:
    """Lower-case, punctuation dropped, a leading 'the' dropped, spaces collapsed; aliases to one name."""
    if not name:
        return ""
    text = _SPACE.sub(" ", _PUNCT.sub("", name.lower())).strip()
    if text.startswith("the "):
        text = text[4:]
    return _ALIAS_OF.get(text, text)


def same_name(a: str | None, b: str | None) -> bool:
    """The corpus test for attribution and location: equal after normalising, or one inside the other."""
    x, y = normalize_name(a), normalize_name(b)
    if not x or not y:
        return not x and not y
    if x == y or x in y or y in x:
        return True
    # an alias written inside a longer name ("CBP data", "ICE officials") still counts as that body
    return any(_contains_alias(x, key) and _contains_alias(y, key) for key in {_ALIAS_OF.get(x), _ALIAS_OF.get(y)}
               if key)


def _contains_alias(text: str, key: str) -> bool:
    group = next(g for g in ALIASES if g[0] == key)
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in group)


def relative_difference(predicted: float, gold: float) -> float:
    """|p - g| relative to the gold value (absolute when the gold value is 0)."""
    if gold == 0:
        return abs(predicted)
    return abs(predicted - gold) / abs(gold)


def match_metrics(predicted: list[Metric], gold: list[Metric]) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs: same kind and per, value within 1%, closest first."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if p.metric != g.metric or (p.per or None) != (g.per or None):
                continue
            diff = relative_difference(p.value, g.value)
            if diff <= VALUE_TOLERANCE + 1e-12:
                candidates.append((diff, i, j))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _diff, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


@dataclass(slots=True)
class Counts:
    """Matches, predictions and gold records for one slice (all, or one kind)."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "matched": self.matched, "predicted": self.predicted, "gold": self.gold}


@dataclass(slots=True)
class EvalReport:
    """Scores of one evaluation run, with the misses and false alarms kept for inspection."""

    overall: Counts = field(default_factory=Counts)
    per_kind: dict[str, Counts] = field(default_factory=dict)
    period_ok: int = 0
    qualifier_ok: int = 0
    attribution_ok: int = 0
    location_ok: int = 0
    articles: int = 0
    misses: list[tuple[str, Metric]] = field(default_factory=list)
    false_alarms: list[tuple[str, Metric]] = field(default_factory=list)
    mismatches: list[tuple[str, str, Metric, Metric]] = field(default_factory=list)

    def _acc(self, ok: int) -> float:
        return ok / self.overall.matched if self.overall.matched else 0.0

    @property
    def f1(self) -> float:
        return self.overall.f1

    @property
    def period_accuracy(self) -> float:
        return self._acc(self.period_ok)

    @property
    def qualifier_accuracy(self) -> float:
        return self._acc(self.qualifier_ok)

    @property
    def attribution_accuracy(self) -> float:
        return self._acc(self.attribution_ok)

    @property
    def location_accuracy(self) -> float:
        return self._acc(self.location_ok)

    def scores(self) -> dict[str, object]:
        """The headline figures as a JSON-ready dict."""
        return {
            "articles": self.articles,
            **self.overall.as_dict(),
            "period_accuracy": round(self.period_accuracy, 4),
            "qualifier_accuracy": round(self.qualifier_accuracy, 4),
            "attribution_accuracy": round(self.attribution_accuracy, 4),
            "location_accuracy": round(self.location_accuracy, 4),
            "per_kind": {k: c.as_dict() for k, c in sorted(self.per_kind.items())},
        }


def _kind(report: EvalReport, kind: str) -> Counts:
    if kind not in report.per_kind:
        report.per_kind[kind] = Counts()
    return report.per_kind[kind]


def evaluate(
    gold_articles: Iterable[tuple[Article, list[Metric]]],
    predict: Callable[[Article], list[Metric]],
) -> EvalReport:
    """Score `predict` over (article, gold metrics) pairs."""
    report = EvalReport()
    for article, gold in gold_articles:
        report.articles += 1
        predicted = predict(article)
        pairs = match_metrics(predicted, gold)
        report.overall.matched += len(pairs)
        report.overall.predicted += len(predicted)
        report.overall.gold += len(gold)
        for p in predicted:
            _kind(report, p.metric).predicted += 1
        for g in gold:
            _kind(report, g.metric).gold += 1
        for i, j in pairs:
            p, g = predicted[i], gold[j]
            _kind(report, g.metric).matched += 1
            checks = {
                "period": p.period_start == g.period_start and p.period_end == g.period_end,
                "qualifier": p.qualifier == g.qualifier,
                "attribution": same_name(p.attributed_to, g.attributed_to),
                "location": same_name(p.location, g.location),
            }
            report.period_ok += checks["period"]
            report.qualifier_ok += checks["qualifier"]
            report.attribution_ok += checks["attribution"]
            report.location_ok += checks["location"]
            for name, ok in checks.items():
                if not ok:
                    report.mismatches.append((article.id, name, p, g))
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        report.misses.extend((article.id, g) for j, g in enumerate(gold) if j not in matched_g)
        report.false_alarms.extend((article.id, p) for i, p in enumerate(predicted) if i not in matched_p)
    return report


def read_gold(path: str | Path) -> tuple[list[tuple[Article, list[Metric]]], list[Problem]]:
    """Articles with their gold metrics from a JSON Lines file; each bad line is a Problem."""
    items: list[tuple[Article, list[Metric]]] = []

    def to_item(record: object, where: str) -> Article | Problem:
        try:
            if not isinstance(record, dict):
                raise ValueError(f"expected a JSON object, got {type(record).__name__}")
            article = Article.from_dict(record)
            if not article.text.strip():
                raise ValueError("article has no text")
            raw = record.get("metrics")
            if not isinstance(raw, list):
                raise ValueError("no 'metrics' list (not a gold file?)")
            gold = [Metric.from_dict(m, article.id) for m in raw]
        except (ValueError, KeyError, TypeError) as exc:
            return Problem(where, f"bad gold record: {exc}")
        items.append((article, gold))
        return article

    with Path(path).open(encoding="utf-8", errors="replace") as fh:
        problems = [p for p in iter_jsonl(fh, str(path), to_item) if isinstance(p, Problem)]
    return items, problems


def _describe(m: Metric) -> str:
    period = f"{m.period_start}..{m.period_end}" if m.period_start else "-"
    return (f"{m.metric} {m.value:g} {m.unit} per={m.per or '-'} {period} {m.qualifier} "
            f"by={m.attributed_to or '-'} at={m.location or '-'}")


def format_report(report: EvalReport, show: int = 0) -> str:
    """The scores as text, with up to `show` misses and false alarms."""
    o = report.overall
    lines = [
        f"articles {report.articles}  gold {o.gold}  predicted {o.predicted}  matched {o.matched}",
        f"precision {o.precision:.3f}  recall {o.recall:.3f}  F1 {o.f1:.3f}",
        f"period {report.period_accuracy:.3f}  qualifier {report.qualifier_accuracy:.3f}  "
        f"attribution {report.attribution_accuracy:.3f}  location {report.location_accuracy:.3f}",
        "",
        f"{'kind':<18}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}",
    ]
    for kind, c in sorted(report.per_kind.items()):
        lines.append(f"{kind:<18}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.gold:>6}{c.predicted:>6}")
    if show:
        lines += ["", f"misses ({len(report.misses)}):"]
        for aid, m in report.misses[:show]:
            lines += [f"  [{aid}] {_describe(m)}", f"      {m.evidence}"]
        lines += ["", f"false alarms ({len(report.false_alarms)}):"]
        for aid, m in report.false_alarms[:show]:
            lines += [f"  [{aid}] {_describe(m)}", f"      {m.evidence}"]
        lines += ["", f"wrong fields on matched pairs ({len(report.mismatches)}):"]
        for aid, name, p, g in report.mismatches[:show]:
            lines += [f"  [{aid}] {name}: got {_describe(p)}", f"      gold {_describe(g)}", f"      {g.evidence}"]
    return "\n".join(lines)


def run_eval(gold_path: str, show: int = 0, as_json: bool = False) -> int:
    """`bordermetrics eval`: print the scores; 1 when the file is missing or any line was bad."""
    from extract.pipeline import extract_metrics

    if not Path(gold_path).is_file():
        print(f"{gold_path}: no such file", file=sys.stderr)
        return 1
    items, problems = read_gold(gold_path)
    for problem in problems:
        print(f"skipped {problem}", file=sys.stderr)
    report = evaluate(items, extract_metrics)
    if as_json:
        print(json.dumps(report.scores(), indent=2))
    else:
        print(format_report(report, show))
    return 1 if problems else 0
