"""Which queued jobs form the next batch, and each request's deadline: pure functions, no I/O."""

import pytest
from serving.batching import BatchLimits, Job, is_complete, take_batch
from serving.deadlines import custom_attributes, request_deadline

LIMITS = BatchLimits(max_texts=4, max_chars=20, max_wait_seconds=0)
NOW = 100.0


def job(*texts, tasks=("entities",), deadline=NOW + 10, **flags):
    made = Job(tuple(texts), tuple(tasks), "native", deadline)
    for name, value in flags.items():
        setattr(made, name, value)
    return made


def test_the_oldest_job_leads_and_same_task_jobs_join_in_order():
    a, b, c = job("a"), job("bb", "cc"), job("d")
    batch, expired, rest = take_batch([a, b, c], LIMITS, NOW)
    assert (batch, expired, rest) == ([a, b, c], [], [])


def test_other_task_sets_keep_their_place_in_the_queue():
    a, other, b, other2 = job("a"), job("x", tasks=("tokens",)), job("b"), job("y", tasks=("tokens", "entities"))
    batch, _, rest = take_batch([a, other, b, other2], LIMITS, NOW)
    assert batch == [a, b] and rest == [other, other2]


def test_the_task_set_whose_oldest_job_is_oldest_runs_next_however_few_ask_for_it():
    rare, a, b, c, rare2 = job("r", tasks=("syntax",)), job("a"), job("b"), job("c"), job("s", tasks=("syntax",))
    order, queue = [], [rare, a, b, c, rare2]
    while queue:
        batch, _, queue = take_batch(queue, LIMITS, NOW)
        order.append(batch)
    assert order == [[rare, rare2], [a, b, c]]


@pytest.mark.parametrize(
    "mates,joined",
    [
        ([("b", "c", "d")], 1),  # 1 + 3 texts: fits exactly
        ([("b", "c", "d", "e")], 0),  # 5 texts: over the text limit, stays queued
        ([("x" * 19,)], 1),  # 1 + 19 characters: fits exactly
        ([("x" * 20,)], 0),  # over the character limit
        ([("x" * 20,), ("b",)], 1),  # a smaller, younger job still joins
    ],
)
def test_a_batch_stays_within_its_text_and_character_limits(mates, joined):
    head = job("a")
    queue = [head, *(job(*texts) for texts in mates)]
    batch, _, rest = take_batch(queue, LIMITS, NOW)
    assert batch[0] is head and len(batch) == 1 + joined and len(rest) == len(mates) - joined


def test_a_job_larger_than_the_limits_still_runs_alone():
    huge = job("x" * 100, "y", "z", "w", "v")
    batch, _, rest = take_batch([huge, job("a")], LIMITS, NOW)
    assert batch == [huge] and len(rest) == 1


def test_expired_and_abandoned_jobs_are_dropped_not_batched():
    late, gone, live = job("a", deadline=NOW), job("b", abandoned=True), job("c")
    batch, expired, rest = take_batch([late, gone, live], LIMITS, NOW)
    assert (batch, expired, rest) == ([live], [late], [])


def test_a_job_retried_alone_takes_no_company_and_joins_none():
    alone, other = job("a", alone=True), job("b")
    assert take_batch([alone, other], LIMITS, NOW)[0] == [alone]
    assert take_batch([other, alone], LIMITS, NOW)[0] == [other]


@pytest.mark.parametrize(
    "queue,expected_jobs,complete",
    [
        ([], 1, False),
        ([job("a")], 1, True),  # a lone caller's last batch had one job: no wait
        ([job("a")], 3, False),
        ([job("a"), job("b"), job("c")], 3, True),
        ([job("a", "b"), job("c", "d")], 8, True),  # the text limit
        ([job("x" * 20)], 8, True),  # the character limit
        ([job("a", alone=True)], 8, True),
        (
            [job("a"), job("b", tasks=("tokens",)), job("c", abandoned=True)],
            2,
            False,
        ),  # other tasks and abandoned jobs do not count
    ],
)
def test_a_batch_is_complete_when_waiting_for_company_cannot_grow_it(queue, expected_jobs, complete):
    assert is_complete(queue, LIMITS, expected_jobs) is complete


@pytest.mark.parametrize(
    "header,parsed",
    [
        ("deadline=1767225600000", {"deadline": "1767225600000"}),
        ("trace=abc, deadline=5;x=y", {"trace": "abc", "deadline": "5", "x": "y"}),
        ("", {}),
        ("novalue", {}),
        ("=1", {}),
    ],
)
def test_custom_attributes_are_read_as_key_value_pairs(header, parsed):
    assert custom_attributes(header) == parsed


@pytest.mark.parametrize(
    "header,expected",
    [
        ("deadline=1000020000", 120.0),  # 20 s after the wall clock's 1 000 000 s: the gateway's deadline
        ("deadline=1000090000", 160.0),  # 90 s: later than the cap of 60 s
        ("deadline=999999000", 99.0),  # already passed
        ("deadline=soon", 160.0),
        ("", 160.0),
        ("deadline=-5", 160.0),
    ],
)
def test_the_earlier_of_the_gateway_deadline_and_the_cap_wins(header, expected):
    assert request_deadline(header, 60, now=lambda: NOW, wall=lambda: 1_000_000.0) == expected


def test_jobs_with_other_options_keep_their_place_and_are_never_batched_with_the_oldest():
    from serving.options import PiiOptions

    masked = (("pii", PiiOptions(operator="mask")),)
    a, other, b, same = job("a"), job("x", options=masked), job("b"), job("y", options=masked)
    batch, _, rest = take_batch([a, other, b, same], LIMITS, NOW)
    assert batch == [a, b] and rest == [other, same]
    assert is_complete([other, same], LIMITS, expected_jobs=2)
