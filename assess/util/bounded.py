"""A process-wide cache bounded in bytes, least recently used dropped first (pure).

Every worker keeps its own copy, so a cache may only hold what the code decides (a question set by
its content hash, a frame per item and variant), never what a user typed: keys from user text grow
without bound. The byte count is an estimate of what the values keep alive, good enough to hold a
worker's memory flat; a value larger than the whole budget is computed but not kept."""

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


def approx_size(value, _depth: int = 0) -> int:
    """Bytes a value keeps alive, estimated: containers walked, shared objects counted again."""
    size = sys.getsizeof(value)
    if _depth > 20:
        return size
    if isinstance(value, dict):
        return size + sum(approx_size(k, _depth + 1) + approx_size(v, _depth + 1) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return size + sum(approx_size(v, _depth + 1) for v in value)
    return size


class BoundedCache:
    def __init__(self, max_bytes: int, sizeof: Callable[[object], int] = approx_size):
        self.max_bytes = max_bytes
        self._sizeof = sizeof
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()  # gthread workers share the process
        self.held_bytes = 0

    def __contains__(self, key) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> list[tuple[Hashable, object]]:
        with self._lock:
            return [(k, v) for k, (v, _size) in self._items.items()]

    def get(self, key, default=None):
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return default
            self._items.move_to_end(key)
            return found[0]

    def put(self, key, value, size: int | None = None):
        size = (self._sizeof(value) + approx_size(key)) if size is None else size
        if size > self.max_bytes:
            return value
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.held_bytes -= old[1]
            self._items[key] = (value, size)
            self.held_bytes += size
            while self.held_bytes > self.max_bytes:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self.held_bytes -= dropped
        return value

    def get_or_make(self, key, make: Callable[[], object], size: Callable[[object], int] | None = None):
        found = self.get(key, _MISSING)
        if found is _MISSING:
            value = make()
            found = self.put(key, value, None if size is None else size(value))
        return found

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.held_bytes = 0


_MISSING = object()
