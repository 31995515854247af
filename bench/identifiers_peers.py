"""Adapter that runs an offline peer over texts, for bench/identifiers_eval.py.

Runs under the peers' own Python (a throwaway virtual environment, never the project's):

    /tmp/peers/bin/python bench/identifiers_peers.py PEER < {"texts": [...], "models_dir": ...}

PEER is `presidio` (Presidio's pattern recognizers only: e-mail, phone, card, IBAN; no spaCy
model), `airlock` (airlock-pii, rules alone) or `airlock-ner` (airlock-pii with its Russian NER,
whose model files are natasha's). Writes {"version": ..., "covers": [...], "spans": [[[type,
start, end], ...] per text]} with the peer's types mapped to the check-up's.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from typing import Any

Spans = list[tuple[str, int, int]]


def presidio(texts: list[str], _options: dict[str, Any]) -> tuple[str, list[str], list[Spans]]:
    import tldextract

    # offline: the e-mail recognizer checks domains against the public suffix list snapshot
    # shipped in tldextract instead of fetching the list from the network
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        PhoneRecognizer,
    )

    recognizers = [
        (EmailRecognizer(), "email"),
        (PhoneRecognizer(supported_regions=("KZ", "RU", "GB", "US", "DE")), "phone"),
        (CreditCardRecognizer(), "card"),
        (IbanRecognizer(), "iban"),
    ]
    out = []
    for text in texts:
        spans: Spans = []
        for recognizer, ours in recognizers:
            for result in recognizer.analyze(text, recognizer.supported_entities, None):
                if result.score > 0:
                    spans.append((ours, result.start, result.end))
        out.append(sorted(set(spans)))
    return version("presidio-analyzer"), ["email", "phone", "card", "iban"], out


AIRLOCK_TYPES = {
    "IIN": "iin",
    "BIN": "bin",
    "KZ_IBAN": "iban",
    "CARD": "card",
    "PHONE": "phone",
    "EMAIL": "email",
    "PERSON": "person",
}


def airlock(texts: list[str], options: dict[str, Any]) -> tuple[str, list[str], list[Spans]]:
    from airlock_pii.engine import Engine
    from airlock_pii.recognizers import default_recognizers

    if options.get("ner"):
        engine = Engine(default_recognizers(ner="ru", models_dir=options["models_dir"]))
    else:
        engine = Engine(default_recognizers())
    out = []
    for text in texts:
        out.append(
            [
                (AIRLOCK_TYPES[str(entity.type)], entity.start, entity.end)
                for entity in engine.detect(text)
                if str(entity.type) in AIRLOCK_TYPES
            ]
        )
    return version("airlock-pii"), sorted(set(AIRLOCK_TYPES.values())), out


def main() -> int:
    peer = sys.argv[1]
    request = json.load(sys.stdin)
    texts = request["texts"]
    if peer == "presidio":
        found = presidio(texts, request)
    elif peer == "airlock":
        found = airlock(texts, request)
    elif peer == "airlock-ner":
        found = airlock(texts, {**request, "ner": True})
    else:
        print(f"unknown peer {peer}", file=sys.stderr)
        return 2
    peer_version, covers, spans = found
    json.dump({"version": peer_version, "covers": covers, "spans": spans}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
