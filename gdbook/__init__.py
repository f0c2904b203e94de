"""gdbook: the code of the book *Gradient Descent* (《梯度下降》).

Objectives that carry their derivatives (:mod:`gdbook.functions`), optimizers as pure
``init``/``update`` pairs (:mod:`gdbook.optim`), line searches (:mod:`gdbook.linesearch`),
learning-rate schedules
(:mod:`gdbook.schedules`), stochastic gradients (:mod:`gdbook.stochastic`), generated data
(:mod:`gdbook.data`), the loop (:func:`run`) and figures (:mod:`gdbook.plot`, imported on
demand so that the numeric core does not need matplotlib).

>>> from gdbook import functions, optim, run
>>> print(run(optim.gd(eta=0.2), functions.square, x0=10.0, steps=10))
step 10, x: 0.060466
"""

from . import data, functions, linesearch, optim, schedules, stochastic
from .train import DivergenceWarning, Trace, run

__all__ = [
    "DivergenceWarning",
    "Trace",
    "data",
    "functions",
    "linesearch",
    "optim",
    "run",
    "schedules",
    "stochastic",
]
__version__ = "0.1.0"
