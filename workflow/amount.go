package workflow

import (
	"strconv"
	"strings"
)

// Amount is a sum of Danish money in øre (1/100 krone). Amounts are integers,
// never floats, so that totals are exact: 250.000,50 kr. is Amount(25_000_050).
// Estimates are stored in øre; a database from before øre were accepted had whole
// kroner, and migration 005 multiplied them by 100.
type Amount int64

// Hours is a number of hours in tenths: the supplier's 7,5 hours is Hours(75). One
// decimal is all an estimate of hours needs.
type Hours int64

// Kroner is n whole kroner.
func Kroner(n int64) Amount { return Amount(n * 100) }

// WholeHours is n whole hours.
func WholeHours(n int64) Hours { return Hours(n * 10) }

// Limits of an estimate: generous, but a typo of ten digits is caught.
const (
	MaxAmount Amount = 1_000_000_000_00 // one billion kroner
	MaxHours  Hours  = 1_000_000_0      // a million hours
)

// How an amount or a number of hours is read (ParseAmount, ParseHours). The same rules
// hold whatever the reader's language, so that one text never means two numbers:
//
//   - Digits may be grouped by thousands with '.', ',' or a space: 250.000, 250,000,
//     250 000. The first group has one to three digits, every later group three.
//   - When both '.' and ',' occur, the last of them is the decimal separator:
//     250.000,50 (Danish) and 250,000.50 (English) are the same amount.
//   - A lone '.' or ',' followed by exactly three digits groups thousands (1.500 and
//     1,500 are fifteen hundred); followed by one or two digits it is the decimal
//     separator (12,5 and 12.5 are twelve and a half). Anything else is refused.
//   - An amount has at most two decimals (øre), hours at most one.
//   - An amount may carry "kr.", "kr" or "DKK" before or after it, and ",-" after it.
//
// What does not fit is refused with a catalog key saying why, never guessed.

// ParseAmount reads an amount of kroner as people write it; see the rules above. The
// error is a FieldError-ready catalog key: err.estimate.amount (malformed),
// err.estimate.amount_decimals, err.estimate.amount_range.
func ParseAmount(s string) (Amount, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimSpace(strings.TrimSuffix(s, ",-"))
	for _, cur := range []string{"kr.", "kr", "dkk"} {
		if t, ok := strings.CutPrefix(s, cur); ok {
			s = strings.TrimSpace(t)
			break
		}
		if t, ok := strings.CutSuffix(s, cur); ok {
			s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t), ",-"))
			break
		}
	}
	n, key := parseDecimal(s, 2)
	switch {
	case key == "decimals":
		return 0, Errorf(Invalid, "err.estimate.amount_decimals")
	case key != "":
		return 0, Errorf(Invalid, "err.estimate.amount")
	case n > int64(MaxAmount):
		return 0, Errorf(Invalid, "err.estimate.amount_range")
	}
	return Amount(n), nil
}

// ParseHours reads a number of hours with at most one decimal; see the rules above.
// The error is a catalog key: err.estimate.hours (malformed),
// err.estimate.hours_decimals, err.estimate.hours_range.
func ParseHours(s string) (Hours, error) {
	n, key := parseDecimal(strings.TrimSpace(s), 1)
	switch {
	case key == "decimals":
		return 0, Errorf(Invalid, "err.estimate.hours_decimals")
	case key != "":
		return 0, Errorf(Invalid, "err.estimate.hours")
	case n > int64(MaxHours):
		return 0, Errorf(Invalid, "err.estimate.hours_range")
	}
	return Hours(n), nil
}

// parseDecimal reads a non-negative number with at most dec decimals and returns it
// in units of 10^-dec, or why not: "malformed" or "decimals".
func parseDecimal(s string, dec int) (int64, string) {
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2009", " ").Replace(s)
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != ',' && r != ' ' {
			return 0, "malformed"
		}
	}
	whole, frac, thousands, ok := splitDecimal(s)
	if !ok {
		return 0, "malformed"
	}
	digits, ok := ungroup(whole, thousands)
	if !ok || len(digits) > 15 {
		return 0, "malformed"
	}
	if len(frac) > dec {
		return 0, "decimals"
	}
	n, err := strconv.ParseInt(digits+frac+strings.Repeat("0", dec-len(frac)), 10, 64)
	if err != nil {
		return 0, "malformed"
	}
	return n, ""
}

