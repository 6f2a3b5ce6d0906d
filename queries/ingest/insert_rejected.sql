-- Rejected rows, in bulk, from the registered Arrow table `rejected`
-- (sheet, row_number, reason, reason_key, reason_values, raw struct).
-- params: upload_id integer
-- columns: none
insert into rejected_rows (upload_id, sheet, row_number, reason, raw, reason_key, reason_values)
select $upload_id, sheet, row_number, reason, to_json(raw), reason_key, reason_values::json
from rejected
