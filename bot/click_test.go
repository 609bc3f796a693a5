package bot

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
)

// clickSeeds are payloads of each kind the bot reads: a click on a message (with the
// message), a click in a modal with its state, a form submitted, and broken ones.
var clickSeeds = []string{
	`{"type":"block_actions","user":{"id":"U1"},"team":{"id":"T1"},"channel":{"id":"C1"},"trigger_id":"1.2","response_url":"https://x/y",` +
		`"container":{"type":"message","message_ts":"1.1","channel_id":"C1"},"actions":[{"action_id":"poll.agree","block_id":"b","value":"7","type":"button"}],` +
		`"message":{"type":"message","ts":"1.1","text":"poll","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*Agree* 1"}},{"type":"actions","elements":[{"type":"button","action_id":"poll.agree","text":{"type":"plain_text","text":"Agree"},"value":"7"}]}]}}`,
	`{"type":"block_actions","user":{"id":"U1"},"view":{"id":"V1","type":"modal","callback_id":"stance","state":{"values":{"b":{"a":{"type":"plain_text_input","value":"why"}}}}},` +
		`"state":{"values":{"b":{"a":{"type":"plain_text_input","value":"why"}}}},"actions":[{"action_id":"x","value":"1"}]}`,
	`{"type":"view_submission","user":{"id":"U1"},"view":{"id":"V1","type":"modal","callback_id":"wish.new","private_metadata":"m","state":{"values":{"t":{"t":{"type":"plain_text_input","value":"Title"}}}}}}`,
	`{"type":"dialog_submission","user":{"id":"U1"},"state":"s","submission":{"a":"b"}}`,
	`{"type":"block_actions","message":{"blocks":[{"type":"nonsense"}]}}`,
	`{"type":"block_actions","state":"not an object"}`,
	`{}`, `[]`, `{"type":1}`,
	`{"type":"message_action","callback_id":"wish.from_message","user":{"id":"U1"},"channel":{"id":"C1"},"trigger_id":"1.3","message_ts":"1.1",` +
		`"message":{"type":"message","user":"U2","ts":"1.1","text":"Vi mangler en alarm"}}`,
}

// sameAsSlack checks decodeInteraction against slack-go's own decoding: the same
// error or none, and the same fields but the message.
func sameAsSlack(t *testing.T, payload string) {
	got, err := decodeInteraction([]byte(payload))
	var want slack.InteractionCallback
	wantErr := json.Unmarshal([]byte(payload), &want)
	if wantErr != nil {
		// slack-go also fails on a message it cannot read; without the message a
		// payload may decode where slack-go's does not, never the other way round.
		return
	}
	if err != nil {
		t.Fatalf("decodeInteraction(%s): %v; slack-go reads it", payload, err)
	}
	if want.Type != slack.InteractionTypeMessageAction {
		want.Message = slack.Message{} // a shortcut's message is kept; a click's is not
	}
	// Compared as JSON: slack-go's types hold unexported fields.
	w, err1 := json.Marshal(want)
	g, err2 := json.Marshal(*got)
	if err1 != nil || err2 != nil {
		return // a value slack-go cannot write back (e.g. an unknown block type): nothing to compare by
	}
	if diff := cmp.Diff(string(w), string(g)); diff != "" {
		t.Errorf("decodeInteraction(%s) differs from slack-go's (-slack +ours):\n%s", payload, diff)
	}
}

func TestDecodeInteraction(t *testing.T) {
	for _, p := range clickSeeds {
		sameAsSlack(t, p)
	}
	ic, err := decodeInteraction([]byte(clickSeeds[0]))
	if err != nil || ic.User.ID != "U1" || ic.Channel.ID != "C1" || len(ic.ActionCallback.BlockActions) != 1 ||
		ic.ActionCallback.BlockActions[0].Value != "7" || ic.TriggerID != "1.2" || len(ic.Message.Blocks.BlockSet) != 0 {
		t.Errorf("decodeInteraction of a click: %+v, %v", ic, err)
	}
	// A message shortcut turns its message into a wish: its text must survive.
	ic, err = decodeInteraction([]byte(clickSeeds[len(clickSeeds)-1]))
	if err != nil || ic.Message.Text != "Vi mangler en alarm" || ic.Message.User != "U2" {
		t.Errorf("decodeInteraction of a message shortcut lost its message: %+v, %v", ic.Message, err)
	}
}

func FuzzDecodeInteraction(f *testing.F) {
	for _, p := range clickSeeds {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, payload string) { sameAsSlack(t, payload) })
}
