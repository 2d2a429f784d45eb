"""Question 1: what can be the keys of a dictionary?

Run by `pyconcepts demo dict-keys`, or on its own with `python3 python_snippets/dict_keys.py`.
Every claim's observations go into EVIDENCE; the host judges them. `# %%` lines start the
sections `--step` pauses at; `# %% quiz:` sections are what `pyconcepts quiz` asks.
"""

EVIDENCE = {}


def attempt(action):
    """Runs `action`; returns (True, None) or (False, (exception type name, message))."""
    try:
        action()
        return True, None
    except Exception as error:  # the demo records whatever the interpreter raises
        return False, (type(error).__name__, str(error))


class Plain:
    """A class with no __eq__ or __hash__: instances hash by identity."""

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"Plain(value={self.value!r})"


def a_function():
    pass


# %% Claim: any hashable object can be a key
print("1. Which objects can be dictionary keys? Ask hash(), then try each as a key.")
candidates = [
    ("int", 42),
    ("float", 3.14),
    ("str", "hello"),
    ("bytes", b"raw"),
    ("None", None),
    ("bool", True),
    ("tuple of hashables", (1, "two", 3.0)),
    ("frozenset", frozenset({1, 2})),
    ("function", a_function),
    ("class", Plain),
    ("instance of a plain class", Plain(1)),
    ("list", [1, 2]),
    ("dict", {"a": 1}),
    ("set", {1, 2}),
    ("tuple containing a list", (1, [2, 3])),
]
observations = []
for label, obj in candidates:
    hashable, hash_error = attempt(lambda: hash(obj))
    usable, key_error = attempt(lambda: {obj: "value"})
    error = key_error or hash_error
    observations.append(
        {
            "label": label,
            "type": type(obj).__name__,
            "hashable": hashable,
            "usable_as_key": usable,
            "error_type": error[0] if error else None,
            "error": error[1] if error else None,
        }
    )
    # The label column fits the longest label; an error too long for an 80-column row (the
    # message grows in newer versions) goes on a line of its own below.
    row = f"   {label:<25}  hashable={str(hashable):<5}  "
    outcome = "key ok" if usable else f"{error[0]}: {error[1]}"
    if len(row + outcome) > 80:
        row, outcome = row.rstrip() + "\n      ", outcome
    print(row + outcome)
EVIDENCE["hashable_keys"] = {"candidates": observations}

# %% Claim: any hashable object is immutable
print("\n2. Is every hashable object immutable?")
point = Plain(1)
hash_before = hash(point)
point.value = 2  # mutate the object in place
hash_after = hash(point)
table = {Plain(0): "other", point: "found"}
print(f"   {point!r}: hash before mutation {hash_before}, after {hash_after}")
print(f"   mutated object still finds its value: {table[point]!r}")

frozen_outside = (1, [2, 3])


def assign_item():
    frozen_outside[0] = 9


item_assignment_ok, item_assignment_error = attempt(assign_item)
tuple_hashable, tuple_hash_error = attempt(lambda: hash(frozen_outside))
print(f"   {frozen_outside!r}: assigning an item raises\n      {item_assignment_error[0]}: "
      f"{item_assignment_error[1]}")
print(f"   ...yet hash() -> {tuple_hash_error[0]}: {tuple_hash_error[1]}")
EVIDENCE["hashable_means_immutable"] = {
    "mutable_hashable": {
        "type": type(point).__name__,
        "value_before": 1,
        "value_after": point.value,
        "hash_before": hash_before,
        "hash_after": hash_after,
        "lookup_after_mutation": table[point],
    },
    "immutable_unhashable": {
        "repr": repr(frozen_outside),
        "item_assignment_error_type": item_assignment_error[0] if item_assignment_error else None,
        "item_assignment_error": item_assignment_error[1] if item_assignment_error else None,
        "hashable": tuple_hashable,
        "hash_error_type": tuple_hash_error[0] if tuple_hash_error else None,
        "hash_error": tuple_hash_error[1] if tuple_hash_error else None,
    },
}

# %% Senior: equal keys collapse into one
print("\n3. 1, 1.0 and True as keys of one dict:")


def insert_in_turn(pairs):
    """Inserts (key, value) pairs one by one; returns the dict and what each insertion was."""
    table = {}
    for key, value in pairs:
        table[key] = value
    insertions = [{"key": repr(key), "key_type": type(key).__name__, "value": value}
                  for key, value in pairs]
    return table, insertions


def collapse_record(table, insertions):
    """Which key object and which value the dict kept, beside what went in."""
    key, value = next(iter(table.items()))  # the only entry, when the keys collapsed
    return {"insertions": insertions, "length": len(table), "surviving_key": repr(key),
            "surviving_key_type": type(key).__name__, "surviving_value": value}


