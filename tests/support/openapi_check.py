"""Checks jmb's OpenAPI document, and real exchanges with the API against it, with
validators that share nothing with jmb: openapi-spec-validator for the document itself,
openapi-core for each request and response.

usage: openapi_check.py DOCUMENT.json EXCHANGES.json

EXCHANGES.json is a list of objects:
  method, url             what was asked
  request_headers         the headers sent (the identity among them)
  request_body            the body sent, as text ("" for none)
  check_request           true: the request itself must follow the document too
  status, headers, body   what came back (body as text, headers lower-cased)

Prints every failure and exits 1 if there was any.
"""

import json
import sys
from urllib.parse import parse_qsl, urlsplit

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_spec_validator import validate


def strict(schema):
    """The same schemas, refusing properties they do not name: an answer that carries a
    field the document does not describe is drift too."""
    if isinstance(schema, dict):
        out = {k: strict(v) for k, v in schema.items()}
        if "properties" in out and "additionalProperties" not in out and "allOf" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [strict(v) for v in schema]
    return schema


def main(document_path, exchanges_path):
    with open(document_path, encoding="utf-8") as f:
        document = json.load(f)
    with open(exchanges_path, encoding="utf-8") as f:
        exchanges = json.load(f)
    validate(document)
    api = OpenAPI.from_dict(strict(document))
    failures = []
    for n, x in enumerate(exchanges):
        url = urlsplit(x["url"])
        headers = x.get("request_headers", {})
        request = MockRequest(
            f"{url.scheme}://{url.netloc}",
            x["method"],
            url.path,
            args=dict(parse_qsl(url.query)),
            headers=headers,
            data=x.get("request_body", "").encode(),
            content_type=headers.get("content-type", "application/json"),
        )
        label = f"#{n} {x['method']} {x['url']} -> {x['status']}"
        if x.get("check_request"):
            try:
                api.validate_request(request)
            except Exception as e:  # every validator error says what is wrong
                failures.append(f"{label}: request: {e!r} {getattr(e, '__cause__', '')!r}")
        response = MockResponse(
            x["body"].encode(),
            status_code=x["status"],
            headers=x["headers"],
            content_type=x["headers"].get("content-type", ""),
        )
        try:
            api.validate_response(request, response)
        except Exception as e:
            failures.append(f"{label}: response: {e!r} {getattr(e, '__cause__', '')!r}\n{x['body']}")
    for f in failures:
        print(f)
    print(f"{len(exchanges)} exchanges, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
