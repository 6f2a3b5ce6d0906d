"""The read server: untrusted files are parsed in a forked, bounded child.

``python -m dashboard.ingest.worker SOCKET`` is started once per process that
reads files (the dashboard, the command line, a test run), the first time it
needs one, and ends when that process does (its stdin closes). It imports the
readers once, listens on a Unix socket in a private directory, and forks one
child per file: the child limits its own address space and CPU time, says
its process id, parses, sends the grids back and exits. The server is
single-threaded, so forking it is safe (forking the dashboard, whose threads
hold locks, would not be), and a fork costs milliseconds where a new Python
would cost a third of a second.

What crosses back is data only: a JSON header and one Arrow IPC stream per
sheet, never a pickle, so a child that a hostile file took over could not
run code in the dashboard. A child that dies (out of memory, out of CPU
time, a reader's crash) or outlives the wall-clock limit is killed and the
file refused; the dashboard never notices more than a closed socket.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import resource
import selectors
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pyarrow as pa

_HEADER = struct.Struct("!Q")  # each message: its length, then its bytes


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(_HEADER.pack(len(payload)) + payload)


def _recv_exact(sock: socket.socket, n: int) -> bytes | bytearray:
    """``n`` bytes, received into one buffer (not chunks joined: no second copy)."""
    buffer = bytearray(n)
    view, got = memoryview(buffer), 0
    while got < n:
        k = sock.recv_into(view[got:], min(n - got, 1 << 20))
        if not k:
            raise EOFError
        got += k
    return buffer


def _recv(sock: socket.socket, limit: int) -> bytes:
    (n,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
    if n > limit:
        raise EOFError
    return _recv_exact(sock, n)


# -- the dashboard's side --------------------------------------------------------

_LOCK = threading.Lock()
_SERVER: tuple[subprocess.Popen, str] | None = None


def _server() -> str:
    """The socket of this process's read server, started if need be."""
    global _SERVER
    with _LOCK:
        if _SERVER is not None and _SERVER[0].poll() is None:
            return _SERVER[1]
        folder = tempfile.mkdtemp(prefix="oversight-read-")  # 0700: ours alone
        path = os.path.join(folder, "socket")
        ready_r, ready_w = os.pipe()
        env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard.ingest.worker", path, str(ready_w)],
            stdin=subprocess.PIPE,
            pass_fds=(ready_w,),
            env=env,
            cwd=str(Path(__file__).resolve().parents[2]),
        )
        os.close(ready_w)
        with os.fdopen(ready_r, "rb") as ready:
            ready.read(1)  # the server listens
        _SERVER = (proc, path)
        atexit.register(_stop, proc, folder)
        return path


def _stop(proc: subprocess.Popen, folder: str) -> None:
    try:
        proc.stdin.close()
        proc.wait(5)
    except Exception:
        proc.kill()
    for name in os.listdir(folder) if os.path.isdir(folder) else ():
        os.unlink(os.path.join(folder, name))
    if os.path.isdir(folder):
        os.rmdir(folder)


def ask(
    data: bytes, file_name: str, limits: dict, wall_seconds: float, max_reply: int
) -> tuple[dict, list]:
    """Send a file to a fresh child, with the limits it reads within; its
    header and Arrow tables, or ``TimeoutError`` / ``EOFError`` when it took
    too long or died."""
    for attempt in (1, 2):  # a server that died is started again, once
        path = _server()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            if attempt == 2:
                raise
            continue
        break
    pid = None
    try:
        sock.settimeout(wall_seconds)
        _send(sock, json.dumps({"file_name": file_name, "limits": limits}).encode())
        _send(sock, data)
        (pid,) = struct.unpack("!I", _recv_exact(sock, 4))
        header = json.loads(_recv(sock, 64 << 20))
        tables = []
        for _ in header.get("sheets", []):
            with pa.ipc.open_stream(pa.py_buffer(_recv(sock, max_reply))) as stream:
                tables.append(stream.read_all())
        return header, tables
    except TimeoutError:
        if pid:  # still at work, so not yet reaped: the pid is still its own
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        raise
    except (OSError, ValueError, struct.error, pa.ArrowException) as exc:
        raise EOFError from exc
    finally:
        sock.close()


