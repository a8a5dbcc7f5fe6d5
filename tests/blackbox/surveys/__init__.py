"""Black-box tests of surveys through the gateway: tests/blackbox/run.sh runs
them (they skip when surveys is not running); their helpers in surveys_bb.py,
the shared ones in ../koers_bb.py."""
