"""The dashboard in real headless Chromium against a real server and real SQLite databases."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from extract.store import Filters, Store
from tests.browser.dbfill import XSS_ARTICLE, fill_db, gold_items

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")


class _Late:
    """WSGI wrapper answering each Dash callback request `seconds` late, as a loaded server does."""

    def __init__(self, app: Callable, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    def __call__(self, environ: dict, start_response: Callable) -> object:
        if environ.get("PATH_INFO", "").endswith("/_dash-update-component"):
            time.sleep(self.seconds)
        return self.app(environ, start_response)


def _serve(db: Path, late: float = 0.0) -> tuple[str, object]:
    from werkzeug.serving import make_server

    from dashboard.app import create_app

    app = create_app(db).server
    server = make_server("127.0.0.1", 0, _Late(app, late) if late else app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture(scope="module")
def dbs(tmp_path_factory: pytest.TempPathFactory, sample_corpus: Path) -> dict[str, Path]:
    """A gold database (with the crafted XSS article), an empty one, and a path with no file."""
    root = tmp_path_factory.mktemp("dash")
    gold = fill_db(root / "gold.db", gold_items(sample_corpus, [XSS_ARTICLE]))
    empty = fill_db(root / "empty.db", [])
    return {"gold": gold, "empty": empty, "missing": root / "missing.db"}


@pytest.fixture(scope="module")
def servers(dbs: dict[str, Path]) -> Iterator[dict[str, str]]:
    """One running dashboard per database, and one over the gold database whose callbacks answer late."""
    running = {name: _serve(db) for name, db in dbs.items()}
    running["gold_late"] = _serve(dbs["gold"], late=0.8)
    yield {name: url for name, (url, _server) in running.items()}
    for _url, server in running.values():
        server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


WAIT_MS = 30_000  # generous: a loaded 2-core CI machine can stall a callback or a render for seconds
SETTLED = "!document.querySelector('._dash-loading-callback')"  # Dash shows this while any callback is pending


@pytest.fixture
def new_page(browser: object) -> Iterator[object]:
    """Opens pages (`new_page(width, height, is_mobile=False)`); each must keep an empty console, each is closed."""
    contexts: list[object] = []
    errors: list[str] = []

    def make(width: int = 1440, height: int = 1000, is_mobile: bool = False) -> object:
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=is_mobile,
                                      accept_downloads=True)
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
        tab.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
        tab.set_default_timeout(WAIT_MS)
        return tab

    try:
        yield make
    finally:
        for context in contexts:
            context.close()
    assert errors == []


@pytest.fixture
def page(new_page: object) -> object:
    """A fresh desktop page; the test fails if the browser console logged an error or the page threw."""
    return new_page()


def _wait(page: object, predicate: str, what: str, timeout: int = WAIT_MS) -> None:
    """Wait until the JavaScript `predicate` holds; fail naming `what` if it never does."""
    try:
        page.wait_for_function(predicate, timeout=timeout)
    except sync_api.TimeoutError:
        pytest.fail(f"{what}: not seen within {timeout / 1000:.0f} s (waited for {predicate})")


def _open(page: object, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot, .notice")
    page.wait_for_load_state("networkidle")
    _wait(page, SETTLED, "the page's callbacks to finish")


def _grid_rows(page: object) -> int:
    text = page.locator("#table-note").inner_text()
    return int(text.split()[0].replace(",", "")) if text.split() and text.split()[0][0].isdigit() else 0


def _store_count(db: Path, filters: Filters) -> int:
    with Store(db, readonly=True) as store:
        return len(store.query(filters))


def test_first_load_shows_cards_charts_and_table(page: object, servers: dict, dbs: dict) -> None:
    _open(page, servers["gold"])
    total = _store_count(dbs["gold"], Filters())
    assert page.locator(".card-value").first.inner_text() == f"{total:,}"
    assert page.locator(".chart-card .js-plotly-plot").count() >= 2
    assert _grid_rows(page) == total
    _wait(page, "document.querySelectorAll('.ag-center-cols-container .ag-row').length > 0", "the table's rows")
    assert "cbp.gov" in page.locator("#chart-source").get_attribute("href")


def test_changing_filters_updates_charts_table_and_url(page: object, servers: dict, dbs: dict) -> None:
    _open(page, servers["gold"])
    page.locator("#filter-kinds").click()
    page.locator("[role=option]", has_text="Deaths").click()
    page.keyboard.press("Escape")
    page.wait_for_function("location.search.includes('kind=deaths')")
    page.wait_for_function("document.querySelectorAll('.chart-card').length === 1")
    assert page.locator(".chart-card .gtitle").first.text_content().startswith("Deaths")
    expected = _store_count(dbs["gold"], Filters(kinds=["deaths"]))
    page.wait_for_function(f"document.querySelector('#table-note').innerText.startsWith('{expected} rows')")
    page.get_by_role("button", name="2023").click()
    page.wait_for_function("location.search.includes('from=2023-01-01')")
    expected = _store_count(dbs["gold"], Filters(kinds=["deaths"], date_from=pd.Timestamp("2023-01-01").date(),
                                                 date_to=pd.Timestamp("2023-12-31").date()))
    page.wait_for_function(f"document.querySelector('#table-note').innerText.startsWith('{expected} rows')")
    page.get_by_text("Per day (converted)").click()
    page.wait_for_function("document.querySelector('#chart-note').innerText.includes('converted')")


@pytest.mark.parametrize(("option", "legend"), [
    ("Group repeats into claims", "claim (size: articles)"),
    ("Official CBP monthly encounters", None),  # on by default: unticking removes the official line
])
def test_chart_options(page: object, servers: dict, option: str, legend: str | None) -> None:
    _open(page, servers["gold"] + "/?kind=encounters")
    legends = "Array.from(document.querySelectorAll('.chart-card .legendtext')).map(e => e.textContent).join('|')"
    _wait(page, f"({legends}).includes('CBP official')", "the CBP line in the legend")
    page.get_by_text(option, exact=True).click()
    if legend:
        _wait(page, f"({legends}).includes({legend!r})", f"legend {legend!r}")
    else:
        _wait(page, f"!({legends}).includes('CBP official')", "the CBP line removed from the legend")


@pytest.mark.parametrize(("query", "canonical", "filters"), [
    ("?kind=encounters&from=2023-01-01&to=2023-12-31", {"kind": ["encounters"], "from": ["2023-01-01"],
                                                         "to": ["2023-12-31"]},
     Filters(kinds=["encounters"], date_from=pd.Timestamp("2023-01-01").date(),
             date_to=pd.Timestamp("2023-12-31").date())),
    ("?kind=nope&kind=removals&from=2023-02-30&qualifier=approx&junk=1", {"kind": ["removals"],
                                                                          "qualifier": ["approx"]},
     Filters(kinds=["removals"], qualifiers=["approx"])),
    ("?publisher=Fortune", {"publisher": ["Fortune"]}, Filters(publishers=["Fortune"])),
])
def test_shared_url_restores_the_same_view(page: object, servers: dict, dbs: dict, query: str,
                                           canonical: dict, filters: Filters) -> None:
    _open(page, servers["gold"] + "/" + query)
    page.wait_for_function("!location.search.includes('junk') && !location.search.includes('nope')"
                           " && !location.search.includes('02-30')")
    assert parse_qs(urlparse(page.url).query) == canonical
    expected = _store_count(dbs["gold"], filters)
    page.wait_for_function(f"document.querySelector('#table-note').innerText.startsWith('{expected:,} rows')")
    if "kind" in canonical:
        assert page.locator("#filter-kinds").inner_text().strip() != "All"
    if "from" in canonical:
        assert page.locator("#filter-dates").input_value() == canonical["from"][0]


@pytest.mark.parametrize(("button", "check"), [
    ("Download CSV", "csv"),
    ("Download JSON Lines", "jsonl"),
])
def test_data_download_holds_the_filtered_rows(page: object, servers: dict, dbs: dict, button: str,
                                               check: str) -> None:
    _open(page, servers["gold"] + "/?kind=encounters&from=2022-01-01")
    expected = _store_count(dbs["gold"], Filters(kinds=["encounters"], date_from=pd.Timestamp("2022-01-01").date()))
    page.wait_for_function(f"document.querySelector('#table-note').innerText.startsWith('{expected} rows')")
    page.locator("#table-search").fill("Fortune")  # narrows the table on screen, not the download (the page says)
    page.wait_for_function(f"document.querySelectorAll('.ag-center-cols-container .ag-row').length < {expected}")
    assert "every row that matches the filters" in page.locator("#table-download-note").inner_text()
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    data = Path(info.value.path()).read_bytes()
    frame = pd.read_csv(io.BytesIO(data)) if check == "csv" else pd.read_json(io.BytesIO(data), lines=True)
    assert len(frame) == expected
    assert set(frame["metric"]) == {"encounters"}
    assert {"evidence", "url", "title", "publisher", "published"} <= set(frame.columns)
    assert info.value.suggested_filename.startswith("bordermetrics_encounters_2022-01-01")


@pytest.mark.parametrize(("button", "signature"), [
    ("PNG", b"\x89PNG\r\n\x1a\n"),
    ("SVG", b"<svg"),
    ("HTML", b"<html"),
])
def test_chart_downloads(page: object, servers: dict, button: str, signature: bytes) -> None:
    _open(page, servers["gold"] + "/?kind=deaths")
    page.wait_for_function("document.querySelectorAll('.chart-card').length === 1")
    with page.expect_download() as info:
        page.locator(".chart-card").first.get_by_role("button", name=button, exact=True).click()
    data = Path(info.value.path()).read_bytes()
    assert signature in data[:600]
    assert info.value.suggested_filename.startswith("bordermetrics_deaths_people_start_to_end")
    if button == "HTML":
        assert b"Deaths (people)" in data and b"plotly" in data


def test_toolbar_png_has_a_meaningful_name(page: object, servers: dict) -> None:
    _open(page, servers["gold"] + "/?kind=deaths&from=2020-01-01")
    page.wait_for_function("document.querySelectorAll('.chart-card').length === 1")
    page.locator(".chart-card .js-plotly-plot").first.hover()
    with page.expect_download() as info:
        page.locator(".chart-card .modebar-btn[data-title^='Download plot']").first.click()
    assert info.value.suggested_filename == "bordermetrics_deaths_people_2020-01-01_to_end.png"
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# Where a point of the first chart is on screen, from Plotly's own data and axes. `pick` chooses among the
# marker points inside the plot area: "first" the first one with no other marker within 15 px (so the hover
# cannot go to a neighbour), "biggest" the largest bubble. The position is read until it holds still over two
# animation frames (the chart resizes when the grid below it fills and a scrollbar appears).
POINT_AT = """async (pick) => {
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const at = () => {
        const gd = document.querySelector('.chart-card .js-plotly-plot');
        if (!gd || !gd.calcdata || !gd._fullLayout) { return null; }
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
        const inside = [];
        gd.calcdata.forEach((cd, curve) => {
            const trace = cd[0] && cd[0].trace;
            if (!trace || !(trace.mode || '').includes('markers') || !trace.customdata) { return; }
            cd.forEach((pt, point) => {
                const px = xa.c2p(pt.x), py = ya.c2p(pt.y);
                if (px > 5 && px < xa._length - 5 && py > 40 && py < ya._length - 5) {  // clear of the mode bar
                    inside.push({curve, point, size: pt.mrc || 0, x: box.left + xa._offset + px,
                                 y: box.top + ya._offset + py});
                }
            });
        });
        if (!inside.length) { return null; }
        if (pick === 'biggest') { return inside.reduce((a, b) => (b.size > a.size ? b : a)); }
        const alone = inside.find(a => inside.every(b => b === a || Math.hypot(a.x - b.x, a.y - b.y) >= 15));
        return alone || inside[0];
    };
    for (let i = 0; i < 50; i++) {
        const a = at();
        await frame();
        const b = at();
        if (a && b && a.x === b.x && a.y === b.y && a.curve === b.curve && a.point === b.point) { return b; }
    }
    return null;
}"""
HOVERED = """(t) => {
    const gd = document.querySelector('.chart-card .js-plotly-plot');
    const h = gd && gd._hoverdata;
    return !!(h && h.some(p => p.curveNumber === t.curve && p.pointNumber === t.point)
              && document.querySelector('.hoverlayer .hovertext'));
}"""


def _click_point(page: object, pick: str = "first") -> dict:
    """Hover a marker of the first chart until Plotly shows its label, then click it (Plotly takes the clicked
    point from its hover state, so a click without the label selects nothing). Returns the point clicked:
    {curve, point, x, y}."""
    _wait(page, SETTLED, "the chart's callbacks to finish")
    for _attempt in range(5):
        target = page.evaluate(POINT_AT, pick)
        if target is None:
            pytest.fail(f"no {pick} marker point inside the first chart's plot area")
        page.mouse.move(target["x"] - 40, target["y"] - 40)
        page.mouse.move(target["x"], target["y"], steps=4)
        try:
            page.wait_for_function(HOVERED, arg=target, timeout=6_000)
        except sync_api.TimeoutError:
            continue  # the chart moved or redrew under the mouse: read the position again
        page.mouse.click(target["x"], target["y"])
        return target
    pytest.fail(f"no hover label for the {pick} point of the first chart after 5 tries (last at {target})")


def test_clicking_a_point_selects_its_row_and_highlights_the_figure(page: object, servers: dict) -> None:
    _open(page, servers["gold"] + "/?kind=deaths")
    target = _click_point(page)
    row_id = page.evaluate("(t) => String(document.querySelector('.chart-card .js-plotly-plot')"
                           "._fullData[t.curve].customdata[t.point])", target)
    _wait(page, "document.querySelector('#evidence-panel mark')", "the clicked figure marked in the evidence panel")
    assert page.locator("#evidence-panel mark").inner_text().strip() != ""
    _wait(page, "document.querySelector('.ag-row-selected')", "the clicked point's table row selected")
    assert page.locator(".ag-row-selected").first.get_attribute("row-id") == row_id


def test_clicking_a_claim_bubble_lists_its_reports_with_their_evidence(page: object, servers: dict) -> None:
    _open(page, servers["gold"] + "/?kind=encounters&chart=encounters&cbp=0&claims=1&log=0")
    _wait(page, "document.querySelector('.chart-card .js-plotly-plot').data[0].name.startsWith('claim')",
          "the claim bubbles")
    # zoom on the biggest bubble (the claim repeated by the most articles) so that no other one overlaps it
    page.evaluate(ZOOM_ON_BIGGEST)
    _click_point(page, "biggest")
    _wait(page, "document.querySelector('#evidence-panel .claim-reports li')", "the clicked claim's reports")
    head = page.locator("#evidence-panel h3").inner_text()
    reports = page.locator("#evidence-panel .claim-reports li")
    assert f"reported {reports.count()} times" in head and reports.count() >= 2
    assert reports.locator("mark").count() == reports.count()
    assert page.locator(".ag-row-selected").count() == 0  # a claim is not one table row


ZOOM_ON_BIGGEST = """async () => {
    const gd = document.querySelector('.chart-card .js-plotly-plot');
    const big = gd.calcdata[0].reduce((a, b) => (b.mrc > a.mrc ? b : a));
    await Plotly.relayout(gd, {'xaxis.range': [big.x - 20 * 864e5, big.x + 20 * 864e5],
                               'yaxis.range': [big.y * 0.95, big.y * 1.05]});
}"""


def test_quick_search_narrows_the_table(page: object, servers: dict) -> None:
    _open(page, servers["gold"])
    _wait(page, "document.querySelectorAll('.ag-center-cols-container .ag-row').length > 1", "the table's rows")
    page.locator("#table-search").fill("Untrusted Daily")
    page.wait_for_function("document.querySelectorAll('.ag-center-cols-container .ag-row').length === 1")
    assert "4,321" in page.locator(".ag-center-cols-container .ag-row").first.inner_text()


def test_untrusted_article_text_is_shown_as_text(page: object, servers: dict) -> None:
    _open(page, servers["gold"] + "/?publisher=Untrusted%20Daily")
    page.wait_for_function("document.querySelector('#table-note').innerText.startsWith('1 rows')")
    page.locator(".ag-center-cols-container .ag-row").first.click()
    page.wait_for_selector("#evidence-panel mark")
    evidence = page.locator("#evidence-panel blockquote").inner_text()
    assert "<script>window.__pwned=1</script>" in evidence and "<b>bold</b>" in evidence
    assert page.locator("#evidence-panel mark").inner_text() == "4,321"
    assert "<script>" in page.locator(".ag-center-cols-container").inner_text()
    assert page.locator("#evidence-panel a, .ag-center-cols-container a").count() == 0  # javascript: URL
    assert page.locator("b:has-text('bold'), script:has-text('__pwned')").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"


@pytest.mark.parametrize(("db", "query", "words"), [
    ("empty", "", "holds no metrics"),
    ("missing", "", "No database at"),
    ("gold", "?from=2099-01-01", "No metric matches these filters"),
])
def test_nothing_to_show_gives_a_message(page: object, servers: dict, db: str, query: str, words: str) -> None:
    page.goto(servers[db] + "/" + query)
    page.wait_for_selector(f".notice:has-text('{words}')")
    assert words in page.locator(".notice").first.inner_text()
    assert "Traceback" not in page.content()


VIEW_STATE = """() => ({
    tab: document.querySelector('#page-tabs .tab--selected').innerText.trim(),
    chart: document.querySelector('#chart-kind')?.innerText.trim(),  // only the open tab is in the page
    checked: Array.from(document.querySelectorAll(
        '#chart-scale input:checked, #chart-options input:checked, #claims-show input:checked')).map(e => e.value),
    tolerance: document.querySelector('#claims-tolerance')?.innerText.trim(),
    kinds: document.querySelector('#filter-kinds').innerText.trim(),
})"""


def _choose(page: object, dropdown: str, option: str) -> None:
    """Pick `option` in a dropdown, checking it shows; a menu redrawn under the click on a loaded machine
    (the click then lands on the control beneath) is retried rather than taken as the page's fault."""
    for _ in range(3):
        _wait(page, SETTLED, "the page's callbacks to finish")
        page.locator(dropdown).click()
        choice = page.locator("[role=option]", has_text=option).first
        choice.wait_for(state="visible", timeout=WAIT_MS)
        choice.click()
        page.keyboard.press("Escape")
        _wait(page, SETTLED, "the page's callbacks to finish")
        if option in page.locator(dropdown).inner_text():
            return
    pytest.fail(f"{dropdown}: '{option}' never showed as chosen")


