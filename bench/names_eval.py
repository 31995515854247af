"""Person-name detection: precision, recall and F1 (exact span and overlap), and speed.

    .venv/bin/python bench/names_eval.py [--data ../shared/data/ner] [--folds 5]

Russian: factRuEval-2016 dev (gold span: first to last character of a Person object's spans).
Kazakh: KazNERD, the rules alone on every sentence, and the perceptron cross-validated: trained
by bench/train_kk_ner.py's code on four fifths of the sentence blocks, tested on the fifth. The
shipped model is trained on all of it, so scoring it on KazNERD would be scoring its homework.
Runs on one core (affinity and BLAS threads pinned) so words/s is a single-core figure.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import train_kk_ner  # noqa: E402

from qorgau.checkup.engine import names  # noqa: E402
from qorgau.checkup.engine.segment import segment  # noqa: E402

Span = tuple[int, int]


@dataclass
class Score:
    found: int = 0
    gold: int = 0
    exact: int = 0
    found_overlapping: int = 0
    gold_overlapped: int = 0
    words: int = 0
    seconds: float = 0.0

    def add(self, gold: Sequence[Span], found: Sequence[Span]) -> None:
        self.gold += len(gold)
        self.found += len(found)
        self.exact += len(set(gold) & set(found))
        self.found_overlapping += sum(any(_overlap(f, g) for g in gold) for f in found)
        self.gold_overlapped += sum(any(_overlap(f, g) for f in found) for g in gold)

    def line(self, label: str) -> str:
        ep, er = _ratio(self.exact, self.found), _ratio(self.exact, self.gold)
        op, orc = (
            _ratio(self.found_overlapping, self.found),
            _ratio(self.gold_overlapped, self.gold),
        )
        speed = f"  {self.words / self.seconds:,.0f} words/s" if self.seconds else ""
        return (
            f"{label:<34} gold {self.gold:>5}  exact P {ep:.3f} R {er:.3f} F1 {_f1(ep, er):.3f}"
            f"  overlap P {op:.3f} R {orc:.3f} F1 {_f1(op, orc):.3f}{speed}"
        )


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def detect(text: str, lang: str = "auto") -> list[Span]:
    return [(m.start, m.end) for m in names.find_names(text, segment(text, lang))]


def factru_documents(folder: Path) -> list[tuple[str, list[Span]]]:
    documents = []
    for text_path in sorted(folder.glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        spans: dict[str, Span] = {}
        for line in text_path.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) >= 4:
                start, length = int(fields[2]), int(fields[3])
                spans[fields[0]] = (start, start + length)
        gold = set()
        for line in text_path.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            fields = line.split("#")[0].split()
            if len(fields) >= 3 and fields[1] == "Person":
                parts = [spans[key] for key in fields[2:] if key in spans]
                if parts:
                    gold.add((min(p[0] for p in parts), max(p[1] for p in parts)))
        documents.append((text, sorted(gold)))
    return documents


def kaznerd_texts(
    sentences: Sequence[train_kk_ner.Sentence], per_paragraph: int = 10
) -> list[tuple[str, list[Span]]]:
    """Paragraphs of sentences rebuilt with single spaces, with the gold person spans."""
    texts = []
    for begin in range(0, len(sentences), per_paragraph):
        text = ""
        gold: list[Span] = []
        for sentence in sentences[begin : begin + per_paragraph]:
            offsets = []
            for word, _ in sentence:
                text += (" " if text else "") + word
                offsets.append((len(text) - len(word), len(text)))
            tags = [train_kk_ner.simplify(tag) for _, tag in sentence]
            gold += [(offsets[a][0], offsets[b - 1][1]) for a, b in names.bio_spans(tags)]
        texts.append((text, gold))
    return texts


def run(score: Score, documents: Sequence[tuple[str, list[Span]]], lang: str = "auto") -> Score:
    for text, gold in documents:
        started = time.perf_counter()
        found = detect(text, lang)
        score.seconds += time.perf_counter() - started
        score.words += len(text.split())
        score.add(gold, found)
    return score


def with_tagger(tagger: names.KazakhTagger | None, job: Callable[[], Score]) -> Score:
    original = names._kazakh_tagger
    names._kazakh_tagger = lambda: tagger  # type: ignore[assignment]
    try:
        return job()
    finally:
        names._kazakh_tagger = original


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    factru = args.data / "factru-2016-dev"
    if factru.exists():
        documents = factru_documents(factru)
        detect(documents[0][0])  # load natasha before timing
        print(run(Score(), documents).line("ru factRuEval-2016 dev"))

    kaznerd = args.data / "kaznerd" / "IOB2_valid.txt"
    if kaznerd.exists():
        sentences = train_kk_ner.read_kaznerd(kaznerd)
        everything = kaznerd_texts(sentences)
        print(with_tagger(None, lambda: run(Score(), everything)).line("kk KazNERD, rules only"))
        folds = Score()
        for fold in range(args.folds):
            held = [(i // train_kk_ner.BLOCK) % args.folds == fold for i in range(len(sentences))]
            train = [s for s, out in zip(sentences, held, strict=True) if not out]
            test = kaznerd_texts([s for s, out in zip(sentences, held, strict=True) if out])
            tagger = train_kk_ner.train(train, args.epochs)
            with_tagger(tagger, lambda test=test: run(folds, test))  # type: ignore[misc]
        print(folds.line(f"kk KazNERD, model {args.folds}-fold CV"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
