"""An independent SIE 4 reader for the tests: it knows the file format from the SIE
specification, not from our writer (it shares no code with ``donations.finance``)."""

from dataclasses import dataclass, field
from decimal import Decimal


def tokens(line: str) -> list:
    """A record's fields: bare words, quoted text (``\\"`` inside) and ``{...}`` lists
    (returned as a list of their own fields)."""
    fields: list = []
    stack = [fields]
    i = 0
    while i < len(line):
        char = line[i]
        if char == " " or char == "\t":
            i += 1
        elif char == "{":
            stack.append([])
            i += 1
        elif char == "}":
            done = stack.pop()
            stack[-1].append(done)
            i += 1
        elif char == '"':
            i += 1
            text = []
            while line[i] != '"':
                if line[i] == "\\" and line[i + 1] == '"':
                    i += 1
                text.append(line[i])
                i += 1
            stack[-1].append("".join(text))
            i += 1
        else:
            start = i
            while i < len(line) and line[i] not in ' \t{}"':
                i += 1
            stack[-1].append(line[start:i])
    assert len(stack) == 1, f"unbalanced braces: {line!r}"
    return fields


@dataclass
class Transaction:
    account: str
    objects: dict
    amount: Decimal


@dataclass
class Voucher:
    series: str
    number: str
    date: str
    text: str
    transactions: list = field(default_factory=list)


@dataclass
class SieFile:
    records: list = field(default_factory=list)  # header records: (label, fields)
    vouchers: list = field(default_factory=list)

    def header(self, label: str) -> list:
        return [fields for record, fields in self.records if record == label]

    def totals(self) -> dict:
        sums: dict = {}
        for voucher in self.vouchers:
            for transaction in voucher.transactions:
                sums[transaction.account] = sums.get(transaction.account, 0) + transaction.amount
        return sums


def read_sie(data: bytes) -> SieFile:
    text = data.decode("cp437")
    assert "\n" in text and all(line.endswith("\r") for line in text.split("\n")[:-1])
    sie = SieFile()
    voucher = None
    for raw in text.split("\r\n"):
        line = raw.strip()
        if not line:
            continue
        if line == "{":
            assert voucher is not None and not voucher.transactions
            continue
        if line == "}":
            sie.vouchers.append(voucher)
            voucher = None
            continue
        fields = tokens(line)
        label = fields[0]
        if label == "#VER":
            series, number, day, title = fields[1:5]
            voucher = Voucher(series, number, day, title)
        elif label == "#TRANS":
            account, objects, amount = fields[1], fields[2], fields[3]
            assert isinstance(objects, list) and len(objects) % 2 == 0
            assert amount == f"{Decimal(amount):.2f}", amount  # a point and two decimals
            pairs = dict(zip(objects[0::2], objects[1::2], strict=True))
            voucher.transactions.append(Transaction(account, pairs, Decimal(amount)))
        else:
            assert voucher is None, f"{label} inside a voucher"
            sie.records.append((label, fields[1:]))
    return sie


def export_balanced_week(first_day) -> SieFile:
    """The SIE file of the seven days from ``first_day``, checked the way every test of
    a whole flow checks it: nothing left out, and every voucher sums to zero."""
    import io
    from datetime import timedelta

    from donations.finance.sie import write_sie

    stream = io.BytesIO()
    export = write_sie(first_day, first_day + timedelta(days=6), stream)
    sie = read_sie(stream.getvalue())
    assert export.left_out == []
    for voucher in sie.vouchers:
        assert sum(t.amount for t in voucher.transactions) == 0, voucher
    return sie
