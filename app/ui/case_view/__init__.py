"""ui/case_view."""
