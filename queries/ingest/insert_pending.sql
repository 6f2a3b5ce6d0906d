-- A tracker's rows about people no roster has named yet (or several people
-- share the name): kept, counted nowhere, linked when their roster arrives.
-- Returns the rows kept so, with the stages they hold.
-- params: upload_id integer, sheet varchar
-- columns: row_number integer
create or replace temp table pending_rows as
select m.row_number, if(m.is_ambiguous, 'ambiguous', 'no_roster_yet') as reason_key
from matched m
where m.participant_id is null;

insert into pending_follow_ups (
    upload_id, sheet, row_number, full_name, name_key, gender, governorate_pcode,
    phone_key, person_ref, stage, stage_date, extra, reason_key
)
select
    $upload_id, $sheet, r.row_number, r.full_name, r.name_key, r.gender, r.governorate_pcode,
    r.phone_key, r.person_ref, coalesce(st.stage, ''), st.stage_date, to_json(r.extra), p.reason_key
from pending_rows p
join staged r using (row_number)
left join stages st using (row_number);

select row_number from pending_rows order by row_number
