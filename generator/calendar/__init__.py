"""Events, timed lessons and policy deadlines in time: repeat rules, occurrences, .ics."""
