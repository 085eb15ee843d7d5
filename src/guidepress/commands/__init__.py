"""The command functions, one module per group; ``guidepress.cli`` registers them on the app."""
