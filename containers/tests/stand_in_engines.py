"""Tiny engines for the worker-pool tests, loaded in worker processes by ``module:function``."""

import os
import signal
import time


class StandIn:
    model = {"name": "stand-in", "version": "1"}
    tasks = ("tokens", "sentences")
    default_tasks = ("tokens",)

    def predict(self, texts, tasks):
        if "crash" in texts:
            os._exit(3)  # a worker dying mid-request, as an out-of-memory kill would
        if "hang" in texts:
            os.kill(os.getpid(), signal.SIGSTOP)  # a worker that stops making progress
        if "slow" in texts:
            time.sleep(30)
        if "raise" in texts:
            raise ValueError("raise")
        if any(text.startswith("sleep") for text in texts):
            time.sleep(0.5)
        return [{task: len(text) for task in tasks} for text in texts]


def load():
    return StandIn()


def load_broken():
    raise RuntimeError("the model files are missing")
