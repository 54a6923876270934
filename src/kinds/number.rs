//! Exact decimals in a component's fields. The fields of a kind reach serde
//! through the `kind` tag, which buffers scalars already typed (a YAML `0.5`
//! arrives as a float), so the decimal is read back from the shortest text
//! that round-trips the number: `0.5` stays exactly 0.5.

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::str::FromStr;

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::custom(format!("{v} is not a number archplan can use")));
        }
        Decimal::from_str(&v.to_string())
            .or_else(|_| Decimal::from_scientific(&format!("{v:e}")))
            .map_err(|_| {
                E::custom(format!(
                    "{v} is out of range; expected a number below 10^28"
                ))
            })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        Decimal::from_str(v.trim()).map_err(|_| E::custom(format!("\"{v}\" is not a number")))
    }
}

pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecimalVisitor)
}

pub fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_any(DecimalVisitor).map(Some)
}

pub fn opt_money<'de, D: Deserializer<'de>>(d: D) -> Result<Option<crate::money::Money>, D::Error> {
    d.deserialize_any(DecimalVisitor)
        .map(|v| Some(crate::money::Money(v)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::profile::Component;

    #[test]
    fn yaml_numbers_become_exact_decimals() {
        let c: Component =
            serde_saphyr::from_str("name: api\nkind: fargate\ntasks: 2\nvcpu: 0.1\nmemory_gb: 3\n")
                .unwrap();
        let f = c.spec.get::<crate::kinds::fargate::Fargate>().unwrap();
        assert_eq!(f.vcpu, Decimal::from_str("0.1").unwrap());
        assert_eq!(f.memory_gb, Decimal::from(3));
        let e = serde_saphyr::from_str::<Component>(
            "name: api\nkind: fargate\ntasks: 2\nvcpu: [1]\nmemory_gb: 3\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("a number"), "{e}");
    }
}
