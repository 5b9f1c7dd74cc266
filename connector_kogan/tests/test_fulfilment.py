# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Done deliveries of Kogan orders are sent to Kogan with its carrier codes,
one fulfilment per delivery (a backorder ships the rest), many deliveries in
one call."""

from .common import KoganSellingCase


class TestFulfilment(KoganSellingCase):
    def setUp(self):
        super().setUp()
        self.auspost = self.make_carrier("Australia Post eParcel", "AUP")
        self.pigeon = self.make_carrier("Pigeon Express")  # no Kogan code

    def imported_picking(self, items):
        order = self.sim.make_order(items=items)
        self.sim.seed_orders([order])
        self.backend.import_batch("sale.order")
        picking = self.bound("sale.order")[order["ID"]].picking_ids
        picking.carrier_id = self.auspost
        picking.carrier_tracking_ref = "TRACK-123"
        return order, picking

    def remote_order(self, order_id):
        return next(o for o in self.sim.state()["orders"] if o["ID"] == order_id)

    def ship(self, picking, quantities=None):
        for move in picking.move_ids:
            move.quantity = (quantities or {}).get(
                move.product_id, move.product_uom_qty
            )
        picking.with_context(skip_backorder=True).button_validate()
        self.assertEqual(picking.state, "done")

    def test_fulfilment_sends_tracking_and_carrier_code_once(self):
        order, picking = self.imported_picking(
            (("DESK-1", 1, "199.00"), ("LAMP-1", 2, "25.00"))
        )
        self.ship(picking)
        self.run_jobs("export_batch")
        fulfilments = self.sim.state()["fulfilments"]
        self.assertEqual(len(fulfilments), 2)
        self.assertEqual({f["TrackingNumber"] for f in fulfilments}, {"TRACK-123"})
        self.assertEqual({f["Carrier"] for f in fulfilments}, {"AUP"})
        self.assertEqual(self.remote_order(order["ID"])["OrderStatus"], "Shipped")
        self.assertIn(f"{order['ID']}/{picking.name}", self.bound("stock.picking"))
        # a second export of the same delivery sends nothing
        self.sim.clear_calls()
        self.backend.export_record(picking)
        self.assertFalse(self.calls("POST", "orders/fulfill"))

    def test_a_partial_shipment_then_its_backorder(self):
        order, picking = self.imported_picking((("LAMP-1", 3, "25.00"),))
        self.ship(picking, {self.lamp: 1})
        self.run_jobs("export_batch")
        remote = self.remote_order(order["ID"])
        self.assertEqual(remote["OrderStatus"], "PartiallyShipped")
        self.assertEqual([d["Quantity"] for d in remote["DispatchedItems"]], [1])
        backorder = picking.backorder_ids
        backorder.carrier_id = self.auspost
        backorder.carrier_tracking_ref = "TRACK-456"
        self.ship(backorder)
        self.run_jobs("export_batch")
        remote = self.remote_order(order["ID"])
        self.assertEqual(remote["OrderStatus"], "Shipped")
        self.assertEqual(
            [(d["Quantity"], d["TrackingNumber"]) for d in remote["DispatchedItems"]],
            [(1, "TRACK-123"), (2, "TRACK-456")],
        )
        # the import follows the order to Shipped
        self.backend.import_batch("sale.order")
        self.assertEqual(picking.sale_id.kogan_status, "Shipped")

    def test_a_carrier_without_kogan_code_is_a_clear_error(self):
        order, picking = self.imported_picking((("DESK-1", 1, "199.00"),))
        picking.carrier_id = self.pigeon
        self.ship(picking)
        self.run_jobs("export_batch")
        error = self.connector_errors(self.backend, model_name="stock.picking")
        self.assertIn("Pigeon Express", error.message)
        self.assertIn("Kogan Carrier", error.message)
        self.assertFalse(self.calls("POST", "orders/fulfill"))
        # mapped, then retried: sent
        self.pigeon.kogan_carrier_code = "SENDLE"
        self.backend.export_record(picking)
        self.assertEqual(
            [f["Carrier"] for f in self.sim.state()["fulfilments"]], ["SENDLE"]
        )

    def test_fulfilment_without_tracking_is_an_error(self):
        order, picking = self.imported_picking((("DESK-1", 1, "199.00"),))
        picking.carrier_tracking_ref = False
        self.ship(picking)
        self.run_jobs("export_batch")
        error = self.connector_errors(self.backend, model_name="stock.picking")
        self.assertIn("no tracking reference", error.message)
        self.assertFalse(self.sim.state()["fulfilments"])

    def test_deliveries_done_together_go_in_one_call(self):
        pickings = self.env["stock.picking"]
        for __ in range(3):
            __, picking = self.imported_picking((("LAMP-1", 1, "25.00"),))
            pickings |= picking
        partial_order, partial = self.imported_picking((("DESK-1", 2, "199.00"),))
        self.sim.clear_calls()
        for picking in pickings:
            self.ship(picking)
        self.ship(partial, {self.desk: 1})
        backorder = partial.backorder_ids
        backorder.carrier_id = self.auspost
        backorder.carrier_tracking_ref = "TRACK-789"
        self.ship(backorder)
        # one pending job for every delivery done meanwhile
        self.assertEqual(len(self.jobs("export_batch")), 1)
        self.run_jobs("export_batch")
        calls = self.calls("POST", "orders/fulfill")
        # a delivery and its backorder are two fulfilments of one order: two calls
        self.assertEqual([call["items"] for call in calls], [4, 1])
        bound = self.bound("stock.picking")
        for picking in pickings | partial | backorder:
            self.assertIn(f"{picking.sale_id.client_order_ref}/{picking.name}", bound)
        remote = self.remote_order(partial_order["ID"])
        self.assertEqual(remote["OrderStatus"], "Shipped")

    def test_a_refused_delivery_does_not_hold_back_the_others(self):
        __, good = self.imported_picking((("LAMP-1", 1, "25.00"),))
        __, bad = self.imported_picking((("LAMP-1", 1, "25.00"),))
        bad.carrier_tracking_ref = False
        self.ship(good)
        self.ship(bad)
        self.run_jobs("export_batch")
        self.assertEqual(len(self.sim.state()["fulfilments"]), 1)
        error = self.connector_errors(self.backend, model_name="stock.picking")
        self.assertEqual(error.record_ref, f"stock.picking,{bad.id}")
