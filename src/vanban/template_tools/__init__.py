"""The `vanban mau …` tools: one reading of a template (reading.py) shared by the check,
the repair and the build; which templates and variables an office has (tools.py)."""

from .tools import FILTER_HELP, check_templates, repair_templates, variables

__all__ = ["FILTER_HELP", "check_templates", "repair_templates", "variables"]
