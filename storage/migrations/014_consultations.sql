-- 014: larger decisions beyond wishes (issue 15). Consultations of the user club
-- (høringer) with one answer per person; the secretariat's proposals to the steering
-- group that are not wishes; the Slack message a wish was made from by a shortcut.
CREATE TABLE consultations (
	id          INTEGER PRIMARY KEY,
	question    TEXT NOT NULL,
	background  TEXT NOT NULL DEFAULT '',
	link        TEXT NOT NULL DEFAULT '',
	wish_id     INTEGER REFERENCES wishes (id),
	state       TEXT NOT NULL CHECK (state IN ('open', 'closed', 'decided')),
	deadline    TEXT NOT NULL,
	started_by  TEXT NOT NULL,
	started_at  TEXT NOT NULL,
	closed_by   TEXT NOT NULL DEFAULT '',
	closed_at   TEXT,
	decision    TEXT NOT NULL DEFAULT '',
	decided_by  TEXT NOT NULL DEFAULT '',
	decided_at  TEXT
);
CREATE INDEX consultations_open ON consultations (state, deadline);

CREATE TABLE consultation_groups (
	consultation_id INTEGER NOT NULL REFERENCES consultations (id),
	group_key       TEXT NOT NULL,
	position        INTEGER NOT NULL,
	PRIMARY KEY (consultation_id, group_key)
);

CREATE TABLE consultation_answers (
	consultation_id INTEGER NOT NULL REFERENCES consultations (id),
	user_id         TEXT NOT NULL,
	answer          TEXT NOT NULL CHECK (answer IN ('support', 'concerns', 'no_opinion')),
	reason          TEXT NOT NULL DEFAULT '',
	first_at        TEXT NOT NULL,
	at              TEXT NOT NULL,
	PRIMARY KEY (consultation_id, user_id)
);

CREATE TABLE steering_proposals (
	id            INTEGER PRIMARY KEY,
	title         TEXT NOT NULL,
	text          TEXT NOT NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('economy', 'organisation', 'development', 'other')),
	amount_ore    INTEGER NOT NULL DEFAULT 0,
	links         TEXT NOT NULL DEFAULT '', -- one per line
	internal      INTEGER NOT NULL DEFAULT 0,
	state         TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'declined')),
	proposed_by   TEXT NOT NULL,
	proposed_at   TEXT NOT NULL,
	decision_note TEXT NOT NULL DEFAULT '',
	decided_by    TEXT NOT NULL DEFAULT '',
	decided_at    TEXT
);

ALTER TABLE wishes ADD COLUMN source_link TEXT NOT NULL DEFAULT '';
