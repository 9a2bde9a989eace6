"""The Claims tab: row formatting, selection, settings and CSV without a browser; one real-browser check."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from dashboard import claims_view as view
from dashboard import ids
from dashboard.parts import link_or_text, safe_url
from extract.claims import CLAIM_COLUMNS, ClaimSettingsError, group_claims
from extract.store import Filters, Store
from tests.test_claims import WIRE, frame, row

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.parametrize(("value", "unit", "per", "text"), [
    (10_000, "people", "day", "10,000 a day"),
    (200_000_000, "usd", "day", "$200,000,000 a day"),
    (0.43, "hours", None, "0.43 hours"),
    (42, "percent", None, "42%"),
    (6.5, "people", None, "6.5"),
    (9_800, "rail_cars", "week", "9,800 rail cars a week"),
    (3, "widgets", None, "3 widgets"),
    (float("nan"), "people", None, ""),
])
def test_format_value(value: float, unit: str, per: str | None, text: str) -> None:
    assert view.format_value(value, unit, per) == text


@pytest.mark.parametrize(("url", "safe"), [
    ("https://news.example/a", "https://news.example/a"),
    ("HTTP://news.example/a", "HTTP://news.example/a"),
    ("javascript:alert(1)", ""),
    ("data:text/html,<script>1</script>", ""),
    (None, ""),
])
def test_safe_url(url: str | None, safe: str) -> None:
    link = link_or_text("t", url)
    assert (safe_url(url), type(link).__name__, getattr(link, "href", None)) == (safe, "A" if safe else "Span",
                                                                                 safe or None)


DISAGREE = [row(1, "a", 10_000), row(2, "b", 12_000), row(3, "c", 10_150, pub="2023-12-20")]


@pytest.mark.parametrize(("rows", "claim_id", "field", "expected"), [
    (DISAGREE, "c1", "spread", "10,000 to 10,150"),
    (DISAGREE, "c2", "spread", "12,000"),
    (DISAGREE, "c1", "disagrees", "c2"),
    (DISAGREE, "c1", "figure", "10,000 a day"),
    (DISAGREE, "c1", "n_articles", 2),
    (DISAGREE, "c1", "official_ratio", 1.03),
    (DISAGREE, "c2", "official", "9,741 a day"),
    (WIRE, "c10", "first_publisher", "Outlet 1"),
    (WIRE, "c10", "first_published", "2023-12-19"),
    (WIRE, "c10", "url", "https://news.example/w1"),
    ([{**row(1, "a", 5), "url": "javascript:alert(1)"}], "c1", "url", ""),
    ([row(1, "a", 5, loc="Mexico")], "c1", "official", "no CBP figure for this"),
    ([row(1, "a", 30_000)], "c1", "official", "far from CBP: 9,741 a day"),
    ([{**row(1, "a", 5), "title": ""}], "c1", "first_title", "(untitled)"),
])
def test_claim_rows(rows: list[dict], claim_id: str, field: str, expected: object) -> None:
    by_id = {r["claim_id"]: r for r in view.claim_rows(group_claims(frame(*rows)))}
    assert by_id[claim_id][field] == expected


def test_claim_rows_are_capped_and_json_ready() -> None:
    import json

    rows = view.claim_rows(group_claims(frame(*DISAGREE, *WIRE)), limit=2)
    assert (len(rows), json.loads(json.dumps(rows)) == rows) == (2, True)


@pytest.mark.parametrize(("show", "n"), [
    ([], 3), (["repeated"], 1), (["conflict"], 2), (["flagged"], 1), (["repeated", "conflict"], 1),
])
def test_select_claims(show: list[str], n: int) -> None:
    claims = group_claims(frame(*DISAGREE, row(9, "z", 50_000, ps="2023-11-02", loc=None)))
    assert len(view.select_claims(claims, show)) == n


@pytest.mark.parametrize(("tolerance", "merge", "conflict"), [
    (None, 0.02, 0.10), (0.05, 0.05, 0.10), (0.2, 0.2, 0.2), ("0.01", 0.01, 0.10),
])
def test_settings_from_controls(tolerance: object, merge: float, conflict: float) -> None:
    settings = view.settings_from_controls(tolerance)
    assert (settings.value_tolerance, settings.conflict_threshold) == (merge, conflict)


@pytest.mark.parametrize("tolerance", ["abc", 2, -0.1])
def test_bad_tolerance_is_a_named_error(tolerance: object) -> None:
    with pytest.raises(ClaimSettingsError, match="value_tolerance"):
        view.settings_from_controls(tolerance)


def test_csv_reads_back_with_every_claim() -> None:
    claims = group_claims(frame(*DISAGREE, *WIRE))
    back = pd.read_csv(io.StringIO(view.claims_csv(claims)))
    assert (list(back.columns), len(back), set(back["period_start"])) == (
        list(CLAIM_COLUMNS), len(claims), {"2023-12-18"})


@pytest.mark.parametrize(("title", "cell"), [
    ("=HYPERLINK(\"https://evil.example\",\"x\")", "'=HYPERLINK(\"https://evil.example\",\"x\")"),
    ("@SUM(1+1)", "'@SUM(1+1)"), ("-2+3", "'-2+3"), ("Border sees 10,000 a day", "Border sees 10,000 a day"),
])
def test_csv_cells_never_run_as_formulas(title: str, cell: str) -> None:
    import csv

    claims = group_claims(frame({**DISAGREE[0], "title": title}))
    (back,) = csv.DictReader(io.StringIO(view.claims_csv(claims)))
    assert (back["first_title"], back["value"]) == (cell, "10000.0")


def test_member_rows_list_every_report_earliest_first() -> None:
    df = frame(*DISAGREE, *WIRE)
    claim_id = group_claims(df).iloc[0]["claim_id"]
    rows = view.member_rows(df, claim_id, view.settings_from_controls(0.02))
    assert [(r["published"], r["publisher"]) for r in rows][:2] == [("2023-12-19", "Outlet a"), ("2023-12-19", "Outlet 1")]
    assert (len(rows), rows[0]["figure"], rows[0]["attributed_to"]) == (7, "10,000 a day", "CBP")


@pytest.mark.parametrize(("url", "kind", "href"), [
    ("https://news.example/x", "A", "https://news.example/x"), ("javascript:alert(1)", "Span", None)])
def test_members_panel_links_only_http(url: str, kind: str, href: str | None) -> None:
    rows = [{"published": "2023-12-19", "publisher": "P", "title": "<b>t</b>", "url": safe_url(url),
             "figure": "5", "attributed_to": "", "evidence": "<script>x</script>"}]
    item = view.members_panel(rows)[1].children[0].children  # components hold text as given; React shows it as text
    title, quote = item[1], item[3]
    assert (type(title).__name__, title.children, getattr(title, "href", None), quote.children) == (
        kind, "<b>t</b>", href, "<script>x</script>")


@pytest.mark.parametrize(("change", "same"), [
    ({}, True), ({"value": 12_500.0}, False), ({"title": "Edited title"}, False), ({"metric_id": 99}, False)])
def test_cache_holds_until_the_metrics_change(change: dict, same: bool) -> None:
    cache, settings = view.ClaimsCache(), view.settings_from_controls(0.02)
    first = cache.claims(frame(*DISAGREE), settings)
    again = cache.claims(frame(*DISAGREE[:2], {**DISAGREE[2], **change}), settings)
    assert (again is first) is same


def test_summary_line() -> None:
    claims = group_claims(frame(*DISAGREE))
    assert view.summary(claims, claims, 3) == (
        "3 figures form 2 claims; 1 repeated by 2+ articles, 2 in disagreement, 0 far from the CBP figure.")


# -- one real-browser check: the tab in headless Chromium against a real server and SQLite file -----------------

XSS_TITLE = "Crafted <img src=x onerror=window.__pwned=1> title"


@pytest.fixture(scope="module")
def claims_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A dashboard over a database holding a repeated figure, a disagreement and a crafted title."""
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from extract.models import Article, Metric

    db = tmp_path_factory.mktemp("claims") / "claims.db"
    items = []
    for i, (publisher, value, title) in enumerate([
            ("AP", 10_000, "Border sees 10,000 a day"), ("KTSM", 10_000, "10,000 a day at the border"),
            ("Fox", 12_000, XSS_TITLE), ("Reuters", 10_100, "Crossings near 10,000 a day")]):
        article = Article(id=f"v{i}", title=title, publisher=publisher, published=pd.Timestamp(2023, 12, 19 + i).date(),
                          url=f"https://news.example/v{i}", text="text")
        items.append((article, [Metric(article_id=article.id, metric="encounters", value=value, unit="people",
                                       per="day", period_start=pd.Timestamp(2023, 12, 18).date(),
                                       period_end=pd.Timestamp(2023, 12, 18).date(), location="southwest border")]))
    with Store(db) as store:
        store.upsert_many(items, "test")
    server = make_server("127.0.0.1", 0, create_app(db).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", db
    server.shutdown()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt install chromium)")
