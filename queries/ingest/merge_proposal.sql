-- Confirm a doubtful merge: the participant the proposal's upload added
-- (other_id) is the one known before (participant_id). Their rows move, the
-- added one is marked merged, and the proposal closed.
-- params: proposal_id integer, decided_by varchar
-- columns: none
create or replace temp table merging as
select participant_id as keep_id, other_id as fold_id
from merge_proposals
where proposal_id = $proposal_id and status = 'open';

update person_rows set participant_id = m.keep_id
from merging m where person_rows.participant_id = m.fold_id;

update enrolments set participant_id = m.keep_id
from merging m where enrolments.participant_id = m.fold_id;

update follow_ups set participant_id = m.keep_id
from merging m where follow_ups.participant_id = m.fold_id;

update participants set merged_into = m.keep_id
from merging m where participants.participant_id = m.fold_id;

update merge_proposals set status = 'merged', decided_by = $decided_by,
    decided_at = current_timestamp
where proposal_id = $proposal_id and status = 'open'
