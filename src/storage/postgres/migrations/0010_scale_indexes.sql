-- Indexes the pages need once an installation holds years of data (issue 7, bench/README.md
-- "Scale"). The same indexes as sqlite/migrations/0010_scale_indexes.sql.

-- A commitment's public record lists the audit entries whose key is the commitment's or starts
-- with it ("PY-2014-2016/3", "PY-2014-2016/3/1.2"): storage/sql/audit_log.cpp narrows the prefix
-- to a range of keys compared byte by byte (COLLATE "C", whatever the database's collation),
-- which this index answers instead of a scan of the whole log.
CREATE INDEX audit_log_entity_key ON audit_log (entity_key COLLATE "C");
