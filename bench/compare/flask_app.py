"""The original stack's side of scripts/bench-compare: Flask under gunicorn answering
/health and /api/analysis/status/<job_id> with the same JSON bodies this server answered
(captured by the script into BENCH_HEALTH_JSON and BENCH_STATUS_JSON).

The bodies are served as captured, without the database work our server does per request
(a ping for /health, a job read for the status): the comparison favours Flask.
"""
import os

from flask import Flask, Response

app = Flask(__name__)

with open(os.environ["BENCH_HEALTH_JSON"], "rb") as f:
    HEALTH = f.read()
with open(os.environ["BENCH_STATUS_JSON"], "rb") as f:
    STATUS = f.read()


@app.route("/health")
def health():
    return Response(HEALTH, mimetype="application/json")


@app.route("/api/analysis/status/<job_id>")
def status(job_id):
    return Response(STATUS, mimetype="application/json")
