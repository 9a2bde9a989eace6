"""Dashboard speed at 1,000,000 metrics: filter change -> updated cards/charts/table, and first page load.

Run: .venv/bin/python bench/dashboard_speed.py [--metrics 1000000] [--db /tmp/bordermetrics_bench.db]
Not part of CI. Builds the database once (through extract.store.Store.upsert_many) and reuses it.
Times the app's own callback endpoint (POST /_dash-update-component through the Flask test client) over
30 filter changes, against a baseline in the same process: the bare pandas filter of the cached frame
(the least any answer costs) and Store.query with the same filters (SQL instead of the in-memory cache).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import ids  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from dashboard.data import filter_frame  # noqa: E402
from extract.models import METRIC_KINDS, Article, Metric  # noqa: E402
from extract.store import Filters, Store  # noqa: E402

PER_ARTICLE = 20
UNITS = {"encounters": "people", "crossings": "people", "economic_loss": "usd", "trade_value": "usd",
         "freight": "rail_cars", "wait_time": "hours", "funding": "usd", "seizures": "pounds"}


def build_db(path: Path, n_metrics: int, seed: int = 7) -> None:
    """A database of generated articles with PER_ARTICLE metrics each."""
    rng = random.Random(seed)
    publishers = [f"Publisher {i:03d}" for i in range(200)]
    sources = ["CBP", "U.S. Border Patrol", "DHS", "ICE", "INM", "IOM", None, None] + [f"Agency {i}" for i in range(12)]
    places = [None, "El Paso", "Eagle Pass", "Tucson sector", "Rio Grande Valley", "San Diego", "Yuma", "Laredo"] + [
        f"Town {i}" for i in range(40)]
    start = dt.date(2019, 1, 1)

    def items():
        for a in range(n_metrics // PER_ARTICLE):
            published = start + dt.timedelta(days=rng.randrange(2550))
            article = Article(id=f"g-{a}", title=f"Generated article {a}", publisher=rng.choice(publishers),
                              published=published, url=f"https://example.org/{a}", text="generated")
            metrics = []
            for _ in range(PER_ARTICLE):
                kind = rng.choice(METRIC_KINDS)
                shape = rng.random()
                if shape < 0.7:
                    p0 = p1 = published - dt.timedelta(days=rng.randrange(3))
                elif shape < 0.9:
                    p0 = published.replace(day=1) - dt.timedelta(days=1)
                    p1, p0 = p0, p0.replace(day=1)
                else:
                    year = published.year - (published.month < 10)
                    p0, p1 = dt.date(year - 1, 10, 1), dt.date(year, 9, 30)
                value = float(rng.choice([rng.randrange(1, 500), rng.randrange(1000, 300000), rng.randrange(10**6, 10**9)]))
                metrics.append(Metric(
                    article_id=article.id, metric=kind, value=value, unit=UNITS.get(kind, "people"),
                    per=rng.choice([None, None, None, "day", "month"]), period_start=p0, period_end=p1,
                    qualifier=rng.choice(["exact", "exact", "approx", "over", "under"]),
                    attributed_to=rng.choice(sources), location=rng.choice(places),
                    evidence=f"Officials reported {value:,.0f} in generated sentence {a}.", start=0, end=0))
            yield article, metrics

    with Store(path) as store:
        store.upsert_many(items(), "bench", batch_size=2000)


def filter_changes(facets: dict, n: int, seed: int = 11) -> list[dict]:
    """n filter states a user could click through: kinds, date ranges, publishers, qualifiers."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        year = rng.randrange(2019, 2026)
        f = {"date_from": None, "date_to": None, "publishers": [], "sources": [], "kinds": [], "places": [],
             "qualifiers": []}
        if i % 3 != 2:
            f["kinds"] = rng.sample(facets["kinds"], rng.randrange(1, 4))
        if i % 2:
            f["date_from"], f["date_to"] = f"{year}-01-01", f"{year}-12-31"
        if i % 5 == 0:
            f["publishers"] = rng.sample(facets["publishers"], 3)
        if i % 7 == 0:
            f["qualifiers"] = ["approx"]
        out.append(f)
    return out


def view_payload(deps: list[dict], filters: dict, kind: str = "", scale: str = "reported") -> dict:
    """The request the browser sends when the filter state changes (the update_view callback)."""
    (dep,) = [d for d in deps if f"{ids.CARDS}.children" in d["output"]]
    outputs = [{"id": part.split(".")[0], "property": part.split(".")[1]}
               for part in dep["output"].strip(".").split("...")]
    values = {ids.FILTERS_STATE: filters, ids.CHART_KIND: kind, ids.CHART_SCALE: scale, ids.CHART_OPTIONS: ["official"]}
    inputs = [{"id": i["id"], "property": i["property"], "value": values[i["id"]]} for i in dep["inputs"]]
    return {"output": dep["output"], "outputs": outputs, "inputs": inputs, "state": [],
            "changedPropIds": [f"{ids.FILTERS_STATE}.data"]}


def quantiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times) * 1000, times[min(len(times) - 1, int(0.95 * len(times)))] * 1000


