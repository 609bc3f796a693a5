-- 008: imports. The external key of every wish `tovholder import` created (an export's
-- wish number, or a sheet's id column), so that importing a file twice creates nothing
-- the second time.
CREATE TABLE imported_wishes (
	key         TEXT PRIMARY KEY,
	wish_id     INTEGER NOT NULL UNIQUE REFERENCES wishes (id),
	imported_at TEXT
);
