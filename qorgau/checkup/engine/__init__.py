"""The legal check-up engine: reads a draft in Kazakh, Russian or English and reports each legal
risk with its exact span, why it matters, what to do and the provisions that apply.

Pure Python, no Django: `from qorgau.checkup.engine import check`.
"""

from qorgau.checkup.engine.check import check
from qorgau.checkup.engine.model import Finding, InputTooLarge, Report

__all__ = ["Finding", "InputTooLarge", "Report", "check"]
