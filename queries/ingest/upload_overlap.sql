-- How much two uploads are about the same things: shared people (or target
-- governorates) over the smaller upload's count. Params: $new, $old integer.
with
keys as (
    select upload_id, 'p' || participant_id as k
    from enrolments where upload_id in ($new, $old)
    union
    select upload_id, 'p' || participant_id
    from follow_ups where upload_id in ($new, $old)
    union
    select upload_id, 't' || governorate_pcode || coalesce(programme, '')
    from targets where upload_id in ($new, $old)
),
a as (select distinct k from keys where upload_id = $new),
b as (select distinct k from keys where upload_id = $old)
select
    (select count(*) from a join b using (k))
    / nullif(least((select count(*) from a), (select count(*) from b)), 0)
