# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The pause of Python's collector while a page is read and compared."""

import gc
import threading

from odoo.tests import BaseCase

from odoo.addons.connector_base.collector import collector_paused, collector_resumed
from odoo.addons.connector_base.tests.patience import JOB_RUN, patience


class TestCollectorPause(BaseCase):
    def setUp(self):
        super().setUp()
        self.assertTrue(gc.isenabled())
        self.addCleanup(gc.enable)

    def test_the_collector_runs_again_once_no_thread_pauses_it(self):
        """Two threads read pages at once: the first to end its pause leaves
        the collector off for the other."""
        paused, end = threading.Event(), threading.Event()

        def other_reader():
            with collector_paused():
                paused.set()
                end.wait(patience(JOB_RUN))

        thread = threading.Thread(target=other_reader)
        thread.start()
        try:
            self.assertTrue(paused.wait(patience(JOB_RUN)))
            with collector_paused():
                end.set()
                thread.join()
                self.assertFalse(gc.isenabled())
            self.assertTrue(gc.isenabled())
        finally:
            end.set()
            thread.join()

    def test_a_wait_steps_out_of_the_pause(self):
        with collector_paused():
            with collector_paused():  # one pause
                self.assertFalse(gc.isenabled())
            self.assertFalse(gc.isenabled())
            with collector_resumed():
                self.assertTrue(gc.isenabled())
            self.assertFalse(gc.isenabled())
        self.assertTrue(gc.isenabled())
        with collector_resumed():  # outside a pause: nothing
            self.assertTrue(gc.isenabled())
        self.assertTrue(gc.isenabled())

    def test_a_collector_turned_off_stays_off(self):
        gc.disable()
        with collector_paused():
            with collector_resumed():
                self.assertFalse(gc.isenabled())
        self.assertFalse(gc.isenabled())

    def test_an_error_ends_the_pause(self):
        with self.assertRaises(ValueError), collector_paused():
            raise ValueError("a page that cannot be read")
        self.assertTrue(gc.isenabled())
