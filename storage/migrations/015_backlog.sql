-- 015: a working group's ranked backlog read from an index alone (issue 16): the Home
-- tab of the secretariat ranks every group's backlog, hundreds of wishes each, by what
-- this index holds (BacklogEntries), without reading the wishes' texts.
CREATE INDEX wishes_backlog ON wishes (group_key, state, created_at, submitter_id);
