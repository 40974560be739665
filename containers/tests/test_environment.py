"""Settings come from the environment once, with named defaults, and bad values stop start-up."""

import pytest
from serving import environment


def test_defaults_apply_when_nothing_is_set():
    settings = environment.read({})
    assert (settings.host, settings.port, settings.workers, settings.threads) == (
        "0.0.0.0",
        environment.DEFAULT_PORT,
        environment.DEFAULT_WORKERS,
        environment.DEFAULT_THREADS,
    )
    assert settings.port == 8080
    assert (
        settings.timeout_seconds,
        settings.stall_seconds,
        settings.max_batch_texts,
        settings.max_batch_chars,
        settings.max_wait_ms,
    ) == (60, 5, 64, 20_000, 10)


def test_sagemaker_and_serving_variables_are_read():
    settings = environment.read(
        {
            "SAGEMAKER_BIND_TO_PORT": "9123",
            "SERVING_WORKERS": "3",
            "SERVING_THREADS": "5",
            "SERVING_TIMEOUT_SECONDS": "2.5",
            "SERVING_LOG_LEVEL": "warning",
            "SERVING_HOST": "127.0.0.1",
            "SERVING_STALL_SECONDS": "3",
            "SERVING_MAX_BATCH_TEXTS": "8",
            "SERVING_MAX_BATCH_CHARS": "500",
            "SERVING_MAX_WAIT_MS": "2.5",
        }
    )
    assert (
        settings.port,
        settings.workers,
        settings.threads,
        settings.timeout_seconds,
        settings.log_level,
        settings.host,
    ) == (9123, 3, 5, 2.5, "WARNING", "127.0.0.1")
    assert (settings.stall_seconds, settings.max_batch_texts, settings.max_batch_chars, settings.max_wait_ms) == (
        3,
        8,
        500,
        2.5,
    )


@pytest.mark.parametrize(
    "name,value",
    [
        ("SAGEMAKER_BIND_TO_PORT", "http"),
        ("SERVING_WORKERS", "0"),
        ("SERVING_THREADS", "0"),
        ("SERVING_TIMEOUT_SECONDS", "soon"),
        ("SERVING_LOG_LEVEL", "LOUD"),
        ("SERVING_STALL_SECONDS", "0.5"),
        ("SERVING_MAX_BATCH_TEXTS", "0"),
        ("SERVING_MAX_BATCH_CHARS", "many"),
        ("SERVING_MAX_WAIT_MS", "-1"),
    ],
)
def test_unusable_values_name_the_variable(name, value):
    with pytest.raises(environment.ConfigurationError, match=name):
        environment.read({name: value})


@pytest.mark.parametrize(
    "cpus,containers,workers",
    [(2, 3, 1), (2, 4, 1), (4, 4, 1), (8, 4, 2), (16, 4, 4), (2, 1, 2), (8, 0, environment.DEFAULT_WORKERS)],
)
def test_workers_are_the_containers_share_of_the_vcpus_at_least_one(cpus, containers, workers):
    assert environment.sized_workers(cpus, containers) == workers


def test_serving_workers_overrides_the_share_and_serving_containers_sets_it():
    cpus = environment.usable_cpus()
    assert environment.read({"SERVING_CONTAINERS": "1"}).workers == cpus
    assert environment.read({"SERVING_CONTAINERS": "1", "SERVING_WORKERS": "3"}).workers == 3
    with pytest.raises(environment.ConfigurationError, match="SERVING_CONTAINERS"):
        environment.read({"SERVING_CONTAINERS": "0"})
