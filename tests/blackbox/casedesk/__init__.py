"""Black-box tests of casedesk (the Connections Bureau) through the gateway:
tests/blackbox/run.sh runs them; shared helpers in ../koers_bb.py."""
