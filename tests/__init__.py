"""Tests for factcheck."""
