# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Python's cyclic garbage collector, paused while a page of decoded records
is read and compared.

A page is thousands of dicts and lists that hold no cycle and die with the
page: reference counting frees them. A collection during their life finds
them alive and moves them up to the oldest generation; once enough have
moved there, Python runs a full collection, which walks the server's whole
heap (Odoo's registry: 130 to 160 ms in a threaded server, once every dozen
pages of 500 listings, a quarter of a re-sync's cost beyond reading).
Paused, the collector counts the page's objects in and out again and never
walks them.

The pause is process-wide (several threads of a threaded server may read
pages at once): the collector runs again when no thread is in a pause. A
thread waiting for the network steps out of its pause (``collector_resumed``),
so that a slow API never keeps the collector off for a whole listing; cycles
made meanwhile are collected then."""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # threads in a pause
_resume = False  # whether the collector ran before the first of them
_thread = threading.local()


def _enter():
    global _pauses, _resume
    with _lock:
        if not _pauses:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    _thread.paused = True


def _leave():
    global _pauses
    _thread.paused = False
    with _lock:
        _pauses -= 1
        if not _pauses and _resume:
            gc.enable()


@contextmanager
def collector_paused():
    """The collector is off until no thread is in a pause; left off if it
    was off before. A pause within a pause of the same thread is one."""
    if getattr(_thread, "paused", False):
        yield
        return
    _enter()
    try:
        yield
    finally:
        _leave()


@contextmanager
def collector_resumed():
    """Inside a pause, this thread steps out of it meanwhile (a wait for the
    network); elsewhere, nothing."""
    if not getattr(_thread, "paused", False):
        yield
        return
    _leave()
    try:
        yield
    finally:
        _enter()
