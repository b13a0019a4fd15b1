"""The trainee's screens of training with worked cases (issue 16)."""
