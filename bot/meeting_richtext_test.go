package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/workflow"
)

// richTextCases are rich_text values as Slack sends them from a rich_text_input, and
// the lines the bot reads from them.
var richTextCases = []struct {
	name, json, want string
}{
	{"mention and text", `{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"user","user_id":"U0ANNA001"},{"type":"text","text":": ask the supplier, by 2027-03-12\n"},{"type":"user","user_id":"U0LARS001"},{"type":"text","text":" draft"}]}]}`,
		"<@U0ANNA001>: ask the supplier, by 2027-03-12\n<@U0LARS001> draft\n"},
	{"typed name stays text", `{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"@anna: x"}]}]}`, "@anna: x\n"},
	{"typed mention syntax stays text", `{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"<!channel> <@U1>: x"}]}]}`, "<!channel> <@U1>: x\n"},
	{"list", `{"type":"rich_text","elements":[{"type":"rich_text_list","style":"bullet","elements":[{"type":"rich_text_section","elements":[{"type":"user","user_id":"U1"},{"type":"text","text":": a"}]},{"type":"rich_text_section","elements":[{"type":"user","user_id":"U2"},{"type":"text","text":": b"}]}]}]}`,
		"<@U1>: a\n<@U2>: b\n"},
	{"broadcast, link, emoji", `{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"broadcast","range":"channel"},{"type":"link","url":"https://x.dk"},{"type":"emoji","name":"tada"}]}]}`, "@channelhttps://x.dk:tada:\n"},
	{"empty", `{}`, ""},
	{"malformed user id", `{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"user","user_id":"U1>: x\n<@U2"},{"type":"text","text":": y"}]}]}`, ": y\n"},
}

func TestRichText(t *testing.T) {
	for _, c := range richTextCases {
		var v slack.RichTextBlock
		if err := json.Unmarshal([]byte(c.json), &v); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := richText(v); got != c.want {
			t.Errorf("%s: richText = %q, want %q", c.name, got, c.want)
		}
	}
}

// FuzzRichText: whatever Slack sends, the bot reads it without panicking, and every
// task read from it has an owner that Slack sent as a user element, never one typed.
func FuzzRichText(f *testing.F) {
	for _, c := range richTextCases {
		f.Add(c.json)
	}
	f.Add(`{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"user","user_id":"U1>: x\n<@U2"}]}]}`)
	f.Add(`{"type":"rich_text","elements":[{"type":"rich_text_quote","elements":[{"type":"user","user_id":"U9"},{"type":"text","text":": q"}]}]}`)
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string) {
		var v slack.RichTextBlock
		if json.Unmarshal([]byte(raw), &v) != nil {
			return
		}
		text := richText(v)
		ds, err := workflow.ParseTasks(text, now, time.UTC)
		if err != nil {
			return
		}
		for _, d := range ds {
			if !isUserID(d.Owner) {
				t.Fatalf("%q: owner %q is no user id", raw, d.Owner)
			}
			// From a user element, or typed as Slack's own mention syntax, which names the
			// same user (the minutes check that the user is in the workspace).
			if !strings.Contains(raw, `"`+d.Owner+`"`) && !strings.Contains(raw, "<@"+d.Owner) {
				t.Fatalf("%q: owner %q came from nowhere", raw, d.Owner)
			}
		}
	})
}
