-- The people a sheet's rows name: rows are one person when they agree on the
-- folded name and the governorate and nothing tells them apart. Two rows with
-- the same name but different phones, IDs or genders are two people.
-- Input: temp table `staged` (row_number, name_key, governorate_pcode, gender,
-- phone_key, person_ref). Output: temp table `staged_people` (row_number, person_key).
-- A person is numbered by the first row that names them (an integer groups
-- and joins faster than the text of the name).
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
            as is_split,
        min(row_number) as first_row
    from staged
    group by all
),

rows_in as (
    select s.row_number, s.name_key, s.governorate_pcode, s.phone_key, s.person_ref, s.gender,
        c.is_split, c.first_row
    from staged s
    join clusters c
        on c.name_key = s.name_key
        and c.governorate_pcode is not distinct from s.governorate_pcode
),

final as (
    select row_number, first_row as person_key
    from rows_in
    where not is_split
    union all
    select
        row_number,
        min(row_number) over (
            partition by name_key, governorate_pcode, phone_key, person_ref, gender
        ) as person_key
    from rows_in
    where is_split
)

select * from final
