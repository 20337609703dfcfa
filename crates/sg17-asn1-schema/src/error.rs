//! Typed errors: notation errors carry a line and column, codec errors a bit offset.

use core::fmt;

/// A position in ASN.1 source text (1-based line and column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number (in characters), starting at 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `src`.
    #[must_use]
    pub fn of(src: &str, offset: usize) -> Self {
        let before = &src[..offset.min(src.len())];
        let line = before.matches('\n').count() + 1;
        let col_start = before.rfind('\n').map_or(0, |p| p + 1);
        Position { line, column: before[col_start..].chars().count() + 1 }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// An error in ASN.1 notation (X.680-X.683) found while parsing or compiling a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotationError {
    /// The file or module the error is in, when known.
    pub source_name: String,
    /// Where the error is.
    pub position: Position,
    /// The grammar rule or semantic check that failed (e.g. "X.680 25 SequenceType").
    pub rule: &'static str,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for NotationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {} ({})", self.source_name, self.position, self.message, self.rule)
    }
}

impl std::error::Error for NotationError {}

/// An error while encoding or decoding a value with a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodecError {
    /// The encoding rules in use ("UPER", "APER", "OER", "JER", "BER", ...).
    pub rules: &'static str,
    /// Bit offset in the input (decoding) or output (encoding) where the error was found.
    pub bit_offset: usize,
    /// Path of component names from the outermost type.
    pub path: String,
    /// The clause of the recommendation that was violated, e.g. "X.691 11.9".
    pub clause: &'static str,
    /// What was wrong.
    pub message: String,
}

impl CodecError {
    /// A new error.
    #[must_use]
    pub fn new(
        rules: &'static str,
        bit_offset: usize,
        clause: &'static str,
        message: impl Into<String>,
    ) -> Self {
        CodecError { rules, bit_offset, path: String::new(), clause, message: message.into() }
    }

    /// Prefixes the path with a component name.
    #[must_use]
    pub fn in_path(mut self, segment: &str) -> Self {
        if self.path.is_empty() {
            self.path = segment.to_owned();
        } else {
            self.path = format!("{segment}.{}", self.path);
        }
        self
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at bit {}", self.rules, self.bit_offset)?;
        if !self.path.is_empty() {
            write!(f, " in {}", self.path)?;
        }
        write!(f, ": {} ({})", self.message, self.clause)
    }
}

impl std::error::Error for CodecError {}
