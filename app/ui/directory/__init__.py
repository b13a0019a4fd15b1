"""The support-services directory: a searchable list for everyone, an editor for administrators."""
