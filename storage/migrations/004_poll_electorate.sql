-- 004: a poll's electorate and why it ended (issue 9, "Decision integrity").
--
-- The electorate is the group's members when the poll started, fixed for the poll's
-- life: a member removed later keeps their stance and may change it, a member added
-- later takes no stance, and the quorum is counted against it. It is written in the
-- same transaction that opens the poll; position keeps the order members are listed in.
CREATE TABLE poll_electorate (
	poll_id  INTEGER NOT NULL REFERENCES polls (id),
	user_id  TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (poll_id, user_id)
);

-- Polls that exist when this migration runs get, as their electorate, the group's
-- members AT MIGRATION TIME: the members at their start were never recorded. For an
-- open poll that is the best record there is (and what the old code counted); for a
-- closed poll it changes nothing that was decided, since its outcome is stored.
INSERT INTO poll_electorate (poll_id, user_id, position)
	SELECT p.id, m.user_id, row_number() OVER (PARTITION BY p.id ORDER BY m.added_at, m.user_id)
	FROM polls p JOIN group_members m ON m.group_key = p.group_key;

-- Why a closed poll ended: 'consensus', 'no_consensus', or 'withdrawn' (its wish was
-- withdrawn, so there was nothing left to decide); '' while open. Before this column
-- the reason was guessed from the wish's last change; the audit log says it exactly.
ALTER TABLE polls ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
UPDATE polls SET outcome = CASE
	WHEN consensus = 1 THEN 'consensus'
	WHEN EXISTS (SELECT 1 FROM events e WHERE e.kind = 'poll.closed' AND e.poll_id = polls.id
		AND json_extract(e.data, '$.withdrawn') = 'true') THEN 'withdrawn'
	ELSE 'no_consensus' END
WHERE closed_at IS NOT NULL;
