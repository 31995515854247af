"""Runs every detector over the segmented draft and assembles the report."""

from __future__ import annotations

import re

from qorgau.checkup.engine.identifiers import Match, find_identifiers, redaction_label
from qorgau.checkup.engine.model import SEVERITIES, Finding, Report
from qorgau.checkup.engine.names import NameMatch, find_names
from qorgau.checkup.engine.rules import find_risks, message
from qorgau.checkup.engine.segment import Paragraph, segment

UI_LANGUAGES = ("kk", "ru", "en")

# How serious each personal identifier is when published without consent.
IDENTIFIER_SEVERITY = {
    "iin": "high",
    "bin": "low",
    "iban": "high",
    "card": "high",
    "phone": "medium",
    "email": "medium",
    "id_document": "high",
    "address": "high",
    "vehicle_plate": "medium",
    "birth_date": "medium",
}
NAME_LABEL = {"kk": "[аты-жөні]", "ru": "[ФИО]", "en": "[name]"}


def check(
    text: str,
    *,
    lang: str = "auto",
    ui_lang: str = "en",
    ai_assisted: bool = False,
    redact: bool = False,
) -> Report:
    """The report on `text`. Offsets in findings index `text` itself."""
    ui = ui_lang if ui_lang in UI_LANGUAGES else "en"
    paragraphs = segment(text, lang)
    findings: list[Finding] = []

    identifiers = find_identifiers(text)
    for match in identifiers:
        findings.append(
            _finding(
                match.type,
                match.start,
                match.end,
                match.text,
                IDENTIFIER_SEVERITY[match.type],
                ui,
                dict(match.details),
            )
        )
    names = find_names(text, paragraphs)
    for name in names:
        severity = "low" if name.official else "medium"
        findings.append(
            _finding(
                "person", name.start, name.end, name.text, severity, ui, {"official": name.official}
            )
        )
    for risk in find_risks(text, paragraphs, ai_assisted=ai_assisted):
        findings.append(
            _finding(
                risk.type, risk.start, risk.end, risk.text, risk.severity, ui, dict(risk.details)
            )
        )

    findings.sort(key=lambda f: (f.start, -SEVERITIES.index(f.severity), f.end))
    languages = sorted(
        {s.lang for p in paragraphs for s in p.sentences} or {p.lang for p in paragraphs},
        key=lambda code: ["kk", "ru", "en"].index(code),
    )
    overall = max((f.severity for f in findings), key=SEVERITIES.index, default="none")
    redacted = _redact(text, identifiers, names, paragraphs) if redact else None
    return Report(
        languages=languages,
        word_count=len(re.findall(r"\w+", text)),
        findings=findings,
        risk=overall,
        redacted=redacted,
    )


def _finding(
    type_: str, start: int, end: int, text: str, severity: str, ui: str, details: dict[str, object]
) -> Finding:
    text_message, recommendation, citations = message(type_, ui)
    return Finding(
        type=type_,
        start=start,
        end=end,
        text=text,
        severity=severity,
        message=text_message,
        recommendation=recommendation,
        citations=tuple(citations),
        details=details,
    )


def _redact(
    text: str, identifiers: list[Match], names: list[NameMatch], paragraphs: list[Paragraph]
) -> str:
    """Personal data replaced with readable placeholders in the language of its paragraph."""

    def language_at(offset: int) -> str:
        for paragraph in paragraphs:
            if paragraph.start <= offset < paragraph.end:
                for sentence in paragraph.sentences:
                    if sentence.start <= offset < sentence.end:
                        return str(sentence.lang)
                return str(paragraph.lang)
        return "en"

    spans: list[tuple[int, int, str]] = [
        (m.start, m.end, redaction_label(m, language_at(m.start))) for m in identifiers
    ]
    spans += [(n.start, n.end, NAME_LABEL[language_at(n.start)]) for n in names if not n.official]
    out = []
    position = 0
    for start, end, label in sorted(spans):
        if start < position:  # overlapping spans: the first one already covers it
            continue
        out.append(text[position:start])
        out.append(label)
        position = end
    out.append(text[position:])
    return "".join(out)
