//! `cidrsubnet` for IPv4, which networks are commonly laid out with.

use super::*;

pub(super) fn cidrsubnet(args: FuncArgs) -> Outcome {
    arity(&args, 3, 3)?;
    let prefix = text_of(&args[0])?;
    let new_bits = whole(&args[1])?;
    let net_num = whole(&args[2])?;
    let (address, length) = parse_ipv4_cidr(&prefix)?;
    let new_length = length + new_bits;
    if new_length > 32 || new_bits >= 32 || net_num >= 1u64 << new_bits {
        return Err(format!(
            "cidrsubnet(\"{prefix}\", {new_bits}, {net_num}) is out of range"
        ));
    }
    let mask = if length == 0 {
        0
    } else {
        u32::MAX << (32 - length)
    };
    // checked: a shift by 32 (a /0 split into one /0) would overflow.
    let offset = (net_num as u32)
        .checked_shl(32 - new_length as u32)
        .unwrap_or(0);
    let subnet = (address & mask) | offset;
    let [a, b, c, d] = subnet.to_be_bytes();
    Ok(Value::String(format!("{a}.{b}.{c}.{d}/{new_length}")))
}

fn whole(v: &Value) -> Result<u64, String> {
    let n = number_of(v)?;
    if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) {
        Ok(n as u64)
    } else {
        Err(format!("{n} is not a whole number of bits"))
    }
}

fn parse_ipv4_cidr(prefix: &str) -> Result<(u32, u64), String> {
    let bad = || format!("\"{prefix}\" is not an IPv4 CIDR block");
    let (ip, length) = prefix.split_once('/').ok_or_else(bad)?;
    let ip: std::net::Ipv4Addr = ip.parse().map_err(|_| bad())?;
    let length: u64 = length.parse().map_err(|_| bad())?;
    if length > 32 {
        return Err(bad());
    }
    Ok((u32::from(ip), length))
}
