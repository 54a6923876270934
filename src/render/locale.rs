//! The language of generated text: how numbers, money and percentages are
//! written, and which plural form a count takes. Words live in the message
//! catalogs (`templates/report/<lang>.yaml`); this module only formats.
//!
//! Amounts are always US dollars: French writes `1 300,00 $` for the same
//! amount as English `$1,300.00`; the currency is never converted.

use crate::error::{Error, Result};
use crate::money::Money;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use rust_decimal::{Decimal, RoundingStrategy};

/// U+202F NARROW NO-BREAK SPACE: French thousands separator.
const NARROW_NBSP: &str = "\u{202F}";
/// U+00A0 NO-BREAK SPACE: before `$` and `%` in French.
const NBSP: &str = "\u{A0}";

/// A language archplan writes reports in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    En,
    Fr,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
        }
    }

    pub fn from_code(code: &str) -> Result<Locale> {
        Locale::ALL
            .into_iter()
            .find(|l| l.code() == code)
            .ok_or_else(|| Error::input(format!("no report language \"{code}\" (known: en, fr)")))
    }

    fn group_separator(self) -> &'static str {
        match self {
            Locale::En => ",",
            Locale::Fr => NARROW_NBSP,
        }
    }

    fn decimal_separator(self) -> &'static str {
        match self {
            Locale::En => ".",
            Locale::Fr => ",",
        }
    }

    /// The digits of a number as given (no rounding), grouped by thousands:
    /// `117,950` / `117 950`, `0.25` / `0,25`.
    pub fn number(self, d: Decimal) -> String {
        let text = d.to_string();
        let (sign, text) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.as_str()),
        };
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let mut out = String::from(sign);
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push_str(self.group_separator());
            }
            out.push(ch);
        }
        if !frac.is_empty() {
            out.push_str(self.decimal_separator());
            out.push_str(frac);
        }
        out
    }

    /// A quantity for people: at most two decimals, trailing zeros dropped.
    pub fn quantity(self, d: Decimal) -> String {
        self.number(
            d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                .normalize(),
        )
    }

    /// `$1,234.56` / `1 234,56 $`; negatives with a leading minus.
    pub fn money(self, m: Money) -> String {
        let r = m.rounded();
        self.dollars(
            r.is_sign_negative() && !r.is_zero(),
            format!("{:.2}", r.abs()),
        )
    }

    /// Whole dollars: `$1,300` / `1 300 $`.
    pub fn money_whole(self, m: Money) -> String {
        let r = m
            .amount()
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        self.dollars(
            r.is_sign_negative() && !r.is_zero(),
            r.abs().trunc().to_string(),
        )
    }

    /// `+$12.00` / `+12,00 $` for deltas; negatives keep their minus.
    pub fn money_signed(self, m: Money) -> String {
        if m.is_negative() {
            self.money(m)
        } else {
            format!("+{}", self.money(m))
        }
    }

    fn dollars(self, negative: bool, digits: String) -> String {
        let sign = if negative { "-" } else { "" };
        let amount = self.number(digits.parse().unwrap_or_default());
        // `number` drops nothing: "1300.00" keeps its cents.
        match self {
            Locale::En => format!("{sign}${amount}"),
            Locale::Fr => format!("{sign}{amount}{NBSP}$"),
        }
    }

    /// A percentage to one decimal: `20.8%` / `20,8 %`.
    pub fn percent(self, p: Decimal) -> String {
        let n = self.number(
            p.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
                .normalize(),
        );
        match self {
            Locale::En => format!("{n}%"),
            Locale::Fr => format!("{n}{NBSP}%"),
        }
    }

    /// The CLDR plural category of a count (`one`, `many`, `other`…), which
    /// picks the form of a catalog message.
    pub fn plural(self, n: Decimal) -> &'static str {
        let category = self
            .code()
            .parse::<unic_langid::LanguageIdentifier>()
            .ok()
            .and_then(|lang| PluralRules::create(lang, PluralRuleType::CARDINAL).ok())
            .and_then(|rules| rules.select(n.normalize().to_string().as_str()).ok());
        match category {
            Some(PluralCategory::ZERO) => "zero",
            Some(PluralCategory::ONE) => "one",
            Some(PluralCategory::TWO) => "two",
            Some(PluralCategory::FEW) => "few",
            Some(PluralCategory::MANY) => "many",
            Some(PluralCategory::OTHER) | None => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn english_keeps_us_formats() {
        let en = Locale::En;
        assert_eq!(en.money(Money(dec!(1300))), "$1,300.00");
        assert_eq!(en.money(Money(dec!(-10.385))), "-$10.39");
        assert_eq!(en.money_whole(Money(dec!(1299.5))), "$1,300");
        assert_eq!(en.money_signed(Money(dec!(25.66))), "+$25.66");
        assert_eq!(en.quantity(dec!(117950)), "117,950");
        assert_eq!(en.percent(dec!(20.83)), "20.8%");
    }

    #[test]
    fn french_groups_with_a_narrow_space_and_writes_the_dollar_last() {
        let fr = Locale::Fr;
        assert_eq!(fr.money(Money(dec!(1300))), "1\u{202F}300,00\u{A0}$");
        assert_eq!(fr.money(Money(dec!(-10.385))), "-10,39\u{A0}$");
        assert_eq!(fr.money_whole(Money(dec!(1299.5))), "1\u{202F}300\u{A0}$");
        assert_eq!(fr.money_signed(Money(dec!(0))), "+0,00\u{A0}$");
        assert_eq!(
            fr.quantity(dec!(1887215616)),
            "1\u{202F}887\u{202F}215\u{202F}616"
        );
        assert_eq!(fr.quantity(dec!(0.125)), "0,13");
        assert_eq!(fr.number(dec!(0.000004)), "0,000004");
        assert_eq!(fr.percent(dec!(99.5)), "99,5\u{A0}%");
    }

    #[test]
    fn plural_categories_follow_cldr() {
        // French: 0 and 1 are singular; English: only 1.
        assert_eq!(Locale::Fr.plural(dec!(0)), "one");
        assert_eq!(Locale::Fr.plural(dec!(1)), "one");
        assert_eq!(Locale::Fr.plural(dec!(2)), "other");
        assert_eq!(Locale::En.plural(dec!(0)), "other");
        assert_eq!(Locale::En.plural(dec!(1)), "one");
        assert_eq!(Locale::En.plural(dec!(1.5)), "other");
    }
}
