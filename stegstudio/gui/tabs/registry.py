"""The main window's tabs, in order. A new tab is a `StudioTab` subclass in its own module plus one line here."""

from __future__ import annotations

from stegstudio.gui.tabs.base import StudioTab
from stegstudio.gui.tabs.cover_tab import CoverTab
from stegstudio.gui.tabs.embed_tab import EmbedTab
from stegstudio.gui.tabs.hide_tab import HideTab

TAB_TYPES: tuple[type[StudioTab], ...] = (HideTab, CoverTab, EmbedTab)


def tab_names() -> list[str]:
    return [tab.name for tab in TAB_TYPES]
