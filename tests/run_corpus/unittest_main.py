import unittest
import unittest.runner


class Arithmetic(unittest.TestCase):
    def test_add(self):
        self.assertEqual(1 + 1, 2)

    def test_wrong(self):
        self.assertEqual(2 * 2, 5)


if __name__ == "__main__":
    # "Ran 2 tests in 0.001s": a clock that stands still keeps the report the same every run.
    unittest.runner.time.perf_counter = lambda: 0.0
    unittest.main()
