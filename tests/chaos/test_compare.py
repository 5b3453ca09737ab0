"""The chaos run's comparison on made-up records: each kind of loss and duplicate is counted, in the right fault window.
Run by tests/chaos/run.sh before it starts anything: python3 -m unittest discover -s tests/chaos"""

import unittest
from collections import Counter

from compare import compare, other_partitions

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

    def test_other_partitions_calls_counted_only_while_the_faulted_one_was_leaderless(self):
        def q(queue, posted, attempts=1, outcome="answered"):
            return {**call(queue + str(posted), posted, outcome, attempts=attempts), "queue": queue}
        truth = {"calls": [q("bank", 9), q("bank", 11), q("bank", 12, attempts=2), q("telecom", 13, attempts=3),
                           q("bank", 14, outcome="refused"), q("bank", 16, attempts=2)]}
        faults = [["routing-active@helvet", str(T0 + 10), "8.0", "4.5", "helvet"], ["slatracking-1", str(T0 + 20), "3.0", "-"]]
        seen = other_partitions(truth, faults, {"bank": "lumiere-bank", "telecom": "helvet-telecom"}, {"helvet-telecom": "helvet"})
        # From +10 s to +14.5 s: the bank calls at +11 (placed), +12 (retried) and +14 (never placed); the telecom call is the faulted partition's.
        self.assertEqual({"routing-active@helvet": [1, 2]}, seen)

    def test_a_leader_never_back_is_counted_until_every_process_was_ready(self):
        truth = {"calls": [{**call("x", 17, "answered", attempts=2), "queue": "bank"}]}
        seen = other_partitions(truth, [["routing-active", str(T0 + 10), "8.0", "none after 120", "default"]],
                                {"bank": "helvet-telecom"}, {"helvet-telecom": "helvet"})
        self.assertEqual({"routing-active": [0, 1]}, seen)


if __name__ == "__main__":
    unittest.main()
