-- Governorates as written that matched no governorate or district, with how
-- many people each: spellings to add to the gazetteer or fix in the roster.
-- columns: written varchar, n_participants bigint

select governorate_raw as written, count(*) as n_participants
from participants
where governorate_pcode is null and governorate_raw is not null
  and participant_id in (select participant_id from people_in_scope(null, null, null, null, null, null, null, null))
group by governorate_raw
order by n_participants desc, written
