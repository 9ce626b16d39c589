"""Error types that separate the user's mistakes from the program's.

`InputError` carries a message meant for the user (what is wrong and how to fix it); the CLI maps
it to exit code 2 and the GUI shows it verbatim. Anything else is a bug (exit code 1).
"""


class StegError(Exception):
    """Base class of every error StegStudio raises on purpose."""


class InputError(StegError):
    """The user's input cannot be used; the message says what is wrong and how to fix it."""


class Cancelled(StegError):
    """A job stopped because its caller asked it to; nothing was written."""
