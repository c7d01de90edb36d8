"""Learned risk scores: features, training, registry contents, explanation, benchmark loaders."""
