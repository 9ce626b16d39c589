"""Embed bits: hide a text or a file in a photo with a password (`embed_page`), and extract it again
(`extract_page`); a stego image saved on the first page is ready to check on the second."""

from __future__ import annotations

from stegstudio.gui.tabs.embed_page import EmbedPage
from stegstudio.gui.tabs.extract_page import ExtractPage
from stegstudio.gui.tabs.two_page import TwoPageTab


class EmbedTab(TwoPageTab):
    name = "embed"
    title = "Embed bits"
    page_types = (("Embed", "embed", EmbedPage), ("Extract", "extract", ExtractPage))
