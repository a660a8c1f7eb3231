"""Initializer and regularizer arguments, v1 -> Keras 3: each value's decision.

A v1 initializer or regularizer (`tf.glorot_uniform_initializer()`,
`tf.contrib.layers.l2_regularizer(1e-4)`, a Keras one already) maps to a Keras 3 one
with the same numbers, is dropped where Keras 3's default means the same, or is
refused (the call is left unchanged) where no certain mapping exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import libcst as cst

from migrate.codemod.arguments import (
    Decision,
    Drop,
    Keep,
    QualifiedNames,
    Refuse,
    Replace,
    bind,
    code,
    literal,
)

__all__ = ["map_initializer", "map_regularizer"]

_KERAS_NAMESPACES = (
    "keras.",
    "tensorflow.keras.",
    "tensorflow.compat.v1.keras.",
    "tensorflow.compat.v2.keras.",
    "tf_keras.",
)


def _is_keras(names: set[str], namespace: str) -> bool:
    return any(
        n.startswith(prefix + namespace + ".") for n in names for prefix in _KERAS_NAMESPACES
    )


@dataclass(frozen=True)
class _Factory:
    """A v1 factory: its parameters (with default source) and the Keras class.

    `emit` lists (keras keyword, v1 parameter, always): the keyword is written when
    the argument was given, or always (with the v1 default) when Keras 3's default
    differs from v1's.
    """

    keras: str
    params: tuple[tuple[str, str], ...]
    emit: tuple[tuple[str, str, bool], ...]


_SEED = ("seed", "None")
_DTYPE = ("dtype", "None")
_INITIALIZERS: dict[str, _Factory] = {
    "zeros": _Factory("Zeros", (_DTYPE,), ()),
    "ones": _Factory("Ones", (_DTYPE,), ()),
    "random_uniform": _Factory(
        "RandomUniform",
        (("minval", "0.0"), ("maxval", "None"), _SEED, _DTYPE),
        (("minval", "minval", True), ("maxval", "maxval", True), ("seed", "seed", False)),
    ),
    "random_normal": _Factory(
        "RandomNormal",
        (("mean", "0.0"), ("stddev", "1.0"), _SEED, _DTYPE),
        (("mean", "mean", False), ("stddev", "stddev", True), ("seed", "seed", False)),
    ),
    "truncated_normal": _Factory(
        "TruncatedNormal",
        (("mean", "0.0"), ("stddev", "1.0"), _SEED, _DTYPE),
        (("mean", "mean", False), ("stddev", "stddev", True), ("seed", "seed", False)),
    ),
    "glorot_uniform": _Factory("GlorotUniform", (_SEED, _DTYPE), (("seed", "seed", False),)),
    "glorot_normal": _Factory("GlorotNormal", (_SEED, _DTYPE), (("seed", "seed", False),)),
    "he_normal": _Factory("HeNormal", (_SEED,), (("seed", "seed", False),)),
    "he_uniform": _Factory("HeUniform", (_SEED,), (("seed", "seed", False),)),
    "lecun_normal": _Factory("LecunNormal", (_SEED,), (("seed", "seed", False),)),
    "lecun_uniform": _Factory("LecunUniform", (_SEED,), (("seed", "seed", False),)),
    "orthogonal": _Factory(
        "Orthogonal",
        (("gain", "1.0"), _SEED, _DTYPE),
        (("gain", "gain", False), ("seed", "seed", False)),
    ),
    "variance_scaling": _Factory(
        "VarianceScaling",
        (
            ("scale", "1.0"),
            ("mode", '"fan_in"'),
            ("distribution", '"truncated_normal"'),
            _SEED,
            _DTYPE,
        ),
        (
            ("scale", "scale", False),
            ("mode", "mode", False),
            ("distribution", "distribution", False),
            ("seed", "seed", False),
        ),
    ),
    "constant": _Factory(
        "Constant",
        (("value", "0"), _DTYPE, ("verify_shape", "False")),
        (("value", "value", False),),
    ),
}
# v1 spellings (after `tensorflow.` or `tensorflow.compat.v1.`) -> table key.
_V1_INITIALIZER_NAMES: dict[str, str] = {}
for _key in _INITIALIZERS:
    _V1_INITIALIZER_NAMES[f"initializers.{_key}"] = _key
    if _key not in ("he_normal", "he_uniform", "lecun_normal", "lecun_uniform"):
        _V1_INITIALIZER_NAMES[f"{_key}_initializer"] = _key

_CONTRIB = ("tensorflow.contrib.layers.", "tensorflow.contrib.slim.", "tf_slim.", "tf_slim.layers.")
# scipy.stats.truncnorm.std(a=-2, b=2): Keras 3 and v1 divide a truncated normal's
# stddev by it; tf.contrib's variance_scaling_initializer used 1.3 instead.
_TRUNCNORM_STD = 0.87962566103423978


def _v1_name(names: set[str], table: dict[str, str] | dict[str, Any]) -> str | None:
    for name in names:
        for prefix in ("tensorflow.compat.v1.", "tensorflow."):
            if name.startswith(prefix) and name[len(prefix) :] in table:
                return name[len(prefix) :]
    return None


def _contrib_name(names: set[str]) -> str | None:
    for name in names:
        if name.startswith("tensorflow.compat.v1."):
            name = "tensorflow." + name[len("tensorflow.compat.v1.") :]
        for prefix in _CONTRIB:
            if name.startswith(prefix):
                return name[len(prefix) :]
    return None


def _bind_factory(call: cst.Call, params: tuple[str, ...]) -> dict[str, cst.BaseExpression] | None:
    bound = bind(call.args, params, extra=False)
    if bound.splat or bound.problems:
        return None
    return {name: arg.value for name, arg in bound.params.items()}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _call(prefix: str, namespace: str, cls: str, arguments: list[str]) -> cst.BaseExpression:
    return cst.parse_expression(f"{prefix}.{namespace}.{cls}({', '.join(arguments)})")


def _unknown_initializer(text: str) -> Refuse:
    return Refuse(
        "TF1M110-unknown-initializer",
        f"`{text}` is not an initializer this tool can map with certainty (Keras 3 calls "
        "initializers differently and has other defaults); replace it with a "
        "`keras.initializers` object of the same distribution, then run the tool again.",
    )


def _unknown_regularizer(text: str) -> Refuse:
    return Refuse(
        "TF1M111-unknown-regularizer",
        f"`{text}` is not a regularizer this tool can map with certainty; replace it with a "
        "`keras.regularizers` object that computes the same loss (note that "
        "tf.contrib.layers.l2_regularizer(s) equals keras.regularizers.L2(s / 2)), then run "
        "the tool again.",
    )


def map_initializer(
    value: cst.BaseExpression, qualified: QualifiedNames, prefix: str, *, default_none: bool
) -> Decision:
    """Decide an initializer argument.

    Args:
      value: the argument's expression.
      qualified: qualified names of a node.
      prefix: the expression that names Keras 3 in the module (`tf.keras`).
      default_none: whether None means "the variable scope default" and Keras 3's
        default is the same (true of the depthwise and pointwise kernels).
    """
    ok, constant = literal(value)
    if ok and constant is None:
        return Drop() if default_none else Keep()
    if ok and isinstance(constant, str):
        return Keep()  # a Keras identifier in both versions
    func = value.func if isinstance(value, cst.Call) else value
    names = qualified(func)
    if _is_keras(names, "initializers"):
        return Keep()
    text = code(value)
    if not isinstance(value, cst.Call):
        return _unknown_initializer(text)
    contrib = _contrib_name(names)
    if contrib in (
        "xavier_initializer",
        "xavier_initializer_conv2d",
        "initializers.xavier_initializer",
    ):
        return _map_xavier(value, prefix, text)
    if contrib in ("variance_scaling_initializer", "initializers.variance_scaling_initializer"):
        return _map_contrib_variance_scaling(value, prefix, text)
    key = _v1_name(names, _V1_INITIALIZER_NAMES)
    if key is None:
        return _unknown_initializer(text)
    factory = _INITIALIZERS[_V1_INITIALIZER_NAMES[key]]
    given = _bind_factory(value, tuple(p for p, _ in factory.params))
    if given is None:
        return _unknown_initializer(text)
    arguments = []
    for keyword, param, always in factory.emit:
        node = given.get(param)
        source = code(node) if node is not None else dict(factory.params)[param]
        if node is None and not always:
            continue
        if factory.keras == "RandomUniform" and param == "maxval":
            if node is None or literal(node) == (True, None):
                source = "1.0"  # v1's maxval=None means 1 for floating-point variables
        if factory.keras == "VarianceScaling" and param == "distribution":
            ok_d, dist = literal(node)
            if ok_d and dist == "normal":  # v1's deprecated alias
                source = '"truncated_normal"'
        arguments.append(f"{keyword}={source}")
    if factory.keras == "Constant":
        ok_v, scalar = literal(given.get("value")) if "value" in given else (True, 0)
        if not (ok_v and _number(scalar)):
            # v1 reshapes a list to the variable's shape; Keras 3 broadcasts it.
            return _unknown_initializer(text)
    return Replace(_call(prefix, "initializers", factory.keras, arguments))


def _map_xavier(call: cst.Call, prefix: str, text: str) -> Decision:
    given = _bind_factory(call, ("uniform", "seed", "dtype"))
    if given is None:
        return _unknown_initializer(text)
    ok, uniform = literal(given["uniform"]) if "uniform" in given else (True, True)
    if not (ok and isinstance(uniform, bool)):
        return _unknown_initializer(text)
    seed = [f"seed={code(given['seed'])}"] if "seed" in given else []
    if uniform:
        return Replace(_call(prefix, "initializers", "GlorotUniform", seed))
    return _contrib_scaling(prefix, 1.0, "fan_avg", False, seed)


def _contrib_scaling(
    prefix: str, factor: float, mode: str, uniform: bool, seed: list[str]
) -> Decision:
    if uniform:
        scale, distribution = float(factor), "uniform"
    else:
        # contrib: stddev = sqrt(1.3 * factor / n); Keras: sqrt(scale / n) / 0.8796...
        scale, distribution = 1.3 * factor * _TRUNCNORM_STD**2, "truncated_normal"
    arguments = [f"scale={scale!r}", f'mode="{mode}"', f'distribution="{distribution}"', *seed]
    return Replace(_call(prefix, "initializers", "VarianceScaling", arguments))


def _map_contrib_variance_scaling(call: cst.Call, prefix: str, text: str) -> Decision:
    given = _bind_factory(call, ("factor", "mode", "uniform", "seed", "dtype"))
    if given is None:
        return _unknown_initializer(text)
    values = {"factor": 2.0, "mode": "FAN_IN", "uniform": False}
    for name in values:
        if name in given:
            ok, value = literal(given[name])
            if not ok:
                return _unknown_initializer(text)
            values[name] = value
    mode = values["mode"]
    if (
        not _number(values["factor"])
        or not isinstance(values["uniform"], bool)
        or mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG")
    ):
        return _unknown_initializer(text)
    seed = [f"seed={code(given['seed'])}"] if "seed" in given else []
    return _contrib_scaling(prefix, values["factor"], mode.lower(), values["uniform"], seed)


def _halved(node: cst.BaseExpression) -> str | None:
    """Source of node / 2, folded when node is a number literal."""
    ok, value = literal(node)
    if ok:
        return repr(value / 2) if _number(value) else None
    text = code(node).strip()
    atomic = isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript))
    return f"{text} / 2" if atomic and not node.lpar else f"({text}) / 2"


def map_regularizer(value: cst.BaseExpression, qualified: QualifiedNames, prefix: str) -> Decision:
    """Decide a regularizer argument (see `map_initializer`)."""
    ok, constant = literal(value)
    if ok and constant is None:
        return Drop()
    if isinstance(value, cst.Lambda):
        return Keep()  # called on the weight in both versions
    func = value.func if isinstance(value, cst.Call) else value
    names = qualified(func)
    if _is_keras(names, "regularizers"):
        return _fix_keras_l_keyword(value)
    if not isinstance(value, cst.Call):
        if any(n in ("tensorflow.nn.l2_loss", "tensorflow.compat.v1.nn.l2_loss") for n in names):
            return Keep()
        return _unknown_regularizer(code(value))
    text = code(value)
    contrib = _contrib_name(names)
    if contrib in ("l2_regularizer", "regularizers.l2_regularizer"):
        given = _bind_factory(value, ("scale", "scope"))
        if given is None or "scale" not in given:
            return _unknown_regularizer(text)
        ok, scale = literal(given["scale"])
        if ok and _number(scale) and scale == 0:
            return Drop()  # v1 returned a no-op regularizer for scale 0
        halved = _halved(given["scale"])
        if halved is None:
            return _unknown_regularizer(text)
        return Replace(_call(prefix, "regularizers", "L2", [halved]))
    if contrib in ("l1_regularizer", "regularizers.l1_regularizer"):
        given = _bind_factory(value, ("scale", "scope"))
        if given is None or "scale" not in given:
            return _unknown_regularizer(text)
        ok, scale = literal(given["scale"])
        if ok and not _number(scale):
            return _unknown_regularizer(text)
        if ok and scale == 0:
            return Drop()
        return Replace(_call(prefix, "regularizers", "L1", [code(given["scale"]).strip()]))
    if contrib in ("l1_l2_regularizer", "regularizers.l1_l2_regularizer"):
        given = _bind_factory(value, ("scale_l1", "scale_l2", "scope"))
        if given is None:
            return _unknown_regularizer(text)
        l1 = code(given["scale_l1"]).strip() if "scale_l1" in given else "1.0"
        l2 = _halved(given["scale_l2"]) if "scale_l2" in given else "0.5"
        if l2 is None:
            return _unknown_regularizer(text)
        return Replace(_call(prefix, "regularizers", "L1L2", [f"l1={l1}", f"l2={l2}"]))
    return _unknown_regularizer(text)


def _fix_keras_l_keyword(value: cst.BaseExpression) -> Decision:
    """Keras 2's `l1(l=...)`/`l2(l=...)` keyword does not exist in Keras 3."""
    if not isinstance(value, cst.Call):
        return Keep()
    args = list(value.args)
    for i, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == "l":
            positional = arg.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
            rest = args[:i] + args[i + 1 :]
            if rest:
                positional = positional.with_changes(
                    comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                )
                last = rest[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                rest = rest[:-1] + [last]
            else:
                positional = positional.with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return Replace(value.with_changes(args=[positional, *rest]))
    return Keep()
