"""Black-box tests of the nginx gateway itself (deploy/gateway): its own
answers, its deadlines and what its logs may hold; tests/blackbox/run.sh
runs them; shared helpers in ../koers_bb.py and gateway_bb.py."""
