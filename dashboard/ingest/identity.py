"""Stage 5, identity: who the rows are about, never merging two people wrongly.

The rules are in ``queries/ingest/people_in_sheet.sql`` and
``match_people.sql``; in short: the same ID, else the same phone under a name
that agrees, else the same folded name in the same governorate with nothing
that contradicts it (a different phone, ID or gender means two people:
cousins share names in Iraq). Where a roster's row would be merged on a name
alone while one side has a phone or ID the other lacks, the merge is likely
but not certain: the row stays a person of its own and the pair is proposed
on the data-quality page. A follow-up tracker never adds people: a row about
someone no roster has named waits (``pending_follow_ups``) until one does.

Proposals are decided here too: ``merge`` folds one participant into
another (their rows move, the merge is recorded), ``keep_apart`` closes one.
"""

from __future__ import annotations

from dashboard import audit
from dashboard.store import Store, run


def people(cur, creating: bool) -> None:
    """Match the staged rows (temp table ``staged``) to participants: fills
    temp table ``matched`` (row_number, participant_id, doubtful_id, …)."""
    run(cur, "ingest/match_people", creating=creating)


def group(cur) -> list[tuple[int, int]]:
    """Group a roster's staged rows into people; returns (row, first row) of
    rows that list a person again for the same course."""
    run(cur, "ingest/people_in_sheet")
    return run(cur, "ingest/duplicate_rows").fetchall()


def group_tracker(cur) -> None:
    run(cur, "ingest/people_in_sheet")


def add_new(cur, upload_id: int) -> None:
    """Participants for the staged people no one matched."""
    run(cur, "ingest/insert_new_people", upload_id=upload_id)


def propose(cur, upload_id: int) -> int:
    """Record the doubtful merges ``people`` found; how many."""
    before = cur.execute("select count(*) from merge_proposals").fetchone()[0]
    run(cur, "ingest/insert_proposals", upload_id=upload_id)
    return cur.execute("select count(*) from merge_proposals").fetchone()[0] - before


def link_pending(cur) -> int:
    """Give waiting follow-ups (of trackers that count) to the people rosters
    now name; how many rows were linked."""
    run(cur, "ingest/pending_as_staged")
    if cur.execute("select count(*) from staged").fetchone()[0] == 0:
        return 0  # nothing waits: no one to match
    people(cur, creating=False)
    return run(cur, "ingest/link_pending").fetchone()[0]


def correct_replaced(cur, new: int, old: int) -> None:
    """In a corrected roster, a person found again by name only (their
    governorate, say, corrected) is the same person, now corrected."""
    run(cur, "ingest/correct_replaced", new=new, old=old)
    run(cur, "ingest/move_people")


def merge(store: Store, proposal_id: int, decided_by: str) -> None:
    """Confirm a proposal: the participant it added becomes the one known before."""
    with store.write() as cur:
        run(cur, "ingest/merge_proposal", proposal_id=proposal_id, decided_by=decided_by)
        run(cur, "ingest/move_people")
        audit.record(cur, decided_by, "merge", proposal_id=proposal_id)


def keep_apart(store: Store, proposal_id: int, decided_by: str) -> None:
    with store.write() as cur:
        cur.execute(
            "update merge_proposals set status = 'kept_apart', decided_by = $by,"
            " decided_at = current_timestamp where proposal_id = $id and status = 'open'",
            {"id": proposal_id, "by": decided_by},
        )
        audit.record(cur, decided_by, "keep_apart", proposal_id=proposal_id)
