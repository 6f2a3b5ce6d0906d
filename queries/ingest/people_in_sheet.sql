-- The people a sheet's rows name: rows are one person when they agree on the
-- folded name and the governorate and nothing tells them apart. Two rows with
-- the same name but different phones, IDs or genders are two people.
-- Input: temp table `staged` (row_number, name_key, governorate_pcode, gender,
-- phone_key, person_ref). Output: temp table `staged_people` (row_number, person_key).
-- columns: none
create or replace temp table staged_people as
with
clusters as (
    select
        name_key,
        governorate_pcode,
        count(distinct phone_key) as n_phones,
        count(distinct person_ref) as n_refs,
        count(distinct gender) filter (where gender <> 'unknown') as n_genders
    from staged
    group by all
),

final as (
    select
        s.row_number,
        case
            when c.n_phones <= 1 and c.n_refs <= 1 and c.n_genders <= 1
                then concat_ws('|', s.name_key, coalesce(s.governorate_pcode, ''))
            else concat_ws('|', s.name_key, coalesce(s.governorate_pcode, ''),
                coalesce(s.phone_key, ''), coalesce(s.person_ref, ''), s.gender)
        end as person_key
    from staged s
    join clusters c
        on c.name_key = s.name_key
        and c.governorate_pcode is not distinct from s.governorate_pcode
)

select * from final
