-- Participants against targets, per governorate: all 18, reached or not, and a
-- row for people whose governorate is not known (pcode 'unknown') if any.
-- n_participants is null where a governorate has neither people nor a target
-- ("no data"); 0 where it has a target and nobody trained yet.
-- Targets count when their programme is chosen or they name none; those for
-- the follow-up stages are NULL where none is set.
-- params: filters struct
-- columns: governorate_pcode varchar, n_participants bigint, n_women bigint, n_men bigint, n_gender_unknown bigint, n_planned bigint, share_women_planned double, n_followed_up_planned bigint, n_applied_learning_planned bigint, n_tot_selected_planned bigint, n_tot_completed_planned bigint

with
cells as (
    select * from people_cells($filters)
),

counted as (
    select
        coalesce(governorate_pcode, 'unknown') as governorate_pcode,
        sum(n_people)::bigint as n_participants,
        coalesce(sum(n_people) filter (where gender = 'female'), 0)::bigint as n_women,
        coalesce(sum(n_people) filter (where gender = 'male'), 0)::bigint as n_men,
        coalesce(sum(n_people) filter (where gender = 'unknown'), 0)::bigint as n_gender_unknown
    from cells
    group by all
),

planned as (
    select
        governorate_pcode,
        sum(n_participants_planned)::bigint as n_planned,
        sum(share_women_planned * n_participants_planned)
            / sum(n_participants_planned) filter (where share_women_planned is not null)
            as share_women_planned,
        sum(n_followed_up_planned)::bigint as n_followed_up_planned,
        sum(n_applied_learning_planned)::bigint as n_applied_learning_planned,
        sum(n_tot_selected_planned)::bigint as n_tot_selected_planned,
        sum(n_tot_completed_planned)::bigint as n_tot_completed_planned
    from targets_in_scope($filters)
    where $filters['programmes'] is null or programme is null or list_contains($filters['programmes'], programme)
    group by governorate_pcode
),

places as (
    select pcode as governorate_pcode, name_en from governorates
    union all
    select 'unknown', null where exists (select 1 from counted where governorate_pcode = 'unknown')
),

final as (
    select
        g.governorate_pcode,
        case when c.n_participants is null and p.n_planned is null then null
            else coalesce(c.n_participants, 0) end as n_participants,
        coalesce(c.n_women, 0) as n_women,
        coalesce(c.n_men, 0) as n_men,
        coalesce(c.n_gender_unknown, 0) as n_gender_unknown,
        p.n_planned,
        p.share_women_planned,
        p.n_followed_up_planned,
        p.n_applied_learning_planned,
        p.n_tot_selected_planned,
        p.n_tot_completed_planned
    from places g
    left join counted c using (governorate_pcode)
    left join planned p using (governorate_pcode)
    where $filters['governorates'] is null or list_contains($filters['governorates'], g.governorate_pcode)
    order by g.governorate_pcode = 'unknown', g.name_en
)

select * from final
