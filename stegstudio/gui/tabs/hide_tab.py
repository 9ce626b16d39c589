"""Hide media: hide a video, sound, 3D shape or image in a cover photo (`hide_page`), and reveal one
from a container (`reveal_page`); a container saved on the first page is ready to check on the second."""

from __future__ import annotations

from stegstudio.gui.tabs.hide_page import HidePage
from stegstudio.gui.tabs.reveal_page import RevealPage
from stegstudio.gui.tabs.two_page import PageEntry, TwoPageTab


class HideTab(TwoPageTab):
    name = "hide"
    title = "Hide media"

    def build_pages(self) -> tuple[PageEntry, PageEntry]:
        self.hide = HidePage(self)
        self.reveal = RevealPage(self)
        self.hide.saved.connect(self.reveal.take_saved)
        return ("Hide", self.hide), ("Reveal", self.reveal)
