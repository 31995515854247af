"""Settings for the test suite: the real settings with QORGAU_ENV=test (fast hashing, mail kept in memory)."""

import os

os.environ["QORGAU_ENV"] = "test"

from qorgau.settings import *  # noqa: F403
