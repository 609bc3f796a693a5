-- 001: the first schema of Tovholder.
-- Times are TEXT in UTC, "2006-01-02T15:04:05.000000Z", so that they sort as text;
-- NULL is the zero time. Durations are integer seconds, booleans 0/1.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL DEFAULT ''
);

CREATE TABLE roles (
	user_id    TEXT NOT NULL,
	role       TEXT NOT NULL,
	granted_at TEXT,
	PRIMARY KEY (user_id, role)
);
CREATE INDEX roles_role ON roles (role, granted_at);

CREATE TABLE groups (
	key             TEXT PRIMARY KEY,
	name            TEXT NOT NULL DEFAULT '',
	channel_id      TEXT NOT NULL UNIQUE,
	coordinator_id  TEXT NOT NULL DEFAULT '',
	schedule        TEXT NOT NULL DEFAULT '',
	remind_before_s INTEGER NOT NULL DEFAULT 0,
	created_at      TEXT
);

CREATE TABLE group_members (
	group_key TEXT NOT NULL REFERENCES groups (key) ON DELETE CASCADE,
	user_id   TEXT NOT NULL,
	added_at  TEXT,
	PRIMARY KEY (group_key, user_id)
);

-- AUTOINCREMENT: a wish number is never given twice, even after a rollback or delete.
CREATE TABLE wishes (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	title           TEXT NOT NULL DEFAULT '',
	purpose         TEXT NOT NULL DEFAULT '',
	value           TEXT NOT NULL DEFAULT '',
	description     TEXT NOT NULL DEFAULT '',
	requested_group TEXT NOT NULL DEFAULT '',
	group_key       TEXT NOT NULL DEFAULT '',
	size            TEXT NOT NULL DEFAULT '',
	priority        TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL,
	submitter_id    TEXT NOT NULL DEFAULT '',
	duplicate_of    INTEGER REFERENCES wishes (id),
	question        TEXT NOT NULL DEFAULT '',
	spec_link       TEXT NOT NULL DEFAULT '',
	spec_summary    TEXT NOT NULL DEFAULT '',
	cycle           TEXT NOT NULL DEFAULT '',
	created_at      TEXT,
	updated_at      TEXT
);
CREATE INDEX wishes_submitter ON wishes (submitter_id);
CREATE INDEX wishes_state ON wishes (state);
CREATE INDEX wishes_group ON wishes (group_key);
CREATE INDEX wishes_requested_group ON wishes (requested_group);

CREATE TABLE followers (
	wish_id INTEGER NOT NULL REFERENCES wishes (id),
	user_id TEXT NOT NULL,
	since   TEXT,
	PRIMARY KEY (wish_id, user_id)
);

CREATE TABLE polls (
	id          INTEGER PRIMARY KEY,
	wish_id     INTEGER REFERENCES wishes (id),
	group_key   TEXT NOT NULL DEFAULT '',
	proposal    TEXT NOT NULL DEFAULT '',
	priority    TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL DEFAULT '',
	deadline    TEXT,
	quorum      INTEGER NOT NULL DEFAULT 0,
	created_by  TEXT NOT NULL DEFAULT '',
	created_at  TEXT,
	closed_at   TEXT,
	closed_by   TEXT NOT NULL DEFAULT '',
	consensus   INTEGER NOT NULL DEFAULT 0 CHECK (consensus IN (0, 1)),
	reminded_at TEXT
);
CREATE INDEX polls_wish ON polls (wish_id);
CREATE INDEX polls_open ON polls (closed_at, deadline);

CREATE TABLE stances (
	poll_id  INTEGER NOT NULL REFERENCES polls (id),
	user_id  TEXT NOT NULL,
	position TEXT NOT NULL,
	reason   TEXT NOT NULL DEFAULT '',
	first_at TEXT,
	at       TEXT,
	PRIMARY KEY (poll_id, user_id)
);

-- The audit log. No foreign keys: an entry must outlive whatever it talks about.
CREATE TABLE events (
	id         INTEGER PRIMARY KEY,
	at         TEXT,
	actor      TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL,
	wish_id    INTEGER,
	poll_id    INTEGER,
	group_key  TEXT NOT NULL DEFAULT '',
	from_state TEXT NOT NULL DEFAULT '',
	to_state   TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	data       TEXT -- JSON object; NULL for none
);
CREATE INDEX events_wish ON events (wish_id);

-- key is NULL for a notice without an idempotency key: NULLs never collide.
CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY,
	event_id     INTEGER REFERENCES events (id),
	kind         TEXT NOT NULL,
	op           TEXT NOT NULL,
	target       TEXT NOT NULL DEFAULT '',
	ref          TEXT NOT NULL DEFAULT '',
	wish_id      INTEGER,
	poll_id      INTEGER,
	key          TEXT UNIQUE,
	payload      TEXT NOT NULL DEFAULT '',
	created_at   TEXT,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      TEXT,
	delivered_at TEXT,
	dead_at      TEXT,
	last_error   TEXT NOT NULL DEFAULT ''
);
-- The dispatcher only ever looks at what is still to deliver: keep that index small.
CREATE INDEX outbox_pending ON outbox (id, next_at)
	WHERE delivered_at IS NULL AND dead_at IS NULL;

CREATE TABLE message_refs (
	ref        TEXT PRIMARY KEY,
	channel    TEXT NOT NULL DEFAULT '',
	ts         TEXT NOT NULL DEFAULT '',
	wish_id    INTEGER,
	poll_id    INTEGER,
	kind       TEXT NOT NULL DEFAULT '',
	updated_at TEXT
);
CREATE INDEX message_refs_wish ON message_refs (wish_id);
CREATE INDEX message_refs_poll ON message_refs (poll_id);

CREATE TABLE inbound_seen (
	key TEXT PRIMARY KEY,
	at  TEXT NOT NULL
);
CREATE INDEX inbound_seen_at ON inbound_seen (at);
