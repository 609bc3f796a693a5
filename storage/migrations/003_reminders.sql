-- 003: reminders. One row per reminder rule ("group/<key>", "secretariat", "steering"):
-- the cron expression of a rule that belongs to no group ('' for the default; a group
-- keeps its own in groups.schedule) and the fire time of its last run, so that a
-- restart neither repeats a run nor makes up more than one.
CREATE TABLE reminder_rules (
	rule      TEXT PRIMARY KEY,
	schedule  TEXT NOT NULL DEFAULT '',
	last_fire TEXT
);
