"""The desktop window (PySide6): a thin layer over stegstudio.core.

Engines run on a QThread worker through the core's job protocol; torch and the engines are imported
only inside jobs, so the window shows first.
"""
