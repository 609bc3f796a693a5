-- 012: meetings of the working groups, their answers, the groups' tasks from the
-- minutes, and the members who volunteer as coordinator (issue 13). Times are UTC
-- text as everywhere. The agenda is a JSON array of items (kind, wish, poll, task,
-- text, note) and the candidate times a JSON array of times: both belong to their
-- meeting alone and are read and written with it.
CREATE TABLE meetings (
	id            INTEGER PRIMARY KEY,
	group_key     TEXT NOT NULL REFERENCES groups (key) ON DELETE CASCADE,
	lead          TEXT NOT NULL,
	state         TEXT NOT NULL,
	start         TEXT,
	duration_s    INTEGER NOT NULL,
	place         TEXT NOT NULL DEFAULT '',
	agenda        TEXT NOT NULL DEFAULT '[]',
	candidates    TEXT NOT NULL DEFAULT '[]',
	cancel_reason TEXT NOT NULL DEFAULT '',
	decisions     TEXT NOT NULL DEFAULT '',
	created_at    TEXT,
	minutes_at    TEXT,
	minutes_by    TEXT NOT NULL DEFAULT '',
	reminded_at   TEXT
);
CREATE INDEX meetings_active ON meetings (state, start) WHERE state IN ('finding', 'scheduled');

-- slot 0 is the meeting itself (yes, no); slots 1..n its candidate times (yes, maybe, no).
CREATE TABLE meeting_answers (
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	user_id    TEXT NOT NULL,
	slot       INTEGER NOT NULL,
	answer     TEXT NOT NULL,
	at         TEXT,
	PRIMARY KEY (meeting_id, user_id, slot)
);

CREATE TABLE tasks (
	id         INTEGER PRIMARY KEY,
	group_key  TEXT NOT NULL REFERENCES groups (key) ON DELETE CASCADE,
	meeting_id INTEGER REFERENCES meetings (id),
	owner      TEXT NOT NULL,
	text       TEXT NOT NULL,
	due        TEXT,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TEXT,
	done_at    TEXT,
	done_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tasks_open ON tasks (group_key) WHERE done_at IS NULL;

CREATE TABLE coordinator_volunteers (
	group_key TEXT NOT NULL REFERENCES groups (key) ON DELETE CASCADE,
	user_id   TEXT NOT NULL,
	at        TEXT,
	PRIMARY KEY (group_key, user_id)
);
