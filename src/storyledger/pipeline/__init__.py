"""The spaCy side of storyledger: components, their registration, and the pipeline builder."""
