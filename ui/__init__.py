"""The PySide6 window: views and Qt models over the services below. No business rules here.

Importing this package switches off PySide6's ``__feature__`` import hook. The
hook reads the source file of every module imported after PySide6, looking
for ``from __feature__ import …``; the app never uses that, and the reading
costs about 25 ms of start-up (measured by benchmarks/bench_startup.py) and
slows the lazy imports of worker threads. Where a PySide6 version lacks the
hook, nothing is changed.
"""

import sys

import PySide6.QtCore  # noqa: F401  (loads PySide6.support.feature, whose hook is switched off below)


def _switch_off_feature_hook() -> None:
    feature = sys.modules.get("PySide6.support.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        feature._mod_uses_pyside = lambda module: False


_switch_off_feature_hook()
