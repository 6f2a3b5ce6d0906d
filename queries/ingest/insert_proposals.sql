-- Doubtful merges, put to a person on the data-quality page.
-- params: upload_id integer
-- columns: none
insert into merge_proposals (participant_id, other_id, upload_id, reason_key)
select distinct doubtful_id, participant_id, $upload_id, 'quality.proposal.lopsided'
from matched
where doubtful_id is not null and doubtful_id <> participant_id
