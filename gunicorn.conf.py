"""gunicorn's settings for `make run` (and production, see docs/deploy.md); the environment
overrides: HOST, PORT, WORKERS, THREADS.

gthread workers: a browser's idle keep-alive connection holds a thread, not a whole worker, and a
request waiting on the database leaves the other threads serving.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
worker_class = "gthread"
# one worker per core (at least two), each with a few threads
workers = int(os.environ.get("WORKERS") or max(2, multiprocessing.cpu_count()))
threads = int(os.environ.get("THREADS") or 4)
# idle keep-alive connections are closed after this many seconds
keepalive = 5
timeout = 60
graceful_timeout = 20
# the access log on standard output, as the development server does; no server banner
accesslog = "-"
errorlog = "-"
# no control socket: several instances (the bench's, a developer's) on one machine would share it
control_socket_disable = True