def _step(page: object, act: Callable[[], None], param: str) -> None:
    """One user action, then wait until the URL carries it (a person does not click faster than the page);
    a toggle the URL already shows is not clicked again."""
    if not page.evaluate(f"location.search.includes({param!r})"):
        act()
    _wait(page, f"location.search.includes({param!r})", f"'{param}' in the URL")
    _wait(page, SETTLED, "the page's callbacks to finish")


def _metrics_view(page: object) -> None:
    _step(page, lambda: _choose(page, "#filter-kinds", "Encounters"), "kind=encounters")
    _step(page, lambda: _choose(page, "#chart-kind", "Encounters"), "chart=encounters")
    _step(page, lambda: page.get_by_text("Per day (converted)").click(), "scale=per_day")
    _step(page, lambda: page.get_by_text("Official CBP monthly encounters", exact=True).click(), "cbp=0")
    _step(page, lambda: page.get_by_text("Group repeats into claims", exact=True).click(), "claims=1")


def _claims_view(page: object) -> None:
    _step(page, lambda: page.locator("#page-tabs").get_by_text("Claims", exact=True).click(), "tab=claims")
    _step(page, lambda: _choose(page, "#claims-tolerance", "5%"), "tol=5")
    _step(page, lambda: page.get_by_text("Repeated (2+ articles)", exact=True).click(), "show=repeated")


