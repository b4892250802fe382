-- Read model of StreamSummaryProjection: one row per stream.
CREATE TABLE __schema__.stream_summaries (
    stream_id       text        PRIMARY KEY,
    version         bigint      NOT NULL,
    last_event_type text        NOT NULL,
    first_event_at  timestamptz NOT NULL,
    last_event_at   timestamptz NOT NULL,
    last_event_id   uuid        NOT NULL
);
