-- Open311 GeoReport v2 as real clients speak it (issue 14).
--
-- A tenant's Open311 jurisdiction: the jurisdiction_id public reads (no
-- api_key) name to find the tenant, unique over all tenants; and the
-- switch that turns the public reads off (an api_key still reads).
ALTER TABLE settings
    ADD COLUMN open311_jurisdiction_id text
        CHECK (open311_jurisdiction_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$'),
    ADD COLUMN open311_public_reads    boolean NOT NULL DEFAULT true;
CREATE UNIQUE INDEX settings_open311_jurisdiction ON settings (open311_jurisdiction_id)
    WHERE open311_jurisdiction_id IS NOT NULL;

-- A category's Open311 attributes (GeoReport v2 service definition), as
-- the standard shapes them: [{variable, code, datatype, required,
-- datatype_description, order, description, values: [{key, name}]}] in
-- order; empty = the service has no metadata.
ALTER TABLE categories
    ADD COLUMN open311_attributes jsonb NOT NULL DEFAULT '[]'
        CHECK (jsonb_typeof(open311_attributes) = 'array');

-- The attribute values an Open311 filing sent, checked against the
-- category's definition: {"CODE": "value" | ["value", ...]}. Staff see
-- them on the case; anonymising clears them (they may hold free text).
ALTER TABLE cases
    ADD COLUMN open311_attributes jsonb
        CHECK (open311_attributes IS NULL OR jsonb_typeof(open311_attributes) = 'object');
