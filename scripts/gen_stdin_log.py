#!/usr/bin/env python3
"""Generates an access-log-like input for `apigw --demo match --stdin` (scripts/bench_stdin.sh).

A realistic mix against the bundled demo account (assets/demo.json): mostly repeated
requests (hits, not-deployed routes, misses, stage typos, unknown hosts), unique ids in
paths, unique miss paths, and API Gateway JSON access-log lines (REST on the execute-api
host and on a custom domain, HTTP API), some of them as CloudWatch Logs exports
(timestamp + JSON). Deterministic for a given seed.

usage: gen_stdin_log.py LINES [SEED] > input.log
"""

import json
import random
import sys

EXEC = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"
BILL = "https://k7lm2n9p4q.execute-api.eu-west-1.amazonaws.com"
HTTP = "https://p4y8h3t6x1.execute-api.eu-west-1.amazonaws.com"
DOM = "https://api.example.com"
INTERNAL = "https://internal.example.com"

# Requests that repeat a lot in real access logs.
COMMON = [
    f"GET {EXEC}/prod/orders",
    f"POST {EXEC}/prod/orders",
    f"GET {EXEC}/prod/health",
    f"GET {EXEC}/staging/orders",
    f"GET {EXEC}/prod/orders/",
    f"GET {EXEC}/prd/orders",
    f"GET {EXEC}/prod/order",
    f"OPTIONS {EXEC}/prod/orders",
    f"GET {EXEC}/prod/admin/users/list",
    f"GET {EXEC}",
    f"GET {DOM}/orders/orders",
    f"POST {DOM}/orders/orders/42/refunds",
    f"GET {DOM}/orders/health",
    f"GET {DOM}/v1/billing/invoices",
    f"GET {DOM}/v1/billing/invoices/INV-1",
    f"GET {DOM}/pay/payments",
    f"POST {DOM}/pay/payments",
    f"GET {DOM}/pay/webhooks/stripe/evt",
    f"GET {DOM}/nope",
    f"GET {DOM}/favicon.ico",
    f"GET {INTERNAL}/orders",
    f"GET {BILL}/v1/invoices",
    f"GET {HTTP}/payments",
    f"DELETE {HTTP}/payments/7",
    f"GET https://unknown.example.net/x",
    f"GET https://zzzz999999.execute-api.eu-west-1.amazonaws.com/prod/x",
    f"{DOM}/orders/orders/1/items",
    f"{EXEC}/prod/orders/1/items",
]

MISS_WORDS = ["wp-login.php", ".env", "admin.php", "robots.txt", "api", "graphql", "v2", "old"]


def unique_request(rng, n):
    k = rng.randrange(6)
    if k == 0:
        return f"GET {DOM}/orders/orders/{n}"
    if k == 1:
        return f"GET {EXEC}/prod/orders/{n}/items"
    if k == 2:
        return f"DELETE {EXEC}/prod/orders/{n}"
    if k == 3:
        return f"GET {DOM}/pay/payments/{n:08x}"
    if k == 4:
        return f"GET {DOM}/{rng.choice(MISS_WORDS)}/{n}"
    return f"GET {EXEC}/prod/{rng.choice(MISS_WORDS)}-{n}"


def access_log(rng, n):
    """An API Gateway JSON access-log line (REST execute-api, REST custom domain, HTTP).

    Only requests that reached a stage are in its access log (a stage typo never is).
    The logged statuses are drawn at random: the summary shows disagreements."""
    rid = f"{n:08x}-1111-2222-3333-{rng.getrandbits(48):012x}"
    t = f"1{n % 60:02d}/Nov/2026:10:{(n // 60) % 60:02d}:{n % 60:02d} +0000"
    k = rng.randrange(4)
    if k == 0:
        path, status = rng.choice(
            [("/prod/orders", 200), ("/prod/orders/17", 401), ("/prod/nope", 403),
             ("/prod/orders/17/items", 200)]
        )
        rec = {"requestId": rid, "ip": "203.0.113.9", "requestTime": t, "httpMethod": "GET",
               "domainName": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
               "apiId": "a1b2c3d4e5", "stage": "prod", "path": path,
               "resourcePath": "/orders", "status": str(status), "protocol": "HTTP/1.1",
               "responseLength": "112"}
    elif k == 1:
        path, status = rng.choice([("/orders/orders", 200), (f"/orders/orders/{n}", 200),
                                   ("/orders/orders/9/refunds", 403), ("/v1/billing/invoices", 200)])
        rec = {"requestId": rid, "requestTime": t, "httpMethod": rng.choice(["GET", "POST"]),
               "domainName": "api.example.com", "apiId": "a1b2c3d4e5", "stage": "prod",
               "path": path, "status": status}
    elif k == 2:
        path, rk, status = rng.choice([("/payments", "GET /payments", 200),
                                       (f"/payments/{n}", "GET /payments/{id}", 200),
                                       ("/zzz", "$default", 200)])
        rec = {"requestId": rid, "requestTime": t, "httpMethod": "GET", "routeKey": rk,
               "apiId": "p4y8h3t6x1", "stage": "$default", "path": path, "status": str(status),
               "domainName": "p4y8h3t6x1.execute-api.eu-west-1.amazonaws.com"}
    else:
        rec = {"requestId": rid, "httpMethod": "GET", "apiId": "k7lm2n9p4q", "stage": "v1",
               "path": rng.choice(["/v1/invoices", "/v1/invoices/3", "/v2/invoices"]),
               "status": rng.choice(["200", "403"])}
    line = json.dumps(rec, separators=(",", ":"))
    if rng.random() < 0.25:
        # CloudWatch Logs export / `aws logs tail`: a timestamp before the JSON message.
        return f"2026-11-{1 + n % 28:02d}T10:00:00.000Z {line}"
    return line


def main():
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 11)
    out = sys.stdout
    buf = []
    for n in range(lines):
        r = rng.random()
        if r < 0.55:
            buf.append(rng.choice(COMMON))
        elif r < 0.78:
            buf.append(unique_request(rng, n))
        elif r < 0.999:
            buf.append(access_log(rng, n))
        else:
            buf.append(rng.choice(["GET a b c", "::::", "{not json", "curl -X"]))
        if len(buf) >= 10_000:
            out.write("\n".join(buf) + "\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf) + "\n")


if __name__ == "__main__":
    main()
