"""The hostile-input corpus (issue 18): see README.md."""
