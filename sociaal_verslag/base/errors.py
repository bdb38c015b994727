"""The one base of every error a user can cause or meet, and how the command line ends on it.

Every such error is a :class:`ReportError`: its message is one line per problem (file, row,
column or key, and what was expected), and it says with which exit status the command ends
(1, or 2 where a command says "this is not what I work on", e.g. ``diff`` on a folder that is
not a build). The command line prints it and exits; nothing else turns errors into strings.
"""

from __future__ import annotations


class ReportError(Exception):
    """A problem the user can act on; ``str()`` is one line per problem."""

    exit_code = 1

    @property
    def lines(self) -> list[str]:
        """The message, one problem a line."""
        return str(self).splitlines() or [type(self).__name__]


class BuildError(ReportError):
    """A build cannot go on; the message says what and where to look."""


class StageError(ReportError):
    """A step of a build failed; the message says what and where to look."""
