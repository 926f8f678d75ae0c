"""The waiting loop and its schedule, on a fake clock."""

from __future__ import annotations

import itertools

import pytest

from HubTaskLibrary.client.polling import (
    PollOutcome,
    PollSchedule,
    PollTimeout,
    poll_until,
)


class FakeClock:
    """``clock`` and ``sleep`` for poll_until; each look may cost time too."""

    def __init__(self, look_cost: float = 0.0):
        self.now = 100.0
        self.sleeps: list[float] = []
        self.look_times: list[float] = []
        self.look_cost = look_cost

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds

    def looker(self, outcomes):
        """A look function returning ``outcomes`` in turn (the last repeats)."""
        items = list(outcomes)

        def look() -> PollOutcome:
            self.look_times.append(self.now)
            self.now += self.look_cost
            return items.pop(0) if len(items) > 1 else items[0]

        return look


NOT_DONE = PollOutcome(False)


def test_default_schedule():
    s = PollSchedule()
    assert (s.second, s.cap, s.fine, s.factor, s.max_rate, s.free) == (0.25, 0.6, 0.05, 1.6, 2.0, 2)


def test_default_intervals_grow_quickly_to_cap():
    intervals = list(itertools.islice(PollSchedule().intervals(), 5))
    assert intervals == pytest.approx([0.25, 0.4, 0.6, 0.6, 0.6])


def test_intervals_grow_geometrically_to_cap():
    s = PollSchedule(second=0.05, cap=1.0, factor=1.5)
    intervals = list(itertools.islice(s.intervals(), 12))
    expected = [0.05, 0.075, 0.1125, 0.16875, 0.253125, 0.3796875, 0.56953125, 0.854296875]
    assert intervals[:8] == pytest.approx(expected)
    assert intervals[8:] == [1.0, 1.0, 1.0, 1.0]


def test_fine_intervals_grow_to_the_full_rate_not_the_cap():
    # Past a learned window the task is overdue: 4 looks a second for its
    # first 2 s (where the rule's unspent allowance lets them: poll_until's
    # rate floor), then never sparser than 2 a second, although an unaimed
    # wait's cap is 0.6 s.
    fine = list(itertools.islice(PollSchedule().fine_intervals(), 15))
    brisk = [0.05, 0.08, 0.128, 0.2048] + [0.25] * 7
    assert fine == pytest.approx([*brisk, 0.4, 0.5, 0.5, 0.5])
    assert sum(brisk[:-1]) < 2.0 <= sum(brisk)
    plain = list(itertools.islice(PollSchedule(overdue_brisk=0).fine_intervals(), 7))
    assert plain == pytest.approx([0.05, 0.08, 0.128, 0.2048, 0.32768, 0.5, 0.5])
    slow = PollSchedule(max_rate=0.5, cap=1.0)  # 1 / max_rate above the cap: the cap
    assert list(itertools.islice(slow.fine_intervals(), 14))[-1] == pytest.approx(1.0)


@pytest.mark.parametrize("overdue", [0.01, 0.7, 2.3, 6.1])
def test_an_end_after_the_learned_window_is_found_within_half_a_second(overdue):
    # The hints aim at a window that closes at 4 s; the task ends later.
    fake = FakeClock(look_cost=0.04)
    closes = 4.0
    ends = closes + overdue
    start = fake.now

    def look() -> PollOutcome:
        fake.look_times.append(fake.now)
        fake.now += fake.look_cost
        elapsed = fake.now - start
        if elapsed >= ends:
            return PollOutcome(True, "over")
        if elapsed < closes:
            return PollOutcome(False, hint=min(1.0, closes - elapsed))
        return NOT_DONE  # the window has passed: no hint any more

    value, stats = poll_until(
        look, timeout=60, schedule=PollSchedule(), sleep=fake.sleep, clock=fake.clock
    )
    assert value == "over"
    found = fake.now - start
    assert found - ends <= 0.5 + fake.look_cost
    # and the rule still holds over the whole wait
    assert stats.requests <= max(2, 2 * found) + 1e-9


@pytest.mark.parametrize("look_cost", [0.0, 0.15, 0.3])
def test_overdue_looks_start_half_a_second_apart_whatever_a_look_costs(look_cost):
    # Seen in the benchmark: looks of 0.14 s on a busy hub spaced overdue looks
    # 0.64 s apart when the 0.5 s was slept after each look.
    fake = FakeClock(look_cost=look_cost)
    start = fake.now

    def look() -> PollOutcome:
        fake.look_times.append(fake.now)
        fake.now += fake.look_cost
        elapsed = fake.now - start
        if elapsed >= 20:
            return PollOutcome(True, "over")
        return PollOutcome(False, hint=3.0) if elapsed < 3 else NOT_DONE

    _, stats = poll_until(
        look, timeout=60, schedule=PollSchedule(), sleep=fake.sleep, clock=fake.clock
    )
    overdue = [t for t in fake.look_times if t - start > 8]
    gaps = [b - a for a, b in itertools.pairwise(overdue)]
    assert gaps and max(gaps) == pytest.approx(0.5)
    assert stats.requests <= max(2, 2 * (fake.now - start)) + 1e-9


