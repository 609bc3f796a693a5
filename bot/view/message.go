// Package view is the bot's pure renderers: a view-model in, Block Kit out. A view does
// no I/O and reads no clock: what it shows, times included, comes in its view-model.
package view

import "github.com/slack-go/slack"

// Message is a rendered Slack message: the text is the notification and fallback,
// the blocks what people see.
type Message struct {
	Text   string        `json:"text"`
	Blocks []slack.Block `json:"blocks"`
}
