"""with_readiness: every result once, in order, flagged when the next one is already there."""
import multiprocessing
import time

from archive.management.commands.ingest import with_readiness


def slow_square(n: int) -> int:
    time.sleep(1.0 if n == 3 else 0)
    return n * n


def test_plain_iterables_always_have_the_next_one_ready():
    assert list(with_readiness(map(str, range(3)))) == [("0", True), ("1", True), ("2", True)]
    assert list(with_readiness([])) == []


def test_pool_results_in_order_and_a_late_one_is_not_ready():
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = list(with_readiness(pool.imap(slow_square, range(6), chunksize=1)))
    assert [item for item, _ in results] == [n * n for n in range(6)]
    flags = dict((item, ready) for item, ready in results)
    assert flags[4] is False  # square of 2: the square of 3 is still sleeping in a worker
    assert results[-1][1] is True  # the end counts as ready: nothing to wait for
