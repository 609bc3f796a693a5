-- 010: indexes for the hot paths at 10,000 wishes (issue 16).
--
-- The queues of the Home tab and the digests count wishes by state, a group's by
-- state and group (routed, or asked for before routing), the secretariat's plan queue
-- by state and size. One index covers all of these counts, so that none reads a
-- wish's row; it starts with state, so it serves every lookup by state as well.
CREATE INDEX wishes_state_cover ON wishes (state, group_key, requested_group, size);
DROP INDEX wishes_state;

-- A poll's stances are listed in the order they were first taken.
CREATE INDEX stances_order ON stances (poll_id, first_at, user_id);
