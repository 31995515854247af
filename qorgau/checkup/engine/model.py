"""What the check-up reports: findings with exact character spans, and the report around them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("low", "medium", "high")

# type → category
TYPES: dict[str, str] = {
    "person": "personal_data",
    "iin": "personal_data",
    "bin": "personal_data",
    "iban": "personal_data",
    "card": "personal_data",
    "phone": "personal_data",
    "email": "personal_data",
    "id_document": "personal_data",
    "address": "personal_data",
    "vehicle_plate": "personal_data",
    "birth_date": "personal_data",
    "health": "personal_data",
    "minor": "personal_data",
    "accusation": "defamation",
    "insult": "defamation",
    "unverified_alarm": "false_information",
    "group_hostility": "incitement",
    "call_to_violence": "incitement",
    "extremism": "extremism",
    "suicide": "suicide",
    "restricted_info": "restricted_information",
    "long_quotation": "copyright",
    "undisclosed_ai": "ai",
    "ai_residue": "ai",
}


@dataclass(frozen=True)
class Finding:
    """One risk: where it is (start/end are character offsets into the checked string), what it
    is, how serious, and what to do, in the interface language."""

    type: str
    start: int
    end: int
    text: str
    severity: str
    message: str
    recommendation: str
    citations: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def category(self) -> str:
        return TYPES[self.type]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["category"] = self.category
        data["citations"] = list(self.citations)
        return data


@dataclass
class Report:
    languages: list[str]
    word_count: int
    findings: list[Finding]
    risk: str  # "none" | "low" | "medium" | "high"
    redacted: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "languages": self.languages,
            "word_count": self.word_count,
            "risk": self.risk,
            "findings": [finding.as_dict() for finding in self.findings],
            "redacted": self.redacted,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """The report back from `as_dict()` (a saved check)."""
        keys = ("type", "start", "end", "text", "severity", "message", "recommendation")
        findings = [
            Finding(
                **{key: item[key] for key in keys},
                citations=tuple(item.get("citations", ())),
                details=dict(item.get("details", {})),
            )
            for item in data.get("findings", [])
        ]
        return cls(
            languages=list(data.get("languages", [])),
            word_count=int(data.get("word_count", 0)),
            findings=findings,
            risk=str(data.get("risk", "none")),
            redacted=data.get("redacted"),
        )


class InputTooLarge(ValueError):  # noqa: N818 - reads as the condition it reports
    """The text is over the size limit; nothing was analysed."""
