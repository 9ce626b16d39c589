"""StegStudio: steganography with implicit neural representations."""

__version__ = "0.1.0"
