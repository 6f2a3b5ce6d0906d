-- How much two uploads are about the same things: shared people (by folded
-- name, so a corrected governorate still counts) or target governorates,
-- over the smaller upload's count.
-- params: new integer, old integer
-- columns: overlap double
with
keys as (
    select upload_id, 'p' || name_key as k
    from person_rows where upload_id in ($new, $old)
    union
    select f.upload_id, 'p' || p.name_key
    from follow_ups f join participants p using (participant_id)
    where f.upload_id in ($new, $old)
    union
    select upload_id, 'p' || name_key
    from pending_follow_ups where upload_id in ($new, $old)
    union
    select upload_id, 't' || governorate_pcode || coalesce(programme, '')
    from targets where upload_id in ($new, $old)
),

a as (select distinct k from keys where upload_id = $new),

b as (select distinct k from keys where upload_id = $old)

select
    (select count(*) from a join b using (k))
    / nullif(least((select count(*) from a), (select count(*) from b)), 0) as overlap
