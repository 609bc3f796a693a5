package slackemu

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Block Kit limits from slack.md §6.
const (
	maxMessageBlocks = 50
	maxViewBlocks    = 100
	maxText          = 3000
	maxViewBytes     = 250000
)

// checker walks decoded Block Kit JSON and collects errors in Slack's
// "[ERROR] reason [json-pointer:/path]" form.
type checker struct {
	errs     []string
	blockIDs map[string]bool
}

func (c *checker) errorf(path, format string, args ...any) {
	c.errs = append(c.errs, fmt.Sprintf("[ERROR] %s [json-pointer:%s]", fmt.Sprintf(format, args...), path))
}

// parseBlocks decodes a blocks array; ok is false when it is not valid JSON
// or not an array of objects (Slack's invalid_blocks_format).
func parseBlocks(raw []byte) ([]json.RawMessage, []map[string]any, bool) {
	var rawList []json.RawMessage
	if err := json.Unmarshal(raw, &rawList); err != nil {
		return nil, nil, false
	}
	var objs []map[string]any
	if err := json.Unmarshal(raw, &objs); err != nil {
		return nil, nil, false
	}
	return rawList, objs, true
}

// checkBlocks validates a message's or view's blocks against Slack's limits.
func checkBlocks(blocks []map[string]any, max int, root string) []string {
	c := &checker{blockIDs: map[string]bool{}}
	if len(blocks) > max {
		c.errorf(root, "no more than %d items allowed", max)
	}
	for i, b := range blocks {
		c.block(fmt.Sprintf("%s/%d", root, i), b)
	}
	return c.errs
}

func (c *checker) block(path string, b map[string]any) {
	if id, ok := b["block_id"].(string); ok {
		c.maxLen(path+"/block_id", id, 255)
		if c.blockIDs[id] {
			c.errorf(path+"/block_id", "duplicate block_id %q", id)
		}
		c.blockIDs[id] = true
	}
	actionIDs := map[string]bool{}
	switch b["type"] {
	case "header":
		c.text(path+"/text", b["text"], "plain_text", 150)
	case "section":
		c.section(path, b, actionIDs)
	case "context":
		els, _ := b["elements"].([]any)
		if len(els) > 10 {
			c.errorf(path+"/elements", "no more than 10 items allowed")
		}
		for i, e := range els {
			if m, ok := e.(map[string]any); ok && m["type"] != "image" {
				c.text(fmt.Sprintf("%s/elements/%d", path, i), m, "", maxText)
			}
		}
	case "actions":
		els, _ := b["elements"].([]any)
		if len(els) > 25 {
			c.errorf(path+"/elements", "no more than 25 items allowed")
		}
		for i, e := range els {
			c.element(fmt.Sprintf("%s/elements/%d", path, i), e, actionIDs)
		}
	case "input":
		c.text(path+"/label", b["label"], "plain_text", 2000)
		if h, ok := b["hint"]; ok {
			c.text(path+"/hint", h, "plain_text", 2000)
		}
		c.element(path+"/element", b["element"], actionIDs)
	case "divider", "image", "rich_text", "markdown", "video", "file":
	case nil:
		c.errorf(path+"/type", "missing required field: type")
	}
}

func (c *checker) section(path string, b map[string]any, actionIDs map[string]bool) {
	if t, ok := b["text"]; ok {
		c.text(path+"/text", t, "", maxText)
	}
	fields, _ := b["fields"].([]any)
	if len(fields) > 10 {
		c.errorf(path+"/fields", "no more than 10 items allowed")
	}
	for i, f := range fields {
		c.text(fmt.Sprintf("%s/fields/%d", path, i), f, "", 2000)
	}
	if _, hasText := b["text"]; !hasText && len(fields) == 0 {
		c.errorf(path, "must provide either text or fields")
	}
	if a, ok := b["accessory"]; ok {
		c.element(path+"/accessory", a, actionIDs)
	}
}

// text checks a text object; want is "" when either type is allowed.
func (c *checker) text(path string, v any, want string, max int) {
	t, ok := v.(map[string]any)
	if !ok {
		c.errorf(path, "must be a text object")
		return
	}
	typ, _ := t["type"].(string)
	switch {
	case typ != "plain_text" && typ != "mrkdwn":
		c.errorf(path+"/type", "must be one of plain_text, mrkdwn")
	case want != "" && typ != want:
		c.errorf(path+"/type", "must be %s", want)
	}
	if _, ok := t["verbatim"]; ok && typ == "plain_text" {
		c.errorf(path+"/verbatim", "plain_text does not allow verbatim")
	}
	if _, ok := t["emoji"]; ok && typ == "mrkdwn" {
		c.errorf(path+"/emoji", "mrkdwn does not allow emoji")
	}
	s, _ := t["text"].(string)
	n := utf8.RuneCountInString(s)
	if n < 1 {
		c.errorf(path+"/text", "must be more than 0 characters")
	}
	if n > max {
		c.errorf(path+"/text", "must be less than %d characters", max+1)
	}
}

func (c *checker) maxLen(path, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		c.errorf(path, "must be less than %d characters", max+1)
	}
}

