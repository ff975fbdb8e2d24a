"""The Flask extensions, created once and bound to the app in create_app."""

from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
# per client address; the lock-out in the database is what holds across app processes
limiter = Limiter(key_func=get_remote_address)
compress = Compress()
