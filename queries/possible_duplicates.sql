-- People who may be one person entered twice: the same folded name in
-- different governorates (or one with none), among active uploads.
-- columns: full_name varchar, governorates varchar, n_records bigint

with
people as (
    select p.*
    from participants p
    where participant_id in (select participant_id from enrolments_in_scope(null, null, null, null, null, null, null))
)

select
    min(p.full_name) as full_name,
    string_agg(coalesce(g.name_en, p.governorate_raw, '—'), ', ' order by g.name_en) as governorates,
    count(*) as n_records
from people p
left join governorates g on g.pcode = p.governorate_pcode
group by p.name_key
having count(*) > 1
order by n_records desc, full_name
