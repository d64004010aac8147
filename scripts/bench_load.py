#!/usr/bin/env python3
"""Load benchmark: seeds a large account in moto's server (REST APIs with 100-300
resources each, HTTP APIs with routes, custom domains), then times `apigw snapshot` and the
plain sequential boto3 crawl (scripts/bench_crawl.py) of the same data, counting the HTTP
requests of each at a small proxy and reading each process's peak RSS (wait4).
The proxy also answers the two reads moto 5.2.5 lacks (v2 GetAuthorizers, GetDeployments)
with empty lists, like tests/harness/gapfill.rs.

Run with the python of the moto venv (scripts/bench_load.sh does all of this):
  python bench_load.py --apigw target/release/apigw --out bench_load.md"""
import argparse
import http.client
import http.server
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
GAPS = [re.compile(r"^/v2/apis/[^/]+/(authorizers|deployments)/?(\?.*)?$")]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Proxy(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream):
        self.upstream = upstream
        self.count = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), Handler)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def handle_one(self):
        srv = self.server
        with srv.lock:
            srv.count += 1
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else None
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


def start_moto():
    port = free_port()
    exe = os.path.join(os.path.dirname(sys.executable), "moto_server")
    log = open(os.path.join(os.environ.get("TMPDIR", "/tmp"), f"bench-moto-{port}.log"), "w")
    proc = subprocess.Popen([exe, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("moto_server did not start")


def seed_rest(kw, i, n_resources):
    v1 = boto3.client("apigateway", **kw)
    api = v1.create_rest_api(name=f"rest-{i:02d}", endpointConfiguration={"types": ["REGIONAL"]})
    rid = api["id"]
    root = [r for r in v1.get_resources(restApiId=rid)["items"] if r["path"] == "/"][0]["id"]
    auth = v1.create_authorizer(restApiId=rid, name="tok", type="TOKEN", identitySource="method.request.header.Authorization",
                                authorizerUri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:a/invocations")["id"]
    parents = [root]
    for j in range(n_resources - 1):
        parent = parents[j // 8] if j // 8 < len(parents) else root
        part = f"{{p{j}}}" if j % 10 == 9 else f"r{j}"
        res = v1.create_resource(restApiId=rid, parentId=parent, pathPart=part)["id"]
        parents.append(res)
        auth_type = ["NONE", "AWS_IAM", "CUSTOM"][j % 3]
        extra = {"authorizerId": auth} if auth_type == "CUSTOM" else {}
        v1.put_method(restApiId=rid, resourceId=res, httpMethod="GET", authorizationType=auth_type, **extra)
        if j % 4 == 0:
            v1.put_integration(restApiId=rid, resourceId=res, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    v1.create_deployment(restApiId=rid, stageName="prod")
    return rid


def seed(endpoint, n_rest, n_http):
    kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    sizes = [100 + (200 * i) // max(n_rest - 1, 1) for i in range(n_rest)]
    threads, ids = [], []
    lock = threading.Lock()

    def work(chunk):
        for i in chunk:
            rid = seed_rest(kw, i, sizes[i])
            with lock:
                ids.append(rid)

    for t in range(2):
        th = threading.Thread(target=work, args=(range(t, n_rest, 2),))
        th.start()
        threads.append(th)
    for th in threads:
        th.join()
    v2 = boto3.client("apigatewayv2", **kw)
    http_ids = []
    for i in range(n_http):
        aid = v2.create_api(Name=f"http-{i:02d}", ProtocolType="HTTP")["ApiId"]
        integ = v2.create_integration(ApiId=aid, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
                                      IntegrationUri="https://backend.example.com", PayloadFormatVersion="1.0")["IntegrationId"]
        for j in range(20):
            v2.create_route(ApiId=aid, RouteKey=f"GET /items{j}/{{id}}", Target=f"integrations/{integ}")
        v2.create_stage(ApiId=aid, StageName="$default", AutoDeploy=True)
        http_ids.append(aid)
    v1 = boto3.client("apigateway", **kw)
    v1.create_domain_name(domainName="api.example.com", regionalCertificateArn="arn:aws:acm:us-east-1:1:certificate/x",
                          endpointConfiguration={"types": ["REGIONAL"]})
    for k, rid in enumerate(ids[:5]):
        v1.create_base_path_mapping(domainName="api.example.com", basePath=f"v{k}", restApiId=rid, stage="prod")
    v2.create_domain_name(DomainName="v2.example.com", DomainNameConfigurations=[{"CertificateArn": "arn:aws:acm:us-east-1:1:certificate/y", "EndpointType": "REGIONAL"}])
    for k, aid in enumerate(http_ids):
        v2.create_api_mapping(DomainName="v2.example.com", ApiId=aid, Stage="$default", ApiMappingKey=f"v1/h{k}")
    return sum(sizes)


def run(cmd, env, proxy):
    """Runs a command; returns (wall seconds, peak RSS MiB, requests, stdout)."""
    with proxy.lock:
        proxy.count = 0
    # /usr/bin/time (small) measures the peak RSS: wait4 on a child forked from this big
    # python process would report the parent's pages inherited at fork.
    rss_file = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"bench-rss-{os.getpid()}")
    if os.path.exists("/usr/bin/time"):
        cmd = ["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = b"", b""
    # read the pipes while waiting (stdout can be large)
    reader = threading.Thread(target=lambda: setattr(p, "_out", p.stdout.read()))
    reader.start()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    reader.join()
    wall = time.monotonic() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{cmd[0]} failed ({code}): {err.decode(errors='replace')[-2000:]}")
    rss_kib = usage.ru_maxrss
    if os.path.exists(rss_file):
        with open(rss_file) as f:
            rss_kib = int(f.read().strip().splitlines()[-1])
        os.remove(rss_file)
    return wall, rss_kib / 1024, proxy.count, getattr(p, "_out", b"")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--apigw", required=True)
    ap.add_argument("--rest", type=int, default=40)
    ap.add_argument("--http", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out")
    a = ap.parse_args()
    moto, port = start_moto()
    try:
        t0 = time.monotonic()
        n_res = seed(f"http://127.0.0.1:{port}", a.rest, a.http)
        print(f"seeded {a.rest} REST APIs ({n_res} resources), {a.http} HTTP APIs in {time.monotonic() - t0:.0f} s", file=sys.stderr)
        proxy = Proxy(port)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        endpoint = f"http://127.0.0.1:{proxy.server_address[1]}"
        env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                   AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE="/nonexistent",
                   AWS_SHARED_CREDENTIALS_FILE="/nonexistent", XDG_CACHE_HOME=os.path.join(os.environ.get("TMPDIR", "/tmp"), "bench-cache"))
        env.pop("AWS_PROFILE", None)
        fast = dict(env, APIGW_MAX_RPS="100000", APIGW_BURST="100000")
        rows = {}
        for name, cmd, e in [
            ("apigw snapshot (limiter off)", [a.apigw, "--no-cache", "snapshot"], fast),
            ("sequential boto3 crawl", [sys.executable, os.path.join(HERE, "bench_crawl.py")], env),
        ]:
            results = [run(cmd, e, proxy) for _ in range(a.runs)]
            rows[name] = results
            print(name, [f"{r[0]:.2f}s" for r in results], file=sys.stderr)
        quota = run([a.apigw, "--no-cache", "snapshot"], env, proxy)
        rows["apigw snapshot (AWS quota limiter: 10 rps, burst 40)"] = [quota]
        snap = json.loads(rows["apigw snapshot (limiter off)"][0][3])["inventory"]
        crawl = json.loads(rows["sequential boto3 crawl"][0][3])
        got = sum(len(x["resources"]) for x in snap["rest_apis"])
        assert got == crawl["resources"] == n_res, (got, crawl["resources"], n_res)
        assert len(snap["http_apis"]) == crawl["http_apis"]
        table = report(a, n_res, rows)
        print(table)
        if a.out:
            with open(a.out, "w") as f:
                f.write(table)
    finally:
        moto.kill()
        moto.wait()


def report(a, n_res, rows):
    seq = statistics.median(r[0] for r in rows["sequential boto3 crawl"])
    lines = [
        "# Load benchmark: `apigw snapshot` vs a sequential crawl",
        "",
        f"Account in moto 5.2.5 (local, loopback): {a.rest} REST APIs with 100-300 resources each "
        f"({n_res} resources, GET methods with NONE/IAM/CUSTOM auth), {a.http} HTTP APIs x 20 routes, "
        "2 custom domains with mappings. Median of "
        f"{a.runs} runs (quota row: 1 run); requests counted at a proxy; peak RSS from /usr/bin/time. "
        "Both read exactly the same data (checked: same resource and API counts).",
        "",
        "| crawler | wall time (s) | vs sequential | HTTP requests | peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, rs in rows.items():
        wall = statistics.median(r[0] for r in rs)
        rss = max(r[1] for r in rs)
        reqs = rs[-1][2]
        lines.append(f"| {name} | {wall:.2f} | {wall / seq:.2f}x | {reqs} | {rss:.0f} |")
    lines += [
        "",
        "Notes: moto does not paginate, so each list is one request for both crawlers (same "
        "request count). Row 1 raises apigw's client-side limiter (`APIGW_MAX_RPS`, "
        "`APIGW_BURST`) to measure the loader itself. Row 3 is the default, tuned to API "
        "Gateway's control-plane quota (about 10 requests/s per account, burst 40; "
        "GetResources 5/s): after the burst it runs at exactly 10 requests/s, i.e. "
        "(requests - 40) / 10 seconds, and on an emulator that is slower than the "
        "unthrottled sequential crawl. Against real AWS the sequential crawl is bound by the "
        "same account quota (at 50-100 ms per call it would itself exceed 10 requests/s and "
        "be throttled); that comparison was not measured here. Reproduce: "
        "`scripts/bench_load.sh`.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
