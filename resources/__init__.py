"""Bundled data (sample secrets and covers) shipped inside the package as `stegstudio.resources`.

Files are found with `importlib.resources`, so they resolve wherever StegStudio is installed or
frozen; see `stegstudio.core.samples`.
"""
