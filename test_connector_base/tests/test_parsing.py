# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.tests import BaseCase

from odoo.addons.connector_base import BadDataError, number, utc_datetime


class TestParsing(BaseCase):
    def test_dates_become_naive_utc_to_the_second(self):
        expected = datetime(2026, 3, 1, 10, 0, 0)
        for text in (
            "2026-03-01T10:00:00Z",
            "2026-03-01 10:00:00",
            "2026-03-01T10:00:00.1234567Z",  # .NET's seven digits
            "2026-03-01T20:00:00+10:00",  # Sydney: converted, not cut off
        ):
            self.assertEqual(utc_datetime(text, "When"), expected, text)

    def test_a_bad_date_names_the_field_and_what_was_sent(self):
        with self.assertRaisesRegex(BadDataError, r"When .* the shop sent 'soon'"):
            utc_datetime("soon", "When", "the shop")

    def test_numbers(self):
        self.assertEqual(number("12.50", "Price"), 12.5)
        self.assertEqual(number(3, "Price"), 3.0)
        for value in (True, None, "12,50", {}):
            with self.assertRaisesRegex(BadDataError, "Price should be a number"):
                number(value, "Price")
