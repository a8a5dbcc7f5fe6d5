-- Durable event consumers (koers/consumer.h), in the consuming service's
-- schema. consumer_cursors: per consumer and source service, the seq of the
-- last event of the source's replay (GET /<source>/v1/events) that was
-- applied. consumer_processed: the ids of the events applied, so an event
-- seen again (under another seq, or after a cursor reset) is applied once.
-- Both are written in the transaction that applies the event.
CREATE TABLE consumer_cursors (
    consumer   text NOT NULL,
    source     text NOT NULL,
    seq        bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, source)
);
CREATE TABLE consumer_processed (
    consumer     text NOT NULL,
    source       text NOT NULL,
    event_id     text NOT NULL,
    seq          bigint NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, source, event_id)
);
CREATE INDEX consumer_processed_age ON consumer_processed (processed_at);
