-- People who may be one person entered twice: the same folded name in
-- different governorates (or one with none), among active uploads.
-- columns: full_name varchar, governorates varchar, n_records bigint

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
    string_agg(coalesce(g.name_en, p.governorate_raw, '—'), ', ' order by g.name_en) as governorates,
    count(*) as n_records
from people p
join repeated using (name_key)
left join governorates g on g.pcode = p.governorate_pcode
group by p.name_key
order by n_records desc, full_name
