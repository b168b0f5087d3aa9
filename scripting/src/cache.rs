//! A bounded cache of compiled scripts, so each published rule is compiled once.
//!
//! Entries are keyed by a hash of the source and also keep the source itself, so a hash
//! collision can never run the wrong script. When the cache is full, the least recently used
//! entry is evicted (a linear scan, cheap at this size and only on insertion).

use rhai::AST;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};

/// Counters of a cache, for tests and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Compiled scripts currently held.
    pub entries: usize,
    /// Lookups answered from the cache.
    pub hits: u64,
    /// Lookups that had to compile (successfully or not).
    pub misses: u64,
}

/// One compiled script.
struct Entry {
    /// The exact source, compared on lookup.
    source: Arc<str>,
    /// Its compiled form.
    ast: Arc<AST>,
    /// Logical time of the last use, for eviction.
    last_used: u64,
}

/// Everything behind the lock.
#[derive(Default)]
struct Inner {
    /// Entries by source hash.
    entries: HashMap<u64, Entry>,
    /// Logical clock, advanced on every lookup.
    tick: u64,
    /// See [`CacheStats::hits`].
    hits: u64,
    /// See [`CacheStats::misses`].
    misses: u64,
}

/// The compiled-script cache. Shared by reference between threads.
pub(crate) struct AstCache {
    /// Most entries held at once (at least 1).
    capacity: usize,
    /// The state, behind one short-held lock.
    inner: Mutex<Inner>,
}

impl AstCache {
    /// An empty cache holding at most `capacity` scripts (at least one).
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The compiled form of `source`, compiling it with `compile` on a miss and keeping the
    /// result if it succeeded. Compilation runs outside the lock, so two threads may compile the
    /// same new source at once; the second result simply replaces the first.
    pub(crate) fn get_or_compile<E>(
        &self,
        source: &str,
        compile: impl FnOnce(&str) -> Result<AST, E>,
    ) -> Result<Arc<AST>, E> {
        let key = hash(source);
        if let Some(ast) = self.lookup(key, source, true) {
            return Ok(ast);
        }
        let ast = Arc::new(compile(source)?);
        let mut inner = self.lock();
        if inner.entries.len() >= self.capacity && !inner.entries.contains_key(&key) {
            evict_oldest(&mut inner.entries);
        }
        let last_used = inner.tick;
        inner.entries.insert(
            key,
            Entry {
                source: source.into(),
                ast: Arc::clone(&ast),
                last_used,
            },
        );
        Ok(ast)
    }

    /// The cached compiled form of `source`, if any; counts a hit or (when `count_miss`) a
    /// miss.
    fn lookup(&self, key: u64, source: &str, count_miss: bool) -> Option<Arc<AST>> {
        let mut inner = self.lock();
        inner.tick += 1;
        let tick = inner.tick;
        let found = inner
            .entries
            .get_mut(&key)
            .filter(|e| &*e.source == source)
            .map(|e| {
                e.last_used = tick;
                Arc::clone(&e.ast)
            });
        match found {
            Some(_) => inner.hits += 1,
            None if count_miss => inner.misses += 1,
            None => {}
        }
        found
    }

    /// The cached compiled form of `source` without compiling or counting a miss.
    pub(crate) fn peek(&self, source: &str) -> Option<Arc<AST>> {
        self.lookup(hash(source), source, false)
    }

    /// Current counters.
    pub(crate) fn stats(&self) -> CacheStats {
        let inner = self.lock();
        CacheStats {
            entries: inner.entries.len(),
            hits: inner.hits,
            misses: inner.misses,
        }
    }

    /// The lock; a panic while holding it cannot leave the map inconsistent, so poisoning is
    /// ignored.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Removes the least recently used entry.
fn evict_oldest(entries: &mut HashMap<u64, Entry>) {
    if let Some(oldest) = entries
        .iter()
        .min_by_key(|(_, e)| e.last_used)
        .map(|(k, _)| *k)
    {
        entries.remove(&oldest);
    }
}

/// Stable 64-bit hash of a source text.
fn hash(source: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    source.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    fn compile(source: &str) -> Result<AST, Infallible> {
        Ok(rhai::Engine::new_raw().compile(source).unwrap())
    }

    #[test]
    fn second_lookup_hits() {
        let cache = AstCache::new(4);
        cache.get_or_compile("1", compile).unwrap();
        cache.get_or_compile("1", compile).unwrap();
        let stats = cache.stats();
        assert_eq!((stats.entries, stats.hits, stats.misses), (1, 1, 1));
    }

    #[test]
    fn failed_compilations_are_not_kept() {
        let cache = AstCache::new(4);
        let err = cache.get_or_compile("1", |_| Err::<AST, _>("bad"));
        assert_eq!(err.err(), Some("bad"));
        assert_eq!(cache.stats().entries, 0);
    }

    #[test]
    fn least_recently_used_is_evicted() {
        let cache = AstCache::new(2);
        cache.get_or_compile("1", compile).unwrap();
        cache.get_or_compile("2", compile).unwrap();
        assert!(cache.peek("1").is_some());
        cache.get_or_compile("3", compile).unwrap();
        assert_eq!(cache.stats().entries, 2);
        assert!(cache.peek("1").is_some());
        assert!(cache.peek("2").is_none());
        assert!(cache.peek("3").is_some());
    }

    #[test]
    fn peek_does_not_count_misses() {
        let cache = AstCache::new(2);
        assert!(cache.peek("x").is_none());
        assert_eq!(cache.stats().misses, 0);
    }
}