TRACES = "Array.from(document.querySelectorAll('.chart-card .js-plotly-plot')).map(g => g.layout.title.text + ': ' + g.data.map(t => t.name + ' ' + (t.x || []).length).join(', '))"
CLAIMS_NOTE = "[document.querySelector('#claims-note')?.innerText || '']"


@pytest.mark.parametrize(("act", "query", "shown"), [
    (_metrics_view, {"kind": ["encounters"], "chart": ["encounters"], "scale": ["per_day"], "cbp": ["0"],
                     "claims": ["1"]}, TRACES),
    (_claims_view, {"tab": ["claims"], "tol": ["5"], "show": ["repeated"]}, CLAIMS_NOTE),
])
def test_the_url_restores_the_whole_view_in_a_fresh_page(page: object, new_page: object, servers: dict, act,
                                                         query: dict, shown: str) -> None:
    _open(page, servers["gold"])
    act(page)
    _wait(page, f"location.search.split('&').length === {sum(len(v) for v in query.values())}", "the view in the URL")
    assert parse_qs(urlparse(page.url).query) == query
    done = f"({shown}).join('').includes('a day') || ({shown}).join('').includes('Showing')"
    _wait(page, done, "the chosen view drawn")
    _wait(page, SETTLED, "the page's callbacks to finish")
    state = (page.evaluate(VIEW_STATE), page.evaluate(shown))
    fresh = new_page()  # its console is checked and it is closed by the fixture, whatever happens here
    fresh.goto(page.url)  # not _open: the Claims tab has no chart to wait for
    _wait(fresh, done, "the same view drawn in the fresh page")
    _wait(fresh, SETTLED, "the fresh page's callbacks to finish")
    assert (fresh.evaluate(VIEW_STATE), fresh.evaluate(shown), fresh.url) == (*state, page.url)