// splitDecimal finds the decimal separator of s by the rules above and returns the
// whole part, the decimals and the thousands separator of the whole part ("" for none).
func splitDecimal(s string) (whole, frac, thousands string, ok bool) {
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	decimal := ""
	switch {
	case dots > 0 && commas > 0:
		decimal, thousands = ".", ","
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") {
			decimal, thousands = ",", "."
		}
		if strings.Count(s, decimal) != 1 {
			return "", "", "", false
		}
	case dots+commas == 1:
		sep := "."
		if commas == 1 {
			sep = ","
		}
		_, after, _ := strings.Cut(s, sep)
		switch len(after) {
		case 3:
			thousands = sep
		case 1, 2:
			decimal = sep
		default:
			return "", "", "", false
		}
	case dots > 1:
		thousands = "."
	case commas > 1:
		thousands = ","
	}
	whole = s
	if decimal != "" {
		whole, frac, _ = strings.Cut(s, decimal)
		if frac == "" || strings.ContainsAny(frac, ". ,") {
			return "", "", "", false
		}
	}
	if strings.Contains(whole, " ") {
		if thousands != "" {
			return "", "", "", false // one way of grouping, not two
		}
		thousands = " "
	}
	return whole, frac, thousands, true
}

// ungroup removes the thousands separator sep from whole, checking the groups: one to
// three digits first, then three each.
func ungroup(whole, sep string) (string, bool) {
	groups := []string{whole}
	if sep != "" {
		groups = strings.Split(whole, sep)
	}
	for i, g := range groups {
		if g == "" || strings.ContainsAny(g, ". ,") || (i > 0 && len(g) != 3) || (i == 0 && sep != "" && len(g) > 3) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// Format writes a in kroner with thousands grouped by thousands and, when there are
// øre, two decimals after decimal: Format(".", ",") is "250.000,50".
func (a Amount) Format(thousands, decimal string) string {
	n := int64(a)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := sign + group(strconv.FormatInt(n/100, 10), thousands)
	if ore := n % 100; ore != 0 {
		s += decimal + strconv.FormatInt(100+ore, 10)[1:]
	}
	return s
}

// Format writes h with thousands grouped by thousands and its decimal, if any, after
// decimal: Format(".", ",") is "7,5".
func (h Hours) Format(thousands, decimal string) string {
	n := int64(h)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := sign + group(strconv.FormatInt(n/10, 10), thousands)
	if t := n % 10; t != 0 {
		s += decimal + strconv.FormatInt(t, 10)
	}
	return s
}

// group inserts sep between groups of three digits, from the right.
func group(digits, sep string) string {
	var parts []string
	for len(digits) > 3 {
		parts = append([]string{digits[len(digits)-3:]}, parts...)
		digits = digits[:len(digits)-3]
	}
	return strings.Join(append([]string{digits}, parts...), sep)
}

// EstimateData is an estimate as an event records it: "amount_ore" and
// "hours_tenths". Events recorded before migration 005 have "amount" in whole
// kroner and "hours" in whole hours instead; EstimateOfEvent reads both.
func EstimateData(e Estimate) map[string]string {
	return map[string]string{"amount_ore": strconv.FormatInt(int64(e.Amount), 10), "hours_tenths": strconv.FormatInt(int64(e.Hours), 10)}
}

// EstimateOfEvent reads the amount and hours an estimate event recorded.
func EstimateOfEvent(data map[string]string) (Amount, Hours) {
	if ore, ok := data["amount_ore"]; ok {
		a, _ := strconv.ParseInt(ore, 10, 64)
		h, _ := strconv.ParseInt(data["hours_tenths"], 10, 64)
		return Amount(a), Hours(h)
	}
	kr, _ := strconv.ParseInt(data["amount"], 10, 64)
	h, _ := strconv.ParseInt(data["hours"], 10, 64)
	return Kroner(kr), WholeHours(h)
}
