-- The people behind the numbers: one row per participant in scope whose
-- folded name contains $search (folded by the caller; NULL: everyone),
-- by name, or by their internal number when $by_number (a viewer's list, by
-- pseudonym: in name order it would tell the names' order). $page_size and
-- $page_offset page it (NULL: all rows, for exports); n_total counts every
-- matching row, whatever the page.
-- params: filters struct, search varchar, page_size bigint, page_offset bigint, by_number boolean
-- columns: participant_id integer, full_name varchar, gender varchar, governorate_pcode varchar, governorate_raw varchar, phone varchar, unit varchar, rank varchar, courses varchar, n_courses bigint, first_course date, last_course date, furthest_stage varchar, uploads varchar, n_total bigint

with
people as (
    select *
    from people_in_scope($filters)
    where $search is null or contains(name_key, $search)
),

-- The page first: only its people are described below.
page as (
    select *
    from people
    order by case when $by_number then participant_id end, name_key, participant_id
    limit $page_size offset $page_offset
),

taken as (
    select
        e.participant_id,
        string_agg(distinct c.course_name, '; ' order by c.course_name) as courses,
        string_agg(distinct e.upload_id::varchar, ', ' order by e.upload_id::varchar) as uploads
    from enrolments_in_scope($filters) e
    join courses c using (course_id)
    where e.participant_id in (select participant_id from page)
    group by e.participant_id
),

final as (
    select
        pg.participant_id,
        p.full_name,
        p.gender,
        p.governorate_pcode,
        p.governorate_raw,
        p.phone,
        p.unit,
        p.rank,
        t.courses,
        pg.n_courses,
        pg.first_course,
        pg.last_course,
        ['followed_up', 'applied_learning', 'tot_selected', 'tot_completed'][pg.stage_rank]
            as furthest_stage,
        t.uploads,
        (select count(*) from people) as n_total
    from page pg
    join taken t using (participant_id)
    join participants p using (participant_id)
    order by case when $by_number then pg.participant_id end, pg.name_key, pg.participant_id
)

select * from final
