"""Multi-process training on PyTorch's own engine (torch.distributed), started by `torchrun`.

Gradients are averaged with one all-reduce per model per step instead of wrapping the models in
DistributedDataParallel: the R1 penalty differentiates the discriminator's output with respect to
its input (a double backward), which DDP's reducer hooks do not support; StyleGAN2-ADA averages
gradients by hand for the same reason. Rank 0 broadcasts its initial weights, so every rank starts
equal and stays equal; `checksums` lets the run prove that at the end.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class World:
    rank: int = 0
    size: int = 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.size > 1


def join(device: str) -> World:
    """Join the process group torchrun describes in the environment; a plain run is a world of one."""
    size = int(os.environ.get("WORLD_SIZE", "1"))
    if size <= 1:
        return World()
    if not dist.is_initialized():
        backend = "nccl" if device.startswith("cuda") else "gloo"
        if backend == "nccl":
            torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
        dist.init_process_group(backend)
    return World(dist.get_rank(), dist.get_world_size())


def leave(world: World, together: bool) -> None:
    """After a finished run every rank tears down at once (a barrier first): a rank that destroyed
    its group while a peer was still finishing made gloo abort the faster process at exit (seen in
    1 run of 7). After an error there is no waiting for peers that may never arrive."""
    if world.distributed and dist.is_initialized():
        if together:
            dist.barrier()
        dist.destroy_process_group()


def broadcast_parameters(world: World, *modules: torch.nn.Module) -> None:
    if world.distributed:
        for m in modules:
            for t in m.state_dict().values():
                dist.broadcast(t, 0)


def average_gradients(world: World, module: torch.nn.Module) -> None:
    if not world.distributed:
        return
    grads = [p.grad for p in module.parameters() if p.grad is not None]
    if not grads:
        return
    flat = torch.cat([g.reshape(-1) for g in grads])
    dist.all_reduce(flat)
    flat /= world.size
    at = 0
    for g in grads:
        g.copy_(flat[at:at + g.numel()].view_as(g))
        at += g.numel()


def checksums(world: World, module: torch.nn.Module) -> list[str]:
    """Every rank's SHA-256 of its weights' bytes, in rank order (one entry for a plain run)."""
    digest = hashlib.sha256()
    for p in module.parameters():
        digest.update(p.detach().cpu().contiguous().numpy().tobytes())
    local = digest.hexdigest()
    if not world.distributed:
        return [local]
    gathered: list[str] = [""] * world.size
    dist.all_gather_object(gathered, local)
    return gathered
