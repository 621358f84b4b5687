"""The bearer token the metrics tests configure for /metrics."""

TOKEN = "a-long-random-metrics-token"
