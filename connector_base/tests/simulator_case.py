# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The test case of a connector's author: a backend on a local simulator of
the external system (a ``http_simulator.SimulatorServer`` subclass), with
``common.ConnectorTransactionCase``'s helpers."""

from ..models.backend_http_mixin import INSECURE_HTTP_PARAM
from .common import ConnectorTransactionCase


class SimulatorCase(ConnectorTransactionCase):
    """A backend made once per class, talking to a fresh simulator in each
    test (``self.sim``, started before the test and stopped after it,
    whatever happens). A subclass sets:

    - ``simulator_class``: its ``SimulatorServer`` subclass;
    - ``backend_model`` and ``backend_values``: the backend to make (its
      ``base_url`` is the simulator's; HTTP retries off, so that a fault
      reaches the test at once).

    Plain http to loopback is allowed for the class (the simulators')."""

    simulator_class = None
    backend_model = None
    backend_values = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(INSECURE_HTTP_PARAM, "1")
        backends = cls.env[cls.backend_model]
        values = {"http_max_retries": 0}
        if "name" in backends._fields:  # the product page's backend has none
            values["name"] = f"{cls.__name__} backend"
        cls.backend = backends.create(dict(values, **cls.backend_values))

    def setUp(self):
        super().setUp()
        self.sim = self.simulator_class()
        self.addCleanup(self.sim.stop)
        self.sim.start()
        self.backend.base_url = self.sim.url

    def bound(self, model_name):
        """{external id: Odoo record} of the records of ``model_name`` bound
        to the backend."""
        with self.backend.work_on(model_name) as work:
            binder = work.component(usage="binder")
            return {binder.to_external(r): r for r in binder.bound_records()}

    def assert_created(self, result, model_name, external_id):
        """``result`` (what a create step returned) lists what the product
        page promises: the binding of ``external_id`` and its Odoo record,
        which it returns."""
        with self.backend.work_on(model_name) as work:
            binder = work.component(usage="binder")
            binding = binder.bindings_by_external([external_id])[str(external_id)]
            record = binder.to_internal(external_id)
        self.assertEqual(
            result,
            [
                {
                    "binding_id": binding.id,
                    "binding_model_name": binding._name,
                    "record": record,
                }
            ],
        )
        return record

    def sync_state(self, model_name, direction):
        """What the last run of ``direction`` did (its counters, its last
        success)."""
        return self.env["connector.sync.state"]._for(
            self.backend, model_name, direction
        )