FIRST_LAYOUT = "document.querySelector('.chart-card .js-plotly-plot').layout"


def test_encounters_chart_is_readable_by_default(page: object, servers: dict) -> None:
    _open(page, servers["gold"] + "/?kind=encounters")
    # daily, monthly and fiscal-year figures on a log axis; the odd story about 2000 off the axis, said so
    assert page.evaluate(f"[{FIRST_LAYOUT}.yaxis.type, {FIRST_LAYOUT}.xaxis.range[0].slice(0, 2)]") == ["log", "20"]
    assert "off the axis" in page.evaluate(f"{FIRST_LAYOUT}.annotations[0].text")
    assert "CBP official" in page.locator(".chart-card .legendtext").first.text_content()
    page.get_by_text("Log scale", exact=True).click()
    page.wait_for_function("location.search.includes('log=0')")
    page.wait_for_function(f"{FIRST_LAYOUT}.yaxis.type === 'linear'")


def test_phone_width_page_does_not_scroll_sideways(new_page: object, servers: dict) -> None:
    phone = new_page(390, 844, is_mobile=True)
    _open(phone, servers["gold"] + "/?kind=encounters")
    widths = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth,"
                            " document.querySelector('.chart-card').getBoundingClientRect().right,"
                            " document.querySelector('.chart-card .main-svg').getBoundingClientRect().right]")
    phone.locator(".chart-card").first.scroll_into_view_if_needed()
    # nothing stays stuck over the chart once it is scrolled to (the filter panel used to)
    card, panel = (phone.locator(sel).first.bounding_box() for sel in (".chart-card", ".filters"))
    assert widths[0] <= widths[1] and widths[3] <= widths[2] <= widths[1]
    assert panel["y"] + panel["height"] <= card["y"]  # the panel scrolled away, above the chart


