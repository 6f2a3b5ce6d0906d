-- Participants by governorate and gender.
-- One row per governorate × gender with at least one participant; participants
-- whose governorate is unknown are one row with governorate_pcode (and its
-- name) null: the caller names it (filters.governorate_name).
-- params: filters struct
-- columns: governorate_pcode varchar, governorate varchar, gender varchar, n_participants bigint

with
people as (
    select * from people_in_scope($filters)
),

counted as (
    select governorate_pcode, gender, count(*) as n_participants
    from people
    group by governorate_pcode, gender
),

final as (
    select
        c.governorate_pcode,
        g.name_en as governorate,
        c.gender,
        c.n_participants
    from counted c
    left join governorates g on g.pcode = c.governorate_pcode
    order by governorate nulls last, c.gender
)

select * from final