func (c *checker) element(path string, v any, actionIDs map[string]bool) {
	e, ok := v.(map[string]any)
	if !ok {
		c.errorf(path, "must be an element object")
		return
	}
	if id, ok := e["action_id"].(string); ok {
		c.maxLen(path+"/action_id", id, 255)
		if actionIDs[id] {
			c.errorf(path+"/action_id", "duplicate action_id %q", id)
		}
		actionIDs[id] = true
	}
	if p, ok := e["placeholder"]; ok {
		c.text(path+"/placeholder", p, "plain_text", 150)
	}
	switch e["type"] {
	case "button":
		c.text(path+"/text", e["text"], "plain_text", 75)
		if s, ok := e["value"].(string); ok {
			c.maxLen(path+"/value", s, 2000)
		}
		if s, ok := e["url"].(string); ok {
			c.maxLen(path+"/url", s, 3000)
		}
	case "static_select", "multi_static_select", "radio_buttons", "checkboxes", "overflow":
		c.options(path, e)
	case "plain_text_input":
		c.inputLengths(path, e)
	}
	if cf, ok := e["confirm"].(map[string]any); ok {
		c.text(path+"/confirm/title", cf["title"], "plain_text", 100)
		c.text(path+"/confirm/text", cf["text"], "", 300)
		c.text(path+"/confirm/confirm", cf["confirm"], "plain_text", 30)
		c.text(path+"/confirm/deny", cf["deny"], "plain_text", 30)
	}
}

func (c *checker) options(path string, e map[string]any) {
	opts, _ := e["options"].([]any)
	max := 100
	if e["type"] == "overflow" {
		max = 5
	}
	if len(opts) > max {
		c.errorf(path+"/options", "no more than %d items allowed", max)
	}
	if groups, ok := e["option_groups"].([]any); ok {
		// Selects only: at most 100 groups of at most 100 options, and never both
		// options and option_groups.
		if e["type"] != "static_select" && e["type"] != "multi_static_select" {
			c.errorf(path+"/option_groups", "option_groups is only for static selects")
		}
		if _, both := e["options"]; both {
			c.errorf(path, "must provide either options or option_groups, not both")
		}
		if len(groups) > 100 {
			c.errorf(path+"/option_groups", "no more than 100 items allowed")
		}
		for i, g := range groups {
			gm, _ := g.(map[string]any)
			gp := fmt.Sprintf("%s/option_groups/%d", path, i)
			c.text(gp+"/label", gm["label"], "plain_text", 75)
			c.options(gp, map[string]any{"type": "option_group", "options": gm["options"]})
		}
	}
	for i, o := range opts {
		om, _ := o.(map[string]any)
		p := fmt.Sprintf("%s/options/%d", path, i)
		c.text(p+"/text", om["text"], "", 75)
		v, _ := om["value"].(string)
		c.maxLen(p+"/value", v, 150)
	}
}

func (c *checker) inputLengths(path string, e map[string]any) {
	if v, ok := e["max_length"].(float64); ok && (v < 1 || v > 3000) {
		c.errorf(path+"/max_length", "must be between 1 and 3000")
	}
	if v, ok := e["min_length"].(float64); ok && (v < 0 || v > 3000) {
		c.errorf(path+"/min_length", "must be between 0 and 3000")
	}
}

// checkView validates a modal or home view object.
func checkView(raw []byte) (errs []string, tooLarge bool) {
	if len(raw) > maxViewBytes {
		return []string{"[ERROR] view is larger than 250 kB"}, true
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		return []string{"[ERROR] view is not a JSON object"}, false
	}
	c := &checker{}
	typ, _ := v["type"].(string)
	max := maxViewBlocks
	if typ != "modal" && typ != "home" {
		c.errorf("/view/type", "must be one of modal, home")
	}
	if typ == "modal" {
		c.modalChrome(v)
	}
	for _, k := range []struct {
		key string
		max int
	}{{"private_metadata", 3000}, {"callback_id", 255}, {"external_id", 255}} {
		if s, ok := v[k.key].(string); ok {
			c.maxLen("/view/"+k.key, s, k.max)
		}
	}
	blocks, _ := v["blocks"].([]any)
	objs := make([]map[string]any, 0, len(blocks))
	for _, b := range blocks {
		m, _ := b.(map[string]any)
		objs = append(objs, m)
	}
	c.errs = append(c.errs, checkBlocks(objs, max, "/view/blocks")...)
	return c.errs, false
}

func (c *checker) modalChrome(v map[string]any) {
	if t, ok := v["title"]; ok {
		c.text("/view/title", t, "plain_text", 24)
	} else {
		c.errorf("/view/title", "missing required field: title")
	}
	for _, k := range []string{"submit", "close"} {
		if t, ok := v[k]; ok && t != nil {
			c.text("/view/"+k, t, "plain_text", 24)
		}
	}
	blocks, _ := v["blocks"].([]any)
	for _, b := range blocks {
		if m, _ := b.(map[string]any); m["type"] == "input" && v["submit"] == nil {
			c.errorf("/view/submit", "submit is required when an input block is present")
			return
		}
	}
}

// ValidateBlocks checks a message's blocks, a JSON array, as chat.postMessage does:
// it returns the errors Slack would answer invalid_blocks with (in Slack's "[ERROR] …
// [json-pointer:…]" form), or one error for what is not an array of blocks, and
// nothing for blocks Slack accepts. The view tests check every golden file with it.
func ValidateBlocks(raw []byte) []string {
	_, objs, ok := parseBlocks(raw)
	if !ok {
		return []string{"[ERROR] blocks are not a JSON array of objects"}
	}
	return checkBlocks(objs, maxMessageBlocks, "/blocks")
}

// ValidateView checks a modal or Home tab, a JSON view object, as views.open and
// views.publish do, and returns the errors Slack would answer with.
func ValidateView(raw []byte) []string {
	errs, _ := checkView(raw)
	return errs
}
