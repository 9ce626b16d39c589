"""Hide media: hide a video, sound, 3D shape or image in a cover photo (`hide_page`), and reveal one
from a container (`reveal_page`); a container saved on the first page is ready to check on the second."""

from __future__ import annotations

from stegstudio.gui.tabs.hide_page import HidePage
from stegstudio.gui.tabs.reveal_page import RevealPage
from stegstudio.gui.tabs.two_page import TwoPageTab


class HideTab(TwoPageTab):
    name = "hide"
    title = "Hide media"
    page_types = (("Hide", "hide", HidePage), ("Reveal", "reveal", RevealPage))
