"""The base of the family: `Layer`, `InputSpec` and the `experimental` module.

User subclasses (`class MyLayer(tf.layers.Layer)`) are renamed like any reference;
`experimental` (`keras_style_scope`, `set_keras_style`) is renamed as a module.
"""

from migrate.codemod.layers import FamilySpec

SPEC = FamilySpec(
    family="base",
    api="layers",
    implementation="base",
    names=(("Layer", "layer"), ("InputSpec", "input_spec"), ("experimental", "experimental")),
)
