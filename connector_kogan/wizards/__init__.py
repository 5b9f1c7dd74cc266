from . import kogan_order_recovery
