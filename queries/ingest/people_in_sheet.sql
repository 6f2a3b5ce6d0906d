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
        min(phone_key) is distinct from max(phone_key)
            or min(person_ref) is distinct from max(person_ref)
            or min(nullif(gender, 'unknown')) is distinct from max(nullif(gender, 'unknown'))
            as is_split
    from staged
    group by all
),

final as (
    select
        s.row_number,
        case
            when not c.is_split
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
