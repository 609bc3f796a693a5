package slackemu

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// ButtonRef identifies a button or select being rendered, for
// RenderOptions.Button.
type ButtonRef struct {
	BlockID, ActionID, Value, Label, Type string
}

// RenderOptions tunes RenderBlocks.
type RenderOptions struct {
	// Button, when set, returns a tag shown before each button's label, so a
	// console can number buttons across messages: "[1 Agree]".
	Button func(ButtonRef) string
	// UserName resolves <@U…> mentions; without it they show as @U….
	UserName func(id string) string
	// ChannelName resolves <#C…> mentions; without it they show as #C….
	ChannelName func(id string) string
}

// RenderMessage renders a message as plain text for a terminal or a test
// failure, without a workspace to resolve mentions.
func RenderMessage(m Message) string { return renderMessage(m, RenderOptions{}) }

// RenderView renders a modal or home view as plain text.
func RenderView(v View) string { return renderView(v, RenderOptions{}) }

// RenderOptions returns options that resolve mentions with this workspace.
func (s *Server) RenderOptions() RenderOptions {
	return RenderOptions{
		UserName: func(id string) string {
			s.mu.Lock()
			defer s.mu.Unlock()
			return s.state.userName(id)
		},
		ChannelName: func(id string) string {
			s.mu.Lock()
			defer s.mu.Unlock()
			return s.state.channelName(id)
		},
	}
}

// RenderMessage renders a message, resolving mentions with the workspace.
func (s *Server) RenderMessage(m Message) string { return renderMessage(m, s.RenderOptions()) }

// RenderView renders a view, resolving mentions with the workspace.
func (s *Server) RenderView(v View) string { return renderView(v, s.RenderOptions()) }

func renderMessage(m Message, o RenderOptions) string {
	var b strings.Builder
	if m.Ephemeral {
		b.WriteString("(only visible to you)\n")
	}
	if len(m.Blocks) == 0 {
		b.WriteString(o.mrkdwn(m.Text))
		b.WriteString("\n")
		return b.String()
	}
	b.WriteString(RenderBlocks(m.Blocks, o))
	return b.String()
}

func renderView(v View, o RenderOptions) string {
	var b strings.Builder
	var obj struct {
		Title  *textObj `json:"title"`
		Submit *textObj `json:"submit"`
		Close  *textObj `json:"close"`
	}
	_ = json.Unmarshal(v.JSON, &obj)
	if v.Type == "modal" {
		title := "Modal"
		if obj.Title != nil {
			title = obj.Title.Text
		}
		fmt.Fprintf(&b, "┌ %s ┐\n", title)
	} else {
		b.WriteString("┌ Home ┐\n")
	}
	b.WriteString(RenderBlocks(v.Blocks, o))
	var chrome []string
	if obj.Close != nil {
		chrome = append(chrome, "("+obj.Close.Text+")")
	}
	if obj.Submit != nil {
		chrome = append(chrome, "<"+obj.Submit.Text+">")
	}
	if len(chrome) > 0 {
		b.WriteString(strings.Join(chrome, " ") + "\n")
	}
	return b.String()
}

type textObj struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type option struct {
	Text  textObj `json:"text"`
	Value string  `json:"value"`
}

type element struct {
	Type        string   `json:"type"`
	ActionID    string   `json:"action_id"`
	Value       string   `json:"value"`
	URL         string   `json:"url"`
	Text        *textObj `json:"text"`
	Placeholder *textObj `json:"placeholder"`
	Options     []option `json:"options"`
	Multiline   bool     `json:"multiline"`
}

type block struct {
	Type      string          `json:"type"`
	BlockID   string          `json:"block_id"`
	Text      *textObj        `json:"text"`
	Fields    []textObj       `json:"fields"`
	Accessory *element        `json:"accessory"`
	Elements  json.RawMessage `json:"elements"`
	Element   *element        `json:"element"`
	Label     *textObj        `json:"label"`
	Hint      *textObj        `json:"hint"`
	Optional  bool            `json:"optional"`
}

// RenderBlocks renders Block Kit blocks as plain text: headers underlined,
// context lines prefixed with "│", buttons as [Label], selects with their
// options, inputs as "Label: <type>".
func RenderBlocks(blocks []json.RawMessage, o RenderOptions) string {
	var b strings.Builder
	for _, raw := range blocks {
		var bl block
		if json.Unmarshal(raw, &bl) != nil {
			continue
		}
		o.block(&b, bl)
	}
	return b.String()
}

func (o RenderOptions) block(b *strings.Builder, bl block) {
	switch bl.Type {
	case "header":
		t := o.text(bl.Text)
		fmt.Fprintf(b, "%s\n%s\n", t, strings.Repeat("═", max(3, utf8.RuneCountInString(t))))
	case "section":
		if bl.Text != nil {
			b.WriteString(o.text(bl.Text) + "\n")
		}
		for _, f := range bl.Fields {
			// A field's later lines stay under its first, so "*Status*\nsubmitted" reads as one item.
			b.WriteString("  • " + strings.ReplaceAll(o.text(&f), "\n", "\n    ") + "\n")
		}
		if bl.Accessory != nil {
			b.WriteString("  " + o.element(bl.BlockID, bl.Accessory) + "\n")
		}
	case "divider":
		b.WriteString("────────\n")
	case "context":
		// Context elements are text objects or images, not interactive elements.
		var els []struct {
			textObj
			AltText string `json:"alt_text"`
		}
		_ = json.Unmarshal(bl.Elements, &els)
		var parts []string
		for _, e := range els {
			if e.Type == "image" {
				parts = append(parts, "🖼 "+e.AltText)
				continue
			}
			parts = append(parts, o.text(&e.textObj))
		}
		b.WriteString("│ " + strings.Join(parts, "  ") + "\n")
	case "actions":
		var els []element
		_ = json.Unmarshal(bl.Elements, &els)
		parts := make([]string, 0, len(els))
		for i := range els {
			parts = append(parts, o.element(bl.BlockID, &els[i]))
		}
		b.WriteString(strings.Join(parts, " ") + "\n")
	case "input":
		o.input(b, bl)
	case "image":
		b.WriteString("🖼 image\n")
	default:
		fmt.Fprintf(b, "<%s block>\n", bl.Type)
	}
}

