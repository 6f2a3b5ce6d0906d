-- One enrolment per staged roster row that is loaded.
-- params: upload_id integer, sheet varchar
-- columns: none
insert into enrolments (
    participant_id, course_id, upload_id, sheet, row_number,
    start_date, end_date, days_attended, is_completed, pre_score, post_score, extra
)
select
    s.participant_id, c.course_id, $upload_id, $sheet, s.row_number,
    coalesce(s.start_date, c.start_date), coalesce(s.end_date, c.end_date),
    s.days_attended, s.is_completed, s.pre_score, s.post_score, to_json(s.extra)
from loaded s
join courses c using (course_key)
