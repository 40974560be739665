"""Where a request's CPU goes: CPU time of a ``serve`` process, of its children and of this process,
read from /proc and getrusage (part of bench/containers.py)."""

import os
import resource
from pathlib import Path


class CpuMeter:
    """CPU seconds used from now until ``read()`` by a ``serve`` process (the front), by its children
    (the model workers) and by this process (the callers' threads): where each request's CPU goes."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, front_pid):
        self.front = front_pid
        self.start = self._sample()

    def read(self):
        end = self._sample()
        return {part: end[part] - self.start[part] for part in end}

    def _sample(self):
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = list(_child_pids(self.front))
        return {
            "front": _cpu_seconds(self.front, self.TICK),
            "workers": sum(_cpu_seconds(pid, self.TICK) for pid in children),
            "callers": own.ru_utime + own.ru_stime,
        }


def _child_pids(parent):
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                yield int(entry.name)
        except OSError:  # it exited meanwhile
            continue


def _cpu_seconds(pid, tick):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / tick
