"""Qt-free engine layer: everything here runs headless and is shared by the CLI and the GUI.

Nothing in this package may import Qt, pyqtgraph or pyvista (tests/test_architecture.py checks).
"""
