package web

import (
	"net/url"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/os2kitos/tovholder/workflow"
)

// maxPage bounds ?page= so that an offset never overflows: 10 million wishes.
const maxPage = 200000

// parseListQuery reads the listing's filters: state, group, cycle, q and page. An
// unknown state, a malformed group or cycle, or a page that is not a number from 1 to
// maxPage is errBadRequest; a group or cycle that does not exist simply matches nothing.
func parseListQuery(v url.Values) (workflow.PublicFilter, int, error) {
	f := workflow.PublicFilter{Limit: workflow.PageSize}
	for _, vs := range v {
		if len(vs) > 1 {
			return f, 0, errBadRequest
		}
	}
	if s := v.Get("state"); s != "" {
		if !slices.Contains(workflow.States, workflow.State(s)) {
			return f, 0, errBadRequest
		}
		f.State = workflow.State(s)
	}
	if g := v.Get("group"); g != "" {
		if !workflow.ValidGroupKey(g) {
			return f, 0, errBadRequest
		}
		f.Group = g
	}
	if c := v.Get("cycle"); c != "" {
		if !workflow.ValidCycleName(c) {
			return f, 0, errBadRequest
		}
		f.Cycle = c
	}
	raw := v.Get("q")
	if !utf8.ValidString(raw) || len(raw) > 1000 {
		return f, 0, errBadRequest
	}
	f.Query = workflow.ParseQuery(raw)
	page := 1
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > maxPage {
			return f, 0, errBadRequest
		}
		page = n
	}
	f.Offset = (page - 1) * workflow.PageSize
	return f, page, nil
}

// parseNumber reads a wish number in a path: digits only, from 1.
func parseNumber(s string) (int64, error) {
	if s == "" || len(s) > 18 || s[0] == '0' {
		return 0, errBadRequest
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, errBadRequest
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errBadRequest
	}
	return n, nil
}
