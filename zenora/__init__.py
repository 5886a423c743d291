"""Zenora's kernel: what every app may use, importing no app itself."""
