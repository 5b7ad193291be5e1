// Command tasnif tags Arabic news headlines and articles by topic (security,
// sports, weather, politics, other — or any labels you train) with TF-IDF and
// naive Bayes.
//
//	tasnif tag news.txt                    # tag with the embedded model
//	tasnif train data.jsonl -o my.tasnif   # train your own
//	tasnif eval test.jsonl -m my.tasnif    # measure it
//
// The commands are thin: they parse flags and formats and call the library
// packages (corpus, models, batch, report), which do the work.
package main

import (
	"os"

	"golang.org/x/term"
)

func main() {
	streams := &IOStreams{
		In:          os.Stdin,
		Out:         os.Stdout,
		ErrOut:      os.Stderr,
		ErrTerminal: term.IsTerminal(int(os.Stderr.Fd())),
	}
	os.Exit(run(os.Args[1:], streams))
}
