"""What the Python benchmarks (bench/containers.py, bench/pii.py) share: a container's real `serve`
started and stopped (serve), wrk as the load generator (wrk), where the container's CPU goes (cpu),
timing and the machine's description (measure), and the spaCy container's concurrent-caller runs
(callers)."""
