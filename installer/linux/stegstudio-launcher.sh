#!/bin/sh
# /usr/bin/stegstudio: the installed bundle's executable, from any working directory.
exec /opt/stegstudio/stegstudio "$@"