def test_intervals_with_factor_one_are_constant():
    s = PollSchedule(second=0.2, factor=1, cap=0.2)
    assert list(itertools.islice(s.intervals(), 3)) == [0.2, 0.2, 0.2]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"second": 0},
        {"second": -1},
        {"factor": 0.5},
        {"fine": 1.0},
        {"max_rate": 0},
        {"max_rate": -2},
        {"free": 0},
    ],
)
def test_invalid_schedules_rejected(kwargs):
    with pytest.raises(ValueError, match="Invalid poll schedule"):
        PollSchedule(**kwargs)


def test_first_look_done_returns_at_once():
    fake = FakeClock()
    value, stats = poll_until(
        fake.looker([PollOutcome(True, "v")]),
        timeout=10,
        schedule=PollSchedule(),
        sleep=fake.sleep,
        clock=fake.clock,
    )
    assert value == "v"
    assert stats.polls == 1
    assert fake.sleeps == []
    assert stats.elapsed == 0


def test_sleeps_follow_schedule_until_done():
    fake = FakeClock()
    outcomes = [NOT_DONE] * 5 + [PollOutcome(True, 42)]
    value, stats = poll_until(
        fake.looker(outcomes),
        timeout=60,
        schedule=PollSchedule(second=0.05, cap=1.0, factor=1.5, max_rate=1000, free=100),
        sleep=fake.sleep,
        clock=fake.clock,
    )
    assert value == 42
    assert stats.polls == 6
    assert fake.sleeps == pytest.approx([0.05, 0.075, 0.1125, 0.16875, 0.253125])


def test_default_looks_twice_in_the_first_second_then_two_per_second():
    # Two looks in the first second, then at most 2 per second on average.
    fake = FakeClock()
    outcomes = [NOT_DONE] * 7 + [PollOutcome(True)]
    poll_until(
        fake.looker(outcomes),
        timeout=60,
        schedule=PollSchedule(),
        sleep=fake.sleep,
        clock=fake.clock,
    )
    start = fake.look_times[0]
    offsets = [t - start for t in fake.look_times]
    assert offsets == pytest.approx([0, 0.25, 1.5, 2.1, 2.7, 3.3, 3.9, 4.5])


def test_rate_floor_formula():
    s = PollSchedule(max_rate=2.0, free=2)
    assert s.rate_floor(spent=0, elapsed=0) == 0
    assert s.rate_floor(spent=1, elapsed=0) == 0
    assert s.rate_floor(spent=2, elapsed=0) == pytest.approx(1.5)  # 3 requests: 1.5 s
    assert s.rate_floor(spent=2, elapsed=1.2) == pytest.approx(0.3)
    assert s.rate_floor(spent=10, elapsed=1.0) == pytest.approx(4.5)
    assert s.rate_floor(spent=10, elapsed=10.0) == 0
    assert s.requests_allowed(0.3) == pytest.approx(2)
    assert s.requests_allowed(10.0) == pytest.approx(20)
    assert s.allows(spent=1, elapsed=0.1)
    assert not s.allows(spent=2, elapsed=0.1)
    assert not s.allows(spent=1, elapsed=0.1, more=2)
    assert s.allows(spent=2, elapsed=1.5)


def test_rate_rule_counts_requests_not_looks():
    # A look that made 3 requests (a task and what it dispatched) uses up the
    # first second and a half: the next look waits for the rate rule.
    fake = FakeClock()
    outcomes = [PollOutcome(False, requests=3), PollOutcome(True)]
    _, stats = poll_until(
        fake.looker(outcomes),
        timeout=60,
        schedule=PollSchedule(),
        sleep=fake.sleep,
        clock=fake.clock,
    )
    assert fake.look_times[1] - fake.look_times[0] == pytest.approx(2.0)
    assert (stats.polls, stats.requests) == (2, 4)


