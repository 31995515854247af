"""Check-up speed and memory: the full pipeline on real Russian and Kazakh news.

    .venv/bin/python bench/checkup_speed.py

Drafts are cut from the annotated news in ../shared/data/ner (factRuEval-2016 for Russian,
KazNERD for Kazakh). Prints words/s on one core, the time of a 1,500-word draft (median of 20),
the first call (models loading) and the peak memory of the process.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NER = ROOT.parent / "shared" / "data" / "ner"


def russian_text() -> str:
    return "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted((NER / "factru-2016-dev").glob("*.txt"))
    )


def kazakh_text() -> str:
    sentences, words = [], []
    for line in (NER / "kaznerd" / "IOB2_valid.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            words.append(line.split()[0])
        elif words:
            sentences.append(" ".join(words))
            words = []
    return " ".join(sentences)


def first_words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count])


def main() -> int:
    sys.path.insert(0, str(ROOT))
    if not NER.is_dir():
        print(f"No annotated news at {NER}: nothing to measure.")
        return 1
    from qorgau.checkup.engine import check

    start = time.perf_counter()
    check("Первый запуск загружает модели: Иван Петров.", ui_lang="ru")
    print(f"first call (loads the models): {time.perf_counter() - start:.2f} s")
    for language, text in (("ru", russian_text()), ("kk", kazakh_text())):
        words = len(text.split())
        chunk = 150_000  # characters per call, under the 200,000 limit
        start = time.process_time()
        findings = 0
        for offset in range(0, len(text), chunk):
            findings += len(check(text[offset : offset + chunk], ui_lang="ru").findings)
        seconds = time.process_time() - start
        draft = first_words(text, 1500)
        times = []
        for _ in range(20):
            t = time.perf_counter()
            check(draft, ui_lang="ru")
            times.append(time.perf_counter() - t)
        print(
            f"{language}: {words:,} words in {seconds:.2f} s CPU = {words / seconds:,.0f} words/s; "
            f"{findings} findings; 1,500-word draft: median {statistics.median(times) * 1000:.0f} ms, "
            f"max {max(times) * 1000:.0f} ms"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
