-- 013: support by municipality and a ranked backlog per working group (issue 14).

-- The configured organisation list; empty until configured (the defaults apply then,
-- which the setting organisations.configured tells apart from an emptied list).
CREATE TABLE organisations (
	key       TEXT PRIMARY KEY,
	name      TEXT NOT NULL,
	grp       TEXT NOT NULL,
	position  INTEGER NOT NULL
);

-- Each person's organisation (kommune), by its key: a removed organisation still counts.
CREATE TABLE user_organisations (
	user_id TEXT PRIMARY KEY,
	org_key TEXT NOT NULL,
	set_at  TEXT NOT NULL
);

-- Support (støtte) of a wish, one per person; the submitter is counted without a row.
CREATE TABLE supports (
	wish_id INTEGER NOT NULL REFERENCES wishes (id),
	user_id TEXT NOT NULL,
	at      TEXT NOT NULL,
	PRIMARY KEY (wish_id, user_id)
);

-- A dot vote over a group's backlog; its wishes, electorate and dots.
CREATE TABLE rankings (
	id         INTEGER PRIMARY KEY,
	group_key  TEXT NOT NULL REFERENCES groups (key),
	dots       INTEGER NOT NULL,
	deadline   TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	closed_at  TEXT,
	closed_by  TEXT NOT NULL DEFAULT '',
	result     TEXT NOT NULL DEFAULT '', -- the order, wish numbers joined by commas
	dropped    TEXT NOT NULL DEFAULT '', -- wishes that left the backlog
	poll_id    INTEGER UNIQUE REFERENCES polls (id)
);
CREATE INDEX rankings_open ON rankings (closed_at);

CREATE TABLE ranking_wishes (
	ranking_id INTEGER NOT NULL REFERENCES rankings (id),
	wish_id    INTEGER NOT NULL REFERENCES wishes (id),
	position   INTEGER NOT NULL,
	PRIMARY KEY (ranking_id, wish_id)
);

CREATE TABLE ranking_electorate (
	ranking_id INTEGER NOT NULL REFERENCES rankings (id),
	user_id    TEXT NOT NULL,
	position   INTEGER NOT NULL,
	PRIMARY KEY (ranking_id, user_id)
);

CREATE TABLE ranking_dots (
	ranking_id INTEGER NOT NULL REFERENCES rankings (id),
	user_id    TEXT NOT NULL,
	wish_id    INTEGER NOT NULL REFERENCES wishes (id),
	dots       INTEGER NOT NULL CHECK (dots >= 0),
	at         TEXT NOT NULL,
	PRIMARY KEY (ranking_id, user_id, wish_id)
);

-- The adopted order of each group's backlog: rank 1 first.
CREATE TABLE wish_ranks (
	wish_id    INTEGER PRIMARY KEY REFERENCES wishes (id),
	group_key  TEXT NOT NULL,
	rank       INTEGER NOT NULL,
	ranking_id INTEGER NOT NULL REFERENCES rankings (id),
	at         TEXT NOT NULL
);
CREATE INDEX wish_ranks_group ON wish_ranks (group_key, rank);
