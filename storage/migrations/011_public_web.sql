-- 011: the public web pages. Display names from Slack's users.info, stored only when
-- the community turns names on (TOVHOLDER_WEB_NAMES), so that the pages never need a
-- Slack ID and never call Slack while a reader waits.
CREATE TABLE display_names (
	user_id    TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	updated_at TEXT
);

-- The feed reads the newest announced moves; the plan and the wish filter by cycle.
CREATE INDEX events_kind_to ON events (kind, to_state, id);
