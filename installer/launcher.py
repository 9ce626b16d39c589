"""Entry point of the frozen application: the same `stegstudio` command line, with `gui` as the default.

Double-clicking the installed launcher (no arguments) opens the window; any subcommand
(`gui --self-test`, `cover sample`, `embed`, ...) works as in a source install.
"""

import sys

from stegstudio.cli import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:] or ["gui"]))
