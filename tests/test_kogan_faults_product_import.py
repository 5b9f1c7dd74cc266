"""Faults on the Kogan product import (``kogan_fault_case`` says what each
scenario checks): the listing's pages fail, arrive damaged or carry bad data."""

from .kogan_fault_case import IMPORT, KoganFaultCase
from .transport_faults import transport_faults

# name -> (fault for the first attempt, what the first attempt must be)
SCENARIOS = {
    **transport_faults(match="GET products"),
    "page cut short": (
        {"match": "GET products", "kind": "cut_page"},
        "partial",
    ),
    "cursor that repeats": (
        {"match": "GET products", "kind": "repeat_cursor", "times": 2},
        "retry",
    ),
    "duplicate records in one page": (
        {"match": "GET products", "kind": "duplicate_records"},
        "done",
    ),
    "wrong types in listings": ({"data": "wrong_types"}, "record errors"),
}


class TestKoganProductImportFaults(KoganFaultCase):
    flow, method, model = IMPORT, "import_batch", "product.product"

    def _prepare(self, data_fault):
        super()._prepare(data_fault)
        if data_fault == "wrong_types":
            self._set_listings(title=42, offer_data={"AUD": {"price": "N/A"}})

    def _repair(self, data_fault):
        if data_fault == "wrong_types":  # Kogan's data is fixed
            self._set_listings(title="Fixed title", offer_data={})
        super()._repair(data_fault)

    def _set_listings(self, title, offer_data):
        """The title of Kogan's third listing and the offers of its sixth,
        behind the simulator's own checks (they would refuse wrong types)."""
        with self.sim._lock:
            records = self.sim._records
            records[2] = {**records[2], "product_title": title}
            records[5] = {**records[5], "offer_data": offer_data}

    def _synced(self):
        wanted = {p["product_sku"] for p in self.sim.state()["products"]}
        return self._synced_by_key(wanted, "default_code")

    def _check_retried(self, adopt):
        self.assertEqual(len(self._bound("product.product")), 10)


TestKoganProductImportFaults.add_scenario_tests(SCENARIOS)
