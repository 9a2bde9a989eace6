"""Rule files: a bad file names the file and the field; a new kind added to kinds.yaml is extracted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from extract import rules
from extract.models import Article
from extract.pipeline import extract_metrics

PIPELINE_FILES = ("kinds", "rates", "attribution", "places", "exclusions")


@pytest.mark.parametrize("name", PIPELINE_FILES)
def test_bundled_rule_files_load(name: str) -> None:
    assert rules.load(name, rules.RULES_DIR)


def _write(folder: Path, name: str, data: object | str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def _kinds() -> dict:
    return yaml.safe_load((rules.RULES_DIR / "kinds.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "mutate", "field"),
    [
        ("kinds", lambda d: d["kinds"]["deaths"].update(triggers="died"), "kinds.deaths.triggers"),  # wrong type
        ("kinds", lambda d: d["kinds"]["deaths"].update(colour="red"), "kinds.deaths.colour"),  # unknown field
        ("kinds", lambda d: d["kinds"]["deaths"].pop("default_unit"), "kinds.deaths.default_unit"),  # missing
        ("kinds", lambda d: d["kinds"]["deaths"].update(weight="high"), "kinds.deaths.weight"),
        ("kinds", lambda d: d["kinds"]["deaths"]["triggers"].append(7), "kinds.deaths.triggers[1"),
        ("kinds", lambda d: d.pop("units"), "units"),
        ("rates", lambda d: d["per"].update(day="daily"), "per.day"),
        ("attribution", lambda d: d.pop("verbs"), "verbs"),
        ("places", lambda d: d.update(places={"a": 1}), "places"),
        ("exclusions", lambda d: d.update(after=[["x"]]), "after[0]"),
        ("places", lambda d: d.update(not_before={"the border": "wall"}), "not_before.the border"),
        ("attribution", lambda d: d.update(described=[1]), "described[0]"),
        ("periods", lambda d: d.update(habitual="usually"), "habitual"),
    ],
)
def test_bad_rule_file_names_file_and_field(tmp_path: Path, name: str, mutate, field: str) -> None:
    data = yaml.safe_load((rules.RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    mutate(data)
    path = _write(tmp_path, name, data)
    with pytest.raises(rules.RuleError) as err:
        rules.load(name, tmp_path)
    assert str(path.resolve()) in str(err.value)
    assert f"field '{field}" in str(err.value)


@pytest.mark.parametrize("body", ["kinds: [unclosed", "kinds:\n\t- tab", ": : :"])
def test_bad_yaml_names_the_file(tmp_path: Path, body: str) -> None:
    path = _write(tmp_path, "kinds", body)
    with pytest.raises(rules.RuleError, match="not valid YAML|expected") as err:
        rules.load("kinds", tmp_path)
    assert str(path.resolve()) in str(err.value)


def test_unknown_rule_file_lists_known_names() -> None:
    with pytest.raises(rules.RuleError, match="known: .*kinds"):
        rules.load("nonexistent")


def test_env_var_points_at_another_rules_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _kinds()
    data["kinds"]["deaths"]["triggers"] = "not a list"
    _write(tmp_path, "kinds", data)
    monkeypatch.setenv("BORDERMETRICS_RULES", str(tmp_path))
    assert rules.rules_dir() == tmp_path
    with pytest.raises(rules.RuleError, match="kinds.deaths.triggers"):
        rules.load("kinds")
    assert rules.load("rates")  # files the folder does not override come from the package


TUNNELS = {
    "triggers": ["tunnel*"],
    "nouns": ["tunnels", "smuggling tunnels"],
    "units": ["other"],
    "default_unit": "other",
}
TEXT = ("NOGALES, Ariz. — Agents found 14 smuggling tunnels under the city last year, "
        "according to the Border Patrol.")


def test_new_kind_in_kinds_yaml_is_extracted(tmp_path: Path) -> None:
    article = Article(id="t", title="", publisher="", published=dt.date(2024, 3, 1), url="", text=TEXT)
    assert extract_metrics(article, rules.RULES_DIR) == []  # no kind knows tunnels yet
    data = _kinds()
    data["kinds"]["tunnels"] = TUNNELS
    _write(tmp_path, "kinds", data)  # the only file the folder needs: the rest comes from the package
    got = extract_metrics(article, tmp_path)
    assert [(m.metric, m.value, m.unit, m.attributed_to) for m in got] == [("tunnels", 14.0, "other", "Border Patrol")]
    assert (got[0].period_start, got[0].period_end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


@pytest.mark.parametrize(("name", "field", "value", "text", "before", "after"), [
    # the nouns "the border" modifies rather than names
    ("places", "not_before", {}, "The law puts $46.5 billion toward the border wall.", None, "the border"),
    # generic sources that keep the words before them
    ("attribution", "described", [], "Agents caught 2,100 migrants in April, a senior agency official said.",
     "a senior agency official", "official"),
])
def test_word_lists_of_the_new_rules_are_read_from_the_rule_files(tmp_path: Path, name: str, field: str, value,
                                                                   text: str, before, after) -> None:
    article = Article(id="t", title="", publisher="", published=dt.date(2024, 5, 15), url="", text=text)
    pick = (lambda m: m.location) if name == "places" else (lambda m: m.attributed_to)
    assert [pick(m) for m in extract_metrics(article, rules.RULES_DIR)] == [before]
    data = yaml.safe_load((rules.RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    data[field] = value
    _write(tmp_path, name, data)
    assert [pick(m) for m in extract_metrics(article, tmp_path)] == [after]
