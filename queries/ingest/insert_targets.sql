-- Targets from a staged targets sheet.
-- params: upload_id integer, sheet varchar
-- columns: none
insert into targets (
    programme, governorate_pcode, n_participants_planned, share_women_planned,
    n_followed_up_planned, n_applied_learning_planned, n_tot_selected_planned,
    n_tot_completed_planned, upload_id, sheet, row_number
)
select programme, governorate_pcode, n_participants_planned, share_women_planned,
    n_followed_up_planned, n_applied_learning_planned, n_tot_selected_planned,
    n_tot_completed_planned, $upload_id, $sheet, row_number
from staged
