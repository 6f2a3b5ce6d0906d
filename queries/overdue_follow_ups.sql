-- Participants whose follow-up is overdue: their last course in scope ended
-- more than $days days before $today and no follow-up is recorded for them.
-- Longest overdue first, then by name (by internal number when $by_number:
-- a viewer's list, whose name order would tell the names'). $page_size and $page_offset page it (NULL: all rows,
-- for exports); n_total counts every overdue person, whatever the page.
-- params: filters struct, days integer, today date, page_size bigint, page_offset bigint, by_number boolean
-- columns: participant_id integer, full_name varchar, gender varchar, governorate_pcode varchar, governorate_raw varchar, phone varchar, course_name varchar, ended date, due date, days_overdue bigint, n_total bigint

with
people as (
    select * from people_in_scope($filters)
),

-- Due $days after the course ended: overdue if it ended before $today less
-- $days (one date to compare each person's with, and the same order).
overdue as (
    select participant_id, name_key, last_course_id, last_course as ended
    from people
    where stage_rank is null
      and last_course < (coalesce($today, current_date) - to_days(coalesce($days, 90)))::date
),

page as (
    select *, (ended + to_days(coalesce($days, 90)))::date as due
    from overdue
    order by ended, case when $by_number then participant_id end, name_key, participant_id
    limit $page_size offset $page_offset
),

final as (
    select
        o.participant_id,
        p.full_name,
        p.gender,
        p.governorate_pcode,
        p.governorate_raw,
        p.phone,
        c.course_name,
        o.ended,
        o.due,
        date_diff('day', o.due, coalesce($today, current_date)) as days_overdue,
        (select count(*) from overdue) as n_total
    from page o
    join participants p using (participant_id)
    join courses c on c.course_id = o.last_course_id
    order by o.due, case when $by_number then o.participant_id end, o.name_key, o.participant_id
)

select * from final
