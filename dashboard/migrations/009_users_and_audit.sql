-- Who may sign in, and what was done: local accounts for offices without an
-- identity provider (dashboard/auth.py), and the audit log (dashboard/audit.py).
--
-- A user's governorates scope every number they see (null: all of them). The
-- password is kept only as an argon2id hash; a user signed in through an
-- identity provider has none. Failed sign-ins are counted, and past the limit
-- the account waits (locked_until) before it may try again.
create table users (
    email             varchar primary key,     -- folded to lower case
    role              varchar not null check (role in ('viewer', 'manager', 'staff', 'admin')),
    governorates      varchar[],               -- P-codes; null: every governorate
    password_hash     varchar,
    is_disabled       boolean not null default false,
    failed_sign_ins   integer not null default 0,
    locked_until      timestamp,
    created_at        timestamp not null default current_timestamp,
    created_by        varchar not null
);

-- Append-only: Oversight writes one row per action and has no way to change
-- or remove one (a test holds every statement that touches it to inserts).
create sequence audit_id_seq;
create table audit_log (
    audit_id   bigint not null default nextval('audit_id_seq'),
    happened_at  timestamp not null default current_timestamp,
    actor      varchar not null,               -- an email, or "local" in local mode
    action     varchar not null,               -- sign_in, sign_in_failed, upload, export, ...
    details    json not null
);
