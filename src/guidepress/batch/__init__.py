"""Batch export: a roster of patients to one routine sheet each, with a manifest."""
