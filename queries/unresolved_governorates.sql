-- Governorates as written that matched no governorate or district, with how
-- many people each: spellings to add to the gazetteer or fix in the roster.
-- Read from every row of the uploads that count, so a spelling is listed even
-- for people known under another one (a later roster wrote "Kirkuk", this
-- one "Kirkouk").
-- columns: written varchar, n_participants bigint

select r.governorate_raw as written, count(distinct r.participant_id) as n_participants
from person_rows r
join uploads u using (upload_id)
join participants p using (participant_id)
where u.status = 'active'
  and r.governorate_pcode is null and r.governorate_raw is not null
  and p.merged_into is null
group by r.governorate_raw
order by n_participants desc, written
