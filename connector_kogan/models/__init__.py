from . import kogan_backend
