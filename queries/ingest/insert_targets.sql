-- Targets from a staged targets sheet. Params: $upload_id integer, $sheet varchar.
insert into targets (
    programme, governorate_pcode, n_participants_planned, share_women_planned,
    upload_id, sheet, row_number
)
select programme, governorate_pcode, n_participants_planned, share_women_planned,
    $upload_id, $sheet, row_number
from staged
