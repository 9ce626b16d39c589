"""What the code and README claim about detectability must be what the committed benchmark measured:
the density `capacity` recommends for covert mode is one where the learned detector did no better
than against LSB matching carrying the same bits, in the same run, at the PSNR the README states."""

from __future__ import annotations

import json
from pathlib import Path

from stegstudio.core.fnns import density

RESULTS = Path(__file__).resolve().parent.parent / "benchmarks" / "results" / "detectability.json"


def _rows() -> dict[tuple[str, float], dict]:
    report = json.loads(RESULTS.read_text())
    return {(r["method"], r["bpp"]): r for r in report["rows"]}


def test_the_recommended_covert_density_was_measured_no_more_detectable_than_lsb_matching() -> None:
    rows = _rows()
    bpp = density.RECOMMENDED_COVERT_BPP
    covert, lsbm = rows[("covert", bpp)], rows[("lsbm", bpp)]
    assert covert["covers"] >= 100
    assert covert["mean"]["auc"] <= lsbm["mean"]["auc"] and covert["concat"]["auc"] <= lsbm["concat"]["auc"]
    assert covert["psnr_rgb"] >= 50


def test_fast_mode_is_reported_as_more_detectable_than_lsb_matching() -> None:
    """The README says a trained detector finds fast-mode images more easily than classical embedding of
    the same bits; every fast-mode row of the benchmark must still show it."""
    rows = _rows()
    fast = [(bpp, r) for (method, bpp), r in rows.items() if method == "fnns"]
    assert fast and all(r["mean"]["auc"] > rows[("lsbm", bpp)]["mean"]["auc"] for bpp, r in fast)


def test_the_shipped_detector_is_the_one_its_report_describes() -> None:
    from stegstudio.core.analysis.detector import shipped

    report = json.loads((RESULTS.parent / "detector.json").read_text())
    model = RESULTS.parent.parent.parent / "resources" / "models" / "detector.npz"
    det = shipped()
    assert det.flag_threshold == report["flag_threshold"] and det.info["command"] == report["command"]
    assert model.stat().st_size == report["model_bytes"]
    assert det.subspaces.shape == (report["base_learners"], report["d_sub"])
