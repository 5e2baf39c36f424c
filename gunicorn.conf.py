"""gunicorn settings for production: `gunicorn wsgi:app` picks this file up.

Threaded workers, so that signing requests waiting on a shared transaction (group commit,
campaign/petitions/batching.py) do not each hold a process; one process per core."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "32"))
keepalive = 5
max_requests = 0
# Access log lines without personal data: no internet address, user agent, referrer, query
# string or emailed token (campaign/access_log.py).
logger_class = "campaign.access_log.MaskingLogger"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'
