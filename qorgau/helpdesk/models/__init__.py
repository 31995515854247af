"""Models of the help desk: one module per part (intake, files; triage and cases beside them)."""

from .cases import *  # noqa: F403
from .demographics import *  # noqa: F403
from .files import *  # noqa: F403
from .intake import *  # noqa: F403
from .triage import *  # noqa: F403
