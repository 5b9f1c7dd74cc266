from . import models
from . import components
