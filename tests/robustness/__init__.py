"""Robustness and security: bad input, faults mid-run, hostile report text (issue 8)."""
