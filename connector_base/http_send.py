# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sending a backend's request once Odoo has said all it needs to
(``connector.backend.http.mixin._http_prepare``): the network part, with no
Odoo environment, so that it may run on a thread of its own (``ReplyAhead``:
a listing's next page read while the page in hand is compared)."""

import threading
import time
from typing import NamedTuple

#: the name of a read-ahead's thread (a test waits for those it started)
READ_AHEAD_THREAD = "connector-read-ahead"


class SessionSlot:
    """A backend's ``requests.Session``, shared by a worker's threads, and
    the time of its last request, for the rate limit."""

    def __init__(self, session):
        self.session = session
        self.lock = threading.Lock()
        self.last_request = 0.0

    def wait_turn(self, rate):
        """Sleep until a request may go at ``rate`` requests a second (0: no
        limit)."""
        if rate > 0:
            with self.lock:
                wait = self.last_request + 1.0 / rate - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                self.last_request = time.monotonic()


class ReplyTooLarge(Exception):
    """A reply past the size limit (raised where no Odoo environment is at
    hand: the caller words the error)."""


class SendableRequest(NamedTuple):
    """A request ready to go: everything read from Odoo, so that sending it
    needs no Odoo environment (a read-ahead sends it from a thread)."""

    slot: SessionSlot
    method: str
    url: str
    kwargs: dict
    rate: float  # requests a second, 0: no limit
    limit: int  # the largest reply accepted, in bytes

    def send(self):
        """The network part: the rate limit's turn, the request, the reply's
        body read within the size limit (streamed, so that an endless reply
        is cut, not held in memory)."""
        self.slot.wait_turn(self.rate)
        response = self.slot.session.request(
            self.method, self.url, stream=True, **self.kwargs
        )
        try:
            body, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.limit:
                    raise ReplyTooLarge()
                body.append(chunk)
        finally:
            response.close()
        response._content = b"".join(body)
        return response


class ReplyAhead:
    """A GET sent at once on a thread of its own, so that it travels while
    the caller works (a listing's next page while the caller compares the
    page it holds); ``response()`` waits for it and returns what
    ``_http_response`` would have, or raises what it would have raised.
    A reply never asked for is dropped with its thread, which ends with its
    request (the backend's timeout bounds it)."""

    def __init__(self, backend, request, error=None):
        self._backend, self._request, self._error = backend, request, error
        self._reply = None
        self._thread = None
        if error is None:
            self._thread = threading.Thread(
                target=self._send, name=READ_AHEAD_THREAD, daemon=True
            )
            self._thread.start()

    def _send(self):
        try:
            self._reply = self._request.send()
        except Exception as error:  # raised by response(), in the caller
            self._error = error

    def _wait(self):
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._reply

    def response(self):
        if self._request is None:
            raise self._error  # the request could not even be prepared
        return self._backend._http_reply(self._request, self._wait)
