-- One row per durable subscription (and async projection): where it has got to in the global
-- log, as a (transaction_id, seq_id) pair, the log's order (see PostgresEventStore).
CREATE TABLE __schema__.subscriptions (
    name    text        PRIMARY KEY,
    tx_id   xid8        NOT NULL DEFAULT '0',
    seq_id  bigint      NOT NULL DEFAULT 0,
    updated timestamptz NOT NULL DEFAULT now()
);
