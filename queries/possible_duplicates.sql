-- People who may be one person entered twice: the same folded name in
-- different governorates (or one with none), among active uploads. Each
-- record's governorate as a P-code (``pcodes``) and, where none matched, as
-- written (``written``, in the same order): named in the reader's language
-- by the page (tables.possible_duplicates).
-- columns: full_name varchar, pcodes varchar[], written varchar[], n_records bigint

with
-- Names recorded more than once at all: a cheap first cut before the scope.
candidates as (
    select name_key from participants group by name_key having count(*) > 1
),

people as (
    select participant_id, full_name, name_key, governorate_pcode, governorate_raw
    from participants
    where name_key in (select name_key from candidates)
      and participant_id in (select participant_id from people_in_scope(everyone()))
),

repeated as (
    select name_key from people group by name_key having count(*) > 1
)

select
    min(p.full_name) as full_name,
    list(p.governorate_pcode order by p.governorate_pcode nulls last, p.governorate_raw) as pcodes,
    list(p.governorate_raw order by p.governorate_pcode nulls last, p.governorate_raw) as written,
    count(*) as n_records
from people p
join repeated using (name_key)
group by p.name_key
order by n_records desc, full_name
