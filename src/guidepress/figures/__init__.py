"""Drawings made in code: exercise figures from pose data, and QR codes."""
