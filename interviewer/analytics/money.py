"""Amounts in several currencies as one figure: converted at a stated rate table, never added up raw.

A rate says how many units of the reporting currency one unit of another currency is worth. The reporting
currency needs no rate. A currency without a rate is kept apart and shown on its own, so a total never mixes
euros and dollars as if they were the same money.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")


@dataclass(frozen=True)
class RateTable:
    """The reporting currency and the rates to it (``rates["EUR"]`` = units of ``reporting`` per euro)."""

    reporting: str = "USD"
    rates: Mapping[str, Decimal] = field(default_factory=dict)

    def rate(self, currency: str) -> Decimal | None:
        """The rate of ``currency`` to the reporting currency: 1 for the reporting currency, None when unknown."""
        code = currency.strip().upper()
        if code == self.reporting.upper():
            return Decimal(1)
        return self.rates.get(code)


@dataclass(frozen=True)
class Total:
    """A sum of amounts: what could be converted, at which rates, and what stays in its own currency."""

    reporting: str
    converted: Decimal | None
    """The sum in the reporting currency of every amount whose currency has a rate; None when none has."""
    rates_used: tuple[tuple[str, Decimal], ...]
    """(currency, rate) of each other currency converted, by code."""
    apart: tuple[tuple[str, Decimal], ...]
    """(currency, sum) of each currency without a rate, largest first: shown per currency, never added in."""
    deals: int
    """How many deals (with an amount) the sum rests on."""

    def rates_text(self) -> str:
        """The rates behind the figure in words: "in USD at 1 EUR = 1.08 USD; no rate for CHF (shown apart)"."""
        parts = []
        if self.converted is not None:
            rates = ", ".join(f"1 {code} = {_plain(rate)} {self.reporting}" for code, rate in self.rates_used)
            parts.append(f"in {self.reporting}" + (f" at {rates}" if rates else ""))
        if self.apart:
            codes = ", ".join(code for code, _amount in sorted(self.apart))
            parts.append(f"no rate for {codes} to {self.reporting} (shown apart)")
        return "; ".join(parts) if parts else "no amounts recorded"


def total(amounts: Mapping[str, Decimal], table: RateTable, deals: int) -> Total:
    """Sums per currency (``{"EUR": Decimal("1200.00"), …}``) as one total where ``table`` has the rates."""
    reporting = table.reporting.strip().upper()
    converted, found, used, apart = Decimal(0), False, [], []
    for code, amount in sorted(amounts.items()):
        if not amount:
            continue
        rate = table.rate(code)
        if rate is None:
            apart.append((code, amount))
            continue
        converted += amount * rate
        found = True
        if code.upper() != reporting:
            used.append((code, rate))
    return Total(reporting, converted.quantize(CENT) if found else None, tuple(used),
                 tuple(sorted(apart, key=lambda item: (-item[1], item[0]))), deals)


def parse_rate(text: str) -> Decimal | None:
    """A rate as typed or stored ("1.08", "0,92"): None unless it is a positive number."""
    try:
        rate = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return rate if rate.is_finite() and rate > 0 else None


def _plain(rate: Decimal) -> str:
    """A rate without trailing zeros or exponent: 1.08, 0.0067, 155."""
    return f"{rate.normalize():f}"
