"""The processes of a ``serve`` (started in its own session, so its process group holds the front, its
model workers and multiprocessing's resource tracker) and where their CPU goes."""

import os
from pathlib import Path


def group_pids(group):
    """Every process in process group ``group``."""
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and os.getpgid(int(entry.name)) == group:
                yield int(entry.name)
        except OSError:  # it exited meanwhile
            continue


class CpuMeter:
    """CPU seconds used from now until ``read()`` by a ``serve``: its front, and the rest of its process
    group (the model workers); and how long the workers were ready to run but waited for a core
    (``workers waited``: the kernel's run delay, summed over their threads), which is what other work
    on a shared machine takes from them. The load generator's own CPU is wrk's, read by
    bench/harness/wrk.py."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, front_pid):
        self.front = front_pid
        self.start = self._sample()

    def read(self):
        end = self._sample()
        return {part: end[part] - self.start[part] for part in end}

    def _sample(self):
        workers = [pid for pid in group_pids(self.front) if pid != self.front]
        return {
            "front": self._cpu_seconds(self.front),
            "workers": sum(map(self._cpu_seconds, workers)),
            "workers waited": sum(map(self._waited_seconds, workers)),
        }

    @staticmethod
    def _waited_seconds(pid):
        """Seconds the threads of ``pid`` spent runnable on a run queue (/proc/<pid>/task/<tid>/schedstat)."""
        waited = 0
        for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
            try:
                waited += int(stat.read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue
        return waited / 1e9

    def _cpu_seconds(self, pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / self.TICK
