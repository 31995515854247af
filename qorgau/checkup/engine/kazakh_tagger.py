"""The Kazakh name tagger: an averaged perceptron over word features, greedy BIO decoding.
Trained by bench/train_kk_ner.py on KazNERD (ISSAI, CC BY 4.0); weights in data/kk_ner.json.gz."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from qorgau.checkup.engine.name_words import (
    _SENTENCE_END,
    _TITLE_RE,
    _WEAK_RE,
    COMMON_CAPITALISED,
    MONTHS_AND_DAYS,
    PLACE_OR_ORG_HEADS,
    has_surname_shape,
    is_given_name,
    is_place,
    stems,
)


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if not word[:1].isalpha():
        return "p"
    if word.isupper():
        return "X" if len(word) == 1 else "XX"
    return "Xx" if word[:1].isupper() else "x"


def kk_token_features(words: Sequence[str]) -> list[list[str]]:
    """Features of each word that do not depend on predicted tags (shared with training)."""
    lowered = [w.lower() for w in words]
    shapes = [_shape(w) for w in words]
    features = []
    for i, word in enumerate(words):
        low = lowered[i]
        prev = lowered[i - 1] if i else "<s>"
        nxt = lowered[i + 1] if i + 1 < len(words) else "</s>"
        prev_shape = shapes[i - 1] if i else "<s>"
        next_shape = shapes[i + 1] if i + 1 < len(words) else "</s>"
        first = i == 0 or prev in _SENTENCE_END or prev in {"«", "—", '"'}
        feats = [
            "b",
            "w=" + low,
            "s1=" + low[-1:],
            "s2=" + low[-2:],
            "s3=" + low[-3:],
            "s4=" + low[-4:],
            "p2=" + low[:2],
            "p3=" + low[:3],
            "sh=" + shapes[i],
            "shf=" + shapes[i] + str(first),
            "pw=" + prev,
            "nw=" + nxt,
            "ps=" + prev_shape,
            "ns=" + next_shape,
            "sh3=" + prev_shape + shapes[i] + next_shape,
            "ns3=" + nxt[-3:],
            "ps3=" + prev[-3:],
        ]
        if shapes[i] == "Xx":
            feats.append("given=" + str(is_given_name(word)))
            feats.append("surname=" + str(has_surname_shape(word)))
            feats.append("place=" + str(is_place(word)))
            found = stems(low)
            feats.append("stem=" + found[-1])
            feats.append("end=" + low[len(found[-1]) :])
            feats.append("common=" + str(any(x in COMMON_CAPITALISED for x in stems(word))))
            feats.append("head=" + str(nxt in PLACE_OR_ORG_HEADS))
            if i + 1 < len(words) and shapes[i + 1] == "Xx":
                feats.append("ngiven=" + str(is_given_name(words[i + 1])))
                feats.append("nsurname=" + str(has_surname_shape(words[i + 1])))
        if _TITLE_RE["kk"].match(prev) or _WEAK_RE["kk"].match(prev):
            feats.append("ptitle")
        if low in MONTHS_AND_DAYS:
            feats.append("month")
        features.append(feats)
    return features


class KazakhTagger:
    """Greedy left-to-right BIO tagging with an averaged perceptron's weights."""

    def __init__(self, tags: Sequence[str], weights: dict[str, list[float]]) -> None:
        self.tags = list(tags)
        self.weights = weights

    def scores(self, features: Iterable[str]) -> list[float]:
        totals = [0.0] * len(self.tags)
        for feature in features:
            row = self.weights.get(feature)
            if row is not None:
                for k, value in enumerate(row):
                    totals[k] += value
        return totals

    def tag(self, words: Sequence[str]) -> list[str]:
        predicted: list[str] = []
        for i, feats in enumerate(kk_token_features(words)):
            prev = predicted[i - 1] if i else "<s>"
            prev2 = predicted[i - 2] if i > 1 else "<s>"
            dynamic = ["pt=" + prev, "pt2=" + prev2 + prev, "ptw=" + prev + words[i].lower()]
            totals = self.scores(feats + dynamic)
            ranked = sorted(range(len(self.tags)), key=lambda k: -totals[k])
            tag = self.tags[ranked[0]]
            if tag.startswith("I-") and prev[2:] != tag[2:]:
                tag = "B-" + tag[2:]
            predicted.append(tag)
        return predicted


def bio_spans(tags: Sequence[str], kind: str = "PERSON") -> list[tuple[int, int]]:
    """Token ranges of the entities of one kind in a BIO sequence."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and tag != "I-" + kind:
            spans.append((start, i))
            start = -1
        if tag == "B-" + kind:
            start = i
    return spans
