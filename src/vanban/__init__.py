"""vanban: Vietnamese official documents from data."""

# The release, in semantic versions (CHANGELOG.md; git tag v<version>). pyproject.toml reads it from here.
__version__ = "0.3.2"
