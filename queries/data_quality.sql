-- How complete and consistent the data of active uploads is: one row of counts.
-- (Unresolved spellings and possible duplicates are listed by their own queries.)
-- columns: n_participants bigint, n_gender_known bigint, n_governorate_known bigint, n_dates_outside bigint, n_rejected bigint

with
people as (
    select * from people_in_scope(everyone())
),

final as (
    select
        (select count(*) from people) as n_participants,
        (select count(*) from people where gender <> 'unknown') as n_gender_known,
        (select count(*) from people where governorate_pcode is not null) as n_governorate_known,
        -- attendance outside its course's dates, and rows whose course started
        -- after it ended (rejected, so not an enrolment, but a dates problem all the same)
        (select count(*) from enrolments_in_scope(everyone()) e
            join courses c using (course_id)
            where e.start_date < c.start_date or e.end_date > c.end_date)
        + (select count(*) from rejected_rows r join uploads u using (upload_id)
            where u.status = 'active' and r.reason_key = 'ingest.reject.start_after_end')
            as n_dates_outside,
        (select coalesce(sum(n_rows_rejected), 0) from uploads where status = 'active')::bigint as n_rejected
)

select * from final
