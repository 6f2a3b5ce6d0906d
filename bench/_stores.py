"""What the benches share about the store they time."""

from __future__ import annotations


def empty(url: str) -> None:
    """A bench's PostgreSQL database starts empty: its tables dropped, and
    made again by the store that opens it."""
    import psycopg

    with psycopg.connect(url) as pg:
        pg.execute("drop schema public cascade")
        pg.execute("create schema public")
