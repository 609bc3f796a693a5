-- 006: the electorate and quorum of polls that were open when 004 ran (review of
-- issue 9, findings R2 and R2b). 004 has been applied in deployments, so it is not
-- changed; this migration corrects what it left.
--
-- 004 gave a poll open at the upgrade the group's members AT MIGRATION TIME. The
-- audit log knows better: a member whose first membership change after the poll
-- started is a removal was a member when it started (an objector removed under the
-- old release), and one whose first change is an addition was not. A member with no
-- change since the start keeps what 004 gave. Whoever took a stance stays in it
-- whatever the log says: a stance on record is not dropped by an upgrade (it was
-- taken as a member, and dropping an objection would manufacture consensus).
--
-- The rule is exact for a poll started by a release with 004 (its electorate already
-- is the members at its start), so running it over every open poll changes only the
-- polls 004 guessed. Closed polls keep their stored outcome and are left alone.
CREATE TEMP TABLE electorate_006 AS
WITH open_polls AS (
	SELECT id, group_key, created_at FROM polls WHERE closed_at IS NULL
), membership AS (
	SELECT p.id AS poll_id, json_extract(ev.data, '$.user') AS user_id, ev.kind, ev.at, ev.id AS event_id
	FROM open_polls p JOIN events ev ON ev.group_key = p.group_key
		AND ev.kind IN ('config.member_added', 'config.member_removed') AND ev.at > p.created_at
	WHERE json_extract(ev.data, '$.user') IS NOT NULL
), candidates AS (
	SELECT e.poll_id, e.user_id FROM poll_electorate e JOIN open_polls p ON p.id = e.poll_id
	UNION SELECT s.poll_id, s.user_id FROM stances s JOIN open_polls p ON p.id = s.poll_id
	UNION SELECT poll_id, user_id FROM membership
)
SELECT c.poll_id, c.user_id FROM candidates c
WHERE EXISTS (SELECT 1 FROM stances s WHERE s.poll_id = c.poll_id AND s.user_id = c.user_id)
	OR COALESCE(
		(SELECT m.kind FROM membership m WHERE m.poll_id = c.poll_id AND m.user_id = c.user_id
			ORDER BY m.at, m.event_id LIMIT 1) = 'config.member_removed',
		EXISTS (SELECT 1 FROM poll_electorate e WHERE e.poll_id = c.poll_id AND e.user_id = c.user_id));

DELETE FROM poll_electorate
WHERE poll_id IN (SELECT id FROM polls WHERE closed_at IS NULL)
	AND NOT EXISTS (SELECT 1 FROM temp.electorate_006 t
		WHERE t.poll_id = poll_electorate.poll_id AND t.user_id = poll_electorate.user_id);

-- Those put back are listed after the others, in a stable order.
INSERT INTO poll_electorate (poll_id, user_id, position)
	SELECT t.poll_id, t.user_id,
		(SELECT COALESCE(max(e.position), 0) FROM poll_electorate e WHERE e.poll_id = t.poll_id)
			+ row_number() OVER (PARTITION BY t.poll_id ORDER BY t.user_id)
	FROM temp.electorate_006 t
	WHERE NOT EXISTS (SELECT 1 FROM poll_electorate e WHERE e.poll_id = t.poll_id AND e.user_id = t.user_id);

DROP TABLE temp.electorate_006;

-- The quorum is at least half of the electorate, rounded up, and at least one
-- (workflow.MinQuorum): the old release let a starter lower it, and 004 kept it.
UPDATE polls SET quorum = max(quorum, 1,
		((SELECT count(*) FROM poll_electorate e WHERE e.poll_id = polls.id) + 1) / 2)
WHERE closed_at IS NULL;

-- A wish's revision counts the submitter's versions of its text: 1 when submitted,
-- one more on each edit (review finding R3). The triage buttons and modals carry the
-- revision the secretariat read, and a decision on another revision is refused, so
-- that nobody declines or routes a text they never saw. Existing wishes start at 1.
ALTER TABLE wishes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
