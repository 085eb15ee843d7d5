"""Content: guide and exercise files loaded, validated into typed models, and turned into markup."""
