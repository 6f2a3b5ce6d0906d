-- Attach the people a sheet names to participants already known.
-- Input: temp tables `staged`, `staged_people`. Output: temp table `matched`
-- (row_number, participant_id, doubtful_id, is_ambiguous).
--
-- The same person is: the same ID, else the same phone under a name that
-- agrees, else the same folded name in the same governorate, and only when
-- nothing contradicts it (a different phone, ID or gender means two people:
-- namesakes exist). An ID or phone shared by several names identifies no one.
-- When $creating (a roster, which adds people), a name match where one side
-- has a phone or ID and the other has none is likely but not certain: the row
-- becomes a person of its own and the pair is proposed for merging
-- (doubtful_id). A follow-up tracker adds no one, so it takes that match;
-- a name several participants share is ambiguous for it.
-- params: creating boolean
-- columns: none
create or replace temp table matched as
with
-- Materialized: six parts below read it, and DuckDB would otherwise group the
-- staged rows again for each (a 100,000-row roster's match 0.16 -> 0.11 s).
people as materialized (
    select
        sp.person_key,
        any_value(s.name_key) as name_key,
        any_value(s.governorate_pcode) as governorate_pcode,
        max(s.phone_key) as phone_key,
        max(s.person_ref) as person_ref,
        coalesce(max(s.gender) filter (where s.gender <> 'unknown'), 'unknown') as gender
    from staged_people sp
    join staged s using (row_number)
    group by sp.person_key
),

known as (
    select participant_id, name_key, governorate_pcode, phone_key, person_ref, gender
    from participants
    where merged_into is null
),

unique_refs as (
    select person_ref from known where person_ref is not null
    group by person_ref having count(*) = 1
),

unique_phones as (
    select phone_key from known where phone_key is not null
    group by phone_key having count(*) = 1
),

staged_refs as (
    select person_ref from people where person_ref is not null
    group by person_ref having count(distinct name_key) = 1
),

staged_phones as (
    select phone_key from people where phone_key is not null
    group by phone_key having count(distinct name_key) = 1
),

by_ref as (
    select p.person_key, k.participant_id
    from people p
    join known k using (person_ref)
    where p.person_ref in (select person_ref from staged_refs)
      and k.person_ref in (select person_ref from unique_refs)
      and not (p.gender <> 'unknown' and k.gender <> 'unknown' and p.gender <> k.gender)
),

by_phone as (
    select p.person_key, k.participant_id
    from people p
    join known k using (phone_key)
    where p.phone_key in (select phone_key from staged_phones)
      and k.phone_key in (select phone_key from unique_phones)
      and not (p.gender <> 'unknown' and k.gender <> 'unknown' and p.gender <> k.gender)
      and coalesce(p.person_ref = k.person_ref, true)
      and (
          p.name_key = k.name_key
          or jaro_winkler_similarity(p.name_key, k.name_key) >= 0.85
          or list_has_all(string_split(p.name_key, ' '), string_split(k.name_key, ' '))
          or list_has_all(string_split(k.name_key, ' '), string_split(p.name_key, ' '))
      )
),

by_name as (
    select
        p.person_key,
        k.participant_id,
        coalesce(p.phone_key <> k.phone_key, false)
            or coalesce(p.person_ref <> k.person_ref, false)
            or (p.gender <> 'unknown' and k.gender <> 'unknown' and p.gender <> k.gender)
            as contradicts,
        (p.phone_key is null) <> (k.phone_key is null)
            or (p.person_ref is null) <> (k.person_ref is null)
            or (p.governorate_pcode is null) <> (k.governorate_pcode is null)
            as lopsided
    from people p
    join known k
        on k.name_key = p.name_key
        and (k.governorate_pcode is not distinct from p.governorate_pcode
             or p.governorate_pcode is null or k.governorate_pcode is null)
),

name_candidates as (
    select
        person_key,
        count(*) filter (where not contradicts) as n_candidates,
        min(participant_id) filter (where not contradicts) as participant_id,
        bool_or(lopsided) filter (where not contradicts) as lopsided
    from by_name
    group by person_key
),

decided as (
    select
        p.person_key,
        coalesce(r.participant_id, ph.participant_id, case
            when n.n_candidates = 1 and (not $creating or not n.lopsided) then n.participant_id
        end) as participant_id,
        case
            when r.participant_id is null and ph.participant_id is null
                and n.n_candidates = 1 and $creating and n.lopsided then n.participant_id
        end as doubtful_id,
        r.participant_id is null and ph.participant_id is null and coalesce(n.n_candidates, 0) > 1
            as is_ambiguous
    from people p
    left join by_ref r using (person_key)
    left join by_phone ph using (person_key)
    left join name_candidates n using (person_key)
),

final as (
    select sp.row_number, d.participant_id, d.doubtful_id, d.is_ambiguous, sp.person_key
    from staged_people sp
    join decided d using (person_key)
)

select * from final
