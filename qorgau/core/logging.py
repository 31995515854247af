"""A log filter that keeps client addresses and user agents out of every log line."""

import logging
import re

_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_HEX = r"[0-9a-fA-F]{1,4}"
# Full form (eight groups) or compressed form (with "::"); clock times like 10:30:15 do not match.
_IPV6 = re.compile(
    rf"(?<![\w:])(?:(?:{_HEX}:){{7}}{_HEX}|(?:{_HEX}:)*{_HEX}?::(?:{_HEX}:)*{_HEX}?)(?![\w:])"
)


def scrub(text: str) -> str:
    return _IPV6.sub("[address removed]", _IPV4.sub("[address removed]", text))


class NoClientDetails(logging.Filter):
    """Drops the request object Django attaches to records (it carries REMOTE_ADDR and the user
    agent) and blanks anything that looks like an IP address in the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        record.msg = scrub(record.getMessage())
        record.args = ()
        return True
