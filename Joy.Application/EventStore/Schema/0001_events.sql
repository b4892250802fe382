-- Streams and events, modelled on Marten's mt_streams / mt_events.
-- __schema__ is replaced by the configured schema (EventStoreOptions.Schema).

CREATE TABLE __schema__.streams (
    id       text        PRIMARY KEY,
    type     text        NOT NULL,
    version  bigint      NOT NULL,            -- = number of events; the first event is version 1
    created  timestamptz NOT NULL DEFAULT now(),
    updated  timestamptz NOT NULL DEFAULT now(),
    archived boolean     NOT NULL DEFAULT false
);

CREATE TABLE __schema__.events (
    seq_id         bigserial   PRIMARY KEY,   -- global sequence: has gaps and commits out of order
    id             uuid        NOT NULL CONSTRAINT events_id_unique UNIQUE,
    stream_id      text        NOT NULL,
    version        bigint      NOT NULL,
    type           text        NOT NULL,      -- stable [EventType] name, never the CLR name
    data           jsonb       NOT NULL,
    metadata       jsonb       NOT NULL DEFAULT '{}',
    transaction_id xid8        NOT NULL DEFAULT pg_current_xact_id(),
    timestamp      timestamptz NOT NULL DEFAULT now(),
    is_archived    boolean     NOT NULL DEFAULT false,
    CONSTRAINT events_stream_version_unique UNIQUE (stream_id, version)
);

-- The global log is read in (transaction_id, seq_id) order; see PostgresEventStore.
CREATE INDEX events_log_order ON __schema__.events (transaction_id, seq_id);
