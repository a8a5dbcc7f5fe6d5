"""Converts an OpenAPI YAML document to compact JSON (stdin -> stdout)."""
import datetime
import json
import sys

import yaml


def default(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


json.dump(yaml.safe_load(sys.stdin), sys.stdout, separators=(",", ":"), default=default)
