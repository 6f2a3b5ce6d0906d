-- Remove every row of uploads that did not commit whole (see torn.sql), and
-- what only they made (their courses, their original file). Returns how many
-- rows went. Run inside the opening transaction, before anything reads.
-- columns: n_swept bigint
create or replace temp table committed as
select upload_id from uploads where committed_at is not null;

create or replace temp table swept (n bigint);

insert into swept select count(*) from enrolments where upload_id not in (select upload_id from committed);
delete from enrolments where upload_id not in (select upload_id from committed);

insert into swept select count(*) from follow_ups where upload_id not in (select upload_id from committed);
delete from follow_ups where upload_id not in (select upload_id from committed);

insert into swept select count(*) from targets where upload_id not in (select upload_id from committed);
delete from targets where upload_id not in (select upload_id from committed);

insert into swept select count(*) from rejected_rows where upload_id not in (select upload_id from committed);
delete from rejected_rows where upload_id not in (select upload_id from committed);

insert into swept select count(*) from person_rows where upload_id not in (select upload_id from committed);
delete from person_rows where upload_id not in (select upload_id from committed);

insert into swept select count(*) from pending_follow_ups where upload_id not in (select upload_id from committed);
delete from pending_follow_ups where upload_id not in (select upload_id from committed);

delete from merge_proposals where upload_id not in (select upload_id from committed);

insert into swept select count(*) from participants where first_upload_id not in (select upload_id from committed);
delete from participants where first_upload_id not in (select upload_id from committed);

delete from courses where course_id not in (select course_id from enrolments);

insert into swept select count(*) from uploads where upload_id not in (select upload_id from committed);
delete from uploads where upload_id not in (select upload_id from committed);

delete from files where sha256 not in (select sha256 from uploads);

select sum(n)::bigint as n_swept from swept
