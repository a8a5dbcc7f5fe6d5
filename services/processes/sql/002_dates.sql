-- Days are dates: the resource kit now binds a YYYY-MM-DD member as a
-- PostgreSQL date (a KC_FMT_DATE field), so the day of the board's
-- selection and the day a session was held become date columns. The text
-- checks of 001 go with the text.
ALTER TABLE processes DROP CONSTRAINT IF EXISTS processes_selected_on_check;
ALTER TABLE processes ALTER COLUMN selected_on TYPE date USING selected_on::date;
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_held_on_check;
ALTER TABLE sessions ALTER COLUMN held_on TYPE date USING held_on::date;
