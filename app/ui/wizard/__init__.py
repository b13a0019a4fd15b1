"""The Local Action Plan wizard."""
