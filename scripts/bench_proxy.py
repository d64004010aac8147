"""The counting proxy the load benchmark (bench_load.py) puts in front of moto's server.

- Counts every request it receives, throttled retries included, and the 429s it sent.
- Fills two reads moto 5.2.5 lacks (v2 GetAuthorizers, GetDeployments) with empty lists,
  like tests/harness/gapfill.rs.
- Optional latency: each request (answered or throttled) takes `latency` seconds more, as a
  round trip to a real Region does (about 60 ms in-Region, 150 ms across an ocean).
- Optional quota emulation: API Gateway's control-plane quotas per account (developer guide,
  "Amazon API Gateway quotas", "quotas for creating, deploying and managing an API"):
  GetResources 5 requests every 2 seconds, every operation together 10 requests per second
  with a burst of 40. A request over quota gets what AWS sends: 429 with
  `x-amzn-ErrorType: TooManyRequestsException` and `{"message":"Too Many Requests"}`, which
  both the Rust SDK and botocore classify as throttling and retry with backoff.
"""
import http.client
import http.server
import re
import threading
import time
import uuid

GAPS = [re.compile(r"^/v2/apis/[^/]+/(authorizers|deployments)/?(\?.*)?$")]
GET_RESOURCES = re.compile(r"^/restapis/[^/]+/resources/?(\?.*)?$")


class Bucket:
    """A token bucket: `burst` tokens, refilled at `per_second`."""

    def __init__(self, per_second, burst):
        self.rate = per_second
        self.burst = burst
        self.tokens = float(burst)
        self.at = time.monotonic()

    def refill(self, now):
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now


class Quota:
    """AWS's account quota: a stricter bucket for GetResources, one for everything."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.total = Bucket(10.0, 40)
            self.resources = Bucket(5 / 2.0, 5)

    def admit(self, method, path):
        """True when the request is within quota (and takes its tokens)."""
        buckets = [self.total]
        if method == "GET" and GET_RESOURCES.match(path):
            buckets.append(self.resources)
        with self.lock:
            now = time.monotonic()
            for b in buckets:
                b.refill(now)
            if any(b.tokens < 1 for b in buckets):
                return False
            for b in buckets:
                b.tokens -= 1
            return True


class Proxy(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream):
        self.upstream = upstream
        self.lock = threading.Lock()
        self.latency = 0.0
        self.quota = None
        self.count = 0
        self.throttled = 0
        self.paths = []
        self.throttled_paths = []
        super().__init__(("127.0.0.1", 0), Handler)

    def configure(self, latency=0.0, quota=False):
        """Sets the scenario and starts a fresh run: counters zero, quota buckets full (an
        account idle for a few seconds)."""
        with self.lock:
            self.latency = latency
            self.quota = Quota() if quota else None
            self.count = 0
            self.throttled = 0
            self.paths = []
            self.throttled_paths = []


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def handle_one(self):
        srv = self.server
        with srv.lock:
            srv.count += 1
            srv.paths.append((self.command, self.path))
            latency, quota = srv.latency, srv.quota
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else None
        if latency:
            time.sleep(latency)
        if quota is not None and not quota.admit(self.command, self.path):
            with srv.lock:
                srv.throttled += 1
                srv.throttled_paths.append((self.command, self.path))
            self.reply(429, [("Content-Type", "application/json"),
                             ("x-amzn-ErrorType", "TooManyRequestsException"),
                             ("x-amzn-RequestId", str(uuid.uuid4()))],
                       b'{"message":"Too Many Requests"}')
            return
        if self.command == "GET" and any(g.match(self.path) for g in GAPS):
            self.reply(200, [("Content-Type", "application/json")], b'{"items": []}')
            return
        conn = http.client.HTTPConnection("127.0.0.1", srv.upstream, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "host")}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        hdrs = [(k, v) for k, v in resp.getheaders()
                if k.lower() not in ("content-length", "connection", "transfer-encoding")]
        conn.close()
        self.reply(resp.status, hdrs, data)

    def reply(self, status, headers, data):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_one
