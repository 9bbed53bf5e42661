#!/usr/bin/python3
"""ctest bench-results-sections: bench/run.py keeps the graph-bench section of RESULTS.md when it rewrites the
file, and bench/run_graph.py replaces only its own marked section (or appends it)."""
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
import run_graph  # noqa: E402

SECTION = f"{run_graph.BEGIN}\n## ResNet-50 and wasm_graph\n| a | b |\n{run_graph.END}\n"


class Sections(unittest.TestCase):
    def test_markers_agree(self):
        self.assertEqual(run.GRAPH_BEGIN, run_graph.BEGIN)
        self.assertEqual(run.GRAPH_END, run_graph.END)

    def test_run_py_preserves_marked_section(self):
        with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as f:
            f.write("# Benchmark results\n\nold table\n\n" + SECTION + "trailing\n")
        try:
            kept = run.preserved_graph_section(f.name)
        finally:
            os.unlink(f.name)
        self.assertIn("## ResNet-50 and wasm_graph", kept)
        self.assertTrue(kept.strip().startswith(run_graph.BEGIN))
        # Hand-recorded sections after the graph section ("trailing" here) are kept as well.
        self.assertIn(run_graph.END, kept)
        self.assertTrue(kept.strip().endswith("trailing"))
        self.assertNotIn("old table", kept)

    def test_run_py_without_section_or_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as f:
            f.write("# only the main table\n")
        try:
            self.assertEqual(run.preserved_graph_section(f.name), "")
        finally:
            os.unlink(f.name)
        self.assertEqual(run.preserved_graph_section("/nonexistent/RESULTS.md"), "")

    def test_splice_replaces_only_the_section(self):
        doc = "# Benchmark results\n\nmain table\n\n" + SECTION.replace("| a | b |", "| old |") + "after\n"
        out = run_graph.splice_section(doc, SECTION)
        self.assertTrue(out.startswith("# Benchmark results\n\nmain table\n\n"))
        self.assertIn("| a | b |", out)
        self.assertNotIn("| old |", out)
        self.assertTrue(out.endswith("after\n"))
        self.assertEqual(out.count(run_graph.BEGIN), 1)

    def test_splice_appends_when_missing(self):
        out = run_graph.splice_section("# Benchmark results\n\nmain table\n", SECTION)
        self.assertEqual(out, "# Benchmark results\n\nmain table\n\n" + SECTION)
        self.assertEqual(run_graph.splice_section("", SECTION), SECTION)


if __name__ == "__main__":
    unittest.main()
