-- 009: a posted message's permalink, asked of Slack once when it is posted and kept with
-- its reference, so that a view links to the message (a digest to each wish's card, an
-- announcement to its poll) without a chat.getPermalink call per link as it renders.
-- Messages posted before this have none; their views name the command instead.
ALTER TABLE message_refs ADD COLUMN permalink TEXT NOT NULL DEFAULT '';