def test_claims_tab_in_a_real_browser(claims_server: tuple[str, Path]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
    url, db = claims_server
    with Store(db, readonly=True) as store:
        expected = group_claims(store.query(Filters()))
    errors: list[str] = []
    with sync_api.sync_playwright() as play:
        browser = play.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(accept_downloads=True).new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(30_000)  # a loaded 2-core CI machine can stall a callback for seconds
        page.goto(url)
        page.get_by_text("Claims", exact=True).click()
        page.wait_for_function("document.querySelector('#claims-note').innerText.includes('claims')")
        note = page.locator("#claims-note").inner_text()
        first = page.locator("#claims-grid .ag-row").filter(has_text="AP").first
        link = first.locator("a").first
        shown = (link.inner_text(), link.get_attribute("href"), page.get_by_text(XSS_TITLE).count(),
                 page.evaluate("window.__pwned === undefined"))
        first.click()
        page.wait_for_selector("#claims-members li")
        reports = page.locator("#claims-members li").all_inner_texts()
        with page.expect_download() as info:
            page.get_by_role("button", name="Download claims CSV").click()
        csv = pd.read_csv(info.value.path())
        browser.close()
    assert note.startswith(f"4 figures form {len(expected)} claims")
    assert shown == ("Border sees 10,000 a day", "https://news.example/v0", 1, True)
    assert (len(csv), int(csv["conflict"].sum()), csv.loc[csv["n_articles"].idxmax(), "first_publisher"]) == (2, 2, "AP")
    assert [r.split(":")[0] for r in reports] == ["2023-12-19 AP", "2023-12-20 KTSM", "2023-12-22 Reuters"]
    assert errors == []


@pytest.mark.parametrize(("tab", "rows"), [
    ("metrics", None),  # hidden: nothing computed, nothing sent
    ("claims", 2),
])
def test_claims_are_grouped_only_while_their_tab_is_open(claims_server: tuple[str, Path], tab: str,
                                                         rows: int | None) -> None:
    import json

    from dashboard.app import create_app

    client = create_app(claims_server[1]).server.test_client()
    (dep,) = [d for d in client.get("/_dash-dependencies").get_json() if f"{ids.CLAIMS_GRID}.rowData" in d["output"]]
    values = {ids.FILTERS_STATE: {}, ids.CLAIMS_TOLERANCE: 0.02, ids.CLAIMS_SHOW: [], ids.TABS: tab}
    body = {"output": dep["output"], "state": [], "changedPropIds": ["page-tabs.value"],
            "outputs": [{"id": p.split(".")[0], "property": p.split(".")[1]} for p in dep["output"].strip(".").split("...")],
            "inputs": [{"id": i["id"], "property": i["property"], "value": values[i["id"]]} for i in dep["inputs"]]}
    response = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    sent = response.get_json()["response"]
    assert len(sent[ids.CLAIMS_GRID]["rowData"]) == rows if rows else sent == {}
