from . import kogan_backend
from . import kogan_push
from . import product
from . import sale_order
from . import delivery_carrier
from . import stock_picking
from . import account_move
from . import kogan_category
