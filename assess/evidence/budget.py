"""Decoding untrusted images and PDFs in a child process with a time and a memory budget.

A decoder is C code (Pillow, libheif, PDFium): once it starts it cannot be interrupted from
Python, and what it allocates stays in the worker's heap after it is freed. So each decode runs
in a short-lived child process; the child gets an address-space limit, the worker waits at most
`seconds` and kills it otherwise. The worker's own memory never sees the decode.

A single-threaded process (gunicorn's sync workers, the CLI) forks the child directly: a few
milliseconds, everything already imported. A process with other threads must not fork (a lock
held by another thread would stay locked in the child), so it asks a fork server instead: a small
single-threaded process started on first use (about a second, once) with the decoders imported.
Without either (not Linux or macOS) the function runs in-process: the pixel limits still hold,
the time limit does not."""

import multiprocessing
import os
import resource
import threading

DEFAULT_MEMORY = 1024 * 1024 * 1024  # on top of what the child starts with
PRELOAD = ["assess.evidence.images", "assess.evidence.pdf"]

_lock = threading.Lock()
_server = None


class OverBudget(Exception):
    """The decode took too long, ran out of memory, or the child died; `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _get_context():
    global _server
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    with _lock:
        if _server is None:
            if "forkserver" in methods:
                _server = multiprocessing.get_context("forkserver")
                _server.set_forkserver_preload(PRELOAD)
            else:
                _server = False
        return _server


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(conn, fn, arg, memory: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a decoder aborting on the limit leaves no core file
        if memory:
            try:
                limit = _address_space() + memory
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            except (OSError, ValueError):
                pass  # no /proc: the time limit still holds
        try:
            result = ("ok", fn(arg))
        except MemoryError:
            result = ("memory", None)
        except Exception as e:  # sent back and raised in the worker (Refused carries its message)
            result = ("error", e)
        try:
            conn.send(result)
        except Exception as e:  # an exception that does not pickle
            conn.send(("error", RuntimeError(repr(e))))
    finally:
        conn.close()


def run(fn, arg, seconds: float, memory: int = DEFAULT_MEMORY):
    """fn(arg) in a child; its result or its exception, or OverBudget."""
    context = _get_context()
    if not context:
        return fn(arg)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, arg, memory), daemon=True)
    try:
        process.start()
    except BaseException:
        receiver.close()
        raise
    finally:
        sender.close()  # the child has its own copy; ours must go so a dead child reads as EOF
    try:
        if not receiver.poll(seconds):
            raise OverBudget("time")
        kind, value = receiver.recv()
    except EOFError:
        raise OverBudget("crash") from None  # killed by the memory limit inside C code, or a crash
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
        process.close()
    if kind == "memory":
        raise OverBudget("memory")
    if kind == "error":
        raise value
    return value
