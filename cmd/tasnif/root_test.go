package main

import (
	"strings"
	"testing"
)

var commands = []string{"train", "tag", "eval", "cv", "inspect", "explain"}

func TestVersion(t *testing.T) {
	r := tasnif(t, "", "--version").ok(t)
	if !strings.HasPrefix(r.out, "tasnif version ") || len(strings.TrimSpace(strings.TrimPrefix(r.out, "tasnif version "))) == 0 {
		t.Errorf("--version: %q", r.out)
	}
	old := version
	version = "v1.2.3"
	defer func() { version = old }()
	if r := tasnif(t, "", "--version").ok(t); r.out != "tasnif version v1.2.3\n" {
		t.Errorf("with -X main.version: %q", r.out)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {}} {
		r := tasnif(t, "", args...).ok(t)
		for _, c := range append(commands, "completion") {
			if !strings.Contains(r.out, "\n  "+c+" ") {
				t.Errorf("%v does not list %s:\n%s", args, c, r.out)
			}
		}
		if !strings.Contains(r.out, "Examples:") {
			t.Errorf("%v has no examples", args)
		}
	}
	for _, c := range commands {
		for _, args := range [][]string{{c, "--help"}, {"help", c}} {
			r := tasnif(t, "", args...).ok(t)
			if !strings.Contains(r.out, "Examples:\n  ") || !strings.Contains(r.out, "tasnif "+c) {
				t.Errorf("%v has no Example section:\n%s", args, r.out)
			}
			if !strings.Contains(r.out, "Usage:\n  tasnif "+c) {
				t.Errorf("%v has no usage line", args)
			}
		}
	}
}

func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{"bash": "bash completion", "zsh": "#compdef tasnif", "fish": "complete -c tasnif", "powershell": "Register-ArgumentCompleter"} {
		r := tasnif(t, "", "completion", shell).ok(t)
		if !strings.Contains(r.out, want) {
			t.Errorf("completion %s does not contain %q", shell, want)
		}
	}
	// Flag values complete.
	r := tasnif(t, "", "__complete", "tag", "--out", "").ok(t)
	for _, f := range []string{"jsonl", "csv", "tsv"} {
		if !strings.Contains(r.out, f+"\n") {
			t.Errorf("--out completion lacks %s:\n%s", f, r.out)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	r := tasnif(t, "", "frobnicate")
	r.fails(t, `unknown command "frobnicate"`)
	if r.code != 1 {
		t.Errorf("exit %d", r.code)
	}
	tasnif(t, "", "--bogus").fails(t, "unknown flag")
	tasnif(t, "", "tag", "--bogus").fails(t, "unknown flag: --bogus")
}
