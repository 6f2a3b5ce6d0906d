"""A process for the kill test: ingests one file into one database, saying
where it is on stdout, so the test can kill it there.

    python -m tests.crash_child DB FILE [PAUSE]

Markers, one a line: ``opened`` (the store is open), ``staged`` (read and
normalised, nothing written), ``begin`` (the upload's transaction started),
``body`` (its statements ran, the commit comes next, after PAUSE seconds),
``committed``, ``done``.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path

from dashboard import store as stores
from dashboard.ingest import ingest


def say(marker: str) -> None:
    print(marker, flush=True)


def main(db: str, file: str, pause: float = 0.0) -> None:
    store = stores.Store(db)
    say("opened")
    real = stores.Store.write

    @contextmanager
    def write(self, bump: bool = True):
        say("begin")
        with real(self, bump) as cur:
            yield cur
            say("body")
            time.sleep(pause)  # every statement ran, the commit not sent: a kill lands here
        say("committed")

    stores.Store.write = write
    path = Path(file)

    def progress(done: float) -> None:
        if done == 0.6:
            say("staged")

    result = ingest(store, path.read_bytes(), path.name, "kill-test", progress=progress)
    say(f"done {result.status}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.0)
