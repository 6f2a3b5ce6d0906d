"""A throwaway PostgreSQL cluster for the tests that run on the shared store.

Debian's ``postgresql`` package gives ``initdb`` and ``pg_ctl``; the cluster
is made in a temporary directory, owned by an unprivileged user (PostgreSQL
refuses to run as root: as root the ``postgres`` account the package made
runs it), listens on a free loopback port and on a socket in that
directory, trusts local connections (nothing else can reach it), and is
stopped and removed at the end.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import free_port


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise RuntimeError(
            f"PostgreSQL's {name} is not installed: apt-get install postgresql (make test does)"
        )
    return found


class Cluster:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="oversight-pg-"))
        self.port = free_port()
        self.user = "oversight"
        self._as = []
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            os.chmod(self.dir, 0o755)
            shutil.chown(self.dir, "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        data = self.dir / "data"
        self._run(_binary("initdb"), "-D", str(data), "-A", "trust", "-U", self.user,
                  "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self._run(
            _binary("pg_ctl"), "-D", str(data), "-l", str(self.dir / "log"), "-w", "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c max_connections=200",
            "start",
        )  # fmt: skip
        self._n = 0

    def _run(self, *cmd: str) -> None:
        subprocess.run([*self._as, *cmd], check=True, capture_output=True, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def database(self) -> str:
        """A new, empty database's URL."""
        import psycopg

        self._n += 1
        name = f"t{self._n}"  # the cluster is this test process's own
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'create database "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(_binary("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
