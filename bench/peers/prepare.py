#!/usr/bin/python3
"""Untimed data preparation for bench/compare.sh; everything it writes goes
to the caller's work directory.

  prepare.py fasttext-train OUT IN.jsonl...  "__label__<label> <title text>" lines
  prepare.py fasttext-text OUT IN.jsonl      one cleaned title + text a line
  prepare.py split TRAIN TEST IN.jsonl       ~80/20 split by a hash of the story id,
                                             after dropping repeated texts
  prepare.py stats IN.jsonl...               JSON: docs, labels, title+text bytes, file bytes
"""
import hashlib
import json
import os
import sys

from common import clean_ft, full_text, records


def fasttext_train(out, paths):
    with open(out, "w", encoding="utf-8") as f:
        for p in paths:
            for d in records(p):
                f.write("__label__%s %s\n" % (d["label"].replace(" ", "_"), clean_ft(full_text(d))))


def fasttext_text(out, path):
    with open(out, "w", encoding="utf-8") as f:
        for d in records(path):
            f.write(clean_ft(full_text(d)) + "\n")


def in_train(story_id):
    """Deterministic ~80% of story ids. Salted, so that it does not follow
    whatever hash chose hespress-dev's 70% out of the original stories."""
    h = hashlib.sha256(("tasnif-bench/" + story_id).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big") % 100 < 80


def split(train, test, path):
    seen = set()
    n = {"train": 0, "test": 0, "dropped_duplicates": 0}
    with open(train, "w", encoding="utf-8") as tr, open(test, "w", encoding="utf-8") as te:
        for d in records(path):
            key = (d.get("text") or "").strip()
            if key in seen:
                n["dropped_duplicates"] += 1
                continue
            seen.add(key)
            sid = str(d.get("orig_id") or d["id"])
            rec = {"id": d["id"], "title": d.get("title") or "", "text": d.get("text") or "", "label": d["label"]}
            side = "train" if in_train(sid) else "test"
            (tr if side == "train" else te).write(json.dumps(rec, ensure_ascii=False) + "\n")
            n[side] += 1
    print(json.dumps(n))


def stats(paths):
    docs = size = 0
    labels = set()
    for p in paths:
        for d in records(p):
            docs += 1
            size += len(full_text(d).encode("utf-8"))
            labels.add(d.get("label"))
    print(json.dumps({"docs": docs, "labels": len(labels - {None}), "text_bytes": size,
                      "file_bytes": sum(os.path.getsize(p) for p in paths)}))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "fasttext-train":
        fasttext_train(args[0], args[1:])
    elif cmd == "fasttext-text":
        fasttext_text(args[0], args[1])
    elif cmd == "split":
        split(args[0], args[1], args[2])
    elif cmd == "stats":
        stats(args)
    else:
        sys.exit("prepare.py: unknown command %r" % cmd)


if __name__ == "__main__":
    main()
