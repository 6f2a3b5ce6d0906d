-- Targets for the follow-up pathway, per governorate: how many of those
-- trained should be followed up, apply the learning, be selected for and
-- complete the training of trainers. NULL: no target set for that stage.
alter table targets add column n_followed_up_planned integer;
alter table targets add column n_applied_learning_planned integer;
alter table targets add column n_tot_selected_planned integer;
alter table targets add column n_tot_completed_planned integer;
