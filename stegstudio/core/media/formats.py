"""Which file types each modality reads, by suffix: one list for guessing a secret's kind, for file
dialogs' filters and for routing dropped files. Import-light on purpose (no decoders loaded)."""

from __future__ import annotations

IMAGE_INPUT_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp")
VIDEO_INPUT_SUFFIXES = (".mp4", ".mov", ".avi", ".mkv", ".webm", ".gif", ".m4v")
AUDIO_INPUT_SUFFIXES = (".wav", ".flac", ".ogg", ".oga", ".aiff", ".aif")
MESH_INPUT_SUFFIXES = (".ply", ".obj", ".stl", ".off")
VIDEO_OUTPUT_SUFFIXES = (".gif", ".mp4")
MESH_OUTPUT_SUFFIXES = (".ply", ".obj", ".stl")
