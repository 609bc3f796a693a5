-- 005: amounts in øre and hours in tenths; an initiative keeps the total it was
-- decided on; a wish withdrawn (or marked a duplicate) leaves its initiative.

-- Estimates were whole kroner and whole hours: øre and tenths from now on, so that
-- 250.000,50 kr. and 7,5 hours are exact integers.
ALTER TABLE estimates RENAME COLUMN amount_dkk TO amount_ore;
ALTER TABLE estimates RENAME COLUMN hours TO hours_tenths;
UPDATE estimates SET amount_ore = amount_ore * 100, hours_tenths = hours_tenths * 10;

-- The decision covers the total it was made on: later revisions are shown beside it.
-- decided_estimate is the newest estimate of the initiative's wishes at the decision;
-- a wish's estimate at the decision is its newest with an id up to that.
ALTER TABLE initiatives ADD COLUMN decided_amount_ore INTEGER NOT NULL DEFAULT 0;
ALTER TABLE initiatives ADD COLUMN decided_hours_tenths INTEGER NOT NULL DEFAULT 0;
ALTER TABLE initiatives ADD COLUMN decided_estimate INTEGER NOT NULL DEFAULT 0;

-- Until now a wish withdrawn while the steering group deliberated stayed listed in its
-- initiative. A withdrawn or duplicate wish leaves any initiative that still has a
-- live wish; the last wish of an initiative that ended as withdrawn stays, to say why.
DELETE FROM initiative_wishes
WHERE wish_id IN (SELECT id FROM wishes WHERE state IN ('withdrawn', 'duplicate'))
	AND EXISTS (SELECT 1 FROM initiative_wishes o JOIN wishes w ON w.id = o.wish_id
		WHERE o.initiative_id = initiative_wishes.initiative_id AND w.state NOT IN ('withdrawn', 'duplicate'));

-- Decisions made before this release: the estimates recorded up to the decision.
UPDATE initiatives SET decided_estimate = (
	SELECT coalesce(max(e.id), 0) FROM estimates e JOIN initiative_wishes iw ON iw.wish_id = e.wish_id
	WHERE iw.initiative_id = initiatives.id AND e.at <= initiatives.decided_at)
WHERE state IN ('approved', 'declined');
UPDATE initiatives SET
	decided_amount_ore = (SELECT coalesce(sum(e.amount_ore), 0) FROM estimates e JOIN initiative_wishes iw ON iw.wish_id = e.wish_id
		WHERE iw.initiative_id = initiatives.id
			AND e.id = (SELECT max(e2.id) FROM estimates e2 WHERE e2.wish_id = e.wish_id AND e2.id <= initiatives.decided_estimate)),
	decided_hours_tenths = (SELECT coalesce(sum(e.hours_tenths), 0) FROM estimates e JOIN initiative_wishes iw ON iw.wish_id = e.wish_id
		WHERE iw.initiative_id = initiatives.id
			AND e.id = (SELECT max(e2.id) FROM estimates e2 WHERE e2.wish_id = e.wish_id AND e2.id <= initiatives.decided_estimate))
WHERE state IN ('approved', 'declined');
