-- 002: from priority to delivery: price estimates, initiatives and the steering
-- group's decisions, forms of financing, development cycles.

-- Every revision of a price estimate is kept; the latest is the highest id.
CREATE TABLE estimates (
	id         INTEGER PRIMARY KEY,
	wish_id    INTEGER NOT NULL REFERENCES wishes (id),
	amount_dkk INTEGER NOT NULL DEFAULT 0,
	hours      INTEGER NOT NULL DEFAULT 0,
	note       TEXT NOT NULL DEFAULT '',
	by_user    TEXT NOT NULL DEFAULT '',
	at         TEXT
);
CREATE INDEX estimates_wish ON estimates (wish_id, id);

CREATE TABLE initiatives (
	id              INTEGER PRIMARY KEY,
	title           TEXT NOT NULL DEFAULT '',
	recommendation  TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL,
	recommended_by  TEXT NOT NULL DEFAULT '',
	recommended_at  TEXT,
	financing       TEXT NOT NULL DEFAULT '',
	financing_name  TEXT NOT NULL DEFAULT '',
	decision_note   TEXT NOT NULL DEFAULT '',
	decided_by      TEXT NOT NULL DEFAULT '',
	decided_at      TEXT
);
CREATE INDEX initiatives_state ON initiatives (state, id);

CREATE TABLE initiative_wishes (
	initiative_id INTEGER NOT NULL REFERENCES initiatives (id),
	wish_id       INTEGER NOT NULL REFERENCES wishes (id),
	position      INTEGER NOT NULL,
	PRIMARY KEY (initiative_id, wish_id)
);
CREATE INDEX initiative_wishes_wish ON initiative_wishes (wish_id, initiative_id);

-- name is '' for the defaults, whose names are in the bot's catalog by key.
CREATE TABLE financing_forms (
	key      TEXT PRIMARY KEY,
	name     TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL
);
INSERT INTO financing_forms (key, name, position) VALUES
	('frame', '', 1), ('grant', '', 2), ('requester', '', 3), ('cofinanced', '', 4);

CREATE TABLE cycles (
	name         TEXT PRIMARY KEY,
	expected     TEXT NOT NULL, -- a date, YYYY-MM-DD
	created_by   TEXT NOT NULL DEFAULT '',
	created_at   TEXT,
	delivered_at TEXT
);

CREATE INDEX wishes_cycle ON wishes (cycle);
