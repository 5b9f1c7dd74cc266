# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

# Kogan accepts only these carrier codes in a fulfilment (Ventmere/kogan's
# OrderShippingCarrier, 2022-12; Kogan's help article 900005468863)
KOGAN_CARRIERS = [
    ("AUP", "Australia Post"),
    ("ST", "StarTrack"),
    ("TIPC", "Toll IPEC"),
    ("DHL", "DHL"),
    ("FDX", "FedEx"),
    ("UPS", "UPS"),
    ("CP", "Couriers Please"),
    ("DFE", "Direct Freight Express"),
    ("ARAMEX", "Aramex"),
    ("FW", "Fastway"),
    ("KINGS", "Kings Transport"),
    ("HX", "Hunter Express"),
    ("NZP", "New Zealand Post"),
    ("XLE", "XL Express"),
    ("TNT", "TNT Express"),
    ("R", "Allied Express"),
    ("BEX", "Border Express"),
    ("BLUESTAR", "Blue Star Logistics"),
    ("NTH", "Northline"),
    ("ADSONE", "ADSOne"),
    ("SENDLE", "Sendle"),
    ("COPE", "COPE Sensitive Freight"),
    ("BPOST", "Bpost"),
    ("SHIPPIT", "Shippit"),
    ("MEGASAVE", "Megasave"),
    ("QLSSTD", "QLS Standard"),
    ("QLSPRE", "QLS Premium"),
    ("OMNI", "Omni Parcel"),
]


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    kogan_carrier_code = fields.Selection(
        KOGAN_CARRIERS,
        string="Kogan Carrier",
        help="The carrier Kogan is told when a delivery of a Kogan order "
        "shipped with this method is done.",
    )
