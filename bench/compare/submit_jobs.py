#!/usr/bin/python3
"""Queues N one-ticker demo analyses over 8 keep-alive connections, then waits until the
last of them has finished. Usage: submit_jobs.py PORT KEY N -> one JSON line."""
import http.client
import json
import sys
import threading
import time

port, key, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
headers = {"X-API-Key": key, "Content-Type": "application/json"}
THREADS = 8
last = [None] * THREADS
refused = [0] * THREADS


def submit(t):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(t, n, THREADS):
        body = json.dumps({"tickers": ["BENCH%d.NS" % (i % 50)], "use_demo_data": True, "force": True})
        conn.request("POST", "/api/analysis/analyze", body, headers)
        resp = conn.getresponse()
        data = resp.read()
        if resp.status in (200, 201, 202):
            last[t] = json.loads(data)["job_id"]
        else:
            refused[t] += 1


start = time.time()
threads = [threading.Thread(target=submit, args=(t,)) for t in range(THREADS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
queued = time.time() - start
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for job in filter(None, last):
    while True:
        conn.request("GET", "/api/analysis/status/" + job, headers=headers)
        resp = conn.getresponse()
        status = json.loads(resp.read()).get("status")
        if status in ("completed", "failed", "cancelled"):
            break
        time.sleep(0.5)
print(json.dumps({"jobs": n, "refused": sum(refused), "queue_seconds": round(queued, 1),
                  "done_seconds": round(time.time() - start, 1)}))
