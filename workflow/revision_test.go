package workflow

import "testing"

func TestCheckSeen(t *testing.T) {
	w := Wish{ID: 7, Revision: 3}
	tests := []struct {
		name string
		seen []Revision
		ok   bool
	}{
		{"none given", nil, true},
		{"the stored revision", []Revision{3}, true},
		{"unknown (an old card)", []Revision{0}, true},
		{"an older revision", []Revision{2}, false},
		{"a newer revision", []Revision{4}, false},
		{"negative", []Revision{-1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkSeen(w, tt.seen)
			if (err == nil) != tt.ok {
				t.Fatalf("checkSeen(%v) = %v, want ok %v", tt.seen, err, tt.ok)
			}
			if err != nil {
				if e, _ := AsError(err); e == nil || e.Kind != Conflict || e.Msg != "err.wish.changed" {
					t.Errorf("err %v, want Conflict err.wish.changed", err)
				}
			}
		})
	}
}
