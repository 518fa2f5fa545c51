#!/usr/bin/python3
"""Queues N one-ticker demo analyses on one keep-alive connection, then waits until the
last of them has finished. Usage: submit_jobs.py PORT KEY N -> prints seconds taken."""
import http.client
import json
import sys
import time

port, key, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
headers = {"X-API-Key": key, "Content-Type": "application/json"}
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
start = time.time()
last = None
refused = 0
for i in range(n):
    body = json.dumps({"tickers": ["BENCH%d.NS" % (i % 50)], "use_demo_data": True, "force": True})
    conn.request("POST", "/api/analysis/analyze", body, headers)
    resp = conn.getresponse()
    data = resp.read()
    if resp.status in (200, 201, 202):
        last = json.loads(data)["job_id"]
    else:
        refused += 1
queued = time.time() - start
while last:
    conn.request("GET", "/api/analysis/status/" + last, headers=headers)
    resp = conn.getresponse()
    status = json.loads(resp.read()).get("status")
    if status in ("completed", "failed", "cancelled"):
        break
    time.sleep(0.5)
print(json.dumps({"jobs": n, "refused": refused, "queue_seconds": round(queued, 1),
                  "done_seconds": round(time.time() - start, 1)}))
