"""Shared by the bench/peers scripts: read tasnif-style JSONL the way
../shared/bench/anchors.py does (field title+text)."""
import json


def full_text(d):
    """title + "\\n" + text, stripped: anchors.py's --field title+text."""
    return ((d.get("title") or "") + "\n" + (d.get("text") or "")).strip()


def records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def clean_ft(t):
    """One line of fastText input (anchors.py's clean_ft)."""
    return " ".join(t.replace("\n", " ").split())