@pytest.mark.parametrize(("max_rate", "free"), [(2.0, 2), (5.0, 2), (1.0, 1), (10.0, 6)])
@pytest.mark.parametrize("per_look", [1, 2])
def test_no_wait_averages_more_than_max_rate(max_rate, free, per_look):
    # Intervals far below 1/max_rate: only the rate rule limits the polling.
    schedule = PollSchedule(
        second=0.001, fine=0.001, factor=1.0, cap=0.001, max_rate=max_rate, free=free
    )
    fake = FakeClock()
    with pytest.raises(PollTimeout) as info:
        poll_until(
            fake.looker([PollOutcome(False, requests=per_look)]),
            timeout=20,
            schedule=schedule,
            sleep=fake.sleep,
            clock=fake.clock,
        )
    start = fake.look_times[0]
    *looks, last = fake.look_times
    for k, at in enumerate(looks, start=1):
        # the first request of look k is request (k-1)*per_look + 1: never more
        # than max(free, rate * t) by then
        assert (k - 1) * per_look + 1 <= max(free, max_rate * (at - start)) + 1e-9
    # the one exception: a last look at the deadline, so the timeout reports
    # what the tasks were doing then
    assert last - start == pytest.approx(20)
    # and the loop does not idle beyond what the rate needs
    assert info.value.stats.requests >= max_rate * 20 - per_look


def test_hint_sleeps_then_looks_closely():
    fake = FakeClock()
    outcomes = [
        NOT_DONE,
        NOT_DONE,
        PollOutcome(False, hint=2.0),
        NOT_DONE,
        NOT_DONE,
        PollOutcome(True, "ok"),
    ]
    # (the full rate, 1 s, is the cap; free=100: the rule never holds a look back)
    schedule = PollSchedule(second=0.05, cap=1.0, factor=1.5, max_rate=1, free=100)
    value, _ = poll_until(
        fake.looker(outcomes), timeout=60, schedule=schedule, sleep=fake.sleep, clock=fake.clock
    )
    assert value == "ok"
    assert fake.sleeps == pytest.approx([0.05, 0.075, 2.0, 0.05, 0.075])


def test_short_hint_looks_sooner_within_the_rate_rule():
    fake = FakeClock()
    outcomes = [NOT_DONE, NOT_DONE, PollOutcome(False, hint=0.01), PollOutcome(True)]
    poll_until(
        fake.looker(outcomes),
        timeout=60,
        schedule=PollSchedule(),
        sleep=fake.sleep,
        clock=fake.clock,
    )
    # looks at 0, 0.25 and (the rule) 1.5; the hint asks for 0.01 s after that,
    # and the rule allows the fourth request at 2.0 s
    start = fake.look_times[0]
    assert [t - start for t in fake.look_times] == pytest.approx([0, 0.25, 1.5, 2.0])


def test_look_may_take_the_running_stats():
    seen = []

    def look(stats):
        seen.append(stats.polls)
        return PollOutcome(len(seen) == 3)

    fake = FakeClock()
    poll_until(look, timeout=60, schedule=PollSchedule(), sleep=fake.sleep, clock=fake.clock)
    assert seen == [0, 1, 2]


def test_hint_never_sleeps_past_deadline():
    fake = FakeClock()
    with pytest.raises(PollTimeout):
        poll_until(
            fake.looker([PollOutcome(False, hint=30.0)]),
            timeout=5,
            schedule=PollSchedule(),
            sleep=fake.sleep,
            clock=fake.clock,
        )
    assert fake.sleeps == pytest.approx([5.0])
    assert fake.look_times == [100.0, 105.0]


@pytest.mark.parametrize("look_cost", [0.0, 0.013, 0.3])
@pytest.mark.parametrize("timeout", [0.01, 0.5, 3.3, 17.0])
def test_never_sleeps_past_deadline_and_last_look_at_deadline(timeout, look_cost):
    fake = FakeClock(look_cost=look_cost)
    with pytest.raises(PollTimeout) as info:
        poll_until(
            fake.looker([NOT_DONE]),
            timeout=timeout,
            schedule=PollSchedule(),
            sleep=fake.sleep,
            clock=fake.clock,
        )
    deadline = 100.0 + timeout
    # every look starts at or before the deadline
    assert all(at <= deadline + 1e-9 for at in fake.look_times)
    # the last look happened at the deadline when looks are free
    if look_cost == 0:
        assert fake.look_times[-1] == pytest.approx(deadline)
    stats = info.value.stats
    assert stats.polls == len(fake.look_times)
    assert stats.ended is not None
    assert stats.elapsed == pytest.approx(fake.now - 100.0)


def test_timeout_carries_stats_and_last_value():
    fake = FakeClock()
    outcomes = [PollOutcome(False, "first"), PollOutcome(False, "second")]
    with pytest.raises(PollTimeout) as info:
        poll_until(
            fake.looker(outcomes),
            timeout=1.0,
            schedule=PollSchedule(),
            sleep=fake.sleep,
            clock=fake.clock,
        )
    assert info.value.last == "second"
    assert info.value.stats.polls >= 2
    assert info.value.stats.elapsed == pytest.approx(1.0)


