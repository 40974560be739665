"""The load generator of the benchmarks' concurrent callers: wrk (https://github.com/wg/wrk), a C
event loop whose own CPU per request is a small fraction of the container's, so that on a machine
of two cores the figures show what the container does rather than what its callers cost. A Lua
script sends the POST bodies in turn, each a single-text request, and prints wrk's own summary."""

import os
import resource
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

INSTALL = ["apt-get", "install", "-y", "--no-install-recommends", "wrk"]  # Debian's package

SCRIPT = """-- Written by bench/harness/wrk.py: each request is the next body in turn.
local bodies = {%s}
local prepared, cursor = {}, 0
function init(args)
  for i, body in ipairs(bodies) do
    prepared[i] = wrk.format("POST", "/invocations", {["Content-Type"] = "application/json"}, body)
  end
end
function request()
  cursor = cursor %% #prepared + 1
  return prepared[cursor]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    p50: float  # seconds
    p99: float
    errors: int
    cpu_seconds: float  # wrk's own, user and system


def ensure_wrk() -> str:
    """wrk's path; installs Debian's package when run as root and it is missing, else says how."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("bench: installing wrk, the load generator (apt-get install wrk)", flush=True)
        subprocess.run(INSTALL, check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("bench: the caller runs need wrk, the load generator: sudo apt-get install wrk")
    return found


def script_for(bodies) -> Path:
    """A Lua script that sends ``bodies`` (JSON strings) in turn; the caller deletes it."""
    quoted = ",".join(f"[==[{body}]==]" for body in bodies)
    handle, path = tempfile.mkstemp(prefix="bench-wrk-", suffix=".lua")
    with os.fdopen(handle, "w") as script:
        script.write(SCRIPT % quoted)
    return Path(path)


def run(wrk, port, connections, script, seconds) -> Run:
    """wrk with ``connections`` keep-alive connections on one thread for ``seconds``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    finished = subprocess.run(
        [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "60s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/invocations",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((line for line in finished.stdout.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary: {finished.stdout[-500:]} {finished.stderr[-500:]}")
    requests, micros, p50, p99, errors = map(int, line.split()[1:])
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(requests, micros / 1e6, p50 / 1e6, p99 / 1e6, errors, cpu)
