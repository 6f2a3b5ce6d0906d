-- Upload numbers without gaps: the commit takes the number after the last
-- upload (dashboard/ingest/commit.py), so a preview rolled back or a refused
-- file uses none. The sequence's default goes, so that nothing numbers an
-- upload any other way.
alter table uploads alter column upload_id drop default;
