-- People who may be one person entered twice: the same folded name in
-- different governorates (or one with none), among active uploads, as the
-- last write left them (fact_duplicates, filled by queries/facts/refresh.sql).
-- Each record's governorate as a P-code (``pcodes``) and, where none matched,
-- as written (``written``, in the same order): named in the reader's language
-- by the page (tables.possible_duplicates).
-- columns: full_name varchar, pcodes varchar[], written varchar[], n_records bigint

select full_name, pcodes, written, n_records
from fact_duplicates
order by n_records desc, full_name
