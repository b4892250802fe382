-- Serialises concurrent migrators (released at commit); then the bookkeeping table.
SELECT pg_advisory_xact_lock(hashtextextended('__schema__.schema_migrations', 0));
CREATE SCHEMA IF NOT EXISTS __schema__;
CREATE TABLE IF NOT EXISTS __schema__.schema_migrations (
    id      text        PRIMARY KEY,
    applied timestamptz NOT NULL DEFAULT now()
);
