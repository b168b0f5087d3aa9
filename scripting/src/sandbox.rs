//! The locked box: how the one shared Rhai engine is built.
//!
//! It starts from [`Engine::new_raw`] (no functions, no module resolver, no output) and adds
//! only arithmetic, logic, strings, arrays, maps, math, iteration and function pointers, plus
//! our pure domain functions. Rhai's core-language package is left out on purpose: it holds
//! `sleep`, `exit` and reflection, none of which a rule needs. `eval` is disabled, `print` and
//! `debug` go nowhere, every size and depth limit is set, variables must be declared, and a
//! progress callback enforces the per-evaluation time budget. The engine is never mutated
//! after this, so it can be shared between threads.
//!
//! Known gap (Rhai 1.27): after `m[key] = value` adds a key, Rhai re-measures only the new
//! value, not the map, so a loop adding keys that way is stopped by the operation cap or the
//! time budget instead of `max_map_size` (see the sandbox tests for the memory this allows).

use crate::deadline;
use crate::functions;
use crate::limits::Limits;
use rhai::packages::{
    ArithmeticPackage, BasicArrayPackage, BasicFnPackage, BasicIteratorPackage, BasicMapPackage,
    BasicMathPackage, BasicStringPackage, LogicPackage, MoreStringPackage, Package,
};
use rhai::{Engine, OptimizationLevel};

/// Keywords and functions that scripts may not use, even though Rhai's parser knows them.
const DISABLED_SYMBOLS: &[&str] = &["eval"];

/// Builds the sandboxed engine for `limits`.
pub(crate) fn build(limits: &Limits) -> Engine {
    let mut engine = Engine::new_raw();
    for package in [
        ArithmeticPackage::new().as_shared_module(),
        LogicPackage::new().as_shared_module(),
        BasicStringPackage::new().as_shared_module(),
        MoreStringPackage::new().as_shared_module(),
        BasicArrayPackage::new().as_shared_module(),
        BasicMapPackage::new().as_shared_module(),
        BasicMathPackage::new().as_shared_module(),
        BasicIteratorPackage::new().as_shared_module(),
        BasicFnPackage::new().as_shared_module(),
    ] {
        engine.register_global_module(package);
    }
    functions::register(&mut engine);

    for symbol in DISABLED_SYMBOLS {
        engine.disable_symbol(*symbol);
    }
    engine
        .on_print(|_| {})
        .on_debug(|_, _, _| {})
        .on_progress(deadline::on_progress)
        .set_strict_variables(true)
        .set_fail_on_invalid_map_property(false)
        .set_optimization_level(OptimizationLevel::Simple)
        .set_max_operations(limits.max_operations)
        .set_max_call_levels(limits.max_call_levels)
        .set_max_expr_depths(limits.max_expr_depth, limits.max_expr_depth)
        .set_max_string_size(limits.max_string_size)
        .set_max_array_size(limits.max_array_size)
        .set_max_map_size(limits.max_map_size)
        .set_max_variables(limits.max_variables)
        .set_max_functions(limits.max_functions);
    engine
}
