"""The Dash application: create_app(db) builds it, serve() loads the sample when needed and runs it."""

from __future__ import annotations

import sys
from pathlib import Path

from dash import Dash

from dashboard import callbacks, claims_view, layout
from dashboard.data import MetricsSource, load_sample_if_empty

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(db_path: str | Path) -> Dash:
    """A Dash app over one database; nothing is read until a page is requested."""
    source = MetricsSource(db_path)
    app = Dash(__name__, title="bordermetrics", assets_folder=str(ASSETS), serve_locally=True,
               update_title=None)
    app.validation_layout = layout.skeleton()  # else Dash calls the page function, reading the data, right here
    app.layout = lambda: layout.page(source)
    callbacks.register(app, source)
    claims_view.register_callbacks(app, source.metrics_or_empty)
    return app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8050, debug: bool = False,
          load_sample: bool = True) -> int:
    """`bordermetrics serve`: fill an empty database with the bundled sample, then serve until stopped."""
    from extract.settings import sample_corpus
    from extract.store import StoreError

    if load_sample:
        try:
            done = load_sample_if_empty(db, sample_corpus())
        except (StoreError, OSError) as exc:
            print(f"bordermetrics: could not load the sample into {db}: {exc}", file=sys.stderr)
        else:
            if done:
                print(f"bordermetrics: {done}", file=sys.stderr)
    print(f"bordermetrics: serving {db} at http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    create_app(db).run(host=host, port=port, debug=debug)
    return 0
