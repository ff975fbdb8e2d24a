"""The Flask extensions, created once and bound to the app in create_app."""

from flask import current_app
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
# per client address (the real one behind STTS_TRUSTED_PROXIES); the store is RATELIMIT_STORAGE_URI,
# shared by every process when it is Redis. The tests switch it off (RATELIMIT_ENABLED) but in theirs.
limiter = Limiter(key_func=get_remote_address)
compress = Compress()


def rate_limit(setting):
    """The limit named by the config `setting` (e.g. 'LOGIN_RATE_LIMIT'), read when a request asks."""
    return lambda: current_app.config[setting]


# one count over the views each covers: an address's eligibility look-ups (request and transfer
# forms), and its calls of the XML channel (messages and feed)
eligibility_limit = limiter.shared_limit(rate_limit("ELIGIBILITY_RATE_LIMIT"), scope="eligibility",
                                         methods=["POST"])
channel_limit = limiter.shared_limit(rate_limit("CHANNEL_RATE_LIMIT"), scope="channel")
