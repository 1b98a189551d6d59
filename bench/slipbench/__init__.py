"""Slipway benchmark harness (stdlib only)."""
