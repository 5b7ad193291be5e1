#!/usr/bin/python3
"""Print bench/compare.sh's Markdown report from the measurements it left in
its work directory.

usage: report.py WORKDIR

WORKDIR holds info.tsv (machine and versions), results.tsv (one timed process
a line: key, wall ns, user s, system s, max RSS KB), the stats.*.json input
sizes, split.json, the models, the tasnif eval reports and anchors.json."""
import json
import os
import sys


def load_json(work, name):
    with open(os.path.join(work, name), encoding="utf-8") as f:
        return json.load(f)


def read_results(work):
    res = {}
    with open(os.path.join(work, "results.tsv"), encoding="utf-8") as f:
        for line in f:
            key, ns, user, sys_, kb = line.rstrip("\n").split("\t")
            res[key] = {"s": int(ns) / 1e9, "cpu": float(user) + float(sys_), "mb": int(kb) / 1024}
    return res


def num(x, digits=None):
    """A readable number: thousands separated, digits chosen by size."""
    if digits is None:
        digits = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2
    return "{:,.{}f}".format(x, digits)


def ratio(x, ref):
    return "%.2f×" % (x / ref) if ref else "–"


def table(head, rows, left=1):
    """A Markdown table; the first `left` columns are text, the others numbers."""
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join("---" if i < left else "---:" for i in range(len(head))) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def size_mb(path):
    return os.path.getsize(path) / 1e6 if os.path.exists(path) else 0


