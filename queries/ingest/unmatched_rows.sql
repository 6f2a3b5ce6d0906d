-- Follow-up rows of one sheet that match no participant already loaded.
select row_number from matched where participant_id is null order by row_number
