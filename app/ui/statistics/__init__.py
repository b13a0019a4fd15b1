"""The statistics screens."""
