"""The first page after a start: how long a new deployment makes its first
visitor wait.

Starts ``oversight serve`` (what ``make run`` runs) on a database that does not
exist yet, as a fresh clone does, and times in headless Chromium:

- start → "You can now view" (the demo is loaded before that line);
- ready → the page frame, the sidebar, the page's title, then the first
  numbers (the Overview's cards) and its charts, for the first visitor and
  for the next one.

Prints each run and the medians. Usage: python bench/first_page.py [RUNS] (default 5)
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
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _visit(browser, url: str) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    marks = {}
    for name, selector in (
        ("frame", '[data-testid="stApp"]'),
        ("sidebar", '[data-testid="stSidebar"]'),
        ("title", "h1"),
        ("numbers", '[data-testid="stMetricValue"]'),
        ("charts", ".js-plotly-plot"),
    ):
        page.wait_for_selector(selector, timeout=60_000)
        marks[name] = time.perf_counter() - start
    page.close()
    return marks


def run_once(browser) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        port = _port()
        env = os.environ | {"OVERSIGHT_DB": str(Path(folder) / "oversight.duckdb")}
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            for line in proc.stdout:
                if "You can now view" in line:
                    break
            result = {"ready": time.perf_counter() - start}
            url = f"http://127.0.0.1:{port}/"
            for who in ("first", "next"):
                for name, seconds in _visit(browser, url).items():
                    result[f"{who} {name}"] = seconds
            return result
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        results = []
        for i in range(runs):
            results.append(run_once(browser))
            print(f"run {i + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in results[-1].items()))
        browser.close()
    print(f"\nmedians of {runs} (seconds; visits timed from the server's ready line):")
    for key in results[0]:
        print(f"  {key:<14} {statistics.median(r[key] for r in results):5.2f}")


if __name__ == "__main__":
    main()
