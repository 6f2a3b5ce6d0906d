-- Re-point every row about some participants to others: temp table `moves`
-- (from_id, to_id) says which. Used when two participants turn out to be one
-- person (a corrected roster, a confirmed merge).
-- columns: none
update person_rows set participant_id = m.to_id
from moves m where person_rows.participant_id = m.from_id;

update enrolments set participant_id = m.to_id
from moves m where enrolments.participant_id = m.from_id;

update follow_ups set participant_id = m.to_id
from moves m where follow_ups.participant_id = m.from_id
