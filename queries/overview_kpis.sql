-- The headline numbers of the programme.
-- One row. A participant counts once, however many courses they attended.
-- params: filters struct
-- columns: n_participants bigint, n_women bigint, n_men bigint, n_gender_unknown bigint, n_governorates bigint, n_courses bigint, first_course_on date, last_course_ended_on date

with
cells as (
    select * from people_cells($filters)
),

final as (
    select
        coalesce(sum(n_people), 0)::bigint as n_participants,
        coalesce(sum(n_people) filter (where gender = 'female'), 0)::bigint as n_women,
        coalesce(sum(n_people) filter (where gender = 'male'), 0)::bigint as n_men,
        coalesce(sum(n_people) filter (where gender = 'unknown'), 0)::bigint as n_gender_unknown,
        count(distinct governorate_pcode) as n_governorates,
        (select count(*) from courses_in_scope($filters))
            as n_courses,
        min(first_course) as first_course_on,
        max(last_course) as last_course_ended_on
    from cells
)

select * from final
