-- One enrolment per staged row. Params: $upload_id integer, $sheet varchar.
insert into enrolments (
    participant_id, course_id, upload_id, sheet, row_number,
    start_date, end_date, days_attended, is_completed, pre_score, post_score, extra
)
select
    m.participant_id, c.course_id, $upload_id, $sheet, m.row_number,
    coalesce(m.start_date, c.start_date), coalesce(m.end_date, c.end_date),
    m.days_attended, m.is_completed, m.pre_score, m.post_score, to_json(m.extra)
from matched m
join courses c using (course_key)
