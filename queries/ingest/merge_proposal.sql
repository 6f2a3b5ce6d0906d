-- Confirm a doubtful merge: the participant the proposal's upload added
-- (other_id) is the one known before (participant_id): `moves` says so, for
-- move_people.sql; the added one is marked merged, and the proposal closed.
-- params: proposal_id integer, decided_by varchar
-- columns: none
create or replace temp table moves as
select other_id as from_id, participant_id as to_id
from merge_proposals
where proposal_id = $proposal_id and status = 'open';

update participants set merged_into = m.to_id
from moves m where participants.participant_id = m.from_id;

update merge_proposals set status = 'merged', decided_by = $decided_by,
    decided_at = current_timestamp
where proposal_id = $proposal_id and status = 'open'
