#!/usr/bin/python3
"""Tag with the pickled scikit-learn peer: unpickle, read the JSONL (title +
text), predict, write one label a line.

usage: sk_tag.py MODEL.pkl INPUT.jsonl OUTPUT.txt

Timed as a whole process by bench/compare.sh, model load included."""
import pickle
import sys

from common import full_text, records


def main():
    model, inp, out = sys.argv[1:4]
    with open(model, "rb") as f:
        pipe = pickle.load(f)
    X = [full_text(d) for d in records(inp)]
    labels = pipe.predict(X)
    with open(out, "w", encoding="utf-8") as f:
        for l in labels:
            f.write(l + "\n")


if __name__ == "__main__":
    main()
