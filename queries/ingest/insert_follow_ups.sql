-- Stages reached, for loaded rows (whose person is a participant).
-- Input: temp table `stages` (row_number, stage, stage_date).
-- A tracker's columns that map to no field are kept with each follow-up
-- ($with_extra); a roster's are kept with its enrolments already.
-- params: upload_id integer, sheet varchar, with_extra boolean
-- columns: none
insert into follow_ups (participant_id, stage, stage_date, upload_id, sheet, row_number, extra)
select r.participant_id, s.stage, s.stage_date, $upload_id, $sheet, s.row_number,
    if($with_extra, to_json(r.extra), null)
from stages s
join loaded r using (row_number)
