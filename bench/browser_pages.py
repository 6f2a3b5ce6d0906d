"""Switching pages in the browser at scale: how long a click in the sidebar
takes to show the next page's charts.

Fills a database as ``bench/pages.py`` does (default 1,000,000 enrolments in
2,000 courses), serves it with ``oversight serve``, opens the Overview in
headless Chromium and then, round after round, clicks each page's link in
the sidebar and times until its title is shown, Streamlit has stopped
running, and each of its charts is drawn. Prints each page's median over
the rounds (the first round, which warms the caches, is left out).

Usage: python bench/browser_pages.py [ENROLMENTS] [ROUNDS]   (default 1000000 5)
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard import registry  # noqa: E402
from dashboard.i18n import t  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The pages and how many charts each draws on the generated programme.
CHARTS = {"overview": 2, "coverage": 2, "gender": 2, "follow_up": 1, "participants": 0}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _shown(page, name: str) -> None:
    """Until page ``name`` stands drawn: its heading, no script running, its charts."""
    page.get_by_test_id("stMain").locator("h1").first.wait_for(timeout=120_000)
    page.wait_for_function(
        """([title, charts]) => {
            const h1 = document.querySelector('[data-testid=stMain] h1');
            if (!h1 || h1.textContent.trim() !== title) return false;
            const app = document.querySelector('[data-testid=stApp]');
            if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
            const plots = document.querySelectorAll('[data-testid=stMain] .js-plotly-plot');
            return [...plots].filter(p => p.querySelector('.main-svg')).length >= charts;
        }""",
        arg=[_title(name), CHARTS[name]],
        timeout=120_000,
        polling=20,
    )


def _title(name: str) -> str:
    return {"coverage": t("coverage.title"), "gender": t("gender_page.title"),
            "follow_up": t("follow_up.title")}.get(name, t(f"nav.{name}"))  # fmt: skip


def main(n: int, rounds: int) -> None:
    from pages import fill

    from dashboard.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        started = time.perf_counter()
        store = Store(db)
        fill(store, n)
        store.close()
        print(f"{n:,} enrolments filled in {time.perf_counter() - started:.0f} s")
        port = _port()
        server = subprocess.Popen(
            [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(port), "--db", str(db)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            for line in server.stdout:
                if "You can now view" in line:
                    break
            times: dict[str, list[float]] = {name: [] for name in CHARTS}
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.goto(f"http://127.0.0.1:{port}/")
                _shown(page, "overview")
                nav = page.get_by_test_id("stSidebarNav")
                for r in range(rounds + 1):
                    for name in [*list(CHARTS)[1:], "overview"]:
                        link = nav.get_by_text(t(f"nav.{registry.BY_NAME[name].name}"), exact=True)
                        start = time.perf_counter()
                        link.click()
                        _shown(page, name)
                        if r:  # the first round fills the caches
                            times[name].append(time.perf_counter() - start)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{'page':<14} {'median s':>9} {'min s':>7} {'max s':>7}   ({rounds} clicks each)")
    for name, runs in times.items():
        print(f"{name:<14} {statistics.median(runs):>9.2f} {min(runs):>7.2f} {max(runs):>7.2f}")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(args[0] if args else 1_000_000, args[1] if len(args) > 1 else 5)
