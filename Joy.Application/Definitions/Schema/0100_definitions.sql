-- Read models of DefinitionProjection. The current definition per name, and every version of it,
-- so an instance can read the version it pinned without folding the stream.

CREATE TABLE __schema__.actors (
    name        text        PRIMARY KEY,
    version     bigint      NOT NULL,
    definition  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false
);

CREATE TABLE __schema__.actor_versions (
    name        text        NOT NULL,
    version     bigint      NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('defined', 'changed', 'deleted')),
    definition  jsonb,      -- null for a deletion
    at          timestamptz NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE __schema__.state_machines (
    name        text        PRIMARY KEY,
    version     bigint      NOT NULL,
    definition  jsonb       NOT NULL,
    actors      text[]      NOT NULL DEFAULT '{}', -- the actors its Tasks name, to refuse deleting one in use
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false
);

CREATE INDEX state_machines_actors ON __schema__.state_machines USING gin (actors);

CREATE TABLE __schema__.state_machine_versions (
    name        text        NOT NULL,
    version     bigint      NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('defined', 'changed', 'deleted')),
    definition  jsonb,
    at          timestamptz NOT NULL,
    PRIMARY KEY (name, version)
);