collapsed, insertions = insert_in_turn([(1, "int"), (1.0, "float"), (True, "bool")])
reversed_table, reversed_insertions = insert_in_turn([(True, "bool"), (1.0, "float"), (1, "int")])
print(f"   hash(1)={hash(1)}, hash(1.0)={hash(1.0)}, hash(True)={hash(True)}; 1 == 1.0 == True")
print(f"   inserted 1, 1.0, True:  {collapsed!r} (len {len(collapsed)})")
print(f"   inserted True, 1.0, 1:  {reversed_table!r} (len {len(reversed_table)})")
record = collapse_record(collapsed, insertions)
EVIDENCE["equal_keys_collapse"] = {
    "inserted": ["1 -> 'int'", "1.0 -> 'float'", "True -> 'bool'"],
    "hashes": [hash(1), hash(1.0), hash(True)],
    "all_equal": 1 == 1.0 == True,  # noqa: E712 (the comparison is the point)
    **record,
    "reversed_order": collapse_record(reversed_table, reversed_insertions),
}

# %% Senior: __hash__ and __eq__ must agree and must not change
print("\n4. A key whose hash depends on mutable state:")


class Badge:
    def __init__(self, number):
        self.number = number

    def __eq__(self, other):
        return isinstance(other, Badge) and self.number == other.number

    def __hash__(self):
        return hash(self.number)  # depends on state that can change

    def __repr__(self):
        return f"Badge({self.number})"


badge = Badge(7)
owners = {badge: "Ada"}
badge.number = 8  # the key's hash changes while it sits in the dict
found, lookup_error = attempt(lambda: owners[badge])
iterated = list(owners)
print(f"   after mutation: owners[badge] -> {lookup_error[0] if lookup_error else 'found'}; "
      f"badge in owners -> {badge in owners};\n   yet list(owners) -> {iterated!r}")


class OnlyEq:
    def __eq__(self, other):
        return True


only_eq_hashable, only_eq_error = attempt(lambda: hash(OnlyEq()))
print(f"   a class defining __eq__ without __hash__: __hash__ is {OnlyEq.__hash__!r};\n"
      f"      hash() -> {only_eq_error[0]}: {only_eq_error[1]}")
EVIDENCE["hash_eq_contract"] = {
    "lookup_after_mutation_found": found,
    "lookup_error_type": lookup_error[0] if lookup_error else None,
    "in_after_mutation": badge in owners,
    "iteration_yields_same_object": len(iterated) == 1 and iterated[0] is badge,
    "length": len(owners),
    "eq_without_hash": {
        "hash_attribute_is_none": OnlyEq.__hash__ is None,
        "hashable": only_eq_hashable,
        "error_type": only_eq_error[0] if only_eq_error else None,
        "error": only_eq_error[1] if only_eq_error else None,
    },
}


# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz dict-keys`, so it defines what it uses.
print("\n5. Short cases, each on its own:")

# %% quiz: 1, 1.0 and True go into one dict, in that order. What does print show?
# choice: {1: 'int', 1.0: 'float', True: 'bool'}
# choice: {1: 'bool'}
# choice: {True: 'bool'}
# choice: {1: 'int'}
# why: 1 == 1.0 == True and their hashes are equal, so they are one key. The dict keeps the
# why: first key object it saw (1) and the last value stored under it ('bool').
print({1: "int", 1.0: "float", True: "bool"})

# %% quiz: A tuple is immutable. Can this one be a dictionary key?
# choice: accepted
# choice: rejected: TypeError
# choice: rejected: ValueError
# why: a key must be hashable, and a tuple is only as hashable as its items: the list inside
# why: makes hash() fail with TypeError, although the tuple itself is immutable.
try:
    lookup = {(1, [2, 3]): "tuple holding a list"}
    print("accepted")
except Exception as error:
    print("rejected:", type(error).__name__)

# %% quiz: A plain object is mutated after it became a key. What is printed?
# why: a plain class hashes and compares by identity, which mutation does not change: the key
# why: is found. Hashable does not mean immutable.
class Point:
    pass


spot = Point()
places = {spot: "found"}
spot.x = 10  # mutate the key: its hash (by identity) does not change
print(places[spot], len(places))

# %% quiz: This key's hash follows a field that then changes. What do `in` and len() say?
# why: the dict filed the key under hash(7); looking it up now hashes 8 and searches the wrong
# why: slot. The entry is still there (len 1) but can no longer be found.
class Ticket:
    def __init__(self, seat):
        self.seat = seat

    def __eq__(self, other):
        return isinstance(other, Ticket) and self.seat == other.seat

    def __hash__(self):
        return hash(self.seat)


ticket = Ticket(7)
holders = {ticket: "Ada"}
ticket.seat = 8
print(ticket in holders, len(holders))

# %% quiz: The same three keys, True first this time. What does print show?
# choice: {1: 'int'}
# choice: {True: 'int'}
# choice: {True: 'bool'}
# choice: {1.0: 'float'}
# why: equal keys are one key: the dict keeps the key object it was given first (True) and
# why: replaces only the value, so the last one written ('int') is what it holds.
print({True: "bool", 1.0: "float", 1: "int"})
