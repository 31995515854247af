"""Train the Kazakh person-name tagger shipped as qorgau/checkup/engine/data/kk_ner.json.gz.

An averaged perceptron over BIO tags (greedy, left to right), with the features of
names.kk_token_features, trained on KazNERD (ISSAI, Nazarbayev University, CC BY 4.0):

    .venv/bin/python bench/train_kk_ner.py [--data ../shared/data/ner/kaznerd] [--held-out]

The shipped model is trained on every sentence. --held-out instead trains on four of every five
blocks of 100 sentences and scores the fifth (token spans, exact), writing nothing unless
--output is given; bench/names_eval.py cross-validates the whole pipeline the same way.
Pure Python, well under a minute on one core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qorgau.checkup.engine.names import (  # noqa: E402
    MODEL_PATH,
    KazakhTagger,
    bio_spans,
    kk_token_features,
)

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ner" / "kaznerd"
BLOCK = 100
HELD_OUT_EVERY = 5
KEPT = ("PERSON",)  # other KazNERD classes are tagged O

Sentence = list[tuple[str, str]]


def read_kaznerd(path: Path) -> list[Sentence]:
    """Sentences of (word, tag) from a KazNERD IOB2 file."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        word, tag = line.rsplit(" ", 1)
        current.append((word, tag))
    if current:
        sentences.append(current)
    return sentences


def is_held_out(index: int) -> bool:
    return (index // BLOCK) % HELD_OUT_EVERY == HELD_OUT_EVERY - 1


def split(sentences: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    train = [s for i, s in enumerate(sentences) if not is_held_out(i)]
    test = [s for i, s in enumerate(sentences) if is_held_out(i)]
    return train, test


def simplify(tag: str) -> str:
    return tag if tag[2:] in KEPT else "O"


class AveragedPerceptron:
    def __init__(self, tags: Sequence[str]) -> None:
        self.tags = list(tags)
        self.index = {tag: k for k, tag in enumerate(self.tags)}
        self.weights: dict[str, list[float]] = {}
        self.totals: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(self.tags))
        self.stamps: dict[str, list[int]] = defaultdict(lambda: [0] * len(self.tags))
        self.clock = 0

    def predict(self, features: Sequence[str]) -> str:
        totals = [0.0] * len(self.tags)
        for feature in features:
            row = self.weights.get(feature)
            if row is not None:
                for k, value in enumerate(row):
                    totals[k] += value
        return self.tags[max(range(len(self.tags)), key=lambda k: (totals[k], -k))]

    def update(self, truth: str, guess: str, features: Sequence[str]) -> None:
        self.clock += 1
        if truth == guess:
            return
        for feature in features:
            row = self.weights.setdefault(feature, [0.0] * len(self.tags))
            for tag, delta in ((truth, 1.0), (guess, -1.0)):
                k = self.index[tag]
                self.totals[feature][k] += (self.clock - self.stamps[feature][k]) * row[k]
                self.stamps[feature][k] = self.clock
                row[k] += delta

    def averaged(self, precision: int = 3, threshold: float = 0.002) -> dict[str, list[float]]:
        result = {}
        for feature, row in self.weights.items():
            averaged = []
            for k, value in enumerate(row):
                total = self.totals[feature][k] + (self.clock - self.stamps[feature][k]) * value
                averaged.append(round(total / self.clock, precision))
            if max(abs(value) for value in averaged) >= threshold:
                result[feature] = averaged
        return result


def dynamic(predicted: Sequence[str], words: Sequence[str], i: int) -> list[str]:
    prev = predicted[i - 1] if i else "<s>"
    prev2 = predicted[i - 2] if i > 1 else "<s>"
    return ["pt=" + prev, "pt2=" + prev2 + prev, "ptw=" + prev + words[i].lower()]


def train(sentences: Sequence[Sentence], epochs: int, seed: int = 7) -> KazakhTagger:
    tags = ["O", *(f"{p}-{kind}" for kind in KEPT for p in "BI")]
    model = AveragedPerceptron(tags)
    prepared = []
    for sentence in sentences:
        words = [word for word, _ in sentence]
        prepared.append((words, [simplify(t) for _, t in sentence], kk_token_features(words)))
    rng = random.Random(seed)  # noqa: S311 (a reproducible shuffle, not a secret)
    for epoch in range(epochs):
        rng.shuffle(prepared)
        errors = 0
        for words, gold, features in prepared:
            predicted: list[str] = []
            for i, feats in enumerate(features):
                full = feats + dynamic(predicted, words, i)
                guess = model.predict(full)
                model.update(gold[i], guess, full)
                errors += guess != gold[i]
                predicted.append(guess)
        print(f"epoch {epoch + 1}: {errors} token errors", file=sys.stderr)
    return KazakhTagger(tags, model.averaged())


def evaluate(tagger: KazakhTagger, sentences: Sequence[Sentence]) -> tuple[float, float, float]:
    found = gold = right = 0
    for sentence in sentences:
        words = [word for word, _ in sentence]
        truth = set(bio_spans([simplify(t) for _, t in sentence]))
        guess = set(bio_spans(tagger.tag(words)))
        found, gold, right = found + len(guess), gold + len(truth), right + len(truth & guess)
    precision = right / found if found else 0.0
    recall = right / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--held-out", action="store_true", help="train on 4/5, score the rest")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    sentences = read_kaznerd(args.data / "IOB2_valid.txt")
    train_part, test_part = split(sentences)
    started = time.perf_counter()
    tagger = train(train_part if args.held_out else sentences, args.epochs)
    print(f"trained in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.held_out:
        precision, recall, f1 = evaluate(tagger, test_part)
        print(f"held out, {len(test_part)} sentences: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
    output = args.output or (None if args.held_out else MODEL_PATH)
    if output is None:
        return 0
    payload = {
        "about": "Kazakh person names: averaged perceptron over BIO tags, trained by "
        "bench/train_kk_ner.py on KazNERD (ISSAI, Nazarbayev University, CC BY 4.0)",
        "trained_on": "held-out split" if args.held_out else "all of IOB2_valid.txt",
        "tags": tagger.tags,
        "weights": tagger.weights,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(output, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    print(f"{output}: {output.stat().st_size / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
