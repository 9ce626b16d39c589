"""The steganalysis self-check beside a result: the verdict in words, red when the trained detector
would flag the image, so nobody sends a stego image believing it undetectable."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

FLAGGED_STYLE = "color: #b3261e; font-weight: 600;"


class VerdictLabel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.show_report(None)

    def show_report(self, report: Any) -> None:
        """`report`: a core.analysis.report.AnalysisReport, the reason it could not run (a str), or None
        before there is a result."""
        if report is None:
            self.setText("Steganalysis self-check: appears with a result")
            self.setStyleSheet("color: gray;")
            return
        if isinstance(report, str):
            self.setText(f"Steganalysis self-check could not run ({report}); `stegstudio analyse` checks a saved "
                         "image")
            self.setStyleSheet(FLAGGED_STYLE)
            return
        self.setText(f"Steganalysis self-check: {report.verdict}. Detector score {report.stego_probability:.2f} "
                     "(trained on StegStudio's own bit-embedding output; see README, Detectability).")
        self.setStyleSheet(FLAGGED_STYLE if report.flagged else "")
