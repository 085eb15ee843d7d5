"""Choices the command line offers before any content is loaded.

Kept apart from the models that use them so that declaring the commands'
options (every command, even ``--help``) does not import pydantic or YAML.
"""

PER_PAGE = (1, 2, 6)  # 6: a compact list; 3 and 4 cannot keep the 12 pt steps
TRACKERS = ("daily", "per-exercise")  # a tick a session each day, or a row an exercise
MAX_WEEKS = 12  # the most weeks a tracker covers
