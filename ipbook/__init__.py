"""ipbook: a consistency-checked report book on China's IP commercialisation statistics.

The package holds all logic; the notebooks in ``notebooks/`` only call it.
Modules are named after the domain: ``unit`` and ``number`` (what a written
figure means), ``period``, ``source``/``indicator``/``observation``/``claim``
(the dataset), ``validate``, ``check`` (the consistency engine), ``ledger``,
``trend``, ``chart``, ``narrative``, ``runner`` and ``cli``.
"""

__version__ = "0.1.0"
