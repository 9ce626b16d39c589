#!/usr/bin/env python3
"""What carrying the key inside a password container costs: header size, cover and secret quality with and
without it, and the time a password-only reveal takes beside a keyed one.

    python benchmarks/header_bench.py                        # quick preset, every modality + the dial at 30 dB
    python benchmarks/header_bench.py --modalities image --no-dial

Each row hides a bundled sample in the bundled cover with a password. The container is measured twice
from the same training run: as trained (what a key-file-only container would be) and with the header
written in it (what hide saves); both are rendered with the same key, so the difference is the header's
alone. The dial rows ask `cover_psnr` 30 and check it is still met with the header in place.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import record  # a sibling script's helper (a script's own folder is on sys.path)

from stegstudio.core import metrics
from stegstudio.core.crossmodal import engine, files, header, secrets
from stegstudio.core.keys import Key
from stegstudio.core.samples import sample_path

MODALITIES = ("image", "video", "audio", "shape")
SECRET_METRIC = {"image": "secret_psnr", "video": "secret_psnr", "audio": "secret_snr",
                 "shape": "secret_chamfer_rel"}
PASSWORD = "benchmark pass phrase"
DIAL_DB = 30.0


def _run(modality: str, preset: str, target: float | None) -> dict:
    settings = engine.HideSettings(preset=preset, modality=modality, password=PASSWORD, cover_psnr=target)
    inputs = files.load_hide_inputs(sample_path(modality), sample_path("cover"), settings)
    trained: list[np.ndarray] = []
    write = header.write

    def recording_write(container: np.ndarray, place: header.Place, key: Key, seed: bytes) -> np.ndarray:
        trained.append(container.copy())
        return write(container, place, key, seed)

    header.write = recording_write
    try:
        t0 = time.perf_counter()
        result = engine.hide(inputs.secret, inputs.cover, settings)
        seconds = time.perf_counter() - t0
    finally:
        header.write = write
    without = trained[0]
    seed = result.key.seed(PASSWORD)
    metric = SECRET_METRIC[modality]
    plain = inputs.secret.compare(secrets.render(engine._network(without, result.key, seed, "cpu"),
                                                 result.key.params["secret"], "cpu"))
    t0 = time.perf_counter()
    key, alone = engine.reveal_with_password(result.container, PASSWORD, strict=True)
    alone_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    keyed = engine.reveal_checked(result.container, result.key, PASSWORD, strict=True)
    keyed_s = time.perf_counter() - t0
    same = (np.array_equal(alone.revealed, keyed.revealed) if modality != "shape"
            else np.array_equal(alone.revealed.vertices, keyed.revealed.vertices))
    return {
        "modality": modality, "cover_psnr_target": target, "hide_seconds": round(seconds, 1),
        "header_bits": result.key.header_bits, "container_values": int(result.container.size),
        "header_share": round(result.key.header_bits / result.container.size, 4),
        "values_changed": int(np.count_nonzero(result.container != without)),
        "cover_psnr_without_header": round(metrics.psnr(inputs.cover, without), 3),
        "cover_psnr": round(result.metrics["cover_psnr"], 3),
        "secret_metric": metric, "secret_without_header": round(plain[metric], 6),
        "secret": round(result.metrics[metric], 6),
        "password_only_reveal_seconds": round(alone_s, 2), "keyed_reveal_seconds": round(keyed_s, 2),
        "reveals_identical": bool(same), "intact": bool(alone.container_intact and keyed.container_intact),
        "key_from_header_equals_key_file": key.to_json() == result.key.to_json(),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="quick")
    p.add_argument("--modalities", nargs="+", default=list(MODALITIES), choices=MODALITIES)
    p.add_argument("--no-dial", action="store_true", help="skip the rows at --cover-psnr 30")
    p.add_argument("--out", type=Path, default=Path("benchmarks/results/header.json"))
    args = p.parse_args(argv)
    rows = []
    for target in [None] if args.no_dial else [None, DIAL_DB]:
        for modality in args.modalities:
            if target is not None and modality == "shape":
                continue  # the dial is measured on the modalities the fidelity benchmark draws
            rows.append(_run(modality, args.preset, target))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    report = {"benchmark": "header", "format": "ch1", "preset": args.preset, "rows": rows,
              "machine": record.machine(),
              "command": "python benchmarks/header_bench.py " + " ".join(sys.argv[1:])}
    record.write_json(args.out, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
