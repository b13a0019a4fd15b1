"""ui/case_list."""
