-- One round trip per append: lock the stream, recognise retries, check the expected version,
-- write the events, bump the stream and notify subscribers, all in the caller's transaction.
-- Outcomes: 0 appended, 1 wrong expected version (stream_version = actual), 2 already appended
-- (an exact retry; the original positions), 3 stream archived, 4 event id reused by another append.
CREATE FUNCTION __schema__.append_events(
    p_stream_id   text,
    p_stream_type text,
    p_expected    bigint,     -- -1 any, 0 no stream, n exact
    p_ids         uuid[],
    p_types       text[],
    p_data        jsonb[],
    p_metadata    jsonb)
RETURNS TABLE (outcome int, stream_version bigint, seq_ids bigint[], transaction_id xid8, appended_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_count    int := cardinality(p_ids);
    v_current  bigint;
    v_archived boolean;
    v_found    int;
    v_first    bigint;
    v_last     bigint;
    v_ids      uuid[];
    v_seqs     bigint[];
    v_tx       xid8;
    v_at       timestamptz;
    v_stream   text;
BEGIN
    -- Per-stream lock taken BEFORE this transaction writes anything, hence before it is given a
    -- transaction id: a later append to the same stream then always gets a larger xid, so the
    -- (transaction_id, seq_id) order of the global log keeps every stream in version order.
    PERFORM pg_advisory_xact_lock(hashtextextended('__schema__.stream:' || p_stream_id, 0));

    SELECT count(*), min(e.version), max(e.version), min(e.stream_id),
           array_agg(e.id ORDER BY e.version), array_agg(e.seq_id ORDER BY e.version),
           min(e.transaction_id), min(e.timestamp)
      INTO v_found, v_first, v_last, v_stream, v_ids, v_seqs, v_tx, v_at
      FROM __schema__.events e
     WHERE e.id = ANY (p_ids);

    IF v_found > 0 THEN
        -- An exact retry: the same ids, in the same order, contiguous in this stream, written
        -- where the expected version said. Anything else reusing an id is refused.
        IF v_found = v_count AND v_stream = p_stream_id AND v_ids = p_ids
           AND v_last - v_first + 1 = v_count AND (p_expected = -1 OR p_expected = v_first - 1) THEN
            RETURN QUERY SELECT 2, v_last, v_seqs, v_tx, v_at;
        ELSE
            RETURN QUERY SELECT 4, NULL::bigint, NULL::bigint[], NULL::xid8, NULL::timestamptz;
        END IF;
        RETURN;
    END IF;

    SELECT s.version, s.archived INTO v_current, v_archived
      FROM __schema__.streams s WHERE s.id = p_stream_id;
    IF NOT FOUND THEN
        v_current := 0;
    ELSIF v_archived THEN
        RETURN QUERY SELECT 3, v_current, NULL::bigint[], NULL::xid8, NULL::timestamptz;
        RETURN;
    END IF;

    IF p_expected <> -1 AND p_expected <> v_current THEN
        RETURN QUERY SELECT 1, v_current, NULL::bigint[], NULL::xid8, NULL::timestamptz;
        RETURN;
    END IF;

    IF v_current = 0 THEN
        INSERT INTO __schema__.streams (id, type, version) VALUES (p_stream_id, p_stream_type, v_count);
    ELSE
        UPDATE __schema__.streams SET version = v_current + v_count, updated = now() WHERE id = p_stream_id;
    END IF;

    WITH inserted AS (
        INSERT INTO __schema__.events (id, stream_id, version, type, data, metadata)
        SELECT x.id, p_stream_id, v_current + x.n, x.type, x.data, p_metadata
          FROM unnest(p_ids, p_types, p_data) WITH ORDINALITY AS x(id, type, data, n)
         ORDER BY x.n
        RETURNING seq_id, version)
    SELECT array_agg(i.seq_id ORDER BY i.version) INTO v_seqs FROM inserted i;

    -- Delivered on commit only, so subscribers wake when the events are visible.
    PERFORM pg_notify('__schema___events', p_stream_id);

    RETURN QUERY SELECT 0, v_current + v_count, v_seqs, pg_current_xact_id(), now();
END
$$;
