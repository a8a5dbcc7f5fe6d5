"""A GeoReport v2 client written from the published standard alone
(http://wiki.open311.org/GeoReport_v2), for the black-box tests: it knows
nothing of Koers but a base URL, a jurisdiction_id and an api_key.

It reads and writes what the standard says: GET services, services/{code},
requests, requests/{id}, tokens/{token}, discovery, and POST requests as
application/x-www-form-urlencoded or multipart/form-data, in XML (the
required format) or JSON; api_key only on POST; errors are a list of
{code, description}. Every XML answer is checked against the GeoReport v2
schema of open311/georeport-v2.xsd (with python3-lxml; without it a
structural check written from the same standard), every JSON answer
against the standard's members (check_json)."""

import http.client
import json
import os
import re
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

try:
    from lxml import etree as LXML
except ImportError:  # structural checks only
    LXML = None

XSD_PATH = os.path.join(os.path.dirname(__file__), "open311", "georeport-v2.xsd")
_SCHEMA = None
W3 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

# the standard's list elements: container -> item
LISTS = {"services": "service", "service_requests": "request", "errors": "error",
         "attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}
BOOLEANS = {"metadata", "variable", "required"}


class Open311Error(Exception):
    def __init__(self, status, errors, raw):
        super().__init__("%d %r" % (status, errors))
        self.status, self.errors, self.raw = status, errors, raw


def xsd_validate(raw):
    """Raises AssertionError unless raw (bytes) is a well-formed document
    valid against the GeoReport v2 schema (lxml), or, without lxml, a
    well-formed document with a known root."""
    global _SCHEMA
    root = ET.fromstring(raw)  # well-formed, or it raises
    assert raw.lstrip().startswith(b"<?xml"), "no XML declaration"
    assert root.tag in ("services", "service_definition", "service_requests", "errors", "discovery"), root.tag
    if LXML is not None:
        if _SCHEMA is None:
            _SCHEMA = LXML.XMLSchema(LXML.parse(XSD_PATH))
        doc = LXML.fromstring(raw)
        if not _SCHEMA.validate(doc):
            raise AssertionError("not GeoReport v2: %s\n%s" % (_SCHEMA.error_log, raw[:600]))


def from_xml(el):
    """An element as the JSON the standard pairs with it."""
    if el.tag in LISTS:
        return [from_xml(c) for c in el]
    if len(el):
        return {c.tag: from_xml(c) for c in el}
    text = el.text or ""
    if el.tag in BOOLEANS:
        return text == "true"
    if el.tag in ("lat", "long"):
        return float(text)
    if el.tag in ("code", "order") and text.lstrip("-").isdigit():
        return int(text)
    return text


def check_json(kind, doc):
    """The standard's members and types of a JSON answer."""
    def s(v, name):
        assert isinstance(v, str), "%s is not a string: %r" % (name, v)

    if kind == "errors":
        assert isinstance(doc, list) and doc, doc
        for e in doc:
            assert isinstance(e.get("code"), int) and isinstance(e.get("description"), str) and e["description"], e
    elif kind == "services":
        assert isinstance(doc, list)
        for sv in doc:
            for k in ("service_code", "service_name", "type"):
                s(sv[k], k)
            assert isinstance(sv["metadata"], bool)
            assert sv["type"] in ("realtime", "batch", "blackbox")
    elif kind == "service_definition":
        s(doc["service_code"], "service_code")
        for a in doc["attributes"]:
            assert isinstance(a["variable"], bool) and isinstance(a["required"], bool)
            assert a["datatype"] in ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
            assert isinstance(a["order"], int) and a["order"] > 0
            s(a["code"], "code")
            s(a["description"], "description")
            for v in a.get("values") or []:
                s(v["key"], "key")
                s(v["name"], "name")
    elif kind == "service_requests":
        assert isinstance(doc, list)
        for r in doc:
            assert "service_request_id" in r or "token" in r, r
            if "status" in r:
                assert r["status"] in ("open", "closed"), r
            for k in ("requested_datetime", "updated_datetime", "expected_datetime"):
                if r.get(k) is not None:
                    assert W3.match(r[k]), (k, r[k])
            for k in ("lat", "long"):
                if r.get(k) is not None:
                    assert isinstance(r[k], (int, float)), (k, r[k])
            assert r.get("account_id", "") is not None, "account_id is null instead of left out"
    elif kind == "discovery":
        assert W3.match(doc["changeset"])
        for e in doc["endpoints"]:
            assert e["specification"] and e["url"] and W3.match(e["changeset"])
            assert set(e["formats"]) <= {"text/xml", "application/json"}


class GeoReportClient:
    """One jurisdiction's GeoReport v2 endpoint (base ends in /v2)."""

    def __init__(self, base, jurisdiction_id=None, api_key=None, fmt="xml"):
        self.base, self.jurisdiction_id, self.api_key, self.fmt = base, jurisdiction_id, api_key, fmt
        self.last = None  # (status, headers, raw) of the last call

    # -- transport -----------------------------------------------------------
    def _call(self, method, path, query=None, body=None, content_type=None):
        q = dict(query or {})
        if self.jurisdiction_id:
            q.setdefault("jurisdiction_id", self.jurisdiction_id)
        url = urllib.parse.urlsplit(self.base + path)
        target = url.path + ("?" + urllib.parse.urlencode(q, doseq=True) if q else "")
        headers = {"Accept": "text/xml" if self.fmt == "xml" else "application/json"}
        if content_type:
            headers["Content-Type"] = content_type
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=15)
        try:
            conn.request(method, target, body=body, headers=headers)
            r = conn.getresponse()
            raw = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
        finally:
            conn.close()
        self.last = (r.status, hdrs, raw)
        return r.status, hdrs, raw

    def _decode(self, status, hdrs, raw, kind, fmt=None):
        fmt = fmt or self.fmt
        if fmt == "xml":
            assert hdrs.get("content-type", "").startswith("text/xml"), hdrs.get("content-type")
            xsd_validate(raw)
            root = ET.fromstring(raw)
            doc = from_xml(root)
            if root.tag == "errors" or status >= 400:
                assert root.tag == "errors", raw
                raise Open311Error(status, doc, raw)
            assert root.tag == kind, (root.tag, kind)
        else:
            assert hdrs.get("content-type", "").startswith("application/json"), hdrs.get("content-type")
            doc = json.loads(raw.decode("utf-8"))
            if status >= 400:
                check_json("errors", doc)
                raise Open311Error(status, doc, raw)
        check_json(kind, doc)
        return doc

    def _get(self, resource, kind, query=None):
        status, hdrs, raw = self._call("GET", "/%s.%s" % (resource, self.fmt), query)
        return self._decode(status, hdrs, raw, kind)

    # -- the standard's methods ---------------------------------------------
    def services(self):
        return self._get("services", "services")

    def service_definition(self, code):
        return self._get("services/" + urllib.parse.quote(code), "service_definition")

    def requests(self, **query):
        return self._get("requests", "service_requests", query)

    def request(self, service_request_id):
        return self._get("requests/" + urllib.parse.quote(service_request_id), "service_requests")

    def token(self, token):
        return self._get("tokens/" + urllib.parse.quote(token), "service_requests")

    def discovery(self):
        return self._get("discovery", "discovery")

    def post_request(self, fields, attributes=None, multipart=False):
        """POST requests: fields (the standard's names), attributes
        {code: value or [values]} as attribute[code] / attribute[code][]."""
        pairs = [("api_key", self.api_key)] if self.api_key else []
        if self.jurisdiction_id:
            pairs.append(("jurisdiction_id", self.jurisdiction_id))
        pairs += list(fields.items())
        for code, v in (attributes or {}).items():
            if isinstance(v, list):
                pairs += [("attribute[%s][]" % code, x) for x in v]
            else:
                pairs.append(("attribute[%s]" % code, v))
        if multipart:
            body, ctype = multipart_body(pairs)
        else:
            body, ctype = urllib.parse.urlencode(pairs).encode(), "application/x-www-form-urlencoded"
        status, hdrs, raw = self._call("POST", "/requests.%s" % self.fmt, body=body, content_type=ctype)
        doc = self._decode(status, hdrs, raw, "service_requests")
        assert status in (200, 201), status
        return doc


def multipart_body(pairs, boundary=None, quote=False, files=()):
    """multipart/form-data of pairs (and files: (name, filename, bytes)),
    as a Java or mobile client writes it."""
    boundary = boundary or "----GeoReport" + uuid.uuid4().hex
    out = b""
    for name, value in pairs:
        out += b"--" + boundary.encode() + b"\r\n"
        out += b'Content-Disposition: form-data; name="' + name.encode() + b'"\r\n\r\n'
        out += value.encode("utf-8") + b"\r\n"
    for name, filename, data in files:
        out += b"--" + boundary.encode() + b"\r\n"
        out += ('Content-Disposition: form-data; name="%s"; filename="%s"\r\n' % (name, filename)).encode()
        out += b"Content-Type: image/jpeg\r\n\r\n" + data + b"\r\n"
    out += b"--" + boundary.encode() + b"--\r\n"
    b = '"%s"' % boundary if quote else boundary
    return out, "multipart/form-data; boundary=" + b
