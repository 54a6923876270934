//! Exact money: a decimal amount of US dollars. Rounded only when displayed.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Sub};

/// Hours in a billing month, the convention every cloud price page uses.
pub const HOURS_PER_MONTH: Decimal = Decimal::from_parts(730, 0, 0, false, 0);

/// Arithmetic saturates instead of panicking: validation keeps real inputs
/// many orders of magnitude below the decimal range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(transparent)]
pub struct Money(pub Decimal);

/// Exact, as a string without trailing zeros ("69.833"): JSON numbers would
/// pass through binary floating point in most readers.
impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.normalize().to_string())
    }
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    pub fn new(amount: Decimal) -> Self {
        Money(amount)
    }

    pub fn amount(self) -> Decimal {
        self.0
    }

    /// Cents, half away from zero: how every figure is shown.
    pub fn rounded(self) -> Decimal {
        self.0
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// `$1,234.56`, with a minus sign before the dollar for negatives.
    pub fn display(self) -> String {
        let r = self.rounded();
        let sign = if r.is_sign_negative() && !r.is_zero() {
            "-"
        } else {
            ""
        };
        let text = format!("{:.2}", r.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
        format!("{sign}${}.{frac}", group_thousands(int))
    }

    /// `+$12.00` / `-$3.50`, for deltas.
    pub fn display_signed(self) -> String {
        if self.is_negative() {
            self.display()
        } else {
            format!("+{}", self.display())
        }
    }

    /// Whole dollars for compact tables: `$1,300`.
    pub fn display_whole(self) -> String {
        let r = self
            .0
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        let sign = if r.is_sign_negative() && !r.is_zero() {
            "-"
        } else {
            ""
        };
        format!("{sign}${}", group_thousands(&r.abs().trunc().to_string()))
    }
}

/// `part` as a percentage of `whole`, to one decimal; `None` for a zero (or
/// vanishing) whole, where a share means nothing.
pub fn percent_of(part: Money, whole: Money) -> Option<Decimal> {
    if whole.0.is_zero() {
        return None;
    }
    part.0
        .saturating_mul(Decimal::from(100))
        .checked_div(whole.0)
        .map(|p| p.round_dp(1))
}

/// A unit price is shown as published, with every decimal it has.
pub fn display_unit_price(price: Decimal) -> String {
    let p = price.normalize();
    let text = if p.scale() < 2 {
        format!("{:.2}", p)
    } else {
        p.to_string()
    };
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    if frac.is_empty() {
        format!("${}", group_thousands(int))
    } else {
        format!("${}.{frac}", group_thousands(int))
    }
}

pub fn group_thousands(int: &str) -> String {
    let (sign, digits) = match int.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", int),
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl Mul<Decimal> for Money {
    type Output = Money;
    fn mul(self, rhs: Decimal) -> Money {
        Money(self.0.saturating_mul(rhs))
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn displays_cents_with_grouping() {
        assert_eq!(Money(dec!(1234.565)).display(), "$1,234.57");
        assert_eq!(Money(dec!(0.004)).display(), "$0.00");
        assert_eq!(Money(dec!(-12.5)).display(), "-$12.50");
        assert_eq!(Money(dec!(1300)).display_whole(), "$1,300");
        assert_eq!(Money(dec!(999999.5)).display_whole(), "$1,000,000");
    }

    #[test]
    fn unit_prices_keep_every_published_decimal() {
        assert_eq!(display_unit_price(dec!(0.0000004)), "$0.0000004");
        assert_eq!(display_unit_price(dec!(20)), "$20.00");
        assert_eq!(display_unit_price(dec!(0.115)), "$0.115");
    }

    #[test]
    fn hours_per_month_is_730() {
        assert_eq!(HOURS_PER_MONTH, dec!(730));
    }
}
