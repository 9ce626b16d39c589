"""Validation of a whole key file before any of it is used: the shipped JSON Schema, then the few
rules a schema cannot state (powers of two are an enum there; scrypt's total cost is capped here).

A key arrives from elsewhere; a damaged or hostile one must fail with a message that names the field
and its allowed range, never with a traceback, a huge allocation, an hour of scrypt or a silent
all-black result. The schema is `resources/key.schema.json`; the secret-size limits are the largest
preset's (`crossmodal/modalities.py`), so a key asks for nothing the sender could not have made.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from typing import Any

import jsonschema

from stegstudio.core.crossmodal import modalities
from stegstudio.core.crossmodal.presets import PRESETS
from stegstudio.core.errors import InputError

DAMAGED = "the key file is damaged or was not written by StegStudio: "
ADVICE = "; use the key file exactly as hide wrote it"
CROSSMODAL_METHOD = "crossmodal-inr/han2023"
# n * r * p at most 32x the default 2**15 * 8 * 1: about 7 s and 1 GiB of scrypt on a 2-core CPU.
MAX_SCRYPT_WORK = 2**23


@functools.lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    text = (importlib.resources.files("stegstudio.resources") / "key.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    base = jsonschema.validators.validator_for(schema)
    base.check_schema(schema)
    # JSON Schema counts 64.0 as an integer; a float width or layer count then reaches torch as a float.
    strict_integers = base.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool))
    return jsonschema.validators.extend(base, type_checker=strict_integers)(schema)


def validate(data: dict[str, Any]) -> None:
    """Raise InputError naming the first bad field (the schema's, then the cross-field rules)."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        raise InputError(DAMAGED + _describe(error) + ADVICE)
    seed = data["seed"]
    if seed["kind"] == "scrypt" and seed["n"] * seed["r"] * seed["p"] > MAX_SCRYPT_WORK:
        raise InputError(DAMAGED + f"seed.n x seed.r x seed.p = {seed['n'] * seed['r'] * seed['p']} must be at most "
                         f"{MAX_SCRYPT_WORK}" + ADVICE)
    if data["method"] == CROSSMODAL_METHOD:
        problem = _crossmodal_problem(data["params"])
        if problem:
            raise InputError(DAMAGED + problem + ADVICE)


def _describe(error: jsonschema.exceptions.ValidationError) -> str:
    where = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "required":
        missing = next(name for name in error.validator_value if name not in error.instance)
        return f"{where + '.' if where else ''}{missing} is missing"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"{where or 'the key'} has an unknown field '{extra[0]}'"
    description = error.schema.get("description")
    if description is None:
        return f"{where or 'the key'}: {error.message}"
    return f"{where or 'the key'} = {_short(error.instance)} must be {description}"


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def largest_cover() -> int:
    """The largest container any preset makes."""
    return max(p.cover_size for p in PRESETS.values())


def _crossmodal_problem(params: dict[str, Any]) -> str | None:
    arch, secret, container = params["architecture"], params["secret"], params["container"]
    layers = arch["hidden_layers"] + 2
    if not arch["w_min"] < arch["w_max"]:
        return f"params.architecture.w_min = {arch['w_min']} must be less than w_max = {arch['w_max']}"
    if max(arch["variable_layers"]) >= layers:
        return (f"params.architecture.variable_layers = {arch['variable_layers']} must be layer numbers "
                f"between 0 and {layers - 1} (the network has {layers} layers)")
    if arch["width"] > largest_cover():
        return f"params.architecture.width = {arch['width']} must be between 8 and {largest_cover()}"
    for side in ("width", "height"):
        if container[side] != arch["width"]:
            return (f"params.container.{side} = {container[side]} must equal the network's width "
                    f"params.architecture.width = {arch['width']}")
    modality = secret["modality"]
    want_in, want_out = modalities.get(modality).network_dims
    if (arch["in_dim"], arch["out_dim"]) != (want_in, want_out):
        return (f"params.architecture in_dim, out_dim = {arch['in_dim']}, {arch['out_dim']} must be "
                f"{want_in}, {want_out} for a secret of type {modality}")
    for field, limit in modalities.size_limits()[modality].items():
        if secret[field] > limit:
            return f"params.secret.{field} = {secret[field]} must be between 1 and {limit}"
    return None
