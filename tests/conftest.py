"""Test-session set-up shared by every test module.

TensorFlow reads these variables when it is first imported, so they are set
before any test module imports it.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# The reference subprocess runs with oneDNN off too (golden/reference.py), so
# both sides use the same float summation order.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import tensorflow as tf  # noqa: E402

# tf.distribute tests need two devices; logical devices can only be declared
# before TensorFlow initialises its runtime, so it happens here, once.
_cpus = tf.config.list_physical_devices("CPU")
if _cpus:
    try:
        tf.config.set_logical_device_configuration(
            _cpus[0], [tf.config.LogicalDeviceConfiguration()] * 2
        )
    except RuntimeError:  # runtime already initialised by an earlier import
        pass
