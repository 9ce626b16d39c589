"""`stegstudio cover train | sample`: generative covers (GASP) from the command line.

Only argument handling and printing live here; the work is `stegstudio.core.gasp`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from stegstudio.cli import batch as batch_loop
from stegstudio.cli.common import add_device_flag, add_output_flags, emit, job_context, resolve_device
from stegstudio.cli.options import int_range
from stegstudio.core import batch
from stegstudio.core.fileio import check_output_folder
from stegstudio.core.gasp import sampling, training
from stegstudio.core.gasp.checkpoint import CONFIG, is_model_folder
from stegstudio.core.gasp.config import ARCHITECTURES, DISCRIMINATORS, RESOLUTIONS
from stegstudio.core.jobs import JobContext

SEED = int_range(0, 2**63 - 1)


def register(sub: argparse._SubParsersAction) -> None:
    cover = sub.add_parser("cover", help="generate cover images (GASP): sample from a model, or train one")
    csub = cover.add_subparsers(dest="cover_command", required=True, metavar="ACTION")

    p = csub.add_parser("sample", help="sample cover images at any size from a trained generator")
    p.add_argument("--model", nargs="+", action="extend", metavar="MODEL",
                   help="model folder (default: the model shipped with StegStudio); several, or a folder of model "
                        "folders, make a batch: --out is then a folder and each model's covers go to "
                        "OUT/<model folder name>/cover-SEED.png")
    p.add_argument("--size", type=int_range(sampling.MIN_SIZE, sampling.MAX_SIZE), default=256,
                   help="cover width and height in pixels (default 256)")
    p.add_argument("--seed", type=SEED, default=0, help="first seed; the same seed always gives the same cover")
    p.add_argument("--count", type=int_range(1, sampling.MAX_COUNT), default=1,
                   help="number of covers, seeds SEED..SEED+COUNT-1 (default 1)")
    p.add_argument("--out", required=True,
                   help="a .png file for one cover, or a folder for several (cover-SEED.png inside)")
    add_output_flags(p)
    add_device_flag(p)
    p.set_defaults(run=_sample)

    p = csub.add_parser("train", help="train a cover generator on a folder of your images")
    p.add_argument("--images", required=True, type=Path, help="folder of training images (searched recursively)")
    p.add_argument("--out", required=True, type=Path, help="model folder to write (config, weights, samples)")
    p.add_argument("--resolution", type=int, default=32, choices=RESOLUTIONS, help="training resolution (32)")
    p.add_argument("--epochs", type=int_range(1, 100_000), default=10, help="passes over the images (default 10)")
    p.add_argument("--steps", type=int_range(1, 10_000_000), help="train exactly this many steps instead of --epochs")
    p.add_argument("--batch", type=int_range(1, 4096), default=64, help="images per step and process (default 64)")
    p.add_argument("--discriminator", default="conv", choices=DISCRIMINATORS,
                   help="conv (fast, grid images; default) or pointconv (the paper's, slower)")
    p.add_argument("--architecture", default="compact", choices=sorted(ARCHITECTURES),
                   help="compact (default, trains on a CPU) or reference (the paper's sizes)")
    p.add_argument("--sample-every", type=int_range(1), default=500, help="steps between sample grids (default 500)")
    p.add_argument("--checkpoint-every", type=int_range(1), default=500, help="steps between checkpoints (default 500)")
    p.add_argument("--seed", type=SEED, default=0, help="seed of the initial weights and the batch order")
    p.add_argument("--resume", action="store_true", help="continue the training checkpoint in --out")
    p.add_argument("--force", action="store_true", help="start over even if --out already holds a model")
    p.add_argument("--json", action="store_true", help="print one JSON object with the results on stdout")
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    add_device_flag(p)
    p.set_defaults(run=_train)


def _sample(args: argparse.Namespace) -> int:
    device = resolve_device(args.device)
    if args.model and batch.wants_batch(args.model, is_model_folder):
        return _sample_batch(args, device)
    ctx, bar = job_context(args)
    try:
        result, human = _sample_one(args, args.model[0] if args.model else None, Path(args.out), device, ctx)
    finally:
        bar.close()
    emit(args, result, human)
    return 0


def _sample_batch(args: argparse.Namespace, device: str) -> int:
    """The same seeds from every model, each model's covers in OUT/<model folder name>/."""
    models = batch.expand(args.model, is_model_folder, f"cover models (folders with {CONFIG})")
    out_dir = Path(args.out)
    folders = {model: out_dir / model.resolve().name for model in models}
    batch.check_plan({model: [folder] for model, folder in folders.items()})
    check_output_folder(out_dir)
    return batch_loop.run(args, models, lambda model, ctx: _sample_one(args, model, folders[model], device, ctx,
                                                                       into_folder=True))


def _sample_one(args: argparse.Namespace, model: str | Path | None, out: Path, device: str, ctx: JobContext,
                into_folder: bool = False) -> tuple[dict[str, Any], str]:
    res = sampling.sample_to_files(model, args.seed, args.count, args.size, out, force=args.force, device=device,
                                   ctx=ctx, into_folder=into_folder)
    result = {"model": str(res.model), "size": args.size, "seeds": res.seeds, "files": [str(p) for p in res.files],
              "seconds_per_cover": round(res.seconds_per_cover, 4)}
    return result, (f"wrote {len(res.files)} cover(s) of {args.size}x{args.size} px to {out} "
                    f"({1000 * res.seconds_per_cover:.0f} ms each)")


def _train(args: argparse.Namespace) -> int:
    settings = training.TrainSettings(
        images=args.images, out=args.out, resolution=args.resolution, epochs=args.epochs, steps=args.steps,
        discriminator=args.discriminator, architecture=args.architecture, batch=args.batch,
        sample_every=args.sample_every, checkpoint_every=args.checkpoint_every, resume=args.resume,
        force=args.force, seed=args.seed, device=resolve_device(args.device),
    )
    ctx, bar = job_context(args)
    try:
        res = training.train(settings, ctx)
    finally:
        bar.close()
    if res.rank != 0:  # under torchrun every process trains; rank 0 speaks for the run
        return 0
    if res.skipped:
        print(f"note: skipped {len(res.skipped)} unreadable file(s), e.g. {res.skipped[0]}", file=sys.stderr)
    result = {"out": str(res.out), "steps": res.steps, "seconds": round(res.seconds, 1), "images": res.images,
              "skipped": len(res.skipped), "last": res.last, "world_size": len(res.rank_checksums),
              "ranks_agree": res.ranks_agree}
    emit(args, result, f"trained {res.steps} steps on {res.images} images in {res.seconds / 60:.1f} min; "
                       f"model in {res.out} (sample {res.out} with 'stegstudio cover sample --model {res.out}')")
    return 0
