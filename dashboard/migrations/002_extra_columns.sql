-- Columns of a roster that map to no field are kept with each row, header -> cell.
alter table enrolments add column extra json;
alter table follow_ups add column extra json;
