-- New cases get time-ordered ids (UUID version 7, RFC 9562: 48 bits of
-- Unix milliseconds, then random bits) instead of random ones (issue 16).
-- The primary key (tenant_id, id) then grows at the right edge of each
-- tenant's range: a filing changes the page the previous filing changed,
-- not a random leaf of a million-case index, so after a checkpoint it no
-- longer writes a full-page image of a random pkey page into the WAL nor
-- reads a cold page. Ids stay unguessable in their 74 random bits; the
-- creation time they carry is in the case's createdAt anyway. Existing
-- ids are kept. PostgreSQL 15 has no uuidv7(): built from a v4 by
-- writing the time over its first 6 bytes and the version nibble 0111.
CREATE FUNCTION case_id_v7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                          PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                                          FROM 1 FOR 6),
                                  52, 1),
                          53, 1),
                  'hex')::uuid
$$;
