#!/usr/bin/env python3
"""Load benchmark: seeds a large account in moto's server (REST APIs with 100-300
resources each, HTTP APIs with routes, custom domains), then times `apigw snapshot` and the
plain sequential boto3 crawl (scripts/bench_crawl.py) of the same data, counting the HTTP
requests of each at a small proxy (scripts/bench_proxy.py) and reading each process's peak
RSS. Scenarios: moto as is (no quota, loopback), then AWS's control-plane quotas emulated
at the proxy (GetResources 5 per 2 s; all operations 10/s, burst 40; 429
TooManyRequestsException beyond) with a fixed round-trip latency per request (--latencies,
default 60 ms in-Region and 150 ms cross-Region).
The proxy also answers the two reads moto 5.2.5 lacks (v2 GetAuthorizers, GetDeployments)
with empty lists, like tests/harness/gapfill.rs.

Run with the python of the moto venv (scripts/bench_load.sh does all of this):
  python bench_load.py --apigw target/release/apigw --out bench_load.md"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

import boto3

from bench_proxy import GET_RESOURCES, Proxy

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


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


def vmhwm_watch(pid, out):
    """Fallback peak-RSS reader (no /usr/bin/time): polls /proc/PID/status for VmHWM."""
    while True:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        out[0] = max(out[0], int(line.split()[1]))
        except OSError:
            return
        time.sleep(0.05)


def run(cmd, env, proxy, latency=0.0, quota=False):
    """Runs a command once; returns (wall s, peak RSS MiB, requests, 429s, stdout)."""
    proxy.configure(latency=latency, quota=quota)
    # /usr/bin/time (small) measures the peak RSS ("Maximum resident set size" of -v): wait4
    # on a child forked from this big python process would report the parent's pages.
    rss_file = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"bench-rss-{os.getpid()}")
    timed = os.path.exists("/usr/bin/time")
    if timed:
        cmd = ["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    hwm = [0]
    if not timed:
        threading.Thread(target=vmhwm_watch, args=(p.pid, hwm), daemon=True).start()
    readers = [threading.Thread(target=lambda n=n, f=f: setattr(p, n, f.read()))
               for n, f in (("_out", p.stdout), ("_err", p.stderr))]
    for r in readers:
        r.start()
    try:
        code = p.wait(timeout=600)
    except subprocess.TimeoutExpired:
        p.kill()
        sys.exit(f"{cmd[-1]} did not finish in 600 s")
    for r in readers:
        r.join()
    err = getattr(p, "_err", b"")
    wall = time.monotonic() - t0
    if code != 0:
        sys.exit(f"{cmd} failed ({code}): {err.decode(errors='replace')[-2000:]}")
    rss_kib = hwm[0]
    if timed and os.path.exists(rss_file):
        with open(rss_file) as f:
            rss_kib = int(f.read().strip().splitlines()[-1])
        os.remove(rss_file)
    with proxy.lock:
        reqs, thr = proxy.count, proxy.throttled
        thr_res = sum(1 for m, path in proxy.throttled_paths if m == "GET" and GET_RESOURCES.match(path))
    return wall, rss_kib / 1024, reqs, thr, getattr(p, "_out", b""), thr_res


APIGW = "apigw snapshot"
SEQ = "sequential boto3 crawl"


def scenarios(a, apigw, crawl, env):
    """(scenario, crawler, cmd, env, latency, quota, runs) in the order they run. apigw does
    not pace against an emulator by default (a loopback endpoint); APIGW_PACE=aws makes it
    pace as it does against AWS, which is what the quota scenarios stand for."""
    aws = dict(env, APIGW_PACE="aws")
    out = [] if a.quota_only else [
        ("moto, no quota, no latency", APIGW + " (default: unpaced)", apigw, env, 0.0, False, a.runs),
        ("moto, no quota, no latency", SEQ, crawl, env, 0.0, False, a.runs),
        ("moto, no quota, no latency", APIGW + " (APIGW_PACE=aws)", apigw, aws, 0.0, False, 1),
    ]
    for ms in a.latencies:
        name = f"AWS quotas emulated, {ms:.0f} ms latency"
        out.append((name, APIGW + " (APIGW_PACE=aws)", apigw, aws, ms / 1000, True, a.runs))
        out.append((name, APIGW + " (unpaced, adaptive only)", apigw, env, ms / 1000, True, a.runs))
        out.append((name, SEQ, crawl, env, ms / 1000, True, a.runs))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--apigw", required=True)
    ap.add_argument("--rest", type=int, default=40)
    ap.add_argument("--http", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--latencies", type=lambda v: [float(x) for x in v.split(",") if x],
                    default=[60.0, 150.0], help="ms per request for the quota scenarios")
    ap.add_argument("--quota-only", action="store_true", help="skip the no-quota scenario")
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
        for k in ("AWS_PROFILE", "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS", "APIGW_PACE", "APIGW_MAX_RPS", "APIGW_BURST",
                  "APIGW_CONCURRENCY"):
            env.pop(k, None)  # boto3's and apigw's defaults
        apigw = [a.apigw, "--no-cache", "snapshot"]
        crawl = [sys.executable, os.path.join(HERE, "bench_crawl.py")]
        rows = []
        for scen, name, cmd, e, lat, quota, runs in scenarios(a, apigw, crawl, env):
            results = [run(cmd, e, proxy, lat, quota) for _ in range(runs)]
            rows.append((scen, name, results))
            print(scen, "|", name, [f"{r[0]:.2f}s/{r[2]}req/{r[3]}x429({r[5]} GetResources)" for r in results], file=sys.stderr, flush=True)
            check(results[0][4], name, n_res, a.http)
        table = report(a, n_res, rows)
        print(table)
        if a.out:
            with open(a.out, "w") as f:
                f.write(table)
    finally:
        moto.kill()
        moto.wait()


def check(out, name, n_res, n_http):
    """Both crawlers read the whole account (same resource and API counts)."""
    data = json.loads(out)
    if "inventory" in data:
        inv = data["inventory"]
        got = (sum(len(x["resources"]) for x in inv["rest_apis"]), len(inv["http_apis"]))
    else:
        got = (data["resources"], data["http_apis"])
    assert got == (n_res, n_http), (name, got, n_res, n_http)


def report(a, n_res, rows):
    seq = {scen: statistics.median(r[0] for r in rs) for scen, name, rs in rows if name == SEQ}
    lines = [
        "| scenario | crawler | wall time (s) | vs sequential | HTTP requests (429s) | peak RSS (MiB) | runs |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for scen, name, rs in rows:
        wall = statistics.median(r[0] for r in rs)
        rss = max(r[1] for r in rs)
        reqs = statistics.median(r[2] for r in rs)
        thr = statistics.median(r[3] for r in rs)
        lines.append(f"| {scen} | {name} | {wall:.2f} | {wall / seq[scen]:.2f}x | {reqs:.0f} ({thr:.0f}) | {rss:.0f} | {len(rs)} |")
    head = (f"Account in moto 5.2.5: {a.rest} REST APIs with 100-300 resources each ({n_res} resources), "
            f"{a.http} HTTP APIs x 20 routes, 2 custom domains with mappings. Medians; requests counted at "
            "the proxy including throttled retries; peak RSS from /usr/bin/time.")
    return head + "\n\n" + "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
