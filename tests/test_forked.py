"""A call beside this one, in a forked process: its value or its error comes back."""

from __future__ import annotations

import pytest

from generator.forked import Beside, Turns, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork here")


def _refuse() -> None:
    raise ValueError("cannot be rebuilt")


class _Unreadable:
    """Pickled fine; unpickling it fails."""

    def __reduce__(self):  # noqa: ANN204
        return (_refuse, ())


def _fail() -> None:
    raise KeyError("in the child")


def test_a_value_comes_back():
    with Beside(sum, [1, 2, 3]) as other:
        assert other.result() == 6


def test_an_error_in_the_child_is_raised_here():
    with Beside(_fail) as other, pytest.raises(KeyError, match="in the child"):
        other.result()


def test_a_result_this_process_cannot_read_is_an_error_not_a_crash():
    with Beside(_Unreadable) as other, pytest.raises(ChildProcessError, match="cannot be read"):
        other.result()


def test_turns_are_shared_with_the_forked_process():
    turns = Turns(3, shared=True)

    def take_all() -> list[int]:
        taken = []
        while (start := turns.take()) < 30:
            taken.append(start)
        return taken

    with Beside(take_all) as other:
        mine = take_all()
        theirs = other.result()
    assert sorted(mine + theirs) == list(range(0, 30, 3))
