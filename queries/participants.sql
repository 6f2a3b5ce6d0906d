-- The people behind the numbers: one row per participant in scope whose
-- folded name contains $search (folded by the caller; NULL: everyone),
-- by name. $page_size and $page_offset page it (NULL: all rows, for exports);
-- n_total counts every matching row, whatever the page.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[], search varchar, page_size bigint, page_offset bigint
-- columns: participant_id integer, full_name varchar, gender varchar, governorate varchar, phone varchar, unit varchar, rank varchar, courses varchar, n_courses bigint, first_course date, last_course date, furthest_stage varchar, uploads varchar, n_total bigint

with
enrolments as (
    select * from enrolments_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses)
    where $search is null or contains(name_key, $search)
),

-- The page first: only its people are described below.
page as (
    select participant_id, name_key, count(*) over () as n_total
    from (select distinct participant_id, name_key from enrolments)
    order by name_key, participant_id
    limit $page_size offset $page_offset
),

taken as (
    select
        participant_id,
        string_agg(distinct course_name, '; ' order by course_name) as courses,
        count(distinct course_id) as n_courses,
        min(start_date) as first_course,
        max(coalesce(end_date, start_date)) as last_course,
        string_agg(distinct upload_id::varchar, ', ' order by upload_id::varchar) as uploads
    from enrolments
    where participant_id in (select participant_id from page)
    group by participant_id
),

furthest as (
    select
        participant_id,
        max(list_position(['followed_up', 'applied_learning', 'tot_selected', 'tot_completed'], stage))
            as stage_rank
    from follow_ups_in_scope($statuses)
    where participant_id in (select participant_id from taken)
    group by participant_id
),

final as (
    select
        p.participant_id,
        p.full_name,
        p.gender,
        coalesce(g.name_en, p.governorate_raw) as governorate,
        p.phone,
        p.unit,
        p.rank,
        t.courses,
        t.n_courses,
        t.first_course,
        t.last_course,
        ['followed_up', 'applied_learning', 'tot_selected', 'tot_completed'][f.stage_rank]
            as furthest_stage,
        t.uploads,
        pg.n_total
    from page pg
    join taken t using (participant_id)
    join participants p using (participant_id)
    left join governorates g on g.pcode = p.governorate_pcode
    left join furthest f using (participant_id)
    order by pg.name_key, pg.participant_id
)

select * from final
