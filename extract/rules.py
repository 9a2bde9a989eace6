"""Rule files: YAML data inside the package, checked against a schema once, then cached.

A schema is a small nested description:
  str, int, float, bool       a value of that type (int is accepted where float is asked)
  [spec]                      a list whose items match spec
  {"key": spec, "?opt": spec} a mapping with these keys ("?" marks an optional key); other keys are errors
  {"*": spec}                 a mapping from any string key to values matching spec
  ("enum", ("a", "b"))        one of the listed strings
  ("nullable", spec)          None or spec
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).resolve().parent / "rules"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there: 10x faster

# name -> schema of rules/<name>.yaml. The pipeline and the number/period layers add theirs here.
SCHEMAS: dict[str, Any] = {
    "qualifiers": {
        "approx": [str],
        "over": [str],
        "under": [str],
        "?approx_after": [str],
        "?over_after": [str],
        "?under_after": [str],
        "?exact": [str],
    },
    "periods": {
        "terms": [{"name": str, "start": str, "end": ("nullable", str)}],
        "recent_days": int,
        "recent_months_days": int,
        "?habitual": [str],
    },
    "kinds": {
        "kinds": {"*": {
            "triggers": [str],
            "?nouns": [str],
            "units": [str],
            "default_unit": str,
            "?exclude": [str],
            "?weight": float,
            "?stock": bool,
            "?body_is_source": bool,
            "?min_count": int,
            "?needs_noun": bool,
            "?outcome": bool,
        }},
        "units": {"*": [str]},
    },
    "rates": {
        "per": {"*": [str]},
        "?before": {"*": [str]},
    },
    "attribution": {
        "verbs": [str],
        "before": [str],
        "?generic": [str],
        "?stop_subjects": [str],
        "?refer_back": [str],
        "?institution_words": [str],
        "?organizations": [str],
        "?described": [str],
    },
    "places": {
        "places": [str],
        "?suffixes": [str],
        "?prefixes": [str],
        "?implied": {"*": [str]},
        "?back_references": [str],
        "?not_before": {"*": [str]},
    },
    "exclusions": {
        "after": [str],
        "before": [str],
        "clause": [str],
        "?sentence": [str],
        "?share_words": [str],
        "?change_words": [str],
        "?vague": [str],
    },
}


class RuleError(ValueError):
    """A rule file that does not match its schema: names the file and the field."""


def _type_name(spec: Any) -> str:
    if isinstance(spec, type):
        return spec.__name__
    if isinstance(spec, list):
        return "a list"
    if isinstance(spec, dict):
        return "a mapping"
    if isinstance(spec, tuple) and spec[0] == "enum":
        return "one of " + ", ".join(spec[1])
    if isinstance(spec, tuple) and spec[0] == "nullable":
        return _type_name(spec[1]) + " or null"
    return str(spec)


def check(value: Any, spec: Any, where: str, file: str) -> None:
    """Raise RuleError naming `file` and the field path `where` when value does not match spec."""

    def fail(expected: str) -> None:
        raise RuleError(f"{file}: field '{where or '<top>'}': expected {expected}, got {value!r:.80}")

    if isinstance(spec, tuple):
        if spec[0] == "nullable":
            if value is not None:
                check(value, spec[1], where, file)
            return
        if spec[0] == "enum":
            if value not in spec[1]:
                fail(_type_name(spec))
            return
        raise TypeError(f"bad schema spec {spec!r}")
    if spec is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail("a number")
        return
    if isinstance(spec, type):
        if isinstance(value, bool) and spec is not bool or not isinstance(value, spec):
            fail(_type_name(spec))
        return
    if isinstance(spec, list):
        if not isinstance(value, list):
            fail("a list")
        for i, item in enumerate(value):
            check(item, spec[0], f"{where}[{i}]", file)
        return
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            fail("a mapping")
        if "*" in spec:
            for key, item in value.items():
                if not isinstance(key, str):
                    raise RuleError(f"{file}: field '{where}': keys must be strings, got {key!r}")
                check(item, spec["*"], f"{where}.{key}" if where else key, file)
            return
        allowed = {k.lstrip("?"): k.startswith("?") for k in spec}
        for key in value:
            if key not in allowed:
                raise RuleError(
                    f"{file}: field '{f'{where}.{key}' if where else key}': unknown field; "
                    f"allowed: {', '.join(sorted(allowed))}"
                )
        for key, optional in allowed.items():
            sub = f"{where}.{key}" if where else key
            if key not in value:
                if not optional:
                    raise RuleError(f"{file}: field '{sub}': required field is missing")
                continue
            check(value[key], spec[("?" if optional else "") + key], sub, file)
        return
    raise TypeError(f"bad schema spec {spec!r}")


def load_file(path: Path, schema: Any) -> Any:
    """Parse and check one rule file; any problem is a RuleError naming the file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: not valid YAML: {exc}") from None
    check(data, schema, "", str(path))
    return data


def rules_dir() -> Path:
    """Where rule files are read from: $BORDERMETRICS_RULES, else the package's rules/ folder."""
    env = os.environ.get("BORDERMETRICS_RULES")
    return Path(env) if env else RULES_DIR


def load(name: str, directory: Path | None = None) -> Any:
    """The checked content of <directory>/<name>.yaml, default rules_dir() (cached per file)."""
    if name not in SCHEMAS:
        raise RuleError(f"no schema for rule file {name!r}; known: {', '.join(sorted(SCHEMAS))}")
    folder = Path(directory) if directory is not None else rules_dir()
    path = folder / f"{name}.yaml"
    if not path.is_file() and folder != RULES_DIR:
        path = RULES_DIR / f"{name}.yaml"  # an override folder only needs the files it changes
    return _load_cached(path.resolve(), name)


@functools.cache
def _load_cached(path: Path, name: str) -> Any:
    return load_file(path, SCHEMAS[name])