def browser_timings(app, path: str, open_claims: bool = True) -> tuple[float, float, float | None] | None:
    """Headless Chromium: seconds to the first full page, median seconds from a quick-range click to the
    redrawn table, and seconds from opening the Claims tab to its filled grid (None without Chromium)."""
    if not Path("/usr/bin/chromium").exists():
        return None
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"]
    url = f"http://127.0.0.1:{server.server_port}{path}"
    note = "document.querySelector('#table-note').innerText"
    try:
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(url)  # warm the asset cache once
            page.wait_for_selector(".chart-card .js-plotly-plot", timeout=120_000)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            t0 = time.perf_counter()
            page.goto(url)
            page.wait_for_selector(".chart-card .js-plotly-plot", timeout=120_000)
            page.wait_for_function(f"{note}.length > 0", timeout=120_000)
            load = time.perf_counter() - t0
            changes = []
            for label in ("2021", "2022", "2023", "2024", "2025", "All dates"):
                before = page.evaluate(note)
                t0 = time.perf_counter()
                page.get_by_role("button", name=label, exact=True).click()
                page.wait_for_function(f"{note} !== {json.dumps(before)}", timeout=60_000)
                page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                changes.append(time.perf_counter() - t0)
            claims = None
            if open_claims:
                t0 = time.perf_counter()  # the Claims tab groups only when opened: this is what that costs
                page.locator("#page-tabs").get_by_text("Claims", exact=True).click()
                page.wait_for_function("(document.querySelector('#claims-note')?.innerText || '').includes('claims')",
                                       timeout=300_000)
                claims = time.perf_counter() - t0
            browser.close()
    finally:
        server.shutdown()
    return load, statistics.median(changes), claims


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bordermetrics_bench_dashboard.db"))
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--without-claims", action="store_true",
                        help="leave the Claims tab's callback out (to see the metrics tab's own browser time)")
    args = parser.parse_args()
    if args.without_claims:
        from dashboard import claims_view

        claims_view.register_callbacks = lambda app, get_metrics: None

    count = 0
    if args.db.exists():
        with Store(args.db, readonly=True) as store:
            count = store.counts()["metrics"]
    if count != args.metrics - args.metrics % PER_ARTICLE:
        args.db.unlink(missing_ok=True)
        t0 = time.perf_counter()
        build_db(args.db, args.metrics)
        print(f"built {args.db} in {time.perf_counter() - t0:.1f} s")
    with Store(args.db, readonly=True) as store:
        counts = store.counts()
    print(f"database: {counts['metrics']:,} metrics, {counts['articles']:,} articles")

    app = create_app(args.db)
    client = app.server.test_client()
    from dashboard.data import MetricsSource

    t0 = time.perf_counter()  # the first request builds the page, which reads every metric once
    deps = client.get("/_dash-dependencies").get_json()
    response = client.post("/_dash-update-component", data=json.dumps(view_payload(deps, {})),
                           content_type="application/json")
    assert response.status_code == 200, response.data[:300]
    print(f"cold first view (reads and prepares every metric once per database change): "
          f"{time.perf_counter() - t0:.2f} s")
    source = MetricsSource(args.db)
    frame = source.frame()
    changes = filter_changes(source.facets(), args.changes)

    app_times, sizes, pandas_times, sql_times = [], [], [], []
    for f in changes:
        t0 = time.perf_counter()
        response = client.post("/_dash-update-component", data=json.dumps(view_payload(deps, f)),
                               content_type="application/json")
        app_times.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.data[:300]
        sizes.append(len(response.data))
        t0 = time.perf_counter()
        filter_frame(frame, f)
        pandas_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        with Store(args.db, readonly=True) as store:
            store.query(Filters(date_from=f["date_from"] and dt.date.fromisoformat(f["date_from"]),
                                date_to=f["date_to"] and dt.date.fromisoformat(f["date_to"]),
                                publishers=f["publishers"], kinds=f["kinds"], qualifiers=f["qualifiers"]))
        sql_times.append(time.perf_counter() - t0)
    per_day_times = []
    for f in changes[:10]:
        t0 = time.perf_counter()
        client.post("/_dash-update-component", data=json.dumps(view_payload(deps, f, scale="per_day")),
                    content_type="application/json")
        per_day_times.append(time.perf_counter() - t0)

    app_med, app_p95 = quantiles(app_times)
    pd_med, pd_p95 = quantiles(pandas_times)
    sql_med, sql_p95 = quantiles(sql_times)
    pdv_med, pdv_p95 = quantiles(per_day_times)
    print(f"filter change -> cards+charts+table ({len(changes)} changes): median {app_med:.0f} ms, p95 {app_p95:.0f} ms, "
          f"response median {statistics.median(sizes) / 1e6:.2f} MB")
    print(f"  per-day view (10 changes): median {pdv_med:.0f} ms, p95 {pdv_p95:.0f} ms")
    print(f"baseline pandas filter of the cached frame: median {pd_med:.1f} ms, p95 {pd_p95:.1f} ms "
          f"(callback / filter = {app_med / pd_med:.1f}x)")
    print(f"baseline Store.query (SQL, same filters): median {sql_med:.0f} ms, p95 {sql_p95:.0f} ms "
          f"(callback / SQL = {app_med / sql_med:.2f}x)")
    timings = browser_timings(app, "/", open_claims=not args.without_claims)
    if timings is not None:
        print(f"headless Chromium: first page load {timings[0]:.2f} s (warm server, charts + table shown); "
              f"quick-range click -> table redrawn: median {timings[1] * 1000:.0f} ms over 6 clicks")
        if timings[2] is not None:
            print(f"  opening the Claims tab (all dates) -> claims grid filled: {timings[2]:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
