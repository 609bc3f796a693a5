package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// lineReader reads what the person types, one line per prompt.
type lineReader interface {
	ReadLine(prompt string) (string, error)
}

// openTerminal gives line editing and history on a terminal (raw mode, restored by
// the returned func), and a plain line reader otherwise, so that
// `tovholder console < demo.txt` runs a script.
func openTerminal(stdin io.Reader, stdout io.Writer) (lineReader, io.Writer, func(), error) {
	fin, okIn := stdin.(*os.File)
	fout, okOut := stdout.(*os.File)
	if !okIn || !okOut || !term.IsTerminal(int(fin.Fd())) || !term.IsTerminal(int(fout.Fd())) {
		return &plainReader{sc: bufio.NewScanner(stdin), out: stdout}, stdout, func() {}, nil
	}
	state, err := term.MakeRaw(int(fin.Fd()))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("terminal: %w", err)
	}
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{fin, fout}, "")
	if w, h, err := term.GetSize(int(fout.Fd())); err == nil && w > 0 && h > 0 {
		_ = t.SetSize(w, h)
	}
	return termReader{t}, t, func() { _ = term.Restore(int(fin.Fd()), state) }, nil
}

// termReader reads with the terminal's line editing; it keeps the history itself.
type termReader struct{ t *term.Terminal }

func (r termReader) ReadLine(prompt string) (string, error) {
	r.t.SetPrompt(prompt)
	return r.t.ReadLine()
}

// plainReader reads lines from a pipe or file and echoes them after the prompt, so
// a scripted session's transcript reads like a typed one.
type plainReader struct {
	sc  *bufio.Scanner
	out io.Writer
}

func (r *plainReader) ReadLine(prompt string) (string, error) {
	if !r.sc.Scan() {
		if err := r.sc.Err(); err != nil {
			return "", err
		}
		return "", io.EOF
	}
	line := r.sc.Text()
	fmt.Fprintln(r.out, strings.TrimRight(prompt+line, " "))
	return line, nil
}
