#!/usr/bin/python3
"""Train the scikit-learn peer as ../shared/bench/anchors.py does and pickle it:
TF-IDF (word 1-2 grams, sublinear tf, min_df 2) + MultinomialNB(alpha 0.1)
on title + text.

usage: sk_train.py MODEL.pkl TRAIN.jsonl...

Timed as a whole process by bench/compare.sh: start-up, imports, reading, fit,
pickling."""
import pickle
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline

from common import full_text, records


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    X, y = [], []
    for p in paths:
        for d in records(p):
            X.append(full_text(d))
            y.append(d["label"])
    pipe = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                         MultinomialNB(alpha=0.1))
    pipe.fit(X, y)
    # stop_words_ lists every term min_df dropped; scikit-learn documents it
    # as safe to remove before pickling, and a careful user does: it would
    # make the model several times bigger and slower to load.
    pipe.steps[0][1].stop_words_ = None
    with open(out, "wb") as f:
        pickle.dump(pipe, f, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main()