def main():
    work = sys.argv[1]
    r = read_results(work)
    info = []
    with open(os.path.join(work, "info.tsv"), encoding="utf-8") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            info.append((k, v))
    tr = load_json(work, "stats.train.json")
    hs = load_json(work, "stats.hes.json")
    sp = load_json(work, "split.json")
    anchors = load_json(work, "anchors.json")
    ncpu = dict(info).get("nproc", "?")
    p = print

    p("# tasnif and its peers, side by side")
    p()
    for k, v in info:
        p("- **%s**: %s" % (k, v))
    p()
    p("Every figure comes from this one run, on a shared machine: compare the ratios "
      "(× tasnif), not the absolute times. Times are wall-clock for the whole process; "
      "CPU is user + system time (above the wall time when a tool uses several threads); "
      "memory is the peak resident set size (GNU time %M).")

    # 1. Training.
    p()
    p("## Training, whole process")
    p()
    p("ant-multisource + sanad-alkhaleej concatenated: %s documents, %s labels as in the files, "
      "%.1f MB of title + text (%.1f MB of JSONL). fastText reads a prepared `__label__` file "
      "(preparing it is not timed)." % (num(tr["docs"]), tr.get("labels", "?"), tr["text_bytes"] / 1e6,
                                        tr["file_bytes"] / 1e6))
    p()
    rows = []
    t0, m0 = r["train.tasnif"]["s"], r["train.tasnif"]["mb"]
    for key, name, how, model in [
            ("train.tasnif", "tasnif", "`tasnif train` (defaults, all CPUs)", "allowed.tasnif"),
            ("train.sklearn", "scikit-learn TF-IDF + MultinomialNB", "read JSONL, fit, pickle (1 thread)", "allowed.pkl"),
            ("train.fasttext", "fastText supervised", "anchors.py settings, `-thread 2`", "allowed-ft.bin")]:
        x = r[key]
        rows.append([name, how, num(x["s"]), ratio(x["s"], t0), num(x["cpu"]), num(x["mb"], 0), ratio(x["mb"], m0),
                     num(size_mb(os.path.join(work, model)), 1)])
    p(table(["system", "run", "time s", "time × tasnif", "CPU s", "peak RSS MB", "RSS × tasnif", "model MB"], rows, 2))

    # 2. Tagging throughput.
    p()
    p("## Tagging throughput, whole process including model load")
    p()
    p("hespress-dev: %s articles, %.1f MB of title + text (%.1f MB of JSONL), tagged with the models "
      "trained above. tasnif and scikit-learn read the JSONL; fastText reads a prepared file of one "
      "text a line (not timed). MB/s counts title + text bytes." % (
          num(hs["docs"]), hs["text_bytes"] / 1e6, hs["file_bytes"] / 1e6))
    p()
    rows = []
    d0 = hs["docs"] / r["tag.tasnif"]["s"]
    m0 = r["tag.tasnif"]["mb"]
    for key, name, how in [
            ("tag.tasnif", "tasnif", "`tasnif tag -k 1` on JSONL, %s workers" % ncpu),
            ("tag.sklearn", "scikit-learn TF-IDF + MultinomialNB", "unpickle, read JSONL, predict (1 thread)"),
            ("tag.fasttext", "fastText", "`fasttext predict` on text lines (1 thread)"),
            ("tag.tasnif-default", "tasnif, embedded 5-topic model (extra)", "`tasnif tag -k 1` without -m")]:
        x = r[key]
        dps = hs["docs"] / x["s"]
        rows.append([name, how, num(x["s"]), num(dps, 0), num(hs["text_bytes"] / 1e6 / x["s"], 1),
                     ratio(dps, d0), num(x["cpu"]), num(x["mb"], 0), ratio(x["mb"], m0)])
    p(table(["system", "run", "time s", "docs/s", "MB/s", "speed × tasnif", "CPU s", "peak RSS MB", "RSS × tasnif"], rows, 2))

    # 3. Accuracy.
    p()
    p("## Accuracy on held-out hespress-dev stories")
    p()
    p("hespress-dev with repeated texts dropped (%d), split ~80/20 by a hash of the story id: "
      "%s training and %s test stories, six original topics, title + text. tasnif: `tasnif train` "
      "then `tasnif eval --json`; the peers: ../shared/bench/anchors.py, unchanged." % (
          sp["dropped_duplicates"], num(sp["train"]), num(sp["test"])))
    p()
    rows = []
    ref = None
    for key, name in [("tasnif", "tasnif (defaults)"), ("tasnif-e10", "tasnif `--epochs 10` (extra)")]:
        ev = load_json(work, "eval.%s.json" % key)["evaluation"]
        t = r["acc.%s.train" % key]["s"]
        ref = ref if ref is not None else ev["accuracy"]
        rows.append([name, "%.3f" % ev["accuracy"], "%+.3f" % (ev["accuracy"] - ref), "%.3f" % ev["macro"]["f1"],
                     num(t) + " (whole process)"])
    names = {"sk_tfidf_mnb": "scikit-learn TF-IDF + MultinomialNB (α 0.1)",
             "sk_tfidf_cnb": "scikit-learn TF-IDF + ComplementNB (α 0.3)",
             "sk_tfidf_linsvc": "scikit-learn TF-IDF + LinearSVC (C 0.5)",
             "fasttext": "fastText supervised"}
    for key, name in names.items():
        s = anchors["systems"].get(key)
        if s is None:
            continue
        rows.append([name, "%.3f" % s["accuracy"], "%+.3f" % (s["accuracy"] - ref), "%.3f" % s["macro_f1"],
                     num(s["train_s"]) + (" (process)" if key == "fasttext" else " (fit only)")])
    p(table(["system", "accuracy", "Δ vs tasnif", "macro-F1", "train s"], rows))
    if anchors.get("test_docs") != sp["test"] or anchors.get("train_docs") != sp["train"]:
        p()
        p("**Warning**: anchors.py read %s/%s documents, the split has %s/%s." % (
            anchors.get("train_docs"), anchors.get("test_docs"), sp["train"], sp["test"]))

    # 4. Scaling.
    p()
    p("## Scaling: `tasnif tag` on repeated input")
    p()
    p("hespress-dev concatenated with itself, the model trained on ant-multisource + sanad-alkhaleej, "
      "`-k 1`. \"1 document\" is the start-up cost (mostly loading the model).")
    p()
    rows = []
    base, s0 = r["scale.1x"]["s"], r["scale.1doc"]["s"]
    for key, name, times, w in [("scale.1doc", "1 document", 0, ncpu), ("scale.1x", "1×", 1, ncpu),
                                ("scale.4x", "4×", 4, ncpu), ("scale.16x", "16×", 16, ncpu),
                                ("scale.4x-w1", "4×", 4, "1"), ("scale.4x-w2", "4×", 4, "2")]:
        x = r[key]
        docs = times * hs["docs"] or 1
        mb = times * hs["text_bytes"] / 1e6
        after = num(docs / (x["s"] - s0), 0) if times and x["s"] > s0 else "–"
        rows.append([name, w, num(docs, 0), num(mb, 1), num(x["s"]), ratio(x["s"], base),
                     num(docs / x["s"], 0), after, num(mb / x["s"], 1) if times else "–", num(x["cpu"]), num(x["mb"], 0)])
    p(table(["input", "workers", "docs", "MB", "time s", "time × 1×", "docs/s", "docs/s after start-up", "MB/s",
             "CPU s", "peak RSS MB"], rows))
    p()
    s1, s16 = r["scale.1x"]["s"], r["scale.16x"]["s"]
    p("- Marginal rate from 1× to 16×: %s docs/s (15 × %s documents in %s s more); start-up ≈ %s s." % (
        num(15 * hs["docs"] / (s16 - s1), 0) if s16 > s1 else "–", num(hs["docs"]), num(s16 - s1), num(s0)))
    w1, w2 = r["scale.4x-w1"]["s"], r["scale.4x-w2"]["s"]
    p("- Speed-up from `--workers 1` to `--workers 2` on 4×: %.2f× (machine: %s CPUs)." % (w1 / w2, ncpu))
    p("- \"docs/s after start-up\" is docs / (time − the 1-document time): linear growth shows as a flat "
      "column, and a flat peak RSS shows that `tag` streams its input.")

if __name__ == "__main__":
    main()