def _tick(label: str) -> Callable[[object], None]:
    return lambda page: page.get_by_text(label, exact=True).click()


def _pick(dropdown: str, option: str) -> Callable[[object], None]:
    def act(page: object) -> None:
        page.locator(dropdown).click()
        page.locator("[role=option]", has_text=option).first.click()
        page.keyboard.press("Escape")
    return act


# (server, link opened, actions done back to back as soon as the controls show, the URL query and the view
# controls expected once the page is settled)
RAPID = [
    ("gold", "", [_tick("Per day (converted)"), _tick("Group repeats into claims"), _tick("Log scale")],
     {"scale": ["per_day"], "claims": ["1"], "log": ["0"]}, {"checked": ["per_day", "official", "claims"]}),
    ("gold_late", "", [_tick("Per day (converted)"), _tick("Group repeats into claims"), _tick("Log scale")],
     {"scale": ["per_day"], "claims": ["1"], "log": ["0"]}, {"checked": ["per_day", "official", "claims"]}),
    ("gold_late", "", [_pick("#filter-kinds", "Encounters"), _tick("Per day (converted)"),
                       _tick("Official CBP monthly encounters")],
     {"kind": ["encounters"], "scale": ["per_day"], "cbp": ["0"]},
     {"checked": ["per_day", "log"], "kinds": "Encounters"}),
    ("gold_late", "", [_pick("#chart-kind", "Deaths"), _tick("Log scale"), _pick("#filter-kinds", "Deaths")],
     {"chart": ["deaths"], "log": ["0"], "kind": ["deaths"]},
     {"checked": ["reported", "official"], "chart": "Deaths", "kinds": "Deaths"}),
    # clicks made while a shared link is still being taken in add to the link's view instead of replacing it
    ("gold_late", "?kind=encounters&log=0", [_tick("Per day (converted)"), _tick("Group repeats into claims")],
     {"kind": ["encounters"], "scale": ["per_day"], "claims": ["1"], "log": ["0"]},
     {"checked": ["per_day", "official", "claims"], "kinds": "Encounters"}),
]


