-- Participants whose follow-up is overdue: their last course in scope ended
-- more than $days days before $today and no follow-up is recorded for them.
-- Oldest first.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[], days integer, today date
-- columns: participant_id integer, full_name varchar, gender varchar, governorate varchar, phone varchar, course_name varchar, ended date, due date, days_overdue bigint

with
enrolments as (
    select * from enrolments_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses)
),

last_course as (
    select
        participant_id,
        arg_max(course_name, coalesce(end_date, start_date)) as course_name,
        max(coalesce(end_date, start_date)) as ended
    from enrolments
    group by participant_id
),

final as (
    select
        p.participant_id,
        p.full_name,
        p.gender,
        coalesce(g.name_en, p.governorate_raw) as governorate,
        p.phone,
        l.course_name,
        l.ended,
        (l.ended + to_days(coalesce($days, 90)))::date as due,
        date_diff('day', (l.ended + to_days(coalesce($days, 90)))::date, coalesce($today, current_date))
            as days_overdue
    from last_course l
    join participants p using (participant_id)
    left join governorates g on g.pcode = p.governorate_pcode
    where l.ended is not null
      and (l.ended + to_days(coalesce($days, 90)))::date < coalesce($today, current_date)
      and l.participant_id not in (select participant_id from follow_ups_in_scope($statuses))
    order by due, p.name_key
)

select * from final
