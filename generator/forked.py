"""A call run in a forked process beside this one; its result or exception comes back by pipe.

A fork shares this process's memory as it is (the loaded Site, MkDocs' navigation) without
pickling it; only the result travels. Where `fork` does not exist, or when asked not to
fork, the call is made in this process when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import pickle
import traceback
from typing import Any, Callable


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Beside:
    """`function(*args)` started now in a forked process; `result()` waits for it and
    returns its value or raises its exception. Leaving a `with` block stops it if it runs."""

    def __init__(self, function: Callable[..., Any], *args: Any, fork: bool = True):
        self.call = (function, args)
        self.process: Any = None
        if fork and can_fork():
            context = multiprocessing.get_context("fork")
            self.receive, send = context.Pipe(duplex=False)
            self.process = context.Process(target=_child, args=(send, function, args), daemon=True)
            self.process.start()
            send.close()

    def result(self) -> Any:
        if self.process is None:
            function, args = self.call
            return function(*args)
        try:
            data = self.receive.recv_bytes()
        except EOFError:
            self.process.join()
            ok, value = False, ChildProcessError(f"forked process ended with code {self.process.exitcode}")
        else:
            try:
                ok, value = pickle.loads(data)
            except Exception as exc:  # noqa: BLE001 - a result the child could write but this process cannot read
                ok, value = False, ChildProcessError(f"the forked process's result cannot be read: {exc!r}")
        finally:
            self.receive.close()
        self.process.join()
        self.process = None
        if not ok:
            raise value
        return value

    def running(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.receive.close()
            self.process = None

    def __enter__(self) -> "Beside":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Turns:
    """Hands out turns of `size` indices (0, size, 2 * size, …), each once, to this process
    and, when `shared`, to the processes forked from it after it was made."""

    def __init__(self, size: int, shared: bool):
        self.size = size
        self.next = multiprocessing.get_context("fork").Value("q", 0) if shared and can_fork() else None
        self.local = 0

    def take(self) -> int:
        """The first index of this turn."""
        if self.next is None:
            start, self.local = self.local, self.local + self.size
            return start
        with self.next.get_lock():
            start = self.next.value
            self.next.value = start + self.size
        return start


def _child(send: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        outcome: tuple[bool, Any] = (True, function(*args))
    except BaseException as exc:  # noqa: BLE001 - raised again by the parent
        outcome = (False, exc)
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        if not outcome[0]:
            pickle.loads(data)  # an exception whose class cannot be rebuilt fails here, not in the parent
    except Exception:  # noqa: BLE001
        text = "".join(traceback.format_exception(outcome[1])) if not outcome[0] else traceback.format_exc()
        data = pickle.dumps((False, RuntimeError(text)))
    send.send_bytes(data)
    send.close()