def _settled_view(page: object, query: dict, controls: dict) -> tuple[dict, dict]:
    """(URL query, the `controls` fields of VIEW_STATE) once the URL shows `query` (or 10 s passed) and the
    page's callbacks are done: what the page ends on, to compare with (query, controls)."""
    want = " && ".join(f"params.getAll({k!r}).join() === {','.join(v)!r}" for k, v in query.items()) or "true"
    size = sum(len(v) for v in query.values())
    try:
        page.wait_for_function(f"(() => {{ const params = new URLSearchParams(location.search); "
                               f"return [...params].length === {size} && {want}; }})()", timeout=10_000)
    except sync_api.TimeoutError:
        pass  # the caller's comparison names what is missing
    _wait(page, SETTLED, "the page's callbacks to finish")
    state = page.evaluate(VIEW_STATE)
    seen = {key: state[key] if key == "checked" else state[key].split("\n")[0] for key in controls}
    return parse_qs(urlparse(page.url).query), seen


@pytest.mark.parametrize(("server", "link", "actions", "query", "controls"), RAPID)
def test_rapid_changes_all_end_in_the_controls_and_the_url(page: object, servers: dict, server: str, link: str,
                                                          actions: list, query: dict, controls: dict) -> None:
    page.goto(servers[server] + "/" + link)
    page.wait_for_selector("#chart-scale input")  # not _open: the page's first callbacks may still be running
    for act in actions:  # no wait in between: the page must not undo one change while taking the next
        act(page)
    assert _settled_view(page, query, controls) == (query, controls)


@pytest.mark.parametrize(("moves", "query", "controls"), [
    (["back"], {"scale": ["per_day"]}, {"checked": ["per_day", "official", "log"], "kinds": "All"}),
    (["back", "back"], {}, {"checked": ["reported", "official", "log"], "kinds": "All"}),
    (["back", "back", "forward", "forward"], {"kind": ["deaths"], "scale": ["per_day"]},
     {"checked": ["per_day", "official", "log"], "kinds": "Deaths"}),
])
def test_back_and_forward_restore_the_views_the_page_wrote(page: object, servers: dict, moves: list,
                                                           query: dict, controls: dict) -> None:
    _open(page, servers["gold"])
    _step(page, lambda: page.get_by_text("Per day (converted)").click(), "scale=per_day")
    _step(page, lambda: _choose(page, "#filter-kinds", "Deaths"), "kind=deaths")
    for move in moves:
        page.go_back() if move == "back" else page.go_forward()
    assert _settled_view(page, query, controls) == (query, controls)
