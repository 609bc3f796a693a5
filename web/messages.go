package web

import "github.com/os2kitos/tovholder/bot/i18n"

// Lang is a language of the pages: the bot's, so that the pages and Slack say the
// same words (bot/i18n, whose part "web.*" is the pages' own).
type Lang = i18n.Lang

// The languages the pages speak.
const (
	English = i18n.English
	Danish  = i18n.Danish
)

// ParseLang reads "en" or "da", or a tag of one of them ("da-DK").
func ParseLang(s string) (Lang, bool) { return i18n.ParseLang(s) }

// T is the catalog's text of key in lang.
func T(lang Lang, key string, args ...any) string { return i18n.T(lang, key, args...) }
