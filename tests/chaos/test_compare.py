"""The chaos run's comparison on made-up records: each kind of loss and duplicate is counted, in the right fault window.
Run by tests/chaos/run.sh before it starts anything: python3 -m unittest discover -s tests/chaos"""

import unittest
from collections import Counter

from compare import compare

T0 = 1_700_000_000.0
WINDOWS = [("no fault (warm-up)", 0.0), ("slatracking-1", T0 + 10), ("rabbitmq-node", T0 + 20)]


def at(seconds):
    return f"2023-11-14T22:{13 + int(seconds) // 60:02d}:{20 + int(seconds) % 60:02d}Z"


def call(cid, posted, outcome, answered=None, abandoned=None, completed=None, attempts=1):
    return {"queue": "q1", "postedAt": at(posted), "attempts": attempts, "outcome": outcome, "callId": cid,
            "answeredAt": None if answered is None else at(answered), "abandonedAt": None if abandoned is None else at(abandoned),
            "completedAt": None if completed is None else at(completed)}


def platform(sla, sla_legs, sched, sched_legs):
    return ({cid: {"queue": "q1", "queued": T0, **r} for cid, r in sla.items()}, Counter(sla_legs),
            {cid: {"queue": "q1", "queued": T0} for cid in sched}, Counter(sched_legs))


class CompareTests(unittest.TestCase):
    def setUp(self):
        # The instants above start at 22:13:20 UTC on 2023-11-14, which is T0.
        self.truth = {"calls": [call("a", 1, "answered", answered=3, completed=12), call("b", 2, "abandoned", abandoned=22)]}

    def test_everything_recorded_once_nothing_lost_nor_duplicated(self):
        found, _ = compare(self.truth, WINDOWS, platform(
            {"a": {"answered": True, "abandoned": False}, "b": {"answered": False, "abandoned": True}}, {"a": 1}, ["a", "b"], {"a": 1}))
        self.assertTrue(all(v == [0, 0, 0, 0] for v in found.values()), dict(found))

    def test_missing_leg_and_abandon_counted_lost_in_the_window_they_happened(self):
        found, _ = compare(self.truth, WINDOWS, platform(
            {"a": {"answered": True, "abandoned": False}, "b": {"answered": False, "abandoned": False}}, {}, ["a", "b"], {"a": 1}))
        self.assertEqual([1, 0, 0, 0], found["slatracking-1"])  # a's leg, completed at +12 s
        self.assertEqual([1, 0, 0, 0], found["rabbitmq-node"])  # b's abandon at +22 s
        self.assertEqual([0, 0, 0, 0], found["no fault (warm-up)"])

    def test_second_leg_and_unknown_call_counted_duplicated(self):
        found, _ = compare(self.truth, WINDOWS, platform(
            {"a": {"answered": True, "abandoned": False}, "b": {"answered": False, "abandoned": True}, "z": {"answered": False, "abandoned": False}},
            {"a": 1}, ["a", "b"], {"a": 2}))
        self.assertEqual([0, 0, 0, 1], found["slatracking-1"])  # Scheduling's second leg of a
        self.assertEqual(1, sum(v[2] for v in found.values()))  # SlaTracking's record of z, a call never placed

    def test_unknown_call_explained_by_an_unconfirmed_post_is_no_duplicate(self):
        self.truth["calls"].append(call(None, 0, "unconfirmed"))
        found, _ = compare(self.truth, WINDOWS, platform(
            {"a": {"answered": True, "abandoned": False}, "b": {"answered": False, "abandoned": True}, "z": {"answered": False, "abandoned": False}},
            {"a": 1}, ["a", "b"], {"a": 1}))
        self.assertEqual(0, sum(v[2] + v[3] for v in found.values()))


if __name__ == "__main__":
    unittest.main()
