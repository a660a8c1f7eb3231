"""`tf1-migrate checkpoint inspect|convert`: the command line of migrate.checkpoints."""

from __future__ import annotations

import argparse
import json
import os
import sys

from migrate.checkpoints.convert import MANIFEST, convert_checkpoint
from migrate.checkpoints.reader import CheckpointContents, read_layers


def _print_table(contents: CheckpointContents, forget_bias: float) -> None:
    kind = "object-based" if contents.object_based else "TF1 name-based"
    print(f"checkpoint: {contents.prefix} ({kind})")
    header = ("scope", "kind", "variables", "dtype")
    rows = [(v.scope, v.kind, v.describe().rpartition(" ")[0], v.dtype) for v in contents.layers]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    kinds = {v.kind: v.spec for v in contents.layers}
    for name, spec in sorted(kinds.items()):
        if spec.note:
            print(f"{name}: converted to the Keras layout ({spec.note})")
    if "lstm" in kinds:
        print(
            f"lstm: forget_bias is not stored in a checkpoint; conversion assumes "
            f"forget_bias={forget_bias:g} (the v1 default is 1; pass --forget-bias)"
        )
    for v in contents.layers:
        for name in v.ignored:
            print(f"{v.scope}: `{name}` is a renorm statistic, not used at inference: left out")
    for problem in contents.refusals():
        print(f"not loadable: {problem}")
    if contents.other_variables:
        print(
            f"{len(contents.other_variables)} other variable(s) (optimizer slots, counters) "
            "not shown"
        )


def _forget_bias(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"Invalid value for argument `--forget-bias`. Expected a number. "
            f"Received: --forget-bias={text!r}"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tf1-migrate checkpoint",
        description="Inspect or convert the layers of a TF1 checkpoint.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="list the layers and their kinds")
    inspect.add_argument("checkpoint", help="checkpoint prefix or directory")
    inspect.add_argument("--json", action="store_true", help="print JSON instead of a table")
    convert = commands.add_parser(
        "convert", help="write a TF2 object-based checkpoint keyed by Keras layer names"
    )
    convert.add_argument("checkpoint", help="checkpoint prefix or directory")
    convert.add_argument("--map", dest="report", help="migration report JSON of tf1-migrate")
    convert.add_argument("--out", required=True, help="new or empty output directory")
    convert.add_argument(
        "--name",
        action="append",
        default=[],
        metavar="V1_SCOPE=KERAS_NAME",
        help="override the Keras name of one layer (repeatable)",
    )
    for command in (inspect, convert):
        command.add_argument(
            "--forget-bias",
            type=_forget_bias,
            default=1.0,
            help="forget_bias of the v1 LSTM cells, folded into the Keras bias (default 1.0)",
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    """`tf1-migrate checkpoint inspect|convert ...`.

    Returns:
      The exit status: 0 on success, 2 on a usage error or a bad checkpoint (as
      `tf1-migrate` exits 2 when a file failed).
    """
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and usage errors
        return int(exc.code or 0)
    try:
        if args.command == "inspect":
            contents = read_layers(args.checkpoint)
            if args.json:
                data = {
                    "checkpoint": contents.prefix,
                    "forget_bias": args.forget_bias,
                    "layers": [v.to_dict() for v in contents.layers],
                    "not_loadable": contents.refusals(),
                    "other_variables": contents.other_variables,
                }
                for layer, v in zip(data["layers"], contents.layers, strict=True):
                    layer["keras_shapes"] = {
                        n: list(shape) for n, shape in v.keras_shapes(args.forget_bias).items()
                    }
                print(json.dumps(data, indent=2))
            else:
                _print_table(contents, args.forget_bias)
            return 0
        overrides = {}
        for item in args.name:
            scope, sep, name = item.partition("=")
            if not sep:
                raise ValueError(
                    "Invalid value for argument `--name`. Expected V1_SCOPE=KERAS_NAME. "
                    f"Received: --name={item!r}"
                )
            overrides[scope] = name
        prefix = convert_checkpoint(
            args.checkpoint,
            args.out,
            records=args.report,
            scope_map=overrides,
            forget_bias=args.forget_bias,
        )
        with open(os.path.join(args.out, MANIFEST), encoding="utf-8") as f:
            manifest = json.load(f)
        for layer in manifest["layers"]:
            print(
                f"{layer['scope']} -> layers/{layer['keras_name']} ({layer['rule']}): "
                f"{layer['kind']}"
            )
        print(f"wrote {prefix}")
        return 0
    except ValueError as exc:
        print(f"tf1-migrate checkpoint: error: {exc}", file=sys.stderr)
        return 2
