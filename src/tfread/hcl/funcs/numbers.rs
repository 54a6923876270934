//! Functions on numbers.

use super::*;

pub(super) fn one_number(args: FuncArgs, op: fn(f64) -> f64) -> Outcome {
    arity(&args, 1, 1)?;
    number(op(number_of(&args[0])?))
}

pub(super) fn abs(args: FuncArgs) -> Outcome {
    one_number(args, f64::abs)
}

pub(super) fn ceil(args: FuncArgs) -> Outcome {
    one_number(args, f64::ceil)
}

pub(super) fn floor(args: FuncArgs) -> Outcome {
    one_number(args, f64::floor)
}

pub(super) fn extreme(args: FuncArgs, pick: fn(f64, f64) -> f64) -> Outcome {
    let mut numbers = args.iter().map(number_of);
    let first = numbers.next().ok_or("expected at least one number")??;
    number(numbers.try_fold(first, |acc, n| n.map(|n| pick(acc, n)))?)
}

pub(super) fn max(args: FuncArgs) -> Outcome {
    extreme(args, f64::max)
}

pub(super) fn min(args: FuncArgs) -> Outcome {
    extreme(args, f64::min)
}

pub(super) fn sum(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let total = array_of(&args[0])?
        .iter()
        .map(number_of)
        .sum::<Result<f64, String>>()?;
    number(total)
}
