#!/usr/bin/env python3
"""The plain sequential crawl apigw's loader is compared with: the obvious boto3 loop over
the same reads `apigw snapshot` makes (one request at a time, no concurrency), against the
endpoint in AWS_ENDPOINT_URL. Prints one JSON line of counts.

Usage: AWS_ENDPOINT_URL=http://127.0.0.1:PORT python bench_crawl.py"""
import json
import os

import boto3

KW = dict(endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name=os.environ.get("AWS_REGION", "us-east-1"))


def pages_v1(call, **kw):
    pos = None
    while True:
        out = call(limit=500, **({"position": pos} if pos else {}), **kw)
        yield from out.get("items", [])
        pos = out.get("position")
        if not pos:
            return


def pages_v2(call, **kw):
    tok = None
    while True:
        out = call(MaxResults="500", **({"NextToken": tok} if tok else {}), **kw)
        yield from out.get("Items", [])
        tok = out.get("NextToken")
        if not tok:
            return


def main():
    v1 = boto3.client("apigateway", **KW)
    v2 = boto3.client("apigatewayv2", **KW)
    counts = {"rest_apis": 0, "resources": 0, "methods": 0, "stages": 0, "deployments": 0,
              "summaries": 0, "http_apis": 0, "routes": 0, "domains": 0, "mappings": 0}
    for api in pages_v1(v1.get_rest_apis):
        counts["rest_apis"] += 1
        rid = api["id"]
        for r in pages_v1(v1.get_resources, restApiId=rid, embed=["methods"]):
            counts["resources"] += 1
            counts["methods"] += len(r.get("resourceMethods", {}))
        stages = v1.get_stages(restApiId=rid).get("item", [])
        counts["stages"] += len(stages)
        counts["deployments"] += sum(1 for _ in pages_v1(v1.get_deployments, restApiId=rid))
        for dep in sorted({s["deploymentId"] for s in stages if s.get("deploymentId")}):
            v1.get_deployment(restApiId=rid, deploymentId=dep, embed=["apisummary"])
            counts["summaries"] += 1
        list(pages_v1(v1.get_authorizers, restApiId=rid))
        list(pages_v1(v1.get_gateway_responses, restApiId=rid))
        list(pages_v1(v1.get_request_validators, restApiId=rid))
    for api in pages_v2(v2.get_apis):
        counts["http_apis"] += 1
        aid = api["ApiId"]
        counts["routes"] += sum(1 for _ in pages_v2(v2.get_routes, ApiId=aid))
        counts["stages"] += sum(1 for _ in pages_v2(v2.get_stages, ApiId=aid))
        list(pages_v2(v2.get_authorizers, ApiId=aid))
        list(pages_v2(v2.get_integrations, ApiId=aid))
        counts["deployments"] += sum(1 for _ in pages_v2(v2.get_deployments, ApiId=aid))
    v2_domains = [d["DomainName"] for d in pages_v2(v2.get_domain_names)]
    v1_domains = [d["domainName"] for d in pages_v1(v1.get_domain_names)]
    for d in v2_domains:
        counts["domains"] += 1
        counts["mappings"] += sum(1 for _ in pages_v2(v2.get_api_mappings, DomainName=d))
    for d in v1_domains:
        if d in v2_domains:
            continue
        counts["domains"] += 1
        counts["mappings"] += sum(1 for _ in pages_v1(v1.get_base_path_mappings, domainName=d))
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
