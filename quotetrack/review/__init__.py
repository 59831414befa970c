"""A person's verdict on attributions: confirmed, speaker corrected, or rejected."""
