-- Results, gap analysis and wave comparison (results_repo.c) read running
-- tallies instead of every answer: at 100,000 responses the aggregate over
-- surveys.answers took 1-3 s, the tallies take a few milliseconds.
--
-- A tally row sums answers of one survey, question and audience:
--   'g'  every answer: n answers, valued = answers with num_value, sum and
--        sumsq of num_value
--   'd'  key = coalesce(num_value::text, choice): n answers
--   'c'  key = choice: n answers
--   'm'  key = one element of choices: n occurrences
--   'r'  key = one element of ranking: n occurrences, sum and sumsq of its
--        positions (1 = first)
--   'v'  key = one element of value_ids: n occurrences
-- and, per survey and audience (question_id the nil uuid), over the
-- answers to value_selection questions, counted per response:
--   'V'  n responses with at least one such answer
--   'P'  key = a value id: n responses that picked it in any of them
-- NULL elements and keys are not tallied (no reader counts them). The
-- readers keep the raw queries' filters (the current questions and their
-- types), so the figures are those computed from the rows.
--
-- The rows are kept by triggers on surveys.answers, in the writer's own
-- statement (every writer: the API's submission, a bulk load, a cascade).
-- A submission adds to the tallies of one stripe of eight (chosen by its
-- response id), so concurrent submissions to one survey seldom wait for
-- each other's row locks; readers sum the stripes. Answers are never
-- changed once written (a response is submitted once): an UPDATE is
-- refused rather than left out of the tallies.
CREATE TABLE answer_tallies (
    tenant_id    uuid     NOT NULL,
    survey_id    uuid     NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    question_id  uuid     NOT NULL,
    audience     text     NOT NULL,
    kind         text     NOT NULL CHECK (kind IN ('g', 'd', 'c', 'm', 'r', 'v', 'V', 'P')),
    key          text     NOT NULL,
    stripe       smallint NOT NULL,
    n            bigint   NOT NULL,
    valued       bigint   NOT NULL,
    sum          bigint   NOT NULL,
    sumsq        numeric  NOT NULL,
    PRIMARY KEY (tenant_id, survey_id, question_id, audience, kind, key, stripe)
);

-- The contributions of the answers in `changed` (the statement's inserted
-- or deleted rows), added or taken off. The per-response 'V' and 'P'
-- counts compare the response's value_selection answers before and after
-- the statement: after = the table now; before = the table without the
-- inserted rows, or with the deleted ones. Rows go in key order, so two
-- submissions of one stripe lock their rows in the same order.
CREATE FUNCTION answers_tally() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    WITH per_answer AS (
        SELECT c.tenant_id, c.survey_id, c.question_id, c.audience, x.kind, x.key,
               get_byte(uuid_send(c.response_id), 15) % 8 AS stripe,
               sign * x.n AS n, sign * x.valued AS valued, sign * x.sum AS sum,
               sign * x.sumsq AS sumsq
          FROM changed c
         CROSS JOIN LATERAL (
               SELECT 'g', '', 1, CASE WHEN c.num_value IS NULL THEN 0 ELSE 1 END,
                      coalesce(c.num_value, 0)::bigint,
                      coalesce(c.num_value, 0)::numeric * coalesce(c.num_value, 0)
               UNION ALL
               SELECT 'd', coalesce(c.num_value::text, c.choice), 1, 0, 0, 0
                WHERE coalesce(c.num_value::text, c.choice) IS NOT NULL
               UNION ALL
               SELECT 'c', c.choice, 1, 0, 0, 0
                WHERE c.choice IS NOT NULL
               UNION ALL
               SELECT 'm', o.v, 1, 0, 0, 0
                 FROM unnest(c.choices) o(v)
                WHERE o.v IS NOT NULL
               UNION ALL
               SELECT 'r', o.v, 1, 0, o.pos, o.pos::numeric * o.pos
                 FROM unnest(c.ranking) WITH ORDINALITY o(v, pos)
                WHERE o.v IS NOT NULL
               UNION ALL
               SELECT 'v', o.id::text, 1, 0, 0, 0
                 FROM unnest(c.value_ids) o(id)
                WHERE o.id IS NOT NULL
               ) x(kind, key, n, valued, sum, sumsq)
    ),
    vs_changed AS (
        SELECT c.response_id, c.question_id, c.tenant_id, c.survey_id, c.audience, c.value_ids
          FROM changed c
          JOIN questions q
            ON q.tenant_id = c.tenant_id AND q.survey_id = c.survey_id AND q.id = c.question_id
         WHERE q.type = 'value_selection'
    ),
    -- the value_selection answers now of every response in the statement:
    -- per response its answers through the primary key (response_id, ...),
    -- the only index the subquery can use (OFFSET 0 keeps it from being
    -- flattened into a join the planner may order the other way). Joined
    -- directly, with no statistics on answers (a fresh or restored
    -- database) and vs_changed estimated at one row, the planner took every
    -- value_selection answer of the survey (answers_question) and compared
    -- each with every changed response: quadratic, one INSERT of 1.32M
    -- answers did not finish in 25 minutes. This is one index lookup per
    -- response whatever the statistics say.
    vs_after AS (
        SELECT a.response_id, a.question_id, a.tenant_id, a.survey_id, a.audience, a.value_ids
          FROM (SELECT DISTINCT response_id FROM vs_changed) t
         CROSS JOIN LATERAL (
               SELECT a.response_id, a.question_id, a.tenant_id, a.survey_id, a.audience,
                      a.value_ids
                 FROM answers a
                WHERE a.response_id = t.response_id
               OFFSET 0) a
          JOIN questions q
            ON q.tenant_id = a.tenant_id AND q.survey_id = a.survey_id AND q.id = a.question_id
         WHERE q.type = 'value_selection'
    ),
    -- per response and audience: its value_selection answers now (now_n)
    -- and in the statement (changed_n), in all ('') and per value picked
    counts AS (
        SELECT tenant_id, survey_id, audience, response_id, '' AS key, count(*) AS now_n,
               0 AS changed_n
          FROM vs_after
         GROUP BY tenant_id, survey_id, audience, response_id
        UNION ALL
        SELECT tenant_id, survey_id, audience, response_id, '', 0, count(*)
          FROM vs_changed
         GROUP BY tenant_id, survey_id, audience, response_id
        UNION ALL
        SELECT a.tenant_id, a.survey_id, a.audience, a.response_id, o.id::text,
               count(DISTINCT a.question_id), 0
          FROM vs_after a
         CROSS JOIN LATERAL unnest(a.value_ids) o(id)
         WHERE o.id IS NOT NULL
         GROUP BY a.tenant_id, a.survey_id, a.audience, a.response_id, o.id
        UNION ALL
        SELECT c.tenant_id, c.survey_id, c.audience, c.response_id, o.id::text, 0,
               count(DISTINCT c.question_id)
          FROM vs_changed c
         CROSS JOIN LATERAL unnest(c.value_ids) o(id)
         WHERE o.id IS NOT NULL
         GROUP BY c.tenant_id, c.survey_id, c.audience, c.response_id, o.id
    ),
    -- before the statement: without the inserted answers, with the
    -- deleted ones; a response counts where it has at least one
    per_response AS (
        SELECT tenant_id, survey_id, '00000000-0000-0000-0000-000000000000'::uuid, audience,
               CASE key WHEN '' THEN 'V' ELSE 'P' END, key,
               get_byte(uuid_send(response_id), 15) % 8,
               CASE WHEN sum(now_n) > 0 THEN 1 ELSE 0 END
               - CASE WHEN sum(now_n) - sign * sum(changed_n) > 0 THEN 1 ELSE 0 END, 0, 0, 0
          FROM counts
         GROUP BY tenant_id, survey_id, audience, response_id, key
    ),
    delta AS (
        SELECT * FROM per_answer
        UNION ALL
        SELECT * FROM per_response
    )
    INSERT INTO answer_tallies AS t (tenant_id, survey_id, question_id, audience, kind, key,
                                     stripe, n, valued, sum, sumsq)
    SELECT g.*
      FROM (SELECT d.tenant_id, d.survey_id, d.question_id, d.audience, d.kind, d.key, d.stripe,
                   sum(d.n) AS n, sum(d.valued), sum(d.sum), sum(d.sumsq)
              FROM delta d
             GROUP BY d.tenant_id, d.survey_id, d.question_id, d.audience, d.kind, d.key,
                      d.stripe) g
     WHERE g.n <> 0
       AND EXISTS (SELECT 1 FROM surveys s WHERE s.id = g.survey_id)
     ORDER BY g.tenant_id, g.survey_id, g.question_id, g.audience, g.kind, g.key, g.stripe
        ON CONFLICT (tenant_id, survey_id, question_id, audience, kind, key, stripe) DO UPDATE
       SET n = t.n + excluded.n,
           valued = t.valued + excluded.valued,
           sum = t.sum + excluded.sum,
           sumsq = t.sumsq + excluded.sumsq;
    RETURN NULL;
END
$$;

CREATE FUNCTION answers_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'answers are not changed once submitted (the result tallies count them)'
        USING ERRCODE = 'feature_not_supported';
END
$$;

CREATE FUNCTION answers_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM answer_tallies;
    RETURN NULL;
END
$$;

-- the functions run with the schema they were created in, whatever the
-- caller's search_path
ALTER FUNCTION answers_tally() SET search_path FROM CURRENT;
ALTER FUNCTION answers_truncated() SET search_path FROM CURRENT;

-- The answers written so far are tallied by the trigger itself: taken out
-- and written back once it exists (the table's lock keeps other writers
-- out until this transaction commits, so none is missed or counted twice).
LOCK TABLE answers IN ACCESS EXCLUSIVE MODE;
CREATE TEMP TABLE answers_before_tallies ON COMMIT DROP AS SELECT * FROM answers;
TRUNCATE answers;

CREATE TRIGGER answers_tally_insert AFTER INSERT ON answers
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION answers_tally();
CREATE TRIGGER answers_tally_delete AFTER DELETE ON answers
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION answers_tally();
CREATE TRIGGER answers_no_update BEFORE UPDATE ON answers
    FOR EACH STATEMENT EXECUTE FUNCTION answers_immutable();
CREATE TRIGGER answers_tally_truncate AFTER TRUNCATE ON answers
    FOR EACH STATEMENT EXECUTE FUNCTION answers_truncated();

INSERT INTO answers SELECT * FROM answers_before_tallies;

-- The open texts of a survey in the order the results give them (per
-- question and audience, by text) straight from an index, without a sort
-- of every text. A btree entry holds at most ~2,700 bytes: longer texts
-- (up to 1,000 characters of up to 4 bytes) stay out of it, and are found
-- through the second index (the reader sorts them with the rest).
CREATE INDEX answers_texts ON answers (tenant_id, survey_id, question_id, audience, text_value)
    WHERE text_value IS NOT NULL AND octet_length(text_value) <= 2000;
CREATE INDEX answers_long_texts ON answers (tenant_id, survey_id)
    WHERE text_value IS NOT NULL AND octet_length(text_value) > 2000;
