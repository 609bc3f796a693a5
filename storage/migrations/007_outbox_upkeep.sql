-- 007: the outbox's upkeep.
-- sending_at: when the dispatcher last started to post the notice. A notice with it set
-- but neither delivered nor failed since was in flight when the process stopped, and
-- Slack may have it already: the next attempt says so in the log.
ALTER TABLE outbox ADD COLUMN sending_at TEXT;
-- GET /metrics counts the dead on every scrape: count them from a small index.
CREATE INDEX outbox_dead ON outbox (dead_at) WHERE dead_at IS NOT NULL;
-- Pruning deletes delivered notices by age.
CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;
-- A reply looks up the notice that posts the message it belongs under.
CREATE INDEX outbox_ref ON outbox (ref, id);
