#!/usr/bin/env python3
"""Print the README's benchmark tables from the benchmark JSON files (never typed by hand).

  python benchmarks/readme_tables.py benchmarks/results/*.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def crossmodal_table(report: dict[str, Any]) -> str:
    rows = [f"Preset `{report['preset']}`, {report['machine']['cpu_threads']} CPU threads, torch {report['torch']}.",
            "",
            "| secret | steps | seconds | cover PSNR / SSIM / APD | secret quality |",
            "|---|---|---|---|---|"]
    for r in report["modalities"] + report.get("ablation", []):
        m = r["metrics"]
        cover = f"{m['cover_psnr']:.2f} dB / {m['cover_ssim']:.3f} / {m['cover_apd']:.2f}"
        if r["modality"] == "audio":
            sec = f"SNR {m['secret_snr']:.2f} dB"
        elif r["modality"] == "shape":
            sec = f"Chamfer {m['secret_chamfer']:.4f} ({100 * m['secret_chamfer_rel']:.2f} % of the diagonal)"
        else:
            sec = f"PSNR {m['secret_psnr']:.2f} dB / SSIM {m['secret_ssim']:.3f} / APD {m['secret_apd']:.2f}"
        name = r["modality"] + ("" if r["qat"] else " (no QAT)")
        rows.append(f"| {name} | {r['steps']} | {r['seconds']:.0f} | {cover} | {sec} |")
    t = report.get("throughput")
    if t:
        rows += ["", f"Training throughput (width {t['width']}, batch {t['batch']}, {t['dtype']}): "
                 f"{t['train_gflops']} GFLOP/s, {t['ratio']:.2f} x a plain matmul of the same shape "
                 f"({t['matmul_gflops']} GFLOP/s) in the same run."]
    return "\n".join(rows)


def fnns_table(report: dict[str, Any]) -> str:
    rows = ["| cover | size | bpp | bytes | seconds | RGB PSNR | Y PSNR | SSIM | BER after rounding | exact "
            "| reference s / PSNR / BER | time ratio |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["rows"]:
        o = r["ours"]
        ref = r.get("reference")
        ref_txt = (f"{ref['seconds']:.1f} / {ref['psnr_rgb']:.2f} / {ref['bit_error_8bit']:.3f}" if ref else "-")
        ratio = f"{r['time_ratio']:.1f}x" if "time_ratio" in r else "-"
        run = f" (run {r['repeat']})" if "repeat" in r else ""
        rows.append(f"| {Path(r['cover']).stem}{run} | {r['size']} | {r['bpp']} | {o['secret_bytes']} "
                    f"| {o['seconds']:.{2 if o['seconds'] < 10 else 1}f} "
                    f"| {o['psnr_rgb']:.2f} | {o['psnr_y']:.2f} | {o['ssim']:.3f} | {o['ber_8bit']:.4f} "
                    f"| {'yes' if o['roundtrip_exact'] else 'NO'} | {ref_txt} | {ratio} |")
    jpeg = [r for r in report["rows"] if r.get("jpeg")]
    if jpeg:
        qualities = [j["quality"] for j in jpeg[0]["jpeg"]]
        rows += ["", "JPEG re-compression of each stego PNG: what extraction says (raw bit error vs the PNG's bits).",
                 "",
                 "| cover | size | bpp | " + " | ".join(f"quality {q}" for q in qualities) + " |",
                 "|---|---|---|" + "---|" * len(qualities)]
        rows += [f"| {Path(r['cover']).stem} | {r['size']} | {r['bpp']} | "
                 + " | ".join(f"{j['status']} ({j['raw_ber']:.2f})" for j in r["jpeg"]) + " |" for r in jpeg]
    return "\n".join(rows)


def gasp_table(report: dict[str, Any]) -> str:
    s, m = report["sampling"], report["model"]
    t = m["training"]
    rows = [f"Model: {m['config']['resolution']} px `{t.get('images', '?')}` crops, {t.get('steps', '?')} steps "
            f"in {t.get('seconds', 0) / 60:.0f} min on the CPU, {m['file_mb']} MB. torch {report['torch']}, "
            f"{report['machine']['threads']} threads.", "",
            "| cover size | ms per cover (median) | max ms |", "|---|---|---|"]
    rows += [f"| {r['size']}x{r['size']} | {r['median_ms']:.1f} | {r['max_ms']:.1f} |" for r in s["per_cover"]]
    rows += ["", f"Model load {s['load_s']:.2f} s; the paper: {s['paper_gpu_s_64']} s per 64x64 cover on a GPU.", "",
             "| discriminator | batch | s per training step |", "|---|---|---|"]
    rows += [f"| {r['discriminator']} | {r['batch']} | {r['seconds_per_step']:.3f} |" for r in report["training"]]
    rows += ["", "| patch SWD x1000 vs held-out crops (lower is closer) | shipped model | untrained generator "
             "| training crops | other held-out crops (floor) |", "|---|---|---|---|---|"]
    rows += [f"| {r['size']} px, {r['images']} images | {r['trained']:.0f} | {r['untrained']:.0f} "
             f"| {r['training_crops']:.0f} | {r['holdout_other_half']:.0f} |" for r in report["swd"]]
    return "\n".join(rows)


def gui_table(report: dict[str, Any]) -> str:
    launch, loop = report["launch_to_shown"], report["event_loop_latency"]
    rows = ["| measure | value | target |", "|---|---|---|",
            f"| launch to shown window, median of {len(launch['seconds'])} | {launch['median_s']:.2f} s "
            f"| <= {launch['target_s']:.0f} s |"]
    for name, value in loop.items():
        if isinstance(value, dict) and "p95_ms" in value:
            rows.append(f"| event-loop lateness, {name}, p95 / max | {value['p95_ms']:.1f} / {value['max_ms']:.0f} ms "
                        f"| p95 <= 50 ms |")
    return "\n".join(rows)


def detectability_table(report: dict[str, Any]) -> str:
    names = {"fnns": "FNNS fast", "covert": "**FNNS covert**", "lsbm": "LSB matching (conseal)",
             "hill": "HILL (conseal)", "crossmodal": "Cross-modal container (image secret, quick)"}
    rows = [f"Corpus: {report['photo_covers']} photo crops + {report['gasp_covers']} GASP covers, {report['size']} px, "
            f"photos first (a row with fewer covers used the first ones); SPAM + FLD ensemble, grouped "
            f"{report['folds']}-fold cross-validation.", "",
            "| method | bpp | covers (photos / GASP) | RGB PSNR | AUC (mean of R, G, B) | P_E | AUC photos / GASP "
            "| AUC (R, G, B joined) | s per image |",
            "|---|---|---|---|---|---|---|---|---|"]
    for r in report["rows"]:
        m, c = r["mean"], r["concat"]
        domains = " / ".join(f"{m['auc_by_domain'][d]:.2f}" if d in m["auc_by_domain"] else "-"
                             for d in ("photo", "gasp"))
        by_domain = r.get("covers_by_domain")
        covers = f"{r['covers']} ({by_domain['photo']} / {by_domain['gasp']})" if by_domain else str(r["covers"])
        bpp = "-" if r["bpp"] is None else r["bpp"]
        rows.append(f"| {names[r['method']]} | {bpp} | {covers} | {r['psnr_rgb']:.1f} | {m['auc']:.3f} "
                    f"| {m['p_e']:.3f} | {domains} | {c['auc']:.3f} | {r['seconds_per_image']:.2f} |")
    return "\n".join(rows)


def robustness_table(report: dict[str, Any]) -> str:
    channels = report["channels"]
    head = "| mode | size | trials | payload | RGB PSNR mean / min | s per embed | " + " | ".join(channels) + " |"
    rows = [f"Byte-exact extraction rate after each channel ({report['covers']} covers per size; ECC high).", "",
            head, "|" + "---|" * (6 + len(channels))]
    for r in report["rows"]:
        name = f"robust q{r['quality']}" if r["mode"] == "robust" else r["mode"]
        psnr = f"{r['psnr_rgb_mean']:.1f} / {r['psnr_rgb_min']:.1f}" if r["psnr_rgb_mean"] is not None else "-"
        rates = " | ".join(f"{r['extraction_rate'][c]:.0%}" if c in r["extraction_rate"] else "-" for c in channels)
        rows.append(f"| {name} | {r['size']} | {r['trials']} | {r['payload_bytes']} B | {psnr} "
                    f"| {r['seconds_mean']:.2f} | {rates} |")
    for item in report["largest_payload"]:
        rows.append("")
        rows.append(f"Largest payload extracting in >= {report['target_rate']:.0%} after {item['channel']} "
                    f"(robust q{item['quality']}, {item['size']} px): {item['largest_bytes']} bytes of "
                    f"{item['capacity_bytes']} capacity.")
    return "\n".join(rows)


def crossmodal_jpeg_table(report: dict[str, Any]) -> str:
    qualities = report["qualities"]
    rows = [f"Preset {report['preset']}; image secrets; the container re-encoded with Pillow's JPEG.", "",
            "| secret | training | steps | cover PSNR | secret PSNR from the PNG | "
            + " | ".join(f"from JPEG q{q}" for q in qualities) + " | seconds |",
            "|" + "---|" * (6 + len(qualities))]
    for r in report["rows"]:
        training = "ordinary" if r["robust"] is None else f"--robust {r['robust']}"
        after = " | ".join(f"{r['secret_psnr_after_jpeg'][str(q)]:.2f}" for q in qualities)
        rows.append(f"| {r['secret']} | {training} | {r['steps']} | {r['cover_psnr']:.2f} | "
                    f"{r['secret_psnr_png']:.2f} | {after} | {r['seconds']:.0f} |")
    return "\n".join(rows)


def fidelity_table(report: dict[str, Any]) -> str:
    rows = [f"Preset {report['preset']}; the bundled samples in the bundled cover.", "",
            "| secret | asked cover PSNR | reached | secret | seconds |", "|---|---|---|---|---|"]
    for r in report["rows"]:
        asked = "preset beta" if r["target"] is None else f"{r['target']:g} dB"
        unit = "SNR" if r["secret_metric"] == "secret_snr" else "PSNR"
        rows.append(f"| {r['modality']} | {asked} | {r['cover_psnr']:.2f} dB | {unit} {r['secret']:.2f} dB "
                    f"| {r['seconds']:.0f} |")
    return "\n".join(rows)


def header_table(report: dict[str, Any]) -> str:
    rows = [f"Preset {report['preset']}; the bundled samples in the bundled cover, hidden with a password; "
            "\"without\" is the same training run's container before its header was written.", "",
            "| secret | asked cover PSNR | header bits (share) | values changed | cover PSNR without / with "
            "| secret without / with | reveal: password alone / key file |", "|---|---|---|---|---|---|---|"]
    for r in report["rows"]:
        asked = "preset beta" if r["cover_psnr_target"] is None else f"{r['cover_psnr_target']:g} dB"
        unit = {"secret_snr": "SNR", "secret_psnr": "PSNR"}.get(r["secret_metric"], "Chamfer/diag")
        fmt = ".2f" if unit != "Chamfer/diag" else ".5f"
        rows.append(f"| {r['modality']} | {asked} | {r['header_bits']} ({100 * r['header_share']:.1f} %) "
                    f"| {r['values_changed']} | {r['cover_psnr_without_header']:.3f} / {r['cover_psnr']:.3f} dB "
                    f"| {unit} {r['secret_without_header']:{fmt}} / {r['secret']:{fmt}} "
                    f"| {r['password_only_reveal_seconds']:.2f} / {r['keyed_reveal_seconds']:.2f} s |")
    return "\n".join(rows)


def precision_table(report: dict[str, Any]) -> str:
    peaks = report["matmul_peak_gflops"]
    rows = [f"Preset {report['preset']}, the bundled samples, the same seed and batches for both; float32 finish: "
            f"{100 * report['float32_finish_share']:.0f} % of the steps; matrix-product peak here: "
            f"{peaks['float32']:.0f} GFLOP/s float32, {peaks['bfloat16']:.0f} GFLOP/s bfloat16.", "",
            "| secret | float32: s / secret / cover | mixed: s / secret / cover | hide speed-up | secret loss "
            "| model GFLOP/s (share of peak) float32 / mixed |", "|---|---|---|---|---|---|"]
    for r in report["rows"]:
        f, m = r["float32"], r["mixed"]
        unit = "SNR" if f["secret_metric"] == "secret_snr" else "PSNR"
        rows.append(f"| {r['modality']} | {f['seconds']:.0f} s / {unit} {f['secret']:.2f} / {f['cover_psnr']:.2f} dB "
                    f"| {m['seconds']:.0f} s / {unit} {m['secret']:.2f} / {m['cover_psnr']:.2f} dB "
                    f"| {r['speedup_hide']:.2f}x | {r['secret_loss_db']:.3f} dB "
                    f"| {f['model_gflops_per_s']:.0f} ({f['share_of_matmul_peak']:.2f}) / "
                    f"{m['model_gflops_per_s']:.0f} ({m['share_of_matmul_peak']:.2f}) |")
    for r in report.get("paper", []):
        rows.append(f"\nPaper preset, {r['steps']} steps in {r['precision']}: {r['step_ms'] / 1000:.2f} s per step, "
                    f"peak memory {r['max_rss_mib']:.0f} MiB; a full run ({r['modality']}) would take about "
                    f"{r['full_run_hours_estimate']:.1f} h on this CPU.")
    return "\n".join(rows)


def heldout_table(report: dict[str, Any]) -> str:
    rows = [f"Preset {report['preset']}, one run per clip in the bundled cover; \"tuned\" marks the clips the presets "
            "were tuned on.", "",
            "| clip | kind | tuned | steps | precision | cover PSNR | secret | seconds |",
            "|---|---|---|---|---|---|---|---|"]
    for r in report["rows"]:
        unit = "SNR" if r["secret_metric"] == "secret_snr" else "PSNR"
        rows.append(f"| {r['clip']} | {r['modality']} | {'yes' if r['tuned_on'] else 'no'} | {r['steps']} "
                    f"| {r['precision']} | {r['cover_psnr']:.2f} dB | {unit} {r['secret']:.2f} dB "
                    f"| {r['seconds']:.0f} |")
    return "\n".join(rows)


TABLES = {"crossmodal": crossmodal_table, "heldout": heldout_table, "header": header_table,
          "precision": precision_table, "fidelity": fidelity_table, "crossmodal_jpeg": crossmodal_jpeg_table,
          "gasp": gasp_table, "gui": gui_table, "detectability": detectability_table, "robustness": robustness_table}


def main(paths: list[str]) -> int:
    for path in paths:
        report = json.loads(Path(path).read_text())
        print(f"<!-- from {path} -->")
        print(TABLES.get(report.get("benchmark", ""), fnns_table)(report))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
