"""Personal identifiers: precision and recall per type on the labelled battery, side by side
with the offline peers, and person names (exact span F1) on the annotated news.

    .venv/bin/python bench/identifiers_eval.py [--peers-python /tmp/peers/bin/python]

The battery (bench/data/identifiers_battery.json) holds every identifier type in realistic
Russian, Kazakh and English sentences, and sentences with sums, years, dates and article
numbers that must stay quiet; every number in it is computed, none is real. The peers run in
their own virtual environment through bench/identifiers_peers.py, never inside the project:

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install presidio-analyzer 'airlock-pii[ner-ru]'

Presidio runs its pattern recognizers only (no spaCy model); airlock-pii runs with its rules
alone and with its Russian NER (natasha's model files, taken from the project's own natasha).
A peer is scored only on the types it covers. Without --peers-python, or when a peer is not
installed there, the table says so and shows the check-up alone.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from qorgau.checkup.engine.identifiers import find_identifiers  # noqa: E402

BATTERY = ROOT / "bench" / "data" / "identifiers_battery.json"
NER = ROOT.parent / "shared" / "data" / "ner"
PEERS = ("presidio", "airlock", "airlock-ner")
Found = list[tuple[str, int, int]]


class Tally:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def add(self, gold: set[tuple[str, int, int]], found: set[tuple[str, int, int]]) -> None:
        for type_, *_span in gold & found:
            self.tp[type_] += 1
        for type_, *_span in found - gold:
            self.fp[type_] += 1
        for type_, *_span in gold - found:
            self.fn[type_] += 1

    def precision(self, type_: str | None = None) -> float:
        tp, fp = self._sum(self.tp, type_), self._sum(self.fp, type_)
        return tp / (tp + fp) if tp + fp else float("nan")

    def recall(self, type_: str | None = None) -> float:
        tp, fn = self._sum(self.tp, type_), self._sum(self.fn, type_)
        return tp / (tp + fn) if tp + fn else float("nan")

    def f1(self, type_: str | None = None) -> float:
        p, r = self.precision(type_), self.recall(type_)
        return 2 * p * r / (p + r) if p + r else 0.0

    @staticmethod
    def _sum(counter: Counter[str], type_: str | None) -> int:
        return counter[type_] if type_ else sum(counter.values())


def battery() -> list[tuple[str, str, set[tuple[str, int, int]]]]:
    items = []
    for item in json.loads(BATTERY.read_text(encoding="utf-8")):
        text = item["text"]
        gold = set()
        for span in item["spans"]:
            start = text.index(span["text"])
            gold.add((span["type"], start, start + len(span["text"])))
        items.append((item["lang"], text, gold))
    return items


def run_peer(python: str, peer: str, texts: Sequence[str], models_dir: str) -> dict | str:
    """The peer's answer, or why there is none."""
    request = json.dumps({"texts": list(texts), "models_dir": models_dir})
    try:
        done = subprocess.run(  # noqa: S603 - our own adapter, our own arguments
            [python, str(ROOT / "bench" / "identifiers_peers.py"), peer],
            input=request,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"not run: {error}"
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"not run: {last[:120]}"
    return json.loads(done.stdout)


def peer_models_dir() -> str:
    """airlock-pii's Russian NER reads natasha's model files; link them from our natasha."""
    import natasha

    data = Path(natasha.__file__).parent / "data"
    folder = Path(tempfile.mkdtemp(prefix="qorgau-peer-models-"))
    for source in (
        data / "model" / "slovnet_ner_news_v1.tar",
        data / "emb" / "navec_news_v1_1B_250K_300d_100q.tar",
    ):
        (folder / source.name).symlink_to(source)
    return str(folder)


def ours_on_battery(items: Sequence[tuple[str, str, set[tuple[str, int, int]]]]) -> Tally:
    tally = Tally()
    for _lang, text, gold in items:
        tally.add(gold, {(m.type, m.start, m.end) for m in find_identifiers(text)})
    return tally


def peer_on_battery(
    answer: dict, items: Sequence[tuple[str, str, set[tuple[str, int, int]]]]
) -> Tally:
    covers = set(answer["covers"])
    tally = Tally()
    for (_lang, _text, gold), found in zip(items, answer["spans"], strict=True):
        tally.add(
            {g for g in gold if g[0] in covers},
            {tuple(f) for f in found if f[0] in covers and f[0] != "person"},  # type: ignore[misc]
        )
    return tally


def cell(tally: Tally | None, type_: str | None = None) -> str:
    if tally is None:
        return f"{'—':>13}"
    p, r = tally.precision(type_), tally.recall(type_)
    if p != p and r != r:  # nothing found, nothing to find
        return f"{'—':>13}"
    return f"{_num(p)} {_num(r)}".rjust(13)


def _num(value: float) -> str:
    return "  – " if value != value else f"{value:.2f}" if value < 1 else "1.00"


def names_documents() -> dict[str, list[tuple[str, list[tuple[int, int]]]]]:
    import names_eval
    import train_kk_ner

    found: dict[str, list[tuple[str, list[tuple[int, int]]]]] = {}
    if (NER / "factru-2016-dev").is_dir():
        found["ru factRuEval-2016 dev"] = names_eval.factru_documents(NER / "factru-2016-dev")
    if (NER / "kaznerd" / "IOB2_valid.txt").is_file():
        sentences = train_kk_ner.read_kaznerd(NER / "kaznerd" / "IOB2_valid.txt")
        found["kk KazNERD valid (rules only*)"] = names_eval.kaznerd_texts(sentences)
    return found


def names_f1(gold_docs: Sequence[Sequence[tuple[int, int]]], found_docs: Sequence[Found]) -> str:
    tally = Tally()
    for gold, found in zip(gold_docs, found_docs, strict=True):
        tally.add(
            {("person", *g) for g in gold},
            {("person", f[1], f[2]) for f in found if f[0] == "person"},
        )
    return f"P {tally.precision('person'):.3f} R {tally.recall('person'):.3f} F1 {tally.f1('person'):.3f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--peers-python", help="the Python of a virtual environment with the peers")
    parser.add_argument("--no-names", action="store_true", help="skip person names on the news")
    args = parser.parse_args()

    items = battery()
    started = time.perf_counter()
    ours = ours_on_battery(items)
    seconds = time.perf_counter() - started
    answers: dict[str, dict | str] = {}
    models_dir = ""
    if args.peers_python:
        models_dir = peer_models_dir()
        for peer in PEERS:
            answers[peer] = run_peer(
                args.peers_python, peer, [t for _l, t, _g in items], models_dir
            )
    else:
        answers = {peer: "not run: no --peers-python given" for peer in PEERS}
    tallies = {
        peer: peer_on_battery(a, items) if isinstance(a, dict) else None
        for peer, a in answers.items()
    }

    gold_count = Counter(g[0] for _l, _t, gold in items for g in gold)
    print(
        f"Identifier battery: {len(items)} sentences "
        f"({', '.join(f'{n} {lang}' for lang, n in sorted(Counter(i[0] for i in items).items()))}), "
        f"{sum(gold_count.values())} identifiers; check-up in {seconds * 1000:.0f} ms"
    )
    for peer, answer in answers.items():
        status = f"version {answer['version']}" if isinstance(answer, dict) else answer
        print(f"  peer {peer}: {status}")
    header = f"{'type':<14}{'gold':>5}  {'check-up P R':>13}" + "".join(
        f"  {peer + ' P R':>13}" for peer in PEERS
    )
    print(header)
    print("-" * len(header))
    for type_ in sorted(gold_count):
        row = f"{type_:<14}{gold_count[type_]:>5}  {cell(ours, type_)}"
        for peer in PEERS:
            tally = tallies[peer]
            answer = answers[peer]
            covered = tally is not None and isinstance(answer, dict) and type_ in answer["covers"]
            row += "  " + cell(tally if covered else None, type_)
        print(row)
    print(f"{'all types':<14}{sum(gold_count.values()):>5}  {cell(ours)}")
    false_alarms = sum(ours.fp.values())
    print(f"check-up false alarms: {false_alarms}; misses: {sum(ours.fn.values())}")

    if args.no_names:
        return 0
    print("\nPerson names, exact span:")
    from qorgau.checkup.engine import names
    from qorgau.checkup.engine.segment import segment

    for label, documents in names_documents().items():
        texts = [text for text, _gold in documents]
        golds = [gold for _text, gold in documents]
        kazakh = label.startswith("kk")
        original = names._kazakh_tagger
        if kazakh:  # the shipped model was trained on KazNERD: score the rules alone here
            names._kazakh_tagger = lambda: None  # type: ignore[assignment]
        try:
            ours_found: list[Found] = [
                [("person", m.start, m.end) for m in names.find_names(t, segment(t, "auto"))]
                for t in texts
            ]
        finally:
            names._kazakh_tagger = original
        line = f"  {label:<34} check-up {names_f1(golds, ours_found)}"
        print(line)
        for peer in ("airlock", "airlock-ner"):
            if not args.peers_python or not isinstance(answers.get(peer), dict):
                print(f"  {'':<34} {peer}: not run")
                continue
            answer = run_peer(args.peers_python, peer, texts, models_dir)
            if isinstance(answer, dict):
                print(f"  {'':<34} {peer} {names_f1(golds, answer['spans'])}")
            else:
                print(f"  {'':<34} {peer}: {answer}")
    print(
        "  * the shipped Kazakh model is trained on KazNERD; its cross-validated figure comes from"
        " bench/names_eval.py"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
