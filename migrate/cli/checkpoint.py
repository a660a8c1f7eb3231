"""`tf1-migrate checkpoint inspect|convert`: the command line of migrate.checkpoints."""

from __future__ import annotations

import argparse
import json
import os
import sys

from migrate.checkpoints.convert import MANIFEST, convert_checkpoint
from migrate.checkpoints.reader import CheckpointContents, V1Layer, read_separable_layers


def _print_table(layers: list[V1Layer], contents: CheckpointContents) -> None:
    kind = "object-based" if contents.object_based else "TF1 name-based"
    print(f"checkpoint: {contents.prefix} ({kind})")
    header = ("scope", "kernel", "in", "mult", "filters", "bias", "dtype")
    rows = [
        (
            v.scope,
            str(v.kernel_size),
            str(v.in_channels),
            str(v.depth_multiplier),
            str(v.filters),
            "yes" if v.use_bias else "no",
            v.dtype,
        )
        for v in layers
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells).rstrip())
    if contents.other_variables:
        print(
            f"{len(contents.other_variables)} other variable(s) (optimizer slots, counters, "
            "other layers) not shown"
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tf1-migrate checkpoint",
        description="Inspect or convert the separable conv layers of a TF1 checkpoint.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="list the separable conv layers")
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
            contents = read_separable_layers(args.checkpoint)
            if args.json:
                print(
                    json.dumps(
                        {
                            "checkpoint": contents.prefix,
                            "layers": [v.to_dict() for v in contents.layers],
                            "other_variables": contents.other_variables,
                        },
                        indent=2,
                    )
                )
            else:
                _print_table(contents.layers, contents)
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
            args.checkpoint, args.out, records=args.report, scope_map=overrides
        )
        with open(os.path.join(args.out, MANIFEST), encoding="utf-8") as f:
            manifest = json.load(f)
        for layer in manifest["layers"]:
            print(f"{layer['scope']} -> layers/{layer['keras_name']} ({layer['rule']})")
        print(f"wrote {prefix}")
        return 0
    except ValueError as exc:
        print(f"tf1-migrate checkpoint: error: {exc}", file=sys.stderr)
        return 2
