"""Test-input builders: PDFs and saved web pages made from a report's text, in code."""
