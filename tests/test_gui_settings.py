"""Page settings: saved and restored through the one binding table, and read from the keys older versions wrote."""

import pytest
from PySide6.QtWidgets import QDial

from stegstudio.gui import settings
from stegstudio.gui.main_window import MainWindow
from stegstudio.gui.settings_binding import restore_table, save_table

pytestmark = pytest.mark.usefixtures("gui_settings_dir")

# What a window saved before the pages were split: the keys and the text QSettings writes for them.
EARLIER_SETTINGS = {
    "hide/preset": "tiny", "hide/steps": "40", "hide/qat": "false", "hide/device": "cuda", "hide/mode": "1",
    "embed/bpp": "3", "embed/ecc": "high", "embed/device": "cuda", "embed/mode": "1",
    "cover/seed": "12", "cover/size": "128", "cover/resolution": "64", "cover/discriminator": "pointconv",
    "cover/steps": "77", "cover/train_device": "cuda", "cover/model": "", "cover/mode": "1",
}


def test_settings_written_before_the_split_are_restored(qtbot):
    store = settings.store()
    for key, value in EARLIER_SETTINGS.items():
        store.setValue(key, value)
    store.sync()
    window = MainWindow()
    qtbot.addWidget(window)
    hide, embed, cover = window.tab("hide"), window.tab("embed"), window.tab("cover")
    assert hide.hide.preset_box.currentData() == "tiny" and hide.hide.steps_box.value() == 40
    assert not hide.hide.qat_box.isChecked() and hide.hide.device_box.currentText() == "cuda"
    assert embed.embed.bpp_box.value() == 3 and embed.embed.ecc_box.currentData() == "high"
    assert embed.embed.device_box.currentText() == "cuda"
    assert cover.sample.seed_box.value() == 12 and cover.sample.size == 128
    assert cover.train.resolution_box.currentData() == 64 and cover.train.steps_box.value() == 77
    assert cover.train.discriminator_box.currentData() == "pointconv"
    assert cover.train.device_box.currentText() == "cuda"
    assert cover.sample.model_picker.path() is None  # an empty folder keeps the shipped model
    assert [tab.modes.currentIndex() for tab in (hide, embed, cover)] == [1, 1, 1]


def test_save_then_restore_round_trips_and_unknown_values_keep_the_default(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    page = window.tab("embed").embed
    page.size_box.setCurrentIndex(0)  # "as is": an item without data is kept by its text
    page.bpp_box.setValue(2)
    store = settings.store()
    save_table(store, page.settings)
    assert store.value("embed/size") == "as is" and float(store.value("embed/bpp")) == 2
    page.size_box.setCurrentIndex(3)
    page.bpp_box.setValue(1)
    restore_table(store, page.settings)
    assert page.size_box.currentIndex() == 0 and page.bpp_box.value() == 2
    page.mode_box.setCurrentIndex(page.mode_box.findData("covert"))
    page.bpp_box.setValue(0.35)
    save_table(store, page.settings)
    page.mode_box.setCurrentIndex(page.mode_box.findData("fast"))
    page.bpp_box.setValue(3)
    restore_table(store, page.settings)
    assert (page.mode, page.bpp_box.value(), page.bpp_box.maximum()) == ("covert", 0.35, 1)
    page.mode_box.setCurrentIndex(page.mode_box.findData("robust"))
    page.quality_box.setCurrentIndex(page.quality_box.findData(60))
    save_table(store, page.settings)
    page.mode_box.setCurrentIndex(page.mode_box.findData("fast"))
    page.quality_box.setCurrentIndex(page.quality_box.findData(90))
    restore_table(store, page.settings)
    assert (page.mode, page.quality_box.currentData()) == ("robust", 60)
    assert page.quality_box.isEnabled() and not page.bpp_box.isEnabled()
    store.setValue("embed/ecc", "no such level")
    restore_table(store, page.settings)
    assert page.ecc_box.currentData() == "medium"
    hide = window.tab("hide").hide
    hide.fidelity.enabled_box.setChecked(True)
    hide.fidelity.slider.setValue(65)
    save_table(store, hide.settings)
    hide.fidelity.enabled_box.setChecked(False)
    hide.fidelity.slider.setValue(50)
    restore_table(store, hide.settings)
    assert hide.fidelity.value() == 32.5 and not hide.beta_box.isEnabled()
    with pytest.raises(TypeError, match="no settings binding for QDial"):
        save_table(store, {"x/dial": QDial()})