# -- the server ----------------------------------------------------------------------


def _limit(memory: int, cpu: int) -> None:
    with open("/proc/self/statm") as f:
        held = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (held + memory, held + memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _refusal(exc) -> dict:
    return {"refused": exc.message.to_json(), "sheet": exc.sheet}


def _child(conn: socket.socket) -> None:
    from dashboard.ingest import read

    conn.sendall(struct.pack("!I", os.getpid()))
    request = json.loads(_recv(conn, 1 << 20))
    for name, value in request["limits"].items():  # the asking process's own
        if name in read.LIMITS:
            setattr(read, name, int(value))
    data = bytes(_recv(conn, read.MAX_FILE_BYTES + 1))
    _limit(read.WORKER_MEMORY_BYTES, read.WORKER_CPU_SECONDS)
    file_name = request["file_name"]
    try:
        grids = (
            _parse(conn, data, file_name) if read.is_zip(data) else read.read_here(data, file_name)
        )
    except read.Refused as exc:
        _send(conn, json.dumps(_refusal(exc)).encode())
        return
    except MemoryError:
        _send(conn, json.dumps({"refused": {"key": "ingest.too_demanding", "values": {}}}).encode())
        return
    except Exception as exc:  # a reader's own words, on one line
        _send(conn, json.dumps({"failed": read.one_line(exc)}).encode())
        return
    header = {"sheets": [read.grid_header(g) for g in grids]}
    _send(conn, json.dumps(header, ensure_ascii=False).encode())
    for g in grids:
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, g.table.schema) as writer:
            writer.write_table(g.table)
        _send(conn, sink.getvalue().to_pybytes())


def _parse(conn: socket.socket, data: bytes, file_name: str) -> list:
    """A workbook's zip scanned and parsed at once, on the two cores. The
    scan runs ahead (it inflates and counts; the reader builds cells), and
    the moment it finds a bomb, or sees this process's memory pass what a
    file of this size may take, it says so and ends the process, reader and
    all: a refused file's peak memory is bounded by ``watch_bytes``."""
    from dashboard.ingest import read

    cap = read.watch_bytes(len(data))

    def watch() -> None:
        if _rss() > cap:
            raise read.Refused(file_name, read.msg("ingest.too_demanding"))

    scanned: dict = {}

    def check() -> None:
        try:
            scanned["merges"] = read.scan(data, file_name, watch)
        except read.Refused as exc:
            _send(conn, json.dumps(_refusal(exc)).encode())
            os._exit(0)  # the reader with it: nothing more is read
        except BaseException as exc:  # the reader's own failure will say more
            scanned["error"] = exc

    scanner = threading.Thread(target=check, daemon=True)
    scanner.start()
    try:
        grids = read.read_workbook(data, file_name)
    finally:
        scanner.join()  # a refusal ends the process before this returns
    if "error" in scanned:
        raise scanned["error"]
    return read.attach_merges(data, grids, scanned["merges"])


def serve(path: str, ready_fd: int) -> None:
    import dashboard.ingest.read  # noqa: F401  imported once, before any fork

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(16)
    os.write(ready_fd, b"1")
    os.close(ready_fd)
    signal.signal(signal.SIGCHLD, lambda *_: _reap())
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(sys.stdin.buffer, selectors.EVENT_READ, "parent")
    try:
        _accept(listener, selector)
    finally:  # the socket and its folder go with the server, however it ends
        with contextlib.suppress(OSError):
            os.unlink(path)
            os.rmdir(os.path.dirname(path))


def _accept(listener: socket.socket, selector: selectors.BaseSelector) -> None:
    while True:
        for key, _ in selector.select():
            if key.data == "parent":  # the process we serve is gone (or closed us)
                if not sys.stdin.buffer.read1(1):
                    return
                continue
            conn, _ = listener.accept()
            if os.fork() == 0:
                listener.close()
                quiet = os.open(os.devnull, os.O_WRONLY)  # a reader's crash says nothing here
                os.dup2(quiet, 1)
                os.dup2(quiet, 2)
                code = 0
                try:
                    _child(conn)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            conn.close()


def _reap() -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))
