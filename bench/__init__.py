"""Benchmarks (`make bench`): what a first visit of each screen costs on the wire, and how long
the server takes to answer. They print numbers; they do not pass or fail."""