func (o RenderOptions) input(b *strings.Builder, bl block) {
	label := o.text(bl.Label)
	if bl.Optional {
		label += " (optional)"
	}
	desc := "<?>"
	if e := bl.Element; e != nil {
		desc = "<" + e.Type + ">"
		if e.Placeholder != nil {
			desc = "<" + e.Type + ": " + e.Placeholder.Text + ">"
		}
		if len(e.Options) > 0 {
			desc += " " + optionList(e.Options)
		}
	}
	fmt.Fprintf(b, "%s: %s\n", label, desc)
	if bl.Hint != nil {
		b.WriteString("  ↳ " + o.text(bl.Hint) + "\n")
	}
}

func (o RenderOptions) element(blockID string, e *element) string {
	label := ""
	if e.Text != nil {
		label = o.plain(e.Text.Text)
	}
	if e.Type != "button" {
		if e.Placeholder != nil {
			label = e.Placeholder.Text
		}
		label = e.Type + ": " + label
	}
	if o.Button != nil {
		if tag := o.Button(ButtonRef{BlockID: blockID, ActionID: e.ActionID, Value: e.Value, Label: label, Type: e.Type}); tag != "" {
			label = tag + " " + label
		}
	}
	if e.Type == "button" {
		return "[" + label + "]"
	}
	return "[" + label + " ▾] " + optionList(e.Options)
}

func optionList(opts []option) string {
	names := make([]string, 0, len(opts))
	for _, op := range opts {
		names = append(names, op.Text.Text)
	}
	return "{" + strings.Join(names, " | ") + "}"
}

func (o RenderOptions) text(t *textObj) string {
	if t == nil {
		return ""
	}
	if t.Type == "plain_text" {
		return o.plain(t.Text)
	}
	return o.mrkdwn(t.Text)
}

func (o RenderOptions) plain(s string) string { return s }

var entity = regexp.MustCompile(`<([@#!])([^>|]+)(?:\|([^>]*))?>|<([^>|]+)\|([^>]*)>|<([^>]+)>`)

// mrkdwn turns Slack's control sequences back into what a reader sees:
// mentions as @name, links as "label (url)", and &lt; &gt; &amp; decoded.
func (o RenderOptions) mrkdwn(s string) string {
	s = entity.ReplaceAllStringFunc(s, func(m string) string {
		g := entity.FindStringSubmatch(m)
		switch {
		case g[1] == "@":
			return "@" + o.name(o.UserName, g[2], g[3])
		case g[1] == "#":
			return "#" + o.name(o.ChannelName, g[2], g[3])
		case g[1] == "!" && strings.HasPrefix(g[2], "date^"):
			return g[3] // Slack shows a date in the reader's zone; the fallback is the bot's
		case g[1] == "!":
			return "@" + strings.SplitN(g[2], "^", 2)[0]
		case g[4] != "":
			return g[5] + " (" + g[4] + ")"
		}
		return g[6]
	})
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

func (o RenderOptions) name(resolve func(string) string, id, label string) string {
	switch {
	case label != "":
		return label
	case resolve != nil:
		return resolve(id)
	}
	return id
}

// ClickButton presses the button ref describes (as RenderOptions.Button saw
// it) in message (channel, ts) or one of user's ephemerals there. Unlike
// Click it finds the button by block, action_id and value, so a console can
// tell apart buttons that share a label.
func (s *Server) ClickButton(ctx context.Context, user, channel, ts string, ref ButtonRef) (Response, error) {
	return s.messageAction(ctx, user, channel, ts,
		func(b []json.RawMessage) (found, error) { return findRef(b, ref) },
		s.buttonAction)
}

// ClickButtonInView presses the button ref describes in a modal or home view,
// as ClickInView does by label.
func (s *Server) ClickButtonInView(ctx context.Context, user, viewID string, ref ButtonRef) (Response, error) {
	return s.viewAction(ctx, user, viewID, func(b []json.RawMessage) (found, error) { return findRef(b, ref) })
}

// findRef finds the button with ref's action_id and value (and block_id when
// the app gave one), or says the message no longer has it.
func findRef(blocks []json.RawMessage, ref ButtonRef) (found, error) {
	for _, f := range interactive(blocks) {
		value, _ := f.el["value"].(string)
		if f.el["type"] == "button" && f.el["action_id"] == ref.ActionID && value == ref.Value &&
			(ref.BlockID == "" || f.blockID == ref.BlockID) {
			return f, nil
		}
	}
	return found{}, fmt.Errorf("slackemu: the button %q is no longer there", ref.Label)
}
