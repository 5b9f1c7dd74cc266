# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import CoffeeCase


class BrewCases:
    def _brew(self, code, cups=1):
        self.import_menu()
        beverage = self.beverages().filtered(lambda b: b.coffee_id == code)
        return self.env["coffee.brew"].create(
            {"backend_id": self.backend.id, "product_id": beverage.id, "cups": cups}
        )

    def test_brew_is_sent_then_followed_until_done(self):
        brew = self._brew(self.espresso, cups=2)
        result = self.backend.export_record(brew)
        self.assertEqual(result[0]["binding_model_name"], "connector.binding")
        self.assertTrue(brew.external_id)
        self.assertEqual(brew.state, "queued")
        # one job follows the brew (jobs of other runs may be in the database)
        follow_call = f"coffee.backend({self.backend.id},).import_record('coffee.brew'"
        follow = (
            self.env["queue.job"]
            .search([])
            .filtered(lambda job: job.func_string.startswith(follow_call))
        )
        self.assertEqual(len(follow), 1)
        for __ in range(5):
            if brew.state == "done":
                break
            self.backend.import_record("coffee.brew", brew.external_id, force=True)
        self.assertEqual(brew.state, "done")
        posts = [c for c in self.sim.calls if c["method"] == "POST"]
        self.assertEqual(len(posts), 1)

    def test_unknown_beverage_is_refused_with_a_clear_error(self):
        brew = self._brew(self.espresso)
        self.sim.set_menu([])  # the machine no longer serves it
        self.failure(self.backend.export_record, brew)
        errors = self.connector_errors(self.backend, kind="bad_data")
        self.assertEqual(len(errors), 1)
        self.assertFalse(brew.external_id)

    def test_scheduled_import_reads_the_menu_not_the_brews(self):
        """The machine cannot list brews: they are followed one by one after
        their export, never batch-imported by the scheduled action."""
        backend = self.backend.with_context(connector_inline=False)
        backend.cron_id.method_direct_trigger()
        jobs = (
            self.env["queue.job"]
            .search([("method_name", "=", "import_batch")])
            .filtered(lambda job: job.records == self.backend)
        )
        self.assertEqual(jobs.mapped("args"), [["coffee.product"]])


class TestBrew1900(BrewCases, CoffeeCase):
    version = "1900"
    espresso = "ESP"


class TestBrew2900(BrewCases, CoffeeCase):
    version = "2900"
    espresso = "espresso"
