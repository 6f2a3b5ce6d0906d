-- A corrected roster corrects: a person the new upload added under the same
-- folded name as one the upload it replaces listed (and it no longer does),
-- with no ID or phone telling them apart, is that person, now with the
-- corrected governorate, gender or phone: `moves` says which, for
-- move_people.sql, and the participant just added is removed.
-- params: new integer, old integer
-- columns: none
create or replace temp table moves as
with
added as (
    select participant_id, any_value(name_key) as name_key, max(phone_key) as phone_key,
        max(person_ref) as person_ref
    from person_rows
    where upload_id = $new
      and participant_id in (select participant_id from participants where first_upload_id = $new)
    group by participant_id
),

dropped as (
    select participant_id, any_value(name_key) as name_key, max(phone_key) as phone_key,
        max(person_ref) as person_ref
    from person_rows
    where upload_id = $old
      and participant_id not in (select participant_id from person_rows where upload_id = $new)
    group by participant_id
),

pairs as (
    select a.participant_id as new_id, d.participant_id as old_id,
        count(*) over (partition by a.participant_id) as n_a,
        count(*) over (partition by d.participant_id) as n_d
    from added a
    join dropped d using (name_key)
    where coalesce(a.person_ref = d.person_ref, true)
      and (coalesce(a.phone_key = d.phone_key, true) or a.person_ref = d.person_ref)
)

select new_id as from_id, old_id as to_id from pairs where n_a = 1 and n_d = 1;

delete from participants where participant_id in (select from_id from moves);

delete from merge_proposals where other_id in (select from_id from moves)
