package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// bigMessage posts, as the bot, a message of 40 blocks whose last holds a Follow button
// for wish id: the clicked message Slack sends back with every click is that big.
func bigMessage(tb testing.TB, e *bottest.Env, id int64) (channel, ts string) {
	tb.Helper()
	api := slack.New(slackemu.BotToken, slack.OptionAPIURL(e.Emu.APIURL()))
	blocks := make([]slack.Block, 0, 40)
	for i := range 39 {
		text := fmt.Sprintf("*Line %d* of a long message, with a <https://example.org/%d|link> and some words to read.", i, i)
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil))
	}
	follow := slack.NewButtonBlockElement(view.ActFollow, fmt.Sprint(id), slack.NewTextBlockObject(slack.PlainTextType, "Follow", false, false))
	blocks = append(blocks, slack.NewActionBlock("follow", follow))
	ch, ts, err := api.PostMessage(bottest.UserClub, slack.MsgOptionBlocks(blocks...), slack.MsgOptionText("A long message", false))
	if err != nil {
		tb.Fatal(err)
	}
	return ch, ts
}

// A click on a button of a 40-block message, over Socket Mode, reaches the button's
// handler with its action and value, though the clicked message is not decoded.
func TestSocketModeClickOnABigMessage(t *testing.T) {
	e := bottest.New(t, bottest.Options{Transport: bottest.Socket})
	w := submit(t, e, bottest.Per, "Notice-period alarm")
	e.Settle()
	ch, ts := bigMessage(t, e, w.ID)
	e.Click(bottest.Anna, ch, ts, "Follow")
	if got := e.Text(e.LastEphemeral(bottest.Anna)); !strings.Contains(got, fmt.Sprintf("#%d", w.ID)) || !strings.Contains(strings.ToLower(got), "follow") {
		t.Errorf("Anna clicked Follow and was told:\n%s", got)
	}
	e.Click(bottest.Anna, ch, ts, "Follow")
	if got := e.Text(e.LastEphemeral(bottest.Anna)); !strings.Contains(strings.ToLower(got), "already") {
		t.Errorf("Anna clicked Follow again and was told:\n%s", got)
	}
}

// BenchmarkSocketClick measures one click on a 40-block message over Socket Mode, from
// the emulator's envelope to the bot's ack (the emulator's side included); the work
// after the ack is waited for outside the timer.
func BenchmarkSocketClick(b *testing.B) {
	e := bottest.New(b, bottest.Options{Transport: bottest.Socket})
	a, err := e.Svc.Actor(e.Ctx(), bottest.Per)
	if err != nil {
		b.Fatal(err)
	}
	w, err := e.Svc.SubmitWish(e.Ctx(), a, workflow.WishInput{Title: "Notice-period alarm", Purpose: "P", Value: "V"})
	if err != nil {
		b.Fatal(err)
	}
	e.Settle()
	ch, ts := bigMessage(b, e, w.ID)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := e.Emu.Click(e.Ctx(), bottest.Anna, ch, ts, "Follow"); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		e.Settle()
		b.StartTimer()
	}
}