def test_zero_timeout_looks_once():
    fake = FakeClock()
    with pytest.raises(PollTimeout) as info:
        poll_until(
            fake.looker([NOT_DONE]),
            timeout=0,
            schedule=PollSchedule(),
            sleep=fake.sleep,
            clock=fake.clock,
        )
    assert info.value.stats.polls == 1
    assert fake.sleeps == []


def test_real_sleep_default_short():
    # The defaults (time.sleep / time.monotonic) work; a done first look costs nothing.
    value, stats = poll_until(lambda: PollOutcome(True, 1), timeout=1, schedule=PollSchedule())
    assert value == 1
    assert stats.polls == 1


def test_first_look_may_be_delayed_and_the_rate_rule_counts_from_the_call():
    fake = FakeClock()
    outcomes = [NOT_DONE, NOT_DONE, PollOutcome(True)]
    _, stats = poll_until(
        fake.looker(outcomes),
        timeout=60,
        schedule=PollSchedule(),
        first_after=0.4,
        sleep=fake.sleep,
        clock=fake.clock,
    )
    # looks at 0.4 and 0.65 (two in the first second), the third at 1.5 s
    assert [t - 100.0 for t in fake.look_times] == pytest.approx([0.4, 0.65, 1.5])
    assert stats.elapsed == pytest.approx(1.5)


def test_first_look_delay_never_passes_the_timeout():
    fake = FakeClock()
    with pytest.raises(PollTimeout):
        poll_until(
            fake.looker([NOT_DONE]),
            timeout=1.0,
            schedule=PollSchedule(),
            first_after=30,
            sleep=fake.sleep,
            clock=fake.clock,
        )
    assert fake.look_times == [101.0]


# -- a look that fails ------------------------------------------------------------------


class Flaky(Exception):
    pass


def _transient(error: BaseException) -> bool:
    return isinstance(error, Flaky)


def test_a_failed_last_look_still_times_out_with_the_last_value_and_the_error():
    fake = FakeClock(look_cost=0.1)
    looks = iter([PollOutcome(False, "running")] * 3)

    def look() -> PollOutcome:
        fake.now += fake.look_cost
        outcome = next(looks, None)
        if outcome is None:  # every look after the third fails
            raise Flaky("GET /tasks/ failed with 429 Too Many Requests: injected fault")
        return outcome

    with pytest.raises(PollTimeout) as info:
        poll_until(
            look,
            timeout=3.0,
            schedule=PollSchedule(),
            sleep=fake.sleep,
            clock=fake.clock,
            transient=_transient,
        )
    assert info.value.last == "running"  # the last value a look found
    assert isinstance(info.value.error, Flaky)
    assert info.value.last_look_note() == (
        " The last look failed: GET /tasks/ failed with 429 Too Many Requests: injected fault"
    )
    assert info.value.stats.polls > 3


def test_a_failed_look_before_the_deadline_is_looked_at_again():
    fake = FakeClock()
    answers = [Flaky("503"), Flaky("503"), PollOutcome(True, "done")]

    def look() -> PollOutcome:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    value, stats = poll_until(
        look,
        timeout=5.0,
        schedule=PollSchedule(),
        sleep=fake.sleep,
        clock=fake.clock,
        transient=_transient,
    )
    assert value == "done"
    assert stats.polls == 3


def test_a_look_that_succeeds_last_has_no_error_note():
    fake = FakeClock()
    with pytest.raises(PollTimeout) as info:
        poll_until(
            fake.looker([NOT_DONE]),
            timeout=1.0,
            schedule=PollSchedule(),
            sleep=fake.sleep,
            clock=fake.clock,
            transient=_transient,
        )
    assert info.value.error is None
    assert info.value.last_look_note() == ""


def test_an_error_that_is_not_transient_ends_the_wait_as_it_is():
    fake = FakeClock()

    def look() -> PollOutcome:
        raise ValueError("bad argument")

    with pytest.raises(ValueError, match="bad argument"):
        poll_until(
            look,
            timeout=5.0,
            schedule=PollSchedule(),
            sleep=fake.sleep,
            clock=fake.clock,
            transient=_transient,
        )
    with pytest.raises(Flaky):  # without a transient predicate nothing is retried
        poll_until(
            lambda: (_ for _ in ()).throw(Flaky("x")),
            timeout=5.0,
            schedule=PollSchedule(),
            sleep=fake.sleep,
            clock=fake.clock,
        )


def test_failed_looks_count_the_requests_they_made():
    fake = FakeClock()
    sent = [0]
    answers = [Flaky("503"), PollOutcome(True, "done")]

    def look() -> PollOutcome:
        sent[0] += 3  # e.g. a request and two retries
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    _, stats = poll_until(
        look,
        timeout=5.0,
        schedule=PollSchedule(),
        sleep=fake.sleep,
        clock=fake.clock,
        transient=_transient,
        spent=lambda: sent[0],
    )
    assert stats.requests == 6
