//! A synchronous guard against running one operation twice at the same time (a double click
//! on 提交 must send one request). Rendering a disabled button is not enough: both clicks can
//! arrive before the next render.

use std::cell::Cell;
use std::rc::Rc;

/// Shared "an operation is running" flag. Clone it into event handlers.
#[derive(Debug, Clone, Default)]
pub struct Flight(Rc<Cell<bool>>);

/// Proof that this caller started the operation; the flag is cleared when it is dropped, also
/// when the operation fails or its future is dropped.
#[derive(Debug)]
#[must_use = "the operation counts as running only while the token lives"]
pub struct Boarding(Rc<Cell<bool>>);

impl Flight {
    /// Starts an operation, or returns `None` when one is already running.
    pub fn board(&self) -> Option<Boarding> {
        if self.0.replace(true) {
            None
        } else {
            Some(Boarding(self.0.clone()))
        }
    }

    /// Whether an operation is running.
    pub fn is_busy(&self) -> bool {
        self.0.get()
    }
}

impl Drop for Boarding {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

impl PartialEq for Flight {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_boarding_is_refused_until_the_first_lands() {
        let flight = Flight::default();
        let first = flight.board().expect("first boards");
        assert!(flight.clone().board().is_none(), "double click refused");
        assert!(flight.is_busy());
        drop(first);
        assert!(!flight.is_busy());
        assert!(flight.board().is_some());
    }
}
