-- How complete and consistent the data of active uploads is: one row of
-- counts, as the last write left them (fact_quality, filled by
-- queries/facts/refresh.sql). Unresolved spellings and possible duplicates
-- are listed by their own queries.
-- columns: n_participants bigint, n_gender_known bigint, n_governorate_known bigint, n_dates_outside bigint, n_rejected bigint

select * from fact_quality
