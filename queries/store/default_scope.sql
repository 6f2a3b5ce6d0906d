-- Whether filters keep the scope the stored read tables hold (the one rule,
-- queries/scope/scope.sql): if they do, nothing needs keeping for them.
-- params: filters struct
-- columns: is_default boolean
select coalesce(is_default_scope($filters), true) as is_default
