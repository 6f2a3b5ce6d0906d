-- Waiting follow-ups whose person a roster has now named become follow-ups
-- (of the tracker they came from), and wait no more. Returns how many.
-- columns: n_linked bigint
insert into follow_ups (participant_id, stage, stage_date, upload_id, sheet, row_number, extra)
select m.participant_id, p.stage, p.stage_date, p.upload_id, p.sheet, p.row_number, p.extra
from pending_follow_ups p
join matched m on m.row_number = p.pending_id
where m.participant_id is not null and p.stage <> '';

create or replace temp table linked as
select m.row_number as pending_id from matched m where m.participant_id is not null;

delete from pending_follow_ups where pending_id in (select pending_id from linked);

select count(*) as n_linked from linked
