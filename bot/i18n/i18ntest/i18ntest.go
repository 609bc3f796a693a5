// Package i18ntest finds English in Danish texts, for the tests of the catalog and of
// the texts the bot builds from it.
package i18ntest

import (
	"regexp"
	"strings"
)

// englishTells are words that give English away in a Danish text. Command words (list,
// group, schedule, secretariat, steering, default …) are typed as they are in both
// languages, and words that are Danish too (for, at, to) are not on the list. Quoted
// `code` is searched too: an example's words are read.
var englishTells = regexp.MustCompile(`(?i)\b(the|and|is|are|not|you|your|please|sorry|cannot|must|with|of|than|would|should|there|which|what|when|this|that|only|use|write|choose|expected|exactly|fields|field|above|below|maximum|minimum|unrecognized|descriptor|invalid|error|failed|hours?|days?|minutes?|weekday|month|members?|wish|wishes|number|deadline|quorum|poll|stance|agree|object|reason|example|try|again|from|in|on|or|every|other|week|weekly|more|has|will|be|no|yes|first)\b`)

var codeSpan = regexp.MustCompile("`[^`]*`")

// alwaysTyped are the words of commands that are typed as they are in any language.
var alwaysTyped = []string{"wish", "tovholder", "hourly", "daily", "weekly", "monthly", "yearly"}

// EnglishIn returns the English tell-tales in a Danish text. Inside `code`, the words
// of the commands as typed (/wish, @weekly, and the words given in typed, such as a
// subcommand's name) are not tell-tales, and any other word is: an example's words are
// read.
func EnglishIn(s string, typed ...string) []string {
	ok := map[string]bool{}
	for _, w := range append(alwaysTyped, typed...) {
		ok[strings.ToLower(w)] = true
	}
	s = codeSpan.ReplaceAllStringFunc(s, func(code string) string {
		return englishTells.ReplaceAllStringFunc(code, func(w string) string {
			if ok[strings.ToLower(w)] {
				return " "
			}
			return w
		})
	})
	return englishTells.FindAllString(s, -1)
}

// Prose is s without its `code` spans.
func Prose(s string) string { return codeSpan.ReplaceAllString(s, "``") }
