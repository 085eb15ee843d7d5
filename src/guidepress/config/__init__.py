"""Clinic settings: the guidepress.toml schema, settings resolved once, and new workspaces."""
