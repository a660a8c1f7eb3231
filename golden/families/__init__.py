"""The golden case tables, one module per layer family (as `tf.compat.v1.layers` groups them).

Each module defines `FAMILY` (its name), `SPECS` (a `golden.cases.LayerSpec` per layer) and
`CASES` (its named cases). `golden.cases` collects them into the registry.
"""

from golden.families import conv, core, normalization, pooling, rnn_cell

FAMILY_MODULES = (conv, core, pooling, normalization, rnn_cell)
